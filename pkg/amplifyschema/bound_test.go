package amplifyschema

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator"
)

// TestBoundedValidatorAgrees: with lists longer than maxValidatorList, the
// errors graphql-valid reports are those of gqlparser's validator on the
// whole schema (its first error, then the collector's), for the problems
// the collector knows, wherever in the list they are.
func TestBoundedValidatorAgrees(t *testing.T) {
	t.Parallel()
	n := maxValidatorList + 200
	long := func(item func(i int) string, at int, bad string) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			if i == at {
				b.WriteString(bad)
			}
			b.WriteString(item(i))
		}
		return b.String()
	}
	field := func(i int) string { return fmt.Sprintf("  f%d: String\n", i) }
	value := func(i int) string { return fmt.Sprintf("  V%d\n", i) }
	arg := func(i int) string { return fmt.Sprintf("a%d: Int ", i) }
	cases := map[string]string{}
	for _, at := range []int{0, 10, maxValidatorList - 1, maxValidatorList, n - 1} {
		cases[fmt.Sprintf("repeated field at %d", at)] = "interface I { x: Int }\ntype T @model {\n" + long(field, at, "  f5: String\n") + "}\n"
		cases[fmt.Sprintf("undefined type at %d", at)] = "interface I { x: Int }\ntype T @model {\n" + long(field, at, "  g: Nope\n") + "}\n"
		cases[fmt.Sprintf("unknown directive at %d", at)] = "interface I { x: Int }\ntype T @model {\n" + long(field, at, "  g: Int @nope\n") + "}\n"
		cases[fmt.Sprintf("repeated value at %d", at)] = "interface I { x: Int }\ntype T @model { e: E }\nenum E {\n" + long(value, at, "  V7\n") + "}\n"
		cases[fmt.Sprintf("repeated argument at %d", at)] = "interface I { x: Int }\ntype T @model { f: Int }\ntype Query {\n  q(" + long(arg, at, "a3: Int ") + "): Int\n}\n"
	}
	cases["valid"] = "interface I { x: Int }\ntype T @model {\n" + long(field, -1, "") + "}\n"
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			user, err := parseTransformSchema(newFastParser(), &ast.Source{Name: "s", Input: src})
			if err != nil {
				t.Fatal(err)
			}
			pre := preludeFor(DefaultTransformerVersion)
			var want []string
			if _, err := validator.ValidateSchemaDocument(pre.idx.merge(user)); err != nil {
				want = messages(mergeGQLErrors(err, collectSchemaErrors(user, pre)))
			}
			got := messages(validateWithPrelude(user, pre))
			if !slices.Equal(want, got) {
				t.Errorf("bounded %v, want %v", got, want)
			}
		})
	}
}

// messages lists an error's messages with their positions, sorted.
func messages(err error) []string {
	var list gqlerror.List
	switch e := err.(type) {
	case nil:
		return nil
	case gqlerror.List:
		list = e
	case *gqlerror.Error:
		list = gqlerror.List{e}
	}
	var out []string
	for _, e := range list {
		s := e.Message
		if len(e.Locations) > 0 {
			s = fmt.Sprintf("%d:%d %s", e.Locations[0].Line, e.Locations[0].Column, s)
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
