package spec

import (
	"context"
	"path/filepath"
	"testing"
)

// TestOverlay: a spec file and a schema file in the overlay are read from
// it, not from disk (an editor's unsaved buffers).
func TestOverlay(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"api.yaml":   schemaSpecHead + "  TransformSchemaFile: s.graphql\n",
		"s.graphql":  "type OnDisk @model { id: ID! }\n",
		"other.yaml": "AppId: on-disk\n",
	})
	abs := func(name string) string {
		p, err := filepath.Abs(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	ov := Overlay{
		abs("api.yaml"):  []byte(schemaSpecHead + "  Service: AppSync\n  TransformSchemaFile: s.graphql\n"),
		abs("s.graphql"): []byte("type InBuffer @model { id: ID! }\n"),
	}
	f, err := Load(context.Background(), Source{Path: filepath.Join(dir, "api.yaml"), Name: "api.yaml"}, Options{Root: dir, Overlay: ov})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 0 || len(f.Docs) != 1 {
		t.Fatalf("findings %v, %d documents", f.Findings, len(f.Docs))
	}
	d := f.Docs[0]
	if _, v := lookup(d.Root.Content[7], "Service"); v == nil {
		t.Errorf("the spec was not read from the overlay")
	}
	if d.Schema == nil || d.Schema.Text != "type InBuffer @model { id: ID! }\n" {
		t.Errorf("schema = %+v, want the overlay's text", d.Schema)
	}
	if d.Schema.Parts[0].Digest != Digest(ov[abs("s.graphql")]) {
		t.Errorf("the schema part's digest is not the overlay's")
	}
	// A file not in the overlay is read from disk.
	f, err = Load(context.Background(), Source{Path: filepath.Join(dir, "other.yaml"), Name: "other.yaml"}, Options{Overlay: ov})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Docs) != 1 {
		t.Fatalf("other.yaml: %d documents, findings %v", len(f.Docs), f.Findings)
	}
	if _, v := lookup(f.Docs[0].Root, "AppId"); v == nil || v.Value != "on-disk" {
		t.Errorf("other.yaml was not read from disk")
	}
}
