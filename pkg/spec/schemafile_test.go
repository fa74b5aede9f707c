package spec

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const schemaSpecHead = "AppId: a1\nBackendEnvironmentName: dev\nResourceName: api\nResourceConfig:\n  ApiName: api\n"

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestResolveSchemaFiles(t *testing.T) {
	tests := []struct {
		name     string
		value    string
		files    map[string]string
		maxSize  int64
		want     string   // joined text; "" when no schema
		parts    []string // part names
		findings []string // messages, in order
	}{
		{
			name:  "one file",
			value: "a.graphql",
			files: map[string]string{"specs/a.graphql": "type A { id: ID! }\n"},
			want:  "type A { id: ID! }\n",
			parts: []string{"specs/a.graphql"},
		},
		{
			name:  "pattern sorted, then a file, joined with newlines",
			value: "[schema/*.graphql, extra.graphql]",
			files: map[string]string{"specs/schema/b.graphql": "type B", "specs/schema/a.graphql": "type A\n", "specs/extra.graphql": "type C"},
			want:  "type A\n\ntype B\ntype C",
			parts: []string{"specs/schema/a.graphql", "specs/schema/b.graphql", "specs/extra.graphql"},
		},
		{
			name:     "missing",
			value:    "nope.graphql",
			findings: []string{"schema file specs/nope.graphql: does not exist; create it, or fix the path (it is relative to the spec file)"},
		},
		{
			name:     "directory",
			value:    "schema",
			files:    map[string]string{"specs/schema/a.graphql": "type A"},
			findings: []string{"schema file specs/schema: is a directory; name its files, e.g. with a pattern such as schema/*.graphql"},
		},
		{
			name:     "oversized",
			value:    "big.graphql",
			files:    map[string]string{"specs/big.graphql": strings.Repeat("#", 2000)},
			maxSize:  1000,
			findings: []string{"schema file specs/big.graphql: is larger than the size cap of 1000 bytes; split the schema into several files or raise the cap (--max-file-size)"},
		},
		{
			name:     "joined files over the cap",
			value:    "schema/*.graphql",
			files:    map[string]string{"specs/schema/a.graphql": strings.Repeat("#", 600), "specs/schema/b.graphql": strings.Repeat("#", 600)},
			maxSize:  1000,
			findings: []string{"the schema files TransformSchemaFile names are together larger than the size cap of 1000 bytes (reached at specs/schema/b.graphql, file 2); name fewer files or raise the cap (--max-file-size)"},
		},
		{
			name:     "not UTF-8",
			value:    "latin1.graphql",
			files:    map[string]string{"specs/latin1.graphql": "# ok\n# caf\xe9\n"},
			findings: []string{"schema file specs/latin1.graphql: is not UTF-8 text (invalid byte 0xe9 on line 2); save it as UTF-8"},
		},
		{
			name:     "pattern matching nothing",
			value:    "schema/*.gql",
			findings: []string{`TransformSchemaFile "schema/*.gql": matches no file in specs/schema; check the pattern, which is relative to the spec file`},
		},
		{
			name:     "absolute path",
			value:    "/etc/schema.graphql",
			findings: []string{`TransformSchemaFile "/etc/schema.graphql": is an absolute path; give the path relative to the spec file, so the repository works wherever it is checked out`},
		},
		{
			name:     "one bad entry of two",
			value:    "[a.graphql, b.graphql]",
			files:    map[string]string{"specs/a.graphql": "type A"},
			findings: []string{"schema file specs/b.graphql: does not exist; create it, or fix the path (it is relative to the spec file)"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			writeFiles(t, dir, map[string]string{"specs/api.yaml": schemaSpecHead + "  TransformSchemaFile: " + tc.value + "\n"})
			t.Chdir(dir)
			f, err := Load(context.Background(), Source{Path: "specs/api.yaml", Name: "specs/api.yaml"}, Options{MaxFileSize: tc.maxSize})
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, fd := range f.Findings {
				if fd.Rule != RuleSchemaFile || fd.File != "specs/api.yaml" || fd.Line != 6 {
					t.Errorf("finding %+v: want a %s finding at specs/api.yaml line 6", fd, RuleSchemaFile)
				}
				msgs = append(msgs, fd.Message)
			}
			if diff := cmp.Diff(tc.findings, msgs); diff != "" {
				t.Errorf("findings (-want +got):\n%s", diff)
			}
			if len(f.Docs) != 1 {
				t.Fatalf("%d documents, want 1 (a schema file problem keeps the document)", len(f.Docs))
			}
			s := f.Docs[0].Schema
			if tc.want == "" {
				if s != nil {
					t.Errorf("schema %q, want none", s.Text)
				}
				return
			}
			if s == nil {
				t.Fatal("no schema")
			}
			if s.Text != tc.want {
				t.Errorf("text %q, want %q", s.Text, tc.want)
			}
			var names []string
			for _, p := range s.Parts {
				names = append(names, p.Name)
				if got := s.Text[p.Offset : p.Offset+p.Len]; got != tc.files[p.Name] {
					t.Errorf("part %s holds %q, want the file's %q", p.Name, got, tc.files[p.Name])
				}
			}
			if diff := cmp.Diff(tc.parts, names); diff != "" {
				t.Errorf("parts (-want +got):\n%s", diff)
			}
			if len(f.Schemas) != len(tc.parts) {
				t.Errorf("File.Schemas %v, want one per file", f.Schemas)
			}
			req, err := f.Docs[0].Decode()
			if err != nil {
				t.Fatal(err)
			}
			if req.ResourceConfig.TransformSchema != tc.want {
				t.Errorf("decoded TransformSchema %q, want the joined files", req.ResourceConfig.TransformSchema)
			}
		})
	}
}

