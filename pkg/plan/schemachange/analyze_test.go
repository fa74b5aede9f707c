package schemachange

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// summary is a report in one line per table, for comparison.
func summary(r Report) []string {
	out := []string{}
	for _, t := range r.Tables {
		s := fmt.Sprintf("%s/%s %s", t.Type, t.Table, t.Effect)
		if t.Destructive {
			s += " destructive"
		}
		if len(t.Indexes) > 0 {
			s += fmt.Sprintf(" ops=%d:", t.GSIOps)
			for _, c := range t.Indexes {
				s += " " + string(c.Op) + " " + c.Name
				if c.Before != nil {
					s += " " + c.Before.String()
				}
				if c.After != nil {
					s += " " + c.After.String()
				}
				s += ";"
			}
		}
		out = append(out, s)
	}
	return out
}

const blog = `
type Blog @model {
  id: ID!
  name: String!
  posts: [Post] @hasMany
}
type Post @model {
  id: ID!
  title: String!
  blogID: ID
  comments: [Comment] @hasMany
}
type Comment @model {
  id: ID!
  postID: ID!
  content: String
  createdAt: AWSDateTime
}
`

func TestAnalyze(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		live, desired string
		want          []string
		steps         int
		// text are substrings of the messages and hints, in order of
		// appearance across tables.
		text []string
	}{
		{
			name: "no change", live: blog, desired: blog,
			want: []string{}, steps: 1,
		},
		{
			name: "create", live: "", desired: blog,
			want: []string{}, steps: 1,
		},
		{
			name: "field added, no table change",
			live: `type Post @model { id: ID! }`, desired: `type Post @model { id: ID! title: String }`,
			want: []string{}, steps: 1,
		},
		{
			name:    "removed model",
			live:    `type Post @model { id: ID! } type Tag @model { id: ID! label: String }`,
			desired: `type Post @model { id: ID! }`,
			want:    []string{"Tag/Tag deleted destructive"}, steps: 1,
			text: []string{"@model type Tag is removed", "ALL DATA IN TABLE Tag WILL BE LOST"},
		},
		{
			name:    "model loses @model",
			live:    `type Post @model { id: ID! } type Tag @model { id: ID! }`,
			desired: `type Post @model { id: ID! } type Tag { id: ID! }`,
			want:    []string{"Tag/Tag deleted destructive"}, steps: 1,
			text: []string{"type Tag loses @model", "ALL DATA IN TABLE Tag WILL BE LOST"},
		},
		{
			name:    "rename suggests @mapsTo",
			live:    `type Post @model { id: ID! title: String! }`,
			desired: `type Article @model { id: ID! title: String! }`,
			want:    []string{"Post/Post deleted destructive"}, steps: 1,
			text: []string{"ALL DATA IN TABLE Post WILL BE LOST", `type Article @model @mapsTo(name: "Post")`},
		},
		{
			name:    "removed and added with other fields: no suggestion",
			live:    `type Post @model { id: ID! title: String! }`,
			desired: `type Article @model { id: ID! body: String! }`,
			want:    []string{"Post/Post deleted destructive"}, steps: 1,
			text: []string{"ALL DATA IN TABLE Post WILL BE LOST"},
		},
		{
			name:    "rename with @mapsTo keeps the table",
			live:    `type Post @model { id: ID! title: String! }`,
			desired: `type Article @model @mapsTo(name: "Post") { id: ID! title: String! }`,
			want:    []string{}, steps: 1,
		},
		{
			name:    "@primaryKey added to a model keyed by id",
			live:    `type Post @model { id: ID! slug: String! }`,
			desired: `type Post @model { id: ID! slug: String! @primaryKey }`,
			want:    []string{"Post/Post replaced destructive"}, steps: 1,
			text: []string{"the primary key of Post changes from (id) to (slug)", "ALL DATA IN TABLE Post WILL BE LOST"},
		},
		{
			name:    "@primaryKey on id is the same key",
			live:    `type Post @model { id: ID! }`,
			desired: `type Post @model { id: ID! @primaryKey }`,
			want:    []string{}, steps: 1,
		},
		{
			name:    "sort key added",
			live:    `type Post @model { slug: String! @primaryKey date: AWSDate! }`,
			desired: `type Post @model { slug: String! @primaryKey(sortKeyFields: ["date"]) date: AWSDate! }`,
			want:    []string{"Post/Post replaced destructive"}, steps: 1,
			text: []string{"from (slug) to (slug, date)"},
		},
		{
			name:    "sort key removed",
			live:    `type Post @model { slug: String! @primaryKey(sortKeyFields: ["date"]) date: AWSDate! }`,
			desired: `type Post @model { slug: String! @primaryKey date: AWSDate! }`,
			want:    []string{"Post/Post replaced destructive"}, steps: 1,
		},
		{
			name:    "sort key changed",
			live:    `type Post @model { slug: String! @primaryKey(sortKeyFields: ["date"]) date: AWSDate! n: Int! }`,
			desired: `type Post @model { slug: String! @primaryKey(sortKeyFields: "n") date: AWSDate! n: Int! }`,
			want:    []string{"Post/Post replaced destructive"}, steps: 1,
			text: []string{"from (slug, date) to (slug, n)"},
		},
		{
			name: "key change on a related model",
			live: blog,
			desired: strings.Replace(blog, "type Comment @model {\n  id: ID!",
				"type Comment @model {\n  id: ID! @primaryKey(sortKeyFields: [\"createdAt\"])", 1),
			want:  []string{"Comment/Comment replaced destructive"},
			steps: 1,
			text:  []string{"ALL DATA IN TABLE Comment WILL BE LOST", "Comment is in a relation (@hasMany on Post.comments)", "fails to deploy even when destructive changes are allowed"},
		},
		{
			name: "parent key change changes the child's implicit index key",
			live: blog,
			desired: strings.Replace(blog, "type Post @model {\n  id: ID!\n  title: String!",
				"type Post @model {\n  id: ID!\n  title: String! @primaryKey", 1),
			want: []string{
				"Comment/Comment indexes ops=2: replace gsi-Post.comments (postCommentsId) (postCommentsTitle);",
				"Post/Post replaced destructive",
			},
			steps: 2,
			text:  []string{"changes its key from (postCommentsId) to (postCommentsTitle)", "Post is in a relation (@hasMany on Blog.posts, @hasMany on Post.comments)"},
		},
		{
			name:    "one index created",
			live:    `type Comment @model { id: ID! postID: ID! }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(name: "byPost") }`,
			want:    []string{"Comment/Comment indexes ops=1: create byPost (postID);"}, steps: 1,
			text: []string{"table CommentTable: create byPost"},
		},
		{
			name:    "default index name",
			live:    `type Comment @model { id: ID! postID: ID! n: Int }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(sortKeyFields: ["n"]) n: Int }`,
			want:    []string{"Comment/Comment indexes ops=1: create commentsByPostIDAndN (postID, n);"}, steps: 1,
		},
		{
			name:    "default index name of a type ending in y",
			live:    `type Category @model { id: ID! parent: ID! }`,
			desired: `type Category @model { id: ID! parent: ID! @index }`,
			want:    []string{"Category/Category indexes ops=1: create categoriesByParent (parent);"}, steps: 1,
		},
		{
			name:    "two indexes created",
			live:    `type Comment @model { id: ID! postID: ID! author: String }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(name: "byPost") author: String @index(name: "byAuthor") }`,
			want:    []string{"Comment/Comment indexes ops=2: create byAuthor (author); create byPost (postID);"}, steps: 2,
			text: []string{"(2 GSI creations and deletions)", GSIMessage, "enableIterativeGsiUpdates", "Deploy it in 2 steps"},
		},
		{
			name:    "index deleted",
			live:    `type Comment @model { id: ID! postID: ID! @index(name: "byPost") }`,
			desired: `type Comment @model { id: ID! postID: ID! }`,
			want:    []string{"Comment/Comment indexes ops=1: delete byPost (postID);"}, steps: 1,
		},
		{
			name:    "renamed index is a deletion and a creation",
			live:    `type Comment @model { id: ID! postID: ID! @index(name: "byPost") }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(name: "commentsByPost") }`,
			want:    []string{"Comment/Comment indexes ops=2: delete byPost (postID); create commentsByPost (postID);"}, steps: 2,
		},
		{
			name:    "index key changed",
			live:    `type Comment @model { id: ID! postID: ID! @index(name: "byPost") createdAt: AWSDateTime }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(name: "byPost", sortKeyFields: ["createdAt"]) createdAt: AWSDateTime }`,
			want:    []string{"Comment/Comment indexes ops=2: replace byPost (postID) (postID, createdAt);"}, steps: 2,
			text: []string{"table CommentTable: replace byPost", "index byPost changes its key from (postID) to (postID, createdAt): DynamoDB cannot change an index's key in place"},
		},
		{
			name:    "queryField change is no index change",
			live:    `type Comment @model { id: ID! postID: ID! @index(name: "byPost") }`,
			desired: `type Comment @model { id: ID! postID: ID! @index(name: "byPost", queryField: "commentsByPost") }`,
			want:    []string{}, steps: 1,
		},
		{
			name:    "implicit @hasMany index on the child",
			live:    `type Post @model { id: ID! } type Comment @model { id: ID! }`,
			desired: `type Post @model { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! }`,
			want:    []string{"Comment/Comment indexes ops=1: create gsi-Post.comments (postCommentsId);"}, steps: 1,
			text: []string{"create gsi-Post.comments"},
		},
		{
			name:    "implicit @hasMany index takes the parent's sort key",
			live:    `type Post @model { slug: ID! @primaryKey(sortKeyFields: ["n"]) n: Int! } type Comment @model { id: ID! }`,
			desired: `type Post @model { slug: ID! @primaryKey(sortKeyFields: ["n"]) n: Int! comments: [Comment] @hasMany } type Comment @model { id: ID! }`,
			want:    []string{"Comment/Comment indexes ops=1: create gsi-Post.comments (postCommentsSlug, postCommentsN);"}, steps: 1,
		},
		{
			name:    "implicit index named after the @mapsTo name",
			live:    `type Article @model @mapsTo(name: "Post") { id: ID! } type Comment @model { id: ID! }`,
			desired: `type Article @model @mapsTo(name: "Post") { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! }`,
			want:    []string{"Comment/Comment indexes ops=1: create gsi-Post.comments (postCommentsId);"}, steps: 1,
		},
		{
			name:    "@hasMany with indexName uses the child's own @index",
			live:    `type Post @model { id: ID! } type Comment @model { id: ID! postID: ID! }`,
			desired: `type Post @model { id: ID! comments: [Comment] @hasMany(indexName: "byPost", fields: ["id"]) } type Comment @model { id: ID! postID: ID! @index(name: "byPost") }`,
			want:    []string{"Comment/Comment indexes ops=1: create byPost (postID);"}, steps: 1,
		},
		{
			name:    "@hasMany with references",
			live:    `type Post @model { id: ID! } type Comment @model { id: ID! postId: ID! }`,
			desired: `type Post @model { id: ID! comments: [Comment] @hasMany(references: ["postId"]) } type Comment @model { id: ID! postId: ID! post: Post @belongsTo(references: ["postId"]) }`,
			want:    []string{"Comment/Comment indexes ops=1: create gsi-Post.comments (postId);"}, steps: 1,
		},
		{
			name:    "@hasOne with references",
			live:    `type Project @model { id: ID! } type Team @model { id: ID! projectId: ID }`,
			desired: `type Project @model { id: ID! team: Team @hasOne(references: ["projectId"]) } type Team @model { id: ID! projectId: ID project: Project @belongsTo(references: ["projectId"]) }`,
			want:    []string{"Team/Team indexes ops=1: create gsi-Project.team (projectId);"}, steps: 1,
			text: []string{"table TeamTable: create gsi-Project.team"},
		},
		{
			name:    "@hasMany and a new @index on the same child",
			live:    `type Post @model { id: ID! } type Comment @model { id: ID! author: String }`,
			desired: `type Post @model { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! author: String @index(name: "byAuthor") }`,
			want:    []string{"Comment/Comment indexes ops=2: create byAuthor (author); create gsi-Post.comments (postCommentsId);"}, steps: 2,
		},
		{
			name:    "new model with indexes is no index change",
			live:    `type Post @model { id: ID! }`,
			desired: `type Post @model { id: ID! } type Comment @model { id: ID! a: ID @index(name: "byA") b: ID @index(name: "byB") }`,
			want:    []string{}, steps: 1,
		},
		{
			name:    "@hasOne and @belongsTo create no index",
			live:    `type Project @model { id: ID! } type Team @model { id: ID! }`,
			desired: `type Project @model { id: ID! team: Team @hasOne } type Team @model { id: ID! project: Project @belongsTo }`,
			want:    []string{}, steps: 1,
		},
		{
			name:    "@manyToMany removed deletes its join table",
			live:    `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "postTags") } type Tag @model { id: ID! posts: [Post] @manyToMany(relationName: "postTags") }`,
			desired: `type Post @model { id: ID! } type Tag @model { id: ID! }`,
			want:    []string{"PostTags/PostTags deleted destructive"}, steps: 1,
			text: []string{"the @manyToMany relation PostTags is removed", "ALL DATA IN TABLE PostTags WILL BE LOST"},
		},
		{
			name:    "@manyToMany join table indexes follow the model key",
			live:    `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") } type Tag @model { id: ID! posts: [Post] @manyToMany(relationName: "PostTags") }`,
			desired: `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") } type Tag @model { id: ID! @primaryKey(sortKeyFields: ["label"]) label: String! posts: [Post] @manyToMany(relationName: "PostTags") }`,
			want: []string{
				"PostTags/PostTags indexes ops=2: replace byTag (tagId) (tagId, taglabel);",
				"Tag/Tag replaced destructive",
			},
			steps: 2,
		},
		{
			name:    "several tables: steps is the most on one table",
			live:    `type A @model { id: ID! x: ID y: ID z: ID } type B @model { id: ID! x: ID y: ID }`,
			desired: `type A @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") z: ID @index(name: "z") } type B @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") }`,
			want: []string{
				"A/A indexes ops=3: create x (x); create y (y); create z (z);",
				"B/B indexes ops=2: create x (x); create y (y);",
			},
			steps: 3,
		},
		{
			name:    "extend type",
			live:    `type Comment @model { id: ID! postID: ID! }`,
			desired: "type Comment @model { id: ID! }\nextend type Comment { postID: ID! @index(name: \"byPost\") }",
			want:    []string{"Comment/Comment indexes ops=1: create byPost (postID);"}, steps: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := Analyze(tc.live, tc.desired)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, summary(r)); diff != "" {
				t.Errorf("tables (-want +got):\n%s", diff)
			}
			if r.Steps != tc.steps {
				t.Errorf("steps = %d, want %d", r.Steps, tc.steps)
			}
			var all strings.Builder
			for _, tb := range r.Tables {
				all.WriteString(tb.Message + "\n" + strings.Join(tb.Hints, "\n") + "\n")
			}
			rest := all.String()
			for _, s := range tc.text {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Errorf("%q missing (or out of order) in:\n%s", s, all.String())
					continue
				}
				rest = rest[i+len(s):]
			}
		})
	}
}

