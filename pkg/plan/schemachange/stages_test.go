package schemachange

import (
	"github.com/bapi-dev/bapi/pkg/amplifyschema"

	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// indexNames lists each table's index names in a schema, "Table: a b".
func indexNames(t *testing.T, s string) []string {
	t.Helper()
	sc, err := amplifyschema.Parse("stage", s)
	if err != nil {
		t.Fatalf("stage does not parse: %v\n%s", err, s)
	}
	out := []string{}
	for _, name := range amplifyschema.SortedKeys(sc.Models) {
		ix := amplifyschema.SortedKeys(sc.Models[name].Indexes)
		sort.Strings(ix)
		out = append(out, name+": "+strings.Join(ix, " "))
	}
	return out
}

func TestStages(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		live, desired string
		// want is each stage's indexes per table.
		want [][]string
	}{
		{
			name:    "within budget is one stage",
			live:    `type Comment @model { id: ID! a: ID }`,
			desired: `type Comment @model { id: ID! a: ID @index(name: "a") }`,
			want:    [][]string{{"Comment: a"}},
		},
		{
			name:    "no index change is one stage",
			live:    `type Post @model { id: ID! }`,
			desired: `type Article @model { id: ID! }`,
			want:    [][]string{{"Article: "}},
		},
		{
			name:    "three creations",
			live:    `type Comment @model { id: ID! a: ID b: ID c: ID }`,
			desired: `type Comment @model { id: ID! a: ID @index(name: "a") b: ID @index(name: "b") c: ID @index(name: "c") title: String }`,
			want:    [][]string{{"Comment: a"}, {"Comment: a b"}, {"Comment: a b c"}},
		},
		{
			name:    "deletions before creations",
			live:    `type Comment @model { id: ID! a: ID @index(name: "a") b: ID @index(name: "b") c: ID }`,
			desired: `type Comment @model { id: ID! a: ID b: ID c: ID @index(name: "c") }`,
			want:    [][]string{{"Comment: b"}, {"Comment: "}, {"Comment: c"}},
		},
		{
			name:    "deleted index whose field is gone comes back with its field",
			live:    `type Comment @model { id: ID! a: ID @index(name: "a", sortKeyFields: ["n"]) b: ID @index(name: "b") n: Int }`,
			desired: `type Comment @model { id: ID! }`,
			want:    [][]string{{"Comment: b"}, {"Comment: "}},
		},
		{
			name:    "replaced key: deleted, then created",
			live:    `type Comment @model { id: ID! a: ID @index(name: "a") n: Int }`,
			desired: `type Comment @model { id: ID! a: ID @index(name: "a", sortKeyFields: ["n"]) n: Int }`,
			want:    [][]string{{"Comment: "}, {"Comment: a"}},
		},
		{
			name:    "renamed",
			live:    `type Comment @model { id: ID! a: ID @index(name: "old") }`,
			desired: `type Comment @model { id: ID! a: ID @index(name: "new") }`,
			want:    [][]string{{"Comment: "}, {"Comment: new"}},
		},
		{
			name:    "implicit @hasMany index with an explicit one",
			live:    `type Post @model { id: ID! } type Comment @model { id: ID! author: String }`,
			desired: `type Post @model { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! author: String @index(name: "byAuthor") }`,
			want: [][]string{
				{"Comment: byAuthor", "Post: "},
				{"Comment: byAuthor gsi-Post.comments", "Post: "},
			},
		},
		{
			name:    "implicit indexes deleted with their parent type",
			live:    `type Post @model { id: ID! comments: [Comment] @hasMany } type Blog @model { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! }`,
			desired: `type Comment @model { id: ID! }`,
			want: [][]string{
				{"Comment: gsi-Post.comments", "Post: "},
				{"Comment: "},
			},
		},
		{
			name:    "tables in parallel",
			live:    `type A @model { id: ID! x: ID y: ID z: ID } type B @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") }`,
			desired: `type A @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") z: ID @index(name: "z") } type B @model { id: ID! x: ID y: ID }`,
			want: [][]string{
				{"A: x", "B: y"},
				{"A: x y", "B: "},
				{"A: x y z", "B: "},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stages, err := Stages(tc.live, tc.desired)
			if err != nil {
				t.Fatal(err)
			}
			if len(stages) == 0 || stages[len(stages)-1] != tc.desired {
				t.Fatalf("last stage is not the desired schema: %q", stages)
			}
			got := make([][]string, 0, len(stages))
			for _, s := range stages {
				got = append(got, indexNames(t, s))
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("indexes per stage (-want +got):\n%s", diff)
			}
			prev := tc.live
			for i, s := range stages {
				r, err := Analyze(prev, s)
				if err != nil {
					t.Fatal(err)
				}
				for _, tb := range r.Tables {
					if tb.GSIOps > 1 {
						t.Errorf("stage %d: %d GSI operations on %s:\n%s", i+1, tb.GSIOps, tb.Table, s)
					}
				}
				prev = s
			}
		})
	}
}

func TestStagesRefusesJoinTable(t *testing.T) {
	t.Parallel()
	live := `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") } type Tag @model { id: ID! posts: [Post] @manyToMany(relationName: "PostTags") }`
	desired := `type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") } type Tag @model { id: ID! @primaryKey(sortKeyFields: ["label"]) label: String! posts: [Post] @manyToMany(relationName: "PostTags") }`
	_, err := Stages(live, desired)
	if err == nil || !strings.Contains(err.Error(), "join table") {
		t.Errorf("err = %v, want a refusal naming the join table", err)
	}
	r, err := Analyze(live, desired)
	if err != nil || !strings.Contains(r.Unsplittable, "join table") {
		t.Errorf("Analyze = %+v, %v; want Unsplittable naming the join table", r, err)
	}
	if r, _ := Analyze(`type A @model { id: ID! x: ID y: ID }`, `type A @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") }`); r.Steps != 2 || r.Unsplittable != "" {
		t.Errorf("Analyze of a splittable change = %+v, want 2 steps and no Unsplittable", r)
	}
}
