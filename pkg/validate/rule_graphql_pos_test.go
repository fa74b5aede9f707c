package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"
)

// TestGraphQLPositionsLineEndings: a spec (or a schema file) written with
// CRLF or CR-only line endings gives the same GraphQL lines and columns as
// with LF; yaml.v3 and GraphQL both count a lone CR as a line break.
func TestGraphQLPositionsLineEndings(t *testing.T) {
	t.Parallel()
	schema := "type T @model {\n  id: ID!\n  f: Nope\n}\nenum E { A B A }\n"
	literal := gqlHead + "  TransformSchema: |\n" + indentLines(schema, "    ")
	folded := gqlHead + "  TransformSchema: >\n" + indentLines(strings.ReplaceAll(schema, "\n", "\n\n"), "    ")
	positions := func(t *testing.T, fs []finding.Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Location.String()+" "+f.Rule)
		}
		return out
	}
	for name, doc := range map[string]string{"literal": literal, "folded": folded} {
		want := positions(t, runText(t, doc, Options{}).Findings)
		if len(want) == 0 {
			t.Fatalf("%s: no findings", name)
		}
		for _, nl := range []string{"\r\n", "\r"} {
			got := positions(t, runText(t, strings.ReplaceAll(doc, "\n", nl), Options{}).Findings)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s with %q line endings (-LF +got):\n%s", name, nl, diff)
			}
		}
	}

	// A schema file: positions are the .graphql file's own.
	run := func(nl string) []string {
		dir := t.TempDir()
		files := map[string]string{
			"api.yaml":  strings.ReplaceAll(gqlHead+"  TransformSchemaFile: s.graphql\n", "\n", nl),
			"s.graphql": strings.ReplaceAll(schema, "\n", nl),
		}
		for n, s := range files {
			if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		res, err := Run(context.Background(), []spec.Source{{Path: filepath.Join(dir, "api.yaml"), Name: "api.yaml"}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return positions(t, res.Findings)
	}
	want := run("\n")
	if len(want) == 0 || !strings.HasPrefix(want[0], "s.graphql:3:") {
		t.Fatalf("schema file findings %v, want the first at s.graphql line 3", want)
	}
	for _, nl := range []string{"\r\n", "\r"} {
		if diff := cmp.Diff(want, run(nl)); diff != "" {
			t.Errorf("schema file with %q line endings (-LF +got):\n%s", nl, diff)
		}
	}
}

func indentLines(s, indent string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		if strings.TrimSpace(l) != "" {
			b.WriteString(indent)
		}
		b.WriteString(l)
	}
	return b.String()
}

// TestSchemaLocation checks that the exported mapping (pkg/gen2 places its
// findings with it) places a GraphQL position where validate's own
// finding at it is: in a literal and a folded block, and in a schema file.
func TestSchemaLocation(t *testing.T) {
	t.Parallel()
	schema := "type T @model {\n  id: ID!\n  f: Nope\n}\n"
	dir := t.TempDir()
	files := map[string]string{
		"literal.yaml": gqlHead + "  TransformSchema: |\n" + indentLines(schema, "    "),
		"folded.yaml":  gqlHead + "  TransformSchema: >\n" + indentLines(strings.ReplaceAll(schema, "\n", "\n\n"), "    "),
		"file.yaml":    gqlHead + "  TransformSchemaFile: s.graphql\n",
		"s.graphql":    schema,
	}
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"literal.yaml", "folded.yaml", "file.yaml"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := filepath.Join(dir, name)
			res, err := Run(context.Background(), []spec.Source{{Path: p, Name: p}}, Options{KeepDocuments: true})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Findings) != 1 || len(res.Docs) != 1 || res.Findings[0].Rule != RuleGraphQLValid {
				t.Fatalf("want one graphql-valid finding on one document, got %+v", res.Findings)
			}
			want := res.Findings[0]
			// gqlparser places the finding at the undefined type.
			st, _ := docTransformSchema(res.Docs[0])
			before, _, _ := strings.Cut(st.value, "Nope")
			nope := &ast.Position{Line: strings.Count(before, "\n") + 1, Column: len(before) - strings.LastIndex(before, "\n")}
			got, ok := SchemaLocation(res.Docs[0], nope)
			if !ok {
				t.Fatal("SchemaLocation: no TransformSchema")
			}
			if got.Location != want.Location || got.Pointer != want.Pointer || got.Document != want.Document {
				t.Errorf("SchemaLocation = %s %q doc %d, the finding is at %s %q doc %d", got.Location, got.Pointer, got.Document, want.Location, want.Pointer, want.Document)
			}
			// The schema as a whole is at the spec's TransformSchema line.
			if whole, _ := SchemaLocation(res.Docs[0], nil); whole.File != p || whole.Line != strings.Count(gqlHead, "\n")+1 {
				t.Errorf("the schema as a whole is at %s, want %s:%d", whole.Location, p, strings.Count(gqlHead, "\n")+1)
			}
		})
	}
}
