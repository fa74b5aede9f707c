//go:build unix

package importer

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFIFOInProject: a named pipe in the project is refused before it is
// opened (an open would block until a writer came, for ever).
func TestFIFOInProject(t *testing.T) {
	dir := notesProject(t, map[string]string{"amplify/backend/api/notes/schema.graphql": "", "amplify/backend/api/notes/schema/a.graphql": notesSchema}, "")
	if err := syscall.Mkfifo(filepath.Join(dir, "amplify/backend/api/notes/schema/x.graphql"), 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := FromProject(context.Background(), dir, ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1"}})
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "x.graphql: is not a regular file") {
			t.Errorf("error %v, want the pipe refused", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("import blocked on the named pipe")
	}
}
