package schemachange

import (
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
)

// FuzzStages checks, on any pair of schemas, that Analyze and Stages do not
// panic, and that stages Stages returns end at the desired schema with at
// most one GSI operation per table between one and the next.
func FuzzStages(f *testing.F) {
	f.Add(blog, blog)
	f.Add(`type Comment @model { id: ID! a: ID b: ID }`, `type Comment @model { id: ID! a: ID @index(name: "a") b: ID @index(name: "b", sortKeyFields: ["a"]) }`)
	f.Add(`type Post @model { id: ID! comments: [Comment] @hasMany } type Blog @model { id: ID! comments: [Comment] @hasMany } type Comment @model { id: ID! }`, `type Comment @model { id: ID! x: ID @index }`)
	f.Add(`type Post @model { id: ID! tags: [Tag] @manyToMany(relationName: "PT") } type Tag @model { id: ID! posts: [Post] @manyToMany(relationName: "PT") }`, `type Post @model @mapsTo(name: "Tag") { id: ID! }`)
	f.Add("type A @model { id: ID! }\nextend type A { x: ID @index(name: \"x\") y: ID @index(name: \"y\") }", `type A @model { id: ID! @primaryKey(sortKeyFields: "x") x: ID! }`)
	f.Add(`type A @model { id: ID! } type A @model { id: ID! x: ID }`, `type A @model { id: ID! } type A @model { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") }`)
	f.Add(`type A @model { id: ID! } type B @model @mapsTo(name: "A") { id: ID! x: ID y: ID }`, `type A @model { id: ID! x: ID @index(name: "x") } type B @model @mapsTo(name: "A") { id: ID! x: ID @index(name: "x") y: ID @index(name: "y") }`)
	f.Fuzz(func(t *testing.T, live, desired string) {
		if _, err := Analyze(live, desired); err != nil {
			return
		}
		stages, err := Stages(live, desired)
		if err != nil {
			return
		}
		if len(stages) == 0 || stages[len(stages)-1] != desired {
			t.Fatalf("stages %q do not end at the desired schema", stages)
		}
		prev, _ := amplifyschema.Parse("live", live)
		for i, s := range stages {
			next, err := amplifyschema.Parse("stage", s)
			if err != nil {
				t.Fatalf("stage %d does not parse: %v\n%s", i+1, err, s)
			}
			for _, tb := range analyze(prev, next).Tables {
				if tb.GSIOps > 1 {
					t.Fatalf("stage %d: %d GSI operations on %s", i+1, tb.GSIOps, tb.Table)
				}
			}
			prev = next
		}
	})
}
