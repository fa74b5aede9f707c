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

// TestDirectoryWithUnreadableEntries: in a directory, a named pipe, a
// dangling link, a link loop and an unlistable directory are each one
// file-unreadable finding naming what they are, and the good file beside
// them is still loaded. Nothing blocks on the pipe.
func TestDirectoryWithUnreadableEntries(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"good.yaml": okDoc})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	for link, target := range map[string]string{"dangling.yaml": "nowhere.yaml", "loop.yaml": "loop.yaml"} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	want := map[string]string{
		"dangling.yaml": "dangling symbolic link",
		"loop.yaml":     "symbolic link loop",
		"pipe.yaml":     "named pipe (FIFO)",
	}
	if os.Geteuid() != 0 {
		locked := filepath.Join(dir, "locked")
		writeFiles(t, locked, map[string]string{"x.yaml": okDoc})
		if err := os.Chmod(locked, 0); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(locked, 0o755) })
		want["locked"] = "directory cannot be listed"
	}
	sources, err := Discover(context.Background(), []string{dir}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	loaded := 0
	for _, src := range sources {
		f, err := Load(context.Background(), src, Options{Root: dir})
		if err != nil {
			t.Fatalf("load %s: %v", src.Name, err)
		}
		base := filepath.Base(src.Name)
		if base == "good.yaml" {
			loaded += len(f.Docs)
			continue
		}
		if len(f.Findings) != 1 || f.Findings[0].Rule != RuleUnreadable || !strings.Contains(f.Findings[0].Message, want[base]) || want[base] == "" {
			t.Errorf("%s: findings %+v, want one %s saying %q", base, f.Findings, RuleUnreadable, want[base])
		}
		delete(want, base)
	}
	if loaded != 1 {
		t.Errorf("good.yaml: %d documents loaded, want 1", loaded)
	}
	if len(want) > 0 {
		t.Errorf("not reported: %v", want)
	}
}

// TestLoadNamedPipeGiven: a named pipe given by name is an *InputError that
// says what it is, at once (opening it would block for ever).
func TestLoadNamedPipeGiven(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "x.yaml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, err := Load(context.Background(), Source{Path: p, Name: "x.yaml"}, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("err = %v, want an *InputError naming a named pipe", err)
	}
	if _, _, err := OpenRegular(p); !errors.Is(err, ErrNotRegular) {
		t.Errorf("OpenRegular: err = %v, want ErrNotRegular", err)
	}
}

// TestLoadSpecLinks: a spec file opened in one step when it is not a link
// (openSpecFile) still goes through the link checks when it is one: a link
// out of the root is refused and its target never read, a link inside it is
// read, and a plain file is read.
func TestLoadSpecLinks(t *testing.T) {
	t.Parallel()
	root, outside := t.TempDir(), t.TempDir()
	writeFiles(t, root, map[string]string{"plain.yaml": okDoc})
	writeFiles(t, outside, map[string]string{"secret.yaml": okDoc})
	for link, target := range map[string]string{
		"in.yaml":  filepath.Join(root, "plain.yaml"),
		"out.yaml": filepath.Join(outside, "secret.yaml"),
	} {
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Skipf("symlink: %v", err)
		}
	}
	for name, want := range map[string]string{
		"plain.yaml": "",
		"in.yaml":    "",
		"out.yaml":   "symbolic link to a file outside the working directory",
	} {
		f, err := Load(context.Background(), Source{Path: filepath.Join(root, name), Name: name}, Options{Root: root})
		switch {
		case want == "" && (err != nil || len(f.Docs) != 1):
			t.Errorf("%s: err %v, want it read", name, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("%s: err %v, want one saying %q", name, err, want)
		}
	}
}
