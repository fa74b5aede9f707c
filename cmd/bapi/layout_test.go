package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeLayoutListsEveryPackage: the README's layout section names
// every Go package of the repository, so that a newcomer finds where a
// stage, a rule or a format lives: pkg/ and cmd/ packages by their path
// (pkg/plan/schemachange/), internal/ ones by their name.
func TestReadmeLayoutListsEveryPackage(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(readme), "\n## Layout\n")
	if !ok {
		t.Fatal("README.md has no ## Layout section")
	}
	_, block, ok := strings.Cut(after, "```text\n")
	if ok {
		block, _, ok = strings.Cut(block, "\n```")
	}
	if !ok {
		t.Fatal("README.md's layout section has no ```text block")
	}
	for _, top := range []string{"cmd", "pkg", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, top), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			if d.Name() == "testdata" {
				return filepath.SkipDir
			}
			gofiles, err := filepath.Glob(filepath.Join(p, "*.go"))
			if err != nil || len(gofiles) == 0 {
				return err
			}
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			rel = filepath.ToSlash(rel)
			if top == "internal" && rel != "internal" {
				name := strings.TrimPrefix(rel, "internal/")
				if !regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(block) {
					t.Errorf("README.md's layout does not name the package %s: add it to the internal/ entry", rel)
				}
				return nil
			}
			if !strings.Contains(block, rel+"/") {
				t.Errorf("README.md's layout does not list the package %s/: add a line saying what it holds", rel)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}
