package lsp

import "testing"

// FuzzGraphQLAt: completion, hover and finding the GraphQL under a
// position never panic, whatever the buffer and the position.
func FuzzGraphQLAt(f *testing.F) {
	f.Add("a.yaml", quotedNumberSpec, 11, 15)
	f.Add("a.yaml", authModeSpec, 11, 44)
	f.Add("a.graphql", "type T @model @auth(rules: [{ allow: owner, operations: [read", 0, 60)
	f.Add("a.graphql", "type T @model {\n  a: ID! @hasMany(references: [\"\n", 1, 30)
	f.Add("a.yaml", "x:\n  TransformSchema: |\n\n\t\"\"\"😀 @", 3, 7)
	cat, err := newCatalog(2)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, path, text string, line, char int) {
		for _, enc := range []string{encodingUTF8, encodingUTF16, encodingUTF32} {
			r, ok := graphqlAt(path, text, Position{Line: line, Character: char}, enc)
			if !ok {
				continue
			}
			if r.cursor < 0 || r.cursor > len(r.text) {
				t.Fatalf("cursor %d outside the region's %d bytes", r.cursor, len(r.text))
			}
			completeGraphQL(cat, r)
			if _, s, e, ok := hoverGraphQL(cat, r); ok {
				r.position(lines(text), s, enc)
				r.position(lines(text), e, enc)
			}
		}
	})
}
