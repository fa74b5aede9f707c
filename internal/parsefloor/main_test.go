package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestParseAll(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"a.yaml":          "a: 1\n---\nb: 2\n",
		"sub/b.yml":       "c: [1, 2]\n",
		"sub/broken.yaml": "ok: 1\n---\nbad: [\n",
		".hidden/x.yaml":  "skipped: true\n",
		"notes.txt":       "not yaml: [\n",
	}
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	nf, nd, err := parseAll([]string{dir}, 2)
	if err != nil {
		t.Fatal(err)
	}
	if nf != 3 || nd != 4 {
		t.Errorf("parsed %d files, %d documents; want 3 files, 4 documents", nf, nd)
	}
	if _, _, err := parseAll([]string{filepath.Join(dir, "missing")}, 1); err == nil {
		t.Error("want an error for a missing path")
	}
}
