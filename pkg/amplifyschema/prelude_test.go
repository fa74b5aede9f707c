package amplifyschema

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
	"go.yaml.in/yaml/v3"
)

// validateWithFullPrelude is what graphql-valid did before it merged only
// the prelude definitions a schema reaches: validate the user's schema
// merged with the whole prelude.
func validateWithFullPrelude(user *ast.SchemaDocument) error {
	pre := preludeDoc()
	merged := &ast.SchemaDocument{
		Schema:              user.Schema,
		SchemaExtension:     user.SchemaExtension,
		Directives:          append(append(ast.DirectiveDefinitionList{}, pre.Directives...), user.Directives...),
		DirectiveExtensions: user.DirectiveExtensions,
		Definitions:         append(append(ast.DefinitionList{}, pre.Definitions...), user.Definitions...),
		Extensions:          user.Extensions,
	}
	_, err := validator.ValidateSchemaDocument(merged)
	return err
}

// transformSchemas returns every TransformSchema string under dir.
func transformSchemas(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	var visit func(n *yaml.Node)
	visit = func(n *yaml.Node) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == "TransformSchema" && n.Content[i+1].Kind == yaml.ScalarNode {
					out = append(out, n.Content[i+1].Value)
				}
			}
		}
		for _, c := range n.Content {
			visit(c)
		}
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var n yaml.Node
			if err := dec.Decode(&n); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Logf("%s: %v", p, err)
				}
				return nil
			}
			visit(&n)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPreludeSubsetMatchesFullMerge checks that validating a schema with
// only the prelude definitions it reaches gives the same result as
// validating it with the whole prelude.
func TestPreludeSubsetMatchesFullMerge(t *testing.T) {
	schemas := transformSchemas(t, filepath.Join("..", "..", "testdata"))
	schemas = append(schemas, schemagen.Realistic(1),
		"type A @model { id: ID! b: B }",
		"type A @model { id: ID! s: AWSDateTime @deprecated(reason: 1) }",
		"type A @model(queries: {get: 1}) { id: ID! }",
		"type A @model(timestamps: {createdAt: \"c\", bogus: 1}) { id: ID! }",
		"type A @auth(rules: [{allow: nobody}]) { id: ID! }",
		"type A @auth(rules: [{allow: owner, operations: [fly]}]) @model { id: ID! }",
		"type A @unknown { id: ID! }",
		"type A { id: ID! @index(name: 1) }",
		"directive @mine(x: AuthRule) on OBJECT\ntype A @mine(x: {allow: public}) { id: ID! }",
		"directive @mine(x: AuthRule) on OBJECT\ntype A @mine(x: {allow: bogus}) { id: ID! }",
		"schema { query: AuthRule }",
		"schema { query: Q }\ntype Q { a: Int }",
		"input I { a: I! }",
		"input I { a: AuthStrategy = bogus }",
		"type Query { a(x: AuthRule = {allow: public}): Int }",
		"type Query { a(x: ModelQueryMap = {get: 2}): Int }",
		"interface N { id: ID! }\ntype A implements N { id: String }",
		"union U = A | AuthRule\ntype A { id: ID }",
		"enum E { A B A }",
		"type A { a: Int a: Int }",
		"type A { id: ID! }\nextend type A @model",
		"extend type Nope { id: ID }",
		"type A { id: ID @aws_subscribe(mutations: [\"x\"]) @aws_cognito_user_pools }",
		"type A @key(fields: [\"id\"]) @key(fields: [\"id\"]) { id: ID! }",
		"type A @model @model { id: ID! }",
	)
	checked := 0
	for i, s := range schemas {
		user, err := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: s})
		if err != nil {
			continue
		}
		clash := false
		names := preludeNames()
		for _, d := range user.Definitions {
			clash = clash || names[d.Name]
		}
		for _, d := range user.Extensions {
			clash = clash || names[d.Name]
		}
		for _, d := range user.Directives {
			clash = clash || names["@"+d.Name]
		}
		for _, d := range user.DirectiveExtensions {
			clash = clash || names["@"+d.Name]
		}
		if clash {
			continue
		}
		// Validation mutates the user's definitions (extensions are
		// appended), so each way gets its own parse.
		again, _ := parser.ParseSchema(&ast.Source{Name: "TransformSchema", Input: s})
		// validateWithPrelude adds the collector's errors after gqlparser's
		// first one: compare that first one.
		subErr := validateWithPrelude(again, preludeFor(2))
		if list, ok := subErr.(gqlerror.List); ok && len(list) > 0 {
			subErr = list[0]
		}
		full, sub := fmt.Sprint(validateWithFullPrelude(user)), fmt.Sprint(subErr)
		if full != sub {
			t.Errorf("schema %d:\n%s\nfull prelude: %s\nsubset:       %s", i, s, full, sub)
		}
		checked++
	}
	if checked < 30 {
		t.Fatalf("only %d schemas checked; the testdata moved?", checked)
	}
}
