package validate

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/spec"
)

// TestInputDocuments checks Input.Documents: every document counts, loaded
// or not, and a file that fails as a whole has none.
//
// The run's Documents is the sum over inputs; DocumentsChecked counts only
// the documents that loaded. A file over the size cap has no digest.
func TestInputDocuments(t *testing.T) {
	dir := t.TempDir()
	files := []struct {
		name, text string
		want       int
	}{
		{"one.yaml", "AppId: a\n", 1},
		{"three.yaml", "AppId: a\n---\n- a list\n---\nAppId: c\n", 3},
		{"empty-second.yaml", "AppId: a\n---\n", 2},
		{"syntax-second.yaml", "AppId: a\n---\nAppId: [b\n", 2},
		{"nothing.yaml", "# only a comment\n", 0},
		{"binary.yaml", "AppId: a\x00\n", 0},
		{"big.yaml", "AppId: a\n" + strings.Repeat("# padding past the size cap\n", 4), 0},
	}
	var sources []spec.Source
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		if err := os.WriteFile(p, []byte(f.text), 0o644); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, spec.Source{Path: p, Name: f.name})
	}
	res, err := Run(context.Background(), sources, Options{Load: spec.Options{MaxFileSize: 64}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Inputs) != len(files) {
		t.Fatalf("got %d inputs, want %d", len(res.Inputs), len(files))
	}
	for i, f := range files {
		if got := res.Inputs[i].Documents; got != f.want {
			t.Errorf("%s: Documents = %d, want %d", f.name, got, f.want)
		}
		if got := res.Inputs[i].Digest; (got == "") != (f.name == "big.yaml") {
			t.Errorf("%s: Digest = %q", f.name, got)
		}
	}
	if res.Documents != 8 || res.DocumentsChecked != 5 {
		t.Errorf("Documents = %d, DocumentsChecked = %d, want 8 and 5", res.Documents, res.DocumentsChecked)
	}
}
