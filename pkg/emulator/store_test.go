package emulator

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestStateCreatesMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nodir", "deeper", "state.db")
	s, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("New with a missing state directory: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Errorf("state file not created: %v", err)
	}
}

func TestStateLockedByAnotherEmulator(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	first, err := New(Options{StatePath: path})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer first.Close()
	_, err = New(Options{StatePath: path})
	if err == nil {
		t.Fatal("second New on a locked state file succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "another emulator is using it") {
		t.Errorf("error = %q, want the another-emulator hint", err)
	}
}

func TestStateOtherOpenErrorHasNoLockHint(t *testing.T) {
	// A directory where the state file should be: not a lock problem.
	path := t.TempDir()
	_, err := New(Options{StatePath: path})
	if err == nil {
		t.Fatal("New on a directory succeeded, want an error")
	}
	if strings.Contains(err.Error(), "another emulator") {
		t.Errorf("error = %q, want no another-emulator hint", err)
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("error = %q, want it to name %s", err, path)
	}
}