func TestAnalyzeV1DirectivesAreNamed(t *testing.T) {
	t.Parallel()
	r, err := Analyze(`type Post @model @key(fields: ["slug"]) { slug: ID! }`, `type Post @model @key(fields: ["slug"]) { slug: ID! comments: [Comment] @connection } type Comment @model { id: ID! }`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "transformer v1 directives (@connection, @key)"; !strings.Contains(r.Unanalysed, want) {
		t.Errorf("Unanalysed = %q, want it to contain %q", r.Unanalysed, want)
	}
	if r, _ := Analyze(blog, blog); r.Unanalysed != "" {
		t.Errorf("Unanalysed of a v2 schema = %q, want empty", r.Unanalysed)
	}
}

func TestAnalyzeParseError(t *testing.T) {
	t.Parallel()
	if _, err := Analyze(`type Post @model { id: ID! }`, `type Post @model {`); err == nil || !strings.Contains(err.Error(), "parse desired TransformSchema") {
		t.Errorf("err = %v, want a parse error naming the desired schema", err)
	}
	if _, err := Analyze(`type {`, `type Post @model { id: ID! }`); err == nil || !strings.Contains(err.Error(), "parse live TransformSchema") {
		t.Errorf("err = %v, want a parse error naming the live schema", err)
	}
}

func TestCheckUpdate(t *testing.T) {
	t.Parallel()
	live := `type Comment @model { id: ID! a: ID b: ID }`
	for _, tc := range []struct {
		name, desired, want string
	}{
		{"one index", `type Comment @model { id: ID! a: ID @index(name: "a") b: ID }`, ""},
		{"two indexes", `type Comment @model { id: ID! a: ID @index(name: "a") b: ID @index(name: "b") }`,
			"resource CommentTable (AWS::DynamoDB::Table) failed to update: " + GSIMessage},
		{"unparsable is not this check's to refuse", `type {`, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := CheckUpdate(live, tc.desired)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tc.want {
				t.Errorf("CheckUpdate = %q, want %q", got, tc.want)
			}
		})
	}
}
