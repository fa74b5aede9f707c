//go:build unix

package spec

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestResolveSchemaFilesNotRegular: a named pipe or a device is a finding,
// never read (opening a pipe would block).
func TestResolveSchemaFilesNotRegular(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"api.yaml": schemaSpecHead + "  TransformSchemaFile: [pipe.graphql, /dev/null]\n"})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.graphql"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	done := make(chan *File, 1)
	go func() {
		f, err := Load(context.Background(), Source{Path: filepath.Join(dir, "api.yaml"), Name: "api.yaml"}, Options{})
		if err != nil {
			t.Error(err)
		}
		done <- f
	}()
	select {
	case f := <-done:
		if len(f.Findings) != 2 || !strings.Contains(f.Findings[0].Message, "schema file pipe.graphql: is not a regular file") || !strings.Contains(f.Findings[1].Message, "is an absolute path") {
			t.Errorf("findings %+v, want the pipe refused and /dev/null refused as absolute", f.Findings)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Load blocked on a named pipe")
	}
}
