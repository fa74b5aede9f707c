package lsp

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCompleteGraphQL: "|" marks the cursor.
func TestCompleteGraphQL(t *testing.T) {
	const schema = `type Blog @model {
  id: ID!
  name: String!
  posts: [Post] @hasMany(references: ["blogId"])
}
type Post @model @auth(rules: [{ allow: owner }]) {
  id: ID!
  blogId: ID! @index(name: "byBlog", sortKeyFields: ["title"])
  title: String!
  blog: Blog @belongsTo(references: ["blogId"])
}
`
	at := func(marked string) gqlRegion {
		i := strings.Index(marked, "|")
		return gqlRegion{text: marked[:i] + marked[i+1:], cursor: i}
	}
	tests := []struct {
		name string
		text string
		want []string
	}{
		{name: "directive on a type", text: "type T @mo| {", want: []string{"model"}},
		{name: "directive on a field", text: "type T @model {\n  id: ID! @prim|", want: []string{"primaryKey"}},
		{name: "field directives only", text: "type T @model {\n  id: ID! @m|", want: []string{"manyToMany"}},
		{name: "auth arguments", text: "type T @auth(|", want: []string{"rules"}},
		{name: "auth rule keys", text: "type T @auth(rules: [{ |", want: []string{"allow", "provider", "identityClaim", "groupClaim", "ownerField", "groupsField", "groups", "operations"}},
		{name: "auth rule keys after a value", text: "type T @auth(rules: [{ allow: owner, pro|", want: []string{"provider"}},
		{name: "allow", text: "type T @auth(rules: [{ allow: |", want: []string{"owner", "groups", "private", "public", "custom"}},
		{name: "provider", text: "type T @auth(rules: [{ allow: public, provider: |", want: []string{"apiKey", "iam", "identityPool", "oidc", "userPools", "function"}},
		{name: "operations", text: "type T @auth(rules: [{ allow: owner, operations: [read, |", want: []string{"create", "update", "delete", "read", "list", "get", "sync", "listen", "search"}},
		{name: "second rule", text: "type T @auth(rules: [{ allow: owner }, { allow: g|", want: []string{"groups"}},
		{name: "http method", text: "type Q {\n  f: String @http(method: |", want: []string{"GET", "POST", "PUT", "DELETE", "PATCH"}},
		{name: "sortKeyFields", text: schema + "type C @model {\n  a: ID! @primaryKey(sortKeyFields: [|\n  b: String\n  c: Int\n}\n", want: []string{"b", "c"}},
		{name: "fields in a string", text: schema + "type C @model {\n  a: ID!\n  x: Blog @hasOne(fields: [\"|\n}\n", want: []string{"a"}},
		{name: "references of hasMany are the related model's", text: strings.Replace(schema, `references: ["blogId"])`, `references: [|`, 1), want: []string{"id", "blogId", "title", "blog"}},
		{name: "references of belongsTo are this model's", text: strings.Replace(schema, `@belongsTo(references: ["blogId"])`, `@belongsTo(references: [|])`, 1), want: []string{"id", "blogId", "title"}},
		{name: "model names as a field's type", text: schema + "type C @model {\n  blog: |", want: []string{"Blog", "Post", "C"}},
		{name: "model names in a list type", text: schema + "type C @model {\n  posts: [P|", want: []string{"Post"}},
		{name: "nothing in a field name", text: "type C @model {\n  na|", want: []string{}},
		{name: "nothing in a comment", text: "# @auth(rules: [{ allow: |", want: []string{}},
	}
	cat, err := newCatalog(2)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := labels(completeGraphQL(cat, at(tc.text)))
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("completion (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFieldCompletionQuotes(t *testing.T) {
	cat, err := newCatalog(2)
	if err != nil {
		t.Fatal(err)
	}
	text := "type C @model {\n  a: ID! @primaryKey(sortKeyFields: [\n  b: String\n}\n"
	i := strings.Index(text, "[") + 1
	items := completeGraphQL(cat, gqlRegion{text: text, cursor: i})
	if len(items) != 1 || items[0].InsertText != `"b"` {
		t.Errorf("items %+v, want b inserted with quotes", items)
	}
}

func TestGraphQLAt(t *testing.T) {
	yamlText := "ResourceConfig:\n  TransformSchema: |\n    type T @model {\n      id: ID!\n    }\n  ApiName: x\n"
	tests := []struct {
		name   string
		path   string
		pos    Position
		ok     bool
		before string // the region's text before the cursor
	}{
		{name: "in the block", path: "a.yaml", pos: Position{Line: 2, Character: 11}, ok: true, before: "type T "},
		{name: "second line", path: "a.yaml", pos: Position{Line: 3, Character: 8}, ok: true, before: "type T @model {\n  id"},
		{name: "the key line", path: "a.yaml", pos: Position{Line: 1, Character: 4}},
		{name: "after the block", path: "a.yaml", pos: Position{Line: 5, Character: 3}},
		{name: "graphql file", path: "a.graphql", pos: Position{Line: 1, Character: 2}, ok: true, before: "ResourceConfig:\n  "},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := graphqlAt(tc.path, yamlText, tc.pos, encodingUTF16)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && r.text[:r.cursor] != tc.before {
				t.Errorf("text before the cursor = %q, want %q", r.text[:r.cursor], tc.before)
			}
		})
	}
}

func TestHoverGraphQL(t *testing.T) {
	cat, err := newCatalog(2)
	if err != nil {
		t.Fatal(err)
	}
	text := "type T @model @auth(rules: [{ allow: owner }]) {\n  id: ID! @index(name: \"x\")\n}\n"
	tests := []struct {
		at   string
		want string
	}{
		{at: "model @auth", want: "directive @model(queries: ModelQueryMap, mutations: ModelMutationMap, subscriptions: ModelSubscriptionMap, timestamps: TimestampConfiguration) on OBJECT"},
		{at: "index(", want: "Keys, indexes and relations (v2)."},
		{at: "auth(", want: "input AuthRule {"},
		{at: "ID!", want: ""},
	}
	for _, tc := range tests {
		t.Run(tc.at, func(t *testing.T) {
			got, _, _, ok := hoverGraphQL(cat, gqlRegion{text: text, cursor: strings.Index(text, tc.at) + 1})
			if ok != (tc.want != "") || !strings.Contains(got, tc.want) {
				t.Errorf("hover = %q, %v; want it to contain %q", got, ok, tc.want)
			}
		})
	}
}
