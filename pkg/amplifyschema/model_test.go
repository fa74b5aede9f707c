package amplifyschema

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
)

// table is what a test expects of one table.
type table struct {
	Type, Table string
	Key         []string
	AttrTypes   map[string]string
	Indexes     map[string]IndexKey
	Relations   []string
}

func tablesOf(t *testing.T, s string) map[string]table {
	t.Helper()
	sc, err := Parse("test", s)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]table{}
	for _, m := range sc.Tables() {
		ix := map[string]IndexKey{}
		for _, i := range m.SortedIndexes() {
			ix[i.Name] = i.Key
		}
		out[m.Table] = table{Type: m.Type, Table: m.Table, Key: m.Key, AttrTypes: m.AttrTypes, Indexes: ix, Relations: m.Relations}
	}
	return out
}

func TestParseTables(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		schema string
		want   map[string]table
	}{
		{
			name:   "empty schema, no tables",
			schema: "  \n",
			want:   map[string]table{},
		},
		{
			name: "@mapsTo names the table; @primaryKey with a sort key; an @index named by default; an Int key",
			schema: `type Article @model @mapsTo(name: "Post") {
  slug: String! @primaryKey(sortKeyFields: ["version"])
  version: Int!
  authorID: ID! @index(sortKeyFields: ["version", "slug"])
  title: String
}`,
			want: map[string]table{"Post": {
				Type: "Article", Table: "Post", Key: []string{"slug", "version"},
				AttrTypes: map[string]string{"slug": "S", "version": "N", "authorID": "S", "version#slug": "S"},
				Indexes:   map[string]IndexKey{"articlesByAuthorIDAndVersionAndSlug": {Partition: "authorID", Sort: []string{"version", "slug"}}},
			}},
		},
		{
			name: "@hasMany creates gsi-Parent.field on the child, named after the parent's @mapsTo name",
			schema: `type Blog @model @mapsTo(name: "Site") { id: ID! posts: [Post] @hasMany }
type Post @model { id: ID! title: String }
extend type Post { n: Int @index(name: "byN") }`,
			want: map[string]table{
				"Site": {Type: "Blog", Table: "Site", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]IndexKey{}, Relations: []string{"@hasMany on Blog.posts"}},
				"Post": {
					Type: "Post", Table: "Post", Key: []string{"id"},
					AttrTypes: map[string]string{"id": "S", "n": "N", "sitePostsId": "S"},
					Indexes: map[string]IndexKey{
						"byN":            {Partition: "n"},
						"gsi-Site.posts": {Partition: "sitePostsId"},
					},
					Relations: []string{"@hasMany on Blog.posts"},
				},
			},
		},
		{
			name: "@hasMany(fields:) and @hasOne create no index; references: does",
			schema: `type A @model { id: ID! bs: [B] @hasMany(fields: ["id"]) c: C @hasOne d: [D] @hasMany(references: ["aID"]) }
type B @model { id: ID! }
type C @model { id: ID! }
type D @model { id: ID! aID: Int a: A @belongsTo(references: ["aID"]) }`,
			want: map[string]table{
				"A": {Type: "A", Table: "A", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]IndexKey{},
					Relations: []string{"@hasMany on A.bs", "@hasOne on A.c", "@hasMany on A.d", "@belongsTo on D.a"}},
				"B": {Type: "B", Table: "B", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]IndexKey{}, Relations: []string{"@hasMany on A.bs"}},
				"C": {Type: "C", Table: "C", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]IndexKey{}, Relations: []string{"@hasOne on A.c"}},
				"D": {Type: "D", Table: "D", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S", "aID": "N"},
					Indexes: map[string]IndexKey{"gsi-A.d": {Partition: "aID"}}, Relations: []string{"@hasMany on A.d", "@belongsTo on D.a"}},
			},
		},
		{
			name: "@manyToMany makes a join table keyed by id with byA and byB, typed from each side's key",
			schema: `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") }
type Tag @model { code: Int! @primaryKey posts: [Post] @manyToMany(relationName: "PostTags") }`,
			want: map[string]table{
				"Post": {Type: "Post", Table: "Post", Key: []string{"id"}, AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]IndexKey{},
					Relations: []string{"@manyToMany on Post.tags", "@manyToMany on Tag.posts"}},
				"Tag": {Type: "Tag", Table: "Tag", Key: []string{"code"}, AttrTypes: map[string]string{"code": "N"}, Indexes: map[string]IndexKey{},
					Relations: []string{"@manyToMany on Post.tags", "@manyToMany on Tag.posts"}},
				"PostTags": {Type: "PostTags", Table: "PostTags", Key: []string{"id"},
					AttrTypes: map[string]string{"id": "S", "postId": "S", "tagCode": "N"},
					Indexes:   map[string]IndexKey{"byPost": {Partition: "postId", Sort: []string{}}, "byTag": {Partition: "tagCode", Sort: []string{}}},
					Relations: []string{"@manyToMany(relationName: PostTags)"}},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if diff := cmp.Diff(tc.want, tablesOf(t, tc.schema)); diff != "" {
				t.Errorf("tables (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseError(t *testing.T) {
	t.Parallel()
	if _, err := Parse("desired", "type {"); err == nil {
		t.Fatal("Parse of a broken schema: no error")
	}
}

func TestAuthRulesAndV1(t *testing.T) {
	t.Parallel()
	sc, err := Parse("test", `type Post @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }, { allow: private, provider: iam }]) {
  id: ID!
  secret: String @auth(rules: [{ allow: groups, groups: ["admin"] }])
}
type Todo @model { id: ID! }
type Old @model @key(fields: ["id"]) @versioned { id: ID! c: Todo @connection }`)
	if err != nil {
		t.Fatal(err)
	}
	type rule struct {
		Allow, Provider, Field string
		Explicit               bool
		Operations             []string
	}
	var got []rule
	for _, r := range sc.ByType["Post"].Auth {
		got = append(got, rule{r.Allow, r.Provider, r.Field, r.Explicit, r.Operations})
	}
	want := []rule{
		{Allow: "owner", Provider: "userPools"},
		{Allow: "public", Provider: "apiKey", Operations: []string{"read"}},
		{Allow: "private", Provider: "iam", Explicit: true},
		{Allow: "groups", Provider: "userPools", Field: "secret"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Post's auth rules (-want +got):\n%s", diff)
	}
	if !sc.ByType["Post"].HasAuth || sc.ByType["Todo"].HasAuth {
		t.Errorf("HasAuth: Post %v (want true), Todo %v (want false)", sc.ByType["Post"].HasAuth, sc.ByType["Todo"].HasAuth)
	}
	if diff := cmp.Diff([]string{"@connection", "@key", "@versioned"}, sc.V1); diff != "" {
		t.Errorf("V1 (-want +got):\n%s", diff)
	}
	if n := len(sc.Uses["auth"]); n != 2 {
		t.Errorf("Uses[auth]: %d, want 2", n)
	}
}

func TestOperations(t *testing.T) {
	t.Parallel()
	sc, err := Parse("test", `type Category @model { id: ID! }
type Post @model(queries: { get: "post" }, mutations: null) { id: ID! }`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]Operations{
		"Category": {Get: "getCategory", List: "listCategories", Create: "createCategory", Update: "updateCategory", Delete: "deleteCategory"},
		"Post":     {Get: "post"},
	}
	for typ, w := range want {
		if diff := cmp.Diff(w, sc.ByType[typ].Operations()); diff != "" {
			t.Errorf("%s operations (-want +got):\n%s", typ, diff)
		}
	}
}

// TestFromDocument checks that the model of a document parsed elsewhere is
// the one Parse builds, and that building it leaves the document as it was
// (pkg/validate reports positions in extensions after it).
func TestFromDocument(t *testing.T) {
	t.Parallel()
	const s = `type Blog @model { id: ID! posts: [Post] @hasMany tags: [Tag] @manyToMany(relationName: "blog-tags") }
type Post @model { id: ID! title: String }
type Tag @model { id: ID! blogs: [Blog] @manyToMany(relationName: "blog-tags") }
extend type Post { n: Int @index(name: "byN") m: Int @index }`
	doc, err := parser.ParseSchema(&ast.Source{Name: "test", Input: s})
	if err != nil {
		t.Fatal(err)
	}
	before := formatDoc(doc)
	nExt, nFields := len(doc.Extensions), len(doc.Definitions.ForName("Post").Fields)
	got := indexesOf(FromDocument(doc))
	if after := formatDoc(doc); after != before || len(doc.Extensions) != nExt || len(doc.Definitions.ForName("Post").Fields) != nFields {
		t.Errorf("FromDocument changed the document:\n%s\nwant\n%s", after, before)
	}
	parsed, err := Parse("test", s)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(indexesOf(parsed), got); diff != "" {
		t.Errorf("FromDocument's indexes differ from Parse's (-Parse +FromDocument):\n%s", diff)
	}
	want := map[string][]string{
		"Blog":     nil,
		"Post":     {"byN", "gsi-Blog.posts", "postsByM"},
		"Tag":      nil,
		"Blogtags": {"byBlog", "byTag"}, // graphqlName drops the hyphen
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("indexes by table (-want +got):\n%s", diff)
	}
}

func indexesOf(sc *Schema) map[string][]string {
	out := map[string][]string{}
	for _, m := range sc.Tables() {
		out[m.Table] = SortedKeys(m.Indexes)
		if len(out[m.Table]) == 0 {
			out[m.Table] = nil
		}
	}
	return out
}

func formatDoc(doc *ast.SchemaDocument) string {
	var b strings.Builder
	formatter.NewFormatter(&b).FormatSchemaDocument(doc)
	return b.String()
}

// TestMayExceedIndexes checks that the cheap bound is never under the
// model's count.
func TestMayExceedIndexes(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("type Parent @model { id: ID! kids: [Kid] @hasMany }\ntype Kid @model { id: ID!\n")
	for i := range 19 {
		fmt.Fprintf(&b, "  f%d: String @index\n", i)
	}
	b.WriteString("}\n")
	sc, err := Parse("test", b.String())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sc.ByType["Kid"].Indexes); n != 20 {
		t.Fatalf("Kid has %d indexes, want 20", n)
	}
	if !MayExceedIndexes(sc.Doc, 19) {
		t.Error("MayExceedIndexes(limit 19) = false for a table with 20 indexes")
	}
	if MayExceedIndexes(sc.Doc, 20) {
		t.Error("MayExceedIndexes(limit 20) = true for tables of at most 20 indexes")
	}
}

func TestOperationName(t *testing.T) {
	t.Parallel()
	// Checked against transformer-core 1.8's getFieldNameFor.
	tests := []struct {
		op, typ, want string
		version       int
	}{
		{op: "list", typ: "Person", want: "listPeople"},
		{op: "list", typ: "Person", want: "listPersons", version: 1},
		{op: "list", typ: "Category", want: "listCategorys", version: 1},
		{op: "search", typ: "Hero", want: "searchHeroes"},
		{op: "sync", typ: "News", want: "syncNews"},
		{"get", "Post", "getPost", 0},
		{"list", "Category", "listCategories", 0},
		{"sync", "Post", "syncPosts", 0},
		{"search", "Post", "searchPosts", 0},
		{"get", "post", "getPost", 0}, // toCamelCase: upper first
		{"list", "post", "listPosts", 0},
		{"onCreate", "Post", "onCreatePost", 0},
		{"onUpdate", "Post", "onUpdatePost", 0},
		{"onDelete", "Post", "onDeletePost", 0},
		{"create", "Post", "createPost", 0},
		{"update", "Post", "updatePost", 0},
		{"delete", "Post", "deletePost", 0},
		// Over 50 characters: 45, then 5 hex digits of the name's MD5.
		{"onCreate", strings.Repeat("Very", 12), "onCreateVeryVeryVeryVeryVeryVeryVeryVeryVeryV68d16", 0},
	}
	for _, tc := range tests {
		got := OperationName(tc.op, tc.typ, tc.version)
		if got != tc.want {
			t.Errorf("OperationName(%s, %s, %d) = %q, want %q", tc.op, tc.typ, tc.version, got, tc.want)
		}
		if !MayBeOperationName(got) {
			t.Errorf("MayBeOperationName(%q) = false", got)
		}
	}
}

// TestParseAuthRule checks the transformer's defaults and how operations
// are read: left out or null, all of them; a single value, a list of one
// (GraphQL's input coercion); an empty list, none.
func TestParseAuthRule(t *testing.T) {
	t.Parallel()
	doc, err := parser.ParseSchema(&ast.Source{Name: "test", Input: `type T @model @auth(rules: [
  { allow: owner },
  { allow: owner, ownerField: "author", identityClaim: "sub", operations: null },
  { allow: groups, groups: "admin", groupClaim: "roles", operations: read },
  { allow: groups, groupsField: "teams", operations: [] }
]) { id: ID! }`})
	if err != nil {
		t.Fatal(err)
	}
	var got []AuthRule
	for _, c := range doc.Definitions[0].Directives[1].Arguments[0].Value.Children {
		r := ParseAuthRule(c.Value, "")
		r.Pos = nil
		got = append(got, r)
	}
	def := AuthRule{OwnerField: "owner", IdentityClaim: "sub::username", GroupClaim: "cognito:groups", Provider: "userPools"}
	with := func(f func(*AuthRule)) AuthRule { r := def; f(&r); return r }
	want := []AuthRule{
		with(func(r *AuthRule) { r.Allow = "owner" }),
		with(func(r *AuthRule) { r.Allow, r.OwnerField, r.IdentityClaim = "owner", "author", "sub" }),
		with(func(r *AuthRule) {
			r.Allow, r.Groups, r.GroupClaim, r.Operations = "groups", []string{"admin"}, "roles", []string{"read"}
		}),
		with(func(r *AuthRule) { r.Allow, r.GroupsField, r.Operations = "groups", "teams", []string{} }),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
}
