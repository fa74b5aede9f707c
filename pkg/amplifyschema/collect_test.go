package amplifyschema

import (
	"errors"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestCollectAgreesWithGqlparser checks the collector against gqlparser's
// validator: it finds nothing in a schema gqlparser accepts, and when
// gqlparser rejects one for a reason the collector checks, the collector
// finds that same error.
func TestCollectAgreesWithGqlparser(t *testing.T) {
	inputs := append(transformSchemas(t, filepath.Join("..", "..", "testdata")), quickValidCases...)
	inputs = append(inputs,
		"type A { a: Nope b: Nah }",
		"type A @nope { a: Int @nope2 }",
		"type A { a: Int } type A { b: Int }",
		"type A { a(x: Nope): Int }",
		"type A @model(nope: 1) { a: Int }",
		"enum E { A A }",
		"type A implements I { a: Int }",
		"union U = A | B",
	)
	for _, in := range inputs {
		user, err := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: in})
		if err != nil || clashesWithPrelude(user) {
			continue
		}
		full := validateWithFullPrelude(user)
		again, _ := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: in})
		collected := collectSchemaErrors(again, preludeFor(2))
		if full == nil {
			if len(collected) > 0 {
				t.Errorf("collector finds %v in a schema gqlparser accepts:\n%s", collected, in)
			}
			continue
		}
		var ge *gqlerror.Error
		if !errors.As(full, &ge) {
			continue
		}
		merged := mergeGQLErrors(full, collected)
		if len(merged) < len(collected) {
			t.Errorf("merge lost errors: %v", merged)
		}
		if len(collected) > 0 && len(mergeGQLErrors(ge, collected)) != len(collected) && collectsKind(ge.Message) {
			t.Errorf("gqlparser's %q is missing from the collector's %v:\n%s", ge.Message, collected, in)
		}
	}
}

// collectsKind reports whether the collector checks the kind of error msg is.
func collectsKind(msg string) bool {
	for _, p := range []string{"Undefined type ", "Undefined directive ", "Undefined argument ", "Cannot redeclare type ", "Enum value ", "Field "} {
		if len(msg) >= len(p) && msg[:len(p)] == p {
			return true
		}
	}
	return false
}
