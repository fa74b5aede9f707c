package amplifyschema

import (
	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// checkFastParse fails when fastParseSchema accepts input that gqlparser
// rejects or parses to a different AST (comments aside). It reports whether
// the fast parser took the input.
func checkFastParse(t *testing.T, input string) bool {
	t.Helper()
	// A parser that parsed another document first: reuse must not leak
	// anything from one document into the next.
	fp := newFastParser()
	if _, ok := fp.parse(&ast.Source{Name: "TransformSchema", Input: schemagen.Realistic(7)}); !ok {
		t.Fatal("fast parser declined the benchmark schema")
	}
	fast, ok := fp.parse(&ast.Source{Name: "TransformSchema", Input: input})
	if !ok {
		return false
	}
	want, err := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: input})
	if err != nil {
		t.Fatalf("fast parser accepted input gqlparser rejects (%v):\n%s", err, input)
	}
	opts := cmp.Options{
		cmpopts.IgnoreTypes(&ast.CommentGroup{}),
		cmpopts.IgnoreUnexported(ast.SchemaDocument{}),
	}
	if d := cmp.Diff(want, fast, opts); d != "" {
		t.Fatalf("fast parser AST differs from gqlparser's (-gqlparser +fast):\n%s\ninput:\n%s", d, input)
	}
	return true
}

var fastParseCases = []string{
	"type A @model { id: ID! }",
	"type A @model @auth(rules: [{allow: owner, operations: [create, update]}, {allow: groups, groups: [\"Admin\", \"x y\"]}]) {\n  id: ID!\n  n: [Int!]! @index(name: \"byN\", sortKeyFields: [\"a\"])\n  f(x: Int = -12, y: Float = 1.5e-3, z: [String] = null, w: Boolean = true): [[A]]\n}\n",
	"# a comment\ntype A {\n  # another, with \"quotes\" and #\n  id: ID, name: String\n}\n\n\n# trailing",
	"input I { a: Int = 0, b: [E!] = [A, B], c: I2 = {x: 1, y: {z: \"s\"}} }\ninput I2 { x: Int y: I3 }",
	"enum E @deprecated { A B @deprecated(reason: \"old\") true }",
	"scalar S @specifiedBy(url: \"u\")\nunion U = | A | B\nunion V @d = A",
	"interface N { id: ID! }\ntype A implements & N & M { id: ID! }\ntype B implements N",
	"type A",
	"type A {}",
	"type A { id: ID! ",
	"type A { id: 01 }",
	"type A @d(x: 1.) { id: ID }",
	"type A @d(x: 12abc) { id: ID }",
	"type A @d(x: $v) { id: ID }",
	"type A @d(x: \"a\\\"b\") { id: ID }",
	"type A @d(x: \"\"\"block\"\"\") { id: ID }",
	"\"described\" type A { id: ID }",
	"type A { \"described\" id: ID }",
	"extend type A @model",
	"schema { query: Q }",
	"directive @d on OBJECT",
	"type A { id: ID }\r\ntype B { id: ID }",
	"type Ä { id: ID }",
	"type A @d(x: [[[[1]]]]) { id: ID }",
	"type A @d(x: {a: [{b: {c: -0}}]}) { id: ID }",
	"type A @d() { id: ID }",
	"type A { f(): Int }",
	"type A { f(a: Int @x(y: 1) = 2): Int }",
	"type A { f(a: Int = 2 @x(y: 1)): Int }",
	"",
	"   ",
	"# only a comment",
	"type A { id: ID }}",
	"type A @d(x: -) { id: ID }",
	"type A @d(x: 1e) { id: ID }",
	"type A @d(x: 1E+5, y: -0.25) { id: ID }",
	"enum E {}",
	"union U =",
	"type A { a: [Int }",
	"type A { a: Int! ! }",
	"type type { type: type @type(type: type) }",
	"input I { a: Int = {} b: [Int] = [] }",
}

// TestFastParseMatchesGqlparser runs both parsers on the rule cases, the
// specs, hand-written edge cases and damaged copies of them.
func TestFastParseMatchesGqlparser(t *testing.T) {
	inputs := append(transformSchemas(t, filepath.Join("..", "..", "testdata")), fastParseCases...)
	for i := 0; i < 5; i++ {
		inputs = append(inputs, schemagen.Realistic(i))
	}
	if !checkFastParse(t, schemagen.Realistic(0)) {
		t.Fatal("fast parser does not take the benchmark schema: graphql-valid would be slow")
	}
	taken := 0
	for _, in := range inputs {
		if checkFastParse(t, in) {
			taken++
		}
	}
	if taken < len(inputs)/2 {
		t.Errorf("fast parser took only %d of %d inputs", taken, len(inputs))
	}
	// Damaged copies: cut, repeat or swap a byte range. -short (the
	// everyday ./scripts/test.sh) makes a tenth of them; CI makes them all.
	rounds := 40
	if testing.Short() {
		rounds = 4
	}
	r := rand.New(rand.NewPCG(1, 2))
	damage(r, inputs, rounds, 8, func(r *rand.Rand) string { return string("{}[]():@!=|\"#,\n-0.e"[r.IntN(19)]) }, func(s string) {
		checkFastParse(t, s)
	})
}

// damage calls check with rounds damaged copies of each input of two bytes
// or more, in turn: a byte range of up to span bytes cut, repeated, or an
// insert(r) added.
func damage(r *rand.Rand, inputs []string, rounds, span int, insert func(*rand.Rand) string, check func(string)) {
	for _, in := range inputs {
		if len(in) < 2 {
			continue
		}
		for k := range rounds {
			i := r.IntN(len(in))
			j := i + r.IntN(min(span, len(in)-i)+1)
			var s string
			switch k % 3 {
			case 0:
				s = in[:i] + in[j:]
			case 1:
				s = in[:j] + in[i:]
			default:
				s = in[:i] + insert(r) + in[i:]
			}
			check(s)
		}
	}
}

// FuzzFastParse: the fast parser either declines or agrees with gqlparser,
// and quickValid accepts nothing gqlparser's validator rejects.
func FuzzFastParse(f *testing.F) {
	for _, c := range fastParseCases {
		f.Add(c)
	}
	f.Add(schemagen.Realistic(0))
	for _, c := range quickValidCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, input string) {
		checkFastParse(t, input)
		checkQuickValid(t, input)
	})
}

// BenchmarkParseTransformSchema compares the fast parser with gqlparser's
// on the benchmark schema.
func BenchmarkParseTransformSchema(b *testing.B) {
	src := &ast.Source{Name: "TransformSchema", Input: schemagen.Realistic(1)}
	b.Run("gqlparser", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parser.ParseSchema(src); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fastParseSchema(src); !ok {
				b.Fatal("fast parser declined")
			}
		}
	})
	b.Run("fast-reused", func(b *testing.B) {
		fp := newFastParser()
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := fp.parse(src); !ok {
				b.Fatal("fast parser declined")
			}
		}
	})
	b.Run("quickValid", func(b *testing.B) {
		user, _ := fastParseSchema(src)
		b.ReportAllocs()
		for b.Loop() {
			if !quickValid(user) {
				b.Fatal("quickValid declined")
			}
		}
	})
}
