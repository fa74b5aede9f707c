package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// TestValidateParallelismCappedAtFiles: -j far above the number of files
// starts no more workers than there are files, so -j 100000 on one file
// does not take hundreds of megabytes of goroutine stacks. (Not parallel:
// it reads the process's memory statistics.)
func TestValidateParallelismCappedAtFiles(t *testing.T) {
	spec := filepath.Join(t.TempDir(), "api.yaml")
	if err := os.WriteFile(spec, []byte(validSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bapi", "validate", "-j", "100000", spec}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s%s", code, stdout.String(), stderr.String())
	}
	runtime.ReadMemStats(&after)
	// 100,000 idle goroutines need at least 100,000 minimum-size (8 KiB)
	// stacks: 800 MB. One worker needs a few kilobytes; 64 MB leaves room
	// for the test binary's other goroutines.
	if grown := int64(after.StackSys) - int64(before.StackSys); grown > 64<<20 {
		t.Errorf("bapi validate -j 100000 on one file grew goroutine stacks by %d MB, want under 64 MB: workers are not capped at the file count", grown>>20)
	}
}
