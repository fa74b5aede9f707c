package amplifyschema

import (
	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// checkQuickValid fails when quickValid accepts a schema gqlparser's
// validator rejects. It reports whether quickValid accepted it.
func checkQuickValid(t *testing.T, input string) bool {
	t.Helper()
	user, err := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: input})
	if err != nil || clashesWithPrelude(user) {
		return false
	}
	if !quickValid(user) {
		return false
	}
	again, _ := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: input})
	if err := validateWithFullPrelude(again); err != nil {
		t.Fatalf("quickValid accepted a schema gqlparser rejects (%v):\n%s", err, input)
	}
	return true
}

// clashesWithPrelude is graphql-valid's check before validation.
func clashesWithPrelude(user *ast.SchemaDocument) bool {
	names := preludeNames()
	for _, d := range user.Definitions {
		if names[d.Name] {
			return true
		}
	}
	for _, d := range user.Extensions {
		if names[d.Name] {
			return true
		}
	}
	for _, d := range user.Directives {
		if names["@"+d.Name] {
			return true
		}
	}
	for _, d := range user.DirectiveExtensions {
		if names["@"+d.Name] {
			return true
		}
	}
	return false
}

var quickValidCases = []string{
	"type A @model { id: ID! }",
	"type Query { a: Int }",
	"input Query { a: Int }",
	"enum Mutation { A }",
	"type A { __id: ID }",
	"type __A { id: ID }",
	"enum E { __A }",
	"enum E { A B A }",
	"enum E { null }",
	"type A { a: Int a: Int }",
	"type A { a: I }\ninput I { x: Int }",
	"input I { a: A }\ntype A { x: Int }",
	"input I { a: I! }",
	"input I { a: [I!]! }",
	"input I { a: J! }\ninput J { b: I }",
	"type A { a(x: A): Int }",
	"type A { a(x: Int, x: Int): Int }",
	"type A { a(__x: Int): Int }",
	"type A { a(x: Int @deprecated): Int }",
	"type A { a(x: ModelQueryMap = {get: \"a\", get: \"b\"}): Int }",
	"input I { a: ModelQueryMap = {get: \"a\", get: \"b\"} }",
	"type A @model @model { id: ID }",
	"type A { id: ID @index(name: \"a\") @index(name: \"b\") }",
	"type A { id: ID @primaryKey @primaryKey }",
	"type A { id: ID @model }",
	"type A @index { id: ID }",
	"type A @auth { id: ID }",
	"type A @auth(rules: null) { id: ID }",
	"type A @auth(rules: [], rules: []) { id: ID }",
	"type A @auth(rules: [{allow: owner, allow: public}]) { id: ID }",
	"type A @auth(rules: [{allow: owner}], bogus: 1) { id: ID }",
	"type A @unknown { id: ID }",
	"type A { id: Nope }",
	"type A { id: [[Nope!]] }",
	"scalar S @deprecated",
	"scalar S\ntype A { s: S }",
	"enum E @deprecated { A }",
	"enum E { A @deprecated(reason: \"x\") B @deprecated @deprecated }",
	"type A { e: E }\nenum E { X }",
	"type A implements N { id: ID }\ninterface N { id: ID }",
	"union U = A\ntype A { id: ID }",
	"type A { id: ID }\ntype A { id: ID }",
	"type A { id: ID @aws_subscribe(mutations: [\"x\"]) @aws_cognito_user_pools(cognito_groups: [\"a\"]) }",
	"type A { id: ID @aws_subscribe }",
	"type A { id: ID @manyToMany(relationName: null) }",
	"type A { id: ID @hasMany(limit: 5, limit: 6) }",
}

// TestQuickValidAgreesWithGqlparser checks quickValid on the rule cases,
// the specs, edge cases and damaged copies: whatever it accepts,
// gqlparser's validator accepts.
func TestQuickValidAgreesWithGqlparser(t *testing.T) {
	inputs := append(transformSchemas(t, filepath.Join("..", "..", "testdata")), quickValidCases...)
	inputs = append(inputs, fastParseCases...)
	for i := 0; i < 5; i++ {
		inputs = append(inputs, schemagen.Realistic(i))
	}
	if !checkQuickValid(t, schemagen.Realistic(0)) {
		t.Fatal("quickValid does not accept the benchmark schema: graphql-valid would be slow")
	}
	taken := 0
	for _, in := range inputs {
		if checkQuickValid(t, in) {
			taken++
		}
	}
	if taken < 10 {
		t.Errorf("quickValid accepted only %d of %d inputs", taken, len(inputs))
	}
	r := rand.New(rand.NewPCG(3, 4))
	words := []string{"@model", "@auth(rules: [{allow: public}])", "@index", "@deprecated", "@primaryKey", "!", "[", "]", "__x", "Query", "input", "enum", "ID", "Int", "A", ": ModelQueryMap", "null", "{get: \"a\"}", ", get: \"b\""}
	damage(r, inputs, 60, 12, func(r *rand.Rand) string { return " " + words[r.IntN(len(words))] + " " }, func(s string) {
		checkQuickValid(t, s)
	})
}
