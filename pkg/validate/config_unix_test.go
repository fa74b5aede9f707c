//go:build unix

package validate

import (
	"context"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestConfigNamedPipeRefused(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, ConfigFileName)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	// Were the pipe opened for reading, this would block: go test -timeout
	// catches that.
	_, _, err := LoadConfig(context.Background(), dir, p)
	if err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("a named pipe as the config: error %v, want one that says it is a named pipe", err)
	}
}
