package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists the directory's entries other than want.
func leftovers(t *testing.T, dir string, want ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	keep := map[string]bool{}
	for _, w := range want {
		keep[w] = true
	}
	var out []string
	for _, e := range ents {
		if !keep[e.Name()] {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWrite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("new"), 0o644); err != nil {
		t.Fatalf("Write: %v", err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "new" {
		t.Errorf("content = %q, want %q", got, "new")
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if m := info.Mode().Perm(); m != 0o644 {
		t.Errorf("mode = %v, want 0644", m)
	}
	if l := leftovers(t, dir, "out.json"); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

// TestWriteFuncFailureKeepsOld checks that content streamed by a write that
// fails never replaces the file, and leaves no temporary file.
func TestWriteFuncFailureKeepsOld(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "out.json")
	if err := os.WriteFile(p, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("render failed")
	err := WriteFunc(p, 0o644, func(w io.Writer) error {
		if _, err := io.WriteString(w, strings.Repeat("x", 200<<10)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the render error", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "old" {
		t.Errorf("content = %.20q, want the old file", got)
	}
	if l := leftovers(t, dir, "out.json"); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
	if err := WriteFunc(p, 0o644, func(w io.Writer) error {
		_, err := io.WriteString(w, strings.Repeat("y", 200<<10))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); len(got) != 200<<10 || got[0] != 'y' {
		t.Errorf("streamed content: %d bytes", len(got))
	}
}

func TestWriteMissingDir(t *testing.T) {
	t.Parallel()
	p := filepath.Join(t.TempDir(), "missing", "out.json")
	err := Write(p, []byte("x"), 0o644)
	if err == nil {
		t.Fatal("Write into a missing directory succeeded")
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("error %v does not wrap fs.ErrNotExist", err)
	}
}

func TestWriteOntoDirectoryCleansUp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "sub")
	if err := os.Mkdir(p, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(p, "f"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("x"), 0o644); err == nil {
		t.Fatal("Write over a non-empty directory succeeded")
	}
	if l := leftovers(t, dir, "sub"); len(l) > 0 {
		t.Errorf("temporary files left after a failed rename: %v", l)
	}
}

func TestCreate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "spec.yaml")
	if err := Create(p, []byte("first"), 0o644); err != nil {
		t.Fatalf("Create: %v", err)
	}
	err := Create(p, []byte("second"), 0o644)
	if !errors.Is(err, fs.ErrExist) {
		t.Fatalf("second Create: got %v, want an fs.ErrExist error", err)
	}
	got, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "first" {
		t.Errorf("content = %q, want the first write kept", got)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if m := info.Mode().Perm(); m != 0o644 {
		t.Errorf("mode = %v, want 0644", m)
	}
	if l := leftovers(t, dir, "spec.yaml"); len(l) > 0 {
		t.Errorf("temporary files left: %v", l)
	}
}

func TestCheckWritable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		path    string
		wantErr bool
	}{
		{name: "new file", path: filepath.Join(dir, "report.json")},
		{name: "existing file", path: file},
		{name: "missing directory", path: filepath.Join(dir, "missing", "report.json"), wantErr: true},
		{name: "parent is a file", path: filepath.Join(file, "report.json"), wantErr: true},
		{name: "path is a directory", path: dir, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckWritable(tc.path)
			if (err != nil) != tc.wantErr {
				t.Errorf("CheckWritable(%s) = %v, want error %v", tc.name, err, tc.wantErr)
			}
		})
	}
	if l := leftovers(t, dir, "file"); len(l) > 0 {
		t.Errorf("CheckWritable left files: %v", l)
	}
}
