package amplifyschema

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

func TestV1Keys(t *testing.T) {
	type key struct {
		Name string
		Key  IndexKey
	}
	for _, tc := range []struct {
		name, schema string
		primary      key
		indexes      []key
		// byDefault: the primary key is the default id, of no @key.
		byDefault bool
	}{
		{"default id", `type Post @model { id: ID! }`, key{Key: IndexKey{Partition: "id"}}, nil, true},
		{"primary and sort", `type Post @model @key(fields: ["blogID", "createdAt"]) { blogID: ID! createdAt: String! }`,
			key{Key: IndexKey{Partition: "blogID", Sort: []string{"createdAt"}}}, nil, false},
		{"named keys are indexes, composite sort kept apart",
			`type Post @model @key(name: "byBlog", fields: ["blogID", "kind", "rank"]) @key(fields: ["id"]) @key(name: "byKind", fields: ["kind"]) { id: ID! }`,
			key{Key: IndexKey{Partition: "id", Sort: []string{}}},
			[]key{{"byBlog", IndexKey{Partition: "blogID", Sort: []string{"kind", "rank"}}}, {"byKind", IndexKey{Partition: "kind", Sort: []string{}}}}, false},
		{"an empty name is the primary key, the first one counts",
			`type Post @model @key(name: "", fields: ["slug"]) @key(fields: ["id"]) { id: ID! }`,
			key{Key: IndexKey{Partition: "slug", Sort: []string{}}}, nil, false},
		{"a key without fields declares nothing", `type Post @model @key(fields: []) @key(name: "x", fields: []) { id: ID! }`,
			key{Key: IndexKey{Partition: "id"}}, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := parser.ParseSchema(&ast.Source{Input: tc.schema})
			if err != nil {
				t.Fatal(err)
			}
			primary, indexes := V1Keys(doc.Definitions[0])
			if diff := cmp.Diff(tc.primary, key{primary.Name, primary.Key}); diff != "" {
				t.Errorf("primary key (-want +got):\n%s", diff)
			}
			if (primary.Directive == nil) != tc.byDefault {
				t.Errorf("primary key directive = %v, want nil only for the default key", primary.Directive)
			}
			var got []key
			for _, ix := range indexes {
				got = append(got, key{ix.Name, ix.Key})
				if ix.Directive == nil {
					t.Errorf("index %s has no directive", ix.Name)
				}
			}
			if diff := cmp.Diff(tc.indexes, got); diff != "" {
				t.Errorf("indexes (-want +got):\n%s", diff)
			}
		})
	}
}

func TestV1Definition(t *testing.T) {
	doc, err := parser.ParseSchema(&ast.Source{Input: `
type Post @model { id: ID! }
extend type Post { blogID: ID }
extend type Blog { id: ID! }
enum Post2 { A }`})
	if err != nil {
		t.Fatal(err)
	}
	sc := FromDocument(doc)
	d := sc.V1Definition("Post")
	if d == nil || d.Fields.ForName("blogID") != nil || d.Fields.ForName("id") == nil {
		t.Errorf("V1Definition(Post) = %v, want the definition without the extension's blogID", d)
	}
	if sc.Objects["Post"].Fields.ForName("blogID") == nil {
		t.Errorf("the merged Post lost its extension field")
	}
	for _, name := range []string{"Blog", "Post2", "Missing"} {
		if d := sc.V1Definition(name); d != nil {
			t.Errorf("V1Definition(%s) = %v, want nil (only extended, not an object, absent)", name, d)
		}
	}
}
