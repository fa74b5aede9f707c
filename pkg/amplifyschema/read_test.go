package amplifyschema

import (
	"testing"

	"github.com/bapi-dev/bapi/internal/amplifyname"

	"github.com/vektah/gqlparser/v2/ast"
)

// TestReadLeavesPrelude checks that a schema extending a built-in type is
// refused as a clash without touching the shared prelude.
func TestReadLeavesPrelude(t *testing.T) {
	pre := preludeFor(DefaultTransformerVersion).doc
	before := len(pre.Definitions)
	res := NewReader(nil).Read(&ast.Source{Name: "TransformSchema", Input: "extend input AuthRule { extra: String }\n"}, DefaultTransformerVersion)
	if len(res.Clashes) != 1 || res.Valid() {
		t.Fatalf("want one clash, got %+v", res)
	}
	if f := pre.Definitions.ForName("AuthRule"); f.Fields.ForName("extra") != nil || len(pre.Definitions) != before {
		t.Error("prelude was modified")
	}
}

// TestReadLeavesDocument checks that validation does not write to the
// user's document: gqlparser's validator appends an extension's fields and
// directives to its type, and the introspection fields to Query, which
// the checks after validation would then see twice.
func TestReadLeavesDocument(t *testing.T) {
	src := "type Query { q: Int }\ntype T @model { id: ID! }\nextend type T @aws_iam { x: String }\ninterface I { i: Int }\n"
	res := NewReader(nil).Read(&ast.Source{Name: "TransformSchema", Input: src}, DefaultTransformerVersion)
	if !res.Valid() {
		t.Fatalf("want a valid schema, got %+v", res)
	}
	doc := res.Schema.Doc
	if q := doc.Definitions.ForName("Query"); len(q.Fields) != 1 {
		t.Errorf("Query has %d fields after Read, want 1 (the introspection fields were added)", len(q.Fields))
	}
	if d := doc.Definitions.ForName("T"); len(d.Fields) != 1 || len(d.Directives) != 1 {
		t.Errorf("T has %d fields and %d directives after Read, want 1 and 1 (the extension was merged into the document)", len(d.Fields), len(d.Directives))
	}
	if o := res.Schema.Objects["T"]; len(o.Fields) != 2 {
		t.Errorf("the model's T has %d fields, want 2 (its own and the extension's)", len(o.Fields))
	}
}

// TestReadConcurrent reads schemas of both transformer versions from
// several goroutines at once, each with its own Reader, as validate's
// workers do: they share only the preludes, which validation must not
// write (go test -race fails otherwise). The v1 schema reaches prelude
// definitions that carried directive uses (ModelQuery, AuthRule), and its
// extension sends it to gqlparser's validator.
func TestReadConcurrent(t *testing.T) {
	t.Parallel()
	schemas := map[int]string{
		1: "type Post @model(queries: { get: \"getPost\" }) @auth(rules: [{ allow: owner, queries: [get] }]) @key(fields: [\"id\"]) { id: ID! }\nextend type Post { note: String }\n",
		2: "type Post @model @auth(rules: [{ allow: owner, operations: [read] }]) { id: ID! note: String @index }\nextend type Post { other: String }\n",
	}
	done := make(chan bool)
	plurals := &amplifyname.Plurals{} // shared, as validate's workers share one
	for g := 0; g < 8; g++ {
		go func() {
			rd := NewReader(plurals)
			ok := true
			for i := 0; i < 20; i++ {
				for v, src := range schemas {
					res := rd.Read(&ast.Source{Name: "TransformSchema", Input: src}, v)
					ok = ok && res.Syntax == nil
				}
			}
			done <- ok
		}()
	}
	for g := 0; g < 8; g++ {
		if !<-done {
			t.Error("a schema did not parse")
		}
	}
}