// TestResolveSchemaFilesBoth: TransformSchema and TransformSchemaFile
// together are a finding, and nothing is read.
func TestResolveSchemaFilesBoth(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"api.yaml":  schemaSpecHead + "  TransformSchema: type A\n  TransformSchemaFile: a.graphql\n",
		"a.graphql": "type A",
	})
	f, err := Load(context.Background(), Source{Path: filepath.Join(dir, "api.yaml"), Name: "api.yaml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 1 || f.Findings[0].Line != 7 || !strings.Contains(f.Findings[0].Message, "both TransformSchema (line 6) and TransformSchemaFile") {
		t.Errorf("findings %+v, want one at line 7 naming both keys", f.Findings)
	}
	if f.Docs[0].Schema != nil || len(f.Schemas) != 0 {
		t.Errorf("schema read although both keys are given")
	}
}

// TestResolveSchemaFilesStdin: paths in a spec read from standard input are
// relative to --stdin-filename's directory; shared files are listed once.
func TestResolveSchemaFilesStdin(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bapi/a.graphql": "type A"})
	t.Chdir(dir)
	doc := schemaSpecHead + "  TransformSchemaFile: a.graphql\n"
	f, err := Load(context.Background(), Source{Path: "-"}, Options{Stdin: strings.NewReader(doc + "---\n" + strings.Replace(doc, "dev", "prod", 1)), StdinFilename: "bapi/api.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 0 {
		t.Fatalf("findings %+v", f.Findings)
	}
	if len(f.Docs) != 2 || f.Docs[1].Schema == nil || f.Docs[1].Schema.Parts[0].Name != "bapi/a.graphql" {
		t.Fatalf("want both documents to read bapi/a.graphql")
	}
	if len(f.Schemas) != 1 {
		t.Errorf("File.Schemas %v, want bapi/a.graphql once", f.Schemas)
	}
}

func TestSchemaArgs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"bapi/schema/post.graphql": "", "apps/bapi/x/y.graphql": "", "bapi/other.graphql": "", "specs/a.graphql": "", "b.GRAPHQL": ""})
	t.Chdir(dir)
	// A .graphql file that does not exist is kept, for the loader to
	// report as unreadable (exit 2), as it would a spec file: checking the
	// directory instead would pass a mistyped path.
	got := SchemaArgs([]string{"bapi/blog.yaml", "bapi/schema/post.graphql", "apps/bapi/x/y.graphql", "bapi/other.graphql", "specs/a.graphql", "b.GRAPHQL", "bapi/typo.graphql"})
	want := []string{"bapi/blog.yaml", "bapi", "apps/bapi", "specs", ".", "bapi/typo.graphql"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SchemaArgs (-want +got):\n%s", diff)
	}
}
