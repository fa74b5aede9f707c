//go:build unix

package spec

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestResolveSchemaFilesNotRegular: a named pipe or a device is a finding,
// never read (opening a pipe would block).
func TestResolveSchemaFilesNotRegular(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.yaml": schemaSpecHead + "  TransformSchemaFile: [pipe.graphql, /dev/null]\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.graphql"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// Were the pipe opened, Load would block: go test's -timeout reports
	// that, with the goroutine's stack.
	f, err := Load(context.Background(), Source{Path: filepath.Join(dir, "api.yaml"), Name: "api.yaml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 2 || !strings.Contains(f.Findings[0].Message, "schema file pipe.graphql: is not a regular file") || !strings.Contains(f.Findings[1].Message, "is an absolute path") {
		t.Errorf("findings %+v, want the pipe refused and /dev/null refused as absolute", f.Findings)
	}
}

// TestResolveSchemaFilesOutsideRoot: with Options.Root, a schema file that
// resolves outside it (by "..", through a symbolic link to a file or to a
// directory, or by a pattern) is a finding and is not read; a pattern's
// finding names no file outside. A link that stays inside is read, and
// without Root nothing is refused.
func TestResolveSchemaFilesOutsideRoot(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.graphql": "type Secret", "etc/passwd": "root:x:0:0"})
	repo := filepath.Join(t.TempDir(), "repo")
	writeFiles(t, repo, map[string]string{"bapi/in.graphql": "type A @model { id: ID! }"})
	for link, target := range map[string]string{
		"bapi/link.graphql":   filepath.Join(outside, "secret.graphql"),
		"bapi/etc":            filepath.Join(outside, "etc"),
		"bapi/inlink.graphql": "in.graphql",
	} {
		if err := os.Symlink(target, filepath.Join(repo, link)); err != nil {
			t.Fatal(err)
		}
	}
	relOut, err := filepath.Rel(filepath.Join(repo, "bapi"), filepath.Join(outside, "secret.graphql"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	const is = "is outside the working directory (after symbolic links); bapi reads schema files only under the directory it runs in"
	tests := []struct {
		value, root string
		want        string // a substring of the one finding; "" for none
	}{
		{value: relOut, root: ".", want: "schema file " + filepath.Join("bapi", relOut) + ": " + is},
		{value: "../../nowhere/x.graphql", root: ".", want: ": " + is},
		{value: "link.graphql", root: ".", want: "schema file bapi/link.graphql: " + is},
		{value: "etc/passwd", root: ".", want: "schema file bapi/etc/passwd: " + is},
		{value: "etc/*", root: ".", want: `TransformSchemaFile "etc/*": matches files that are outside the working directory`},
		{value: filepath.Dir(relOut) + "/*.graphql", root: ".", want: "matches files that are outside the working directory"},
		{value: "etc/none*", root: ".", want: "names a directory that is outside the working directory"},
		{value: "inlink.graphql", root: "."},
		{value: "in.graphql", root: repo},
		{value: "link.graphql", root: ""},
	}
	for _, tc := range tests {
		t.Run(tc.value+" root "+tc.root, func(t *testing.T) {
			writeFiles(t, repo, map[string]string{"bapi/api.yaml": schemaSpecHead + "  TransformSchemaFile: '" + tc.value + "'\n"})
			f, err := Load(context.Background(), Source{Path: "bapi/api.yaml", Name: "bapi/api.yaml"}, Options{Root: tc.root})
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if len(f.Findings) != 0 || f.Docs[0].Schema == nil {
					t.Fatalf("findings %+v, want the schema read", f.Findings)
				}
				return
			}
			if len(f.Findings) != 1 || !strings.Contains(f.Findings[0].Message, tc.want) || f.Findings[0].Rule != RuleSchemaFile {
				t.Fatalf("findings %+v, want one %s finding with %q", f.Findings, RuleSchemaFile, tc.want)
			}
			if m := f.Findings[0].Message; strings.Contains(m, "passwd") && !strings.HasPrefix(tc.value, "etc/passwd") || strings.Contains(m, "secret") && tc.value != relOut {
				t.Errorf("finding %q names a file outside", m)
			}
			if f.Docs[0].Schema != nil || len(f.Schemas) != 0 {
				t.Errorf("a schema file outside was read")
			}
		})
	}
}

// TestLoadLinkOutsideRoot: with Options.Root, a spec file that is a
// symbolic link to a file outside it is not read (an *InputError), as
// Discover lists links to files it finds in a directory; a link inside, a
// path given that is not a link, and no Root are read.
func TestLoadLinkOutsideRoot(t *testing.T) {
	outside := t.TempDir()
	writeFiles(t, outside, map[string]string{"secret.yaml": "secret: hunter2\n"})
	repo := t.TempDir()
	writeFiles(t, repo, map[string]string{"bapi/real.yaml": "a: 1\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.yaml"), filepath.Join(repo, "bapi/evil.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("real.yaml", filepath.Join(repo, "bapi/in.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Chdir(repo)
	srcs, err := Discover(context.Background(), []string{"bapi"}, Options{Root: "."})
	if err != nil || len(srcs) != 3 {
		t.Fatalf("Discover: %v %v, want the three files", srcs, err)
	}
	_, err = Load(context.Background(), Source{Path: "bapi/evil.yaml"}, Options{Root: "."})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "bapi/evil.yaml: is a symbolic link to a file outside the working directory") {
		t.Errorf("Load of the link outside: %v, want an InputError saying so", err)
	}
	for _, tc := range []struct{ path, root string }{
		{"bapi/in.yaml", "."},
		{filepath.Join(outside, "secret.yaml"), "."},
		{"bapi/evil.yaml", ""},
	} {
		if _, err := Load(context.Background(), Source{Path: tc.path}, Options{Root: tc.root}); err != nil {
			t.Errorf("Load %s (root %q): %v, want it read", tc.path, tc.root, err)
		}
	}
}
