package validate

import (
	"context"
	"testing"
)

// TestRunNoSources runs the engine with nothing to read, many times: the
// race detector caught the workers' WaitGroup.Add racing the collector's
// Wait when there was no source to wait for.
func TestRunNoSources(t *testing.T) {
	for range 50 {
		res, err := Run(context.Background(), nil, Options{Parallelism: 4})
		if err != nil {
			t.Fatalf("Run with no sources: %v", err)
		}
		if res.Files != 0 || len(res.Findings) != 0 {
			t.Fatalf("Run with no sources = %d files, %d findings; want none", res.Files, len(res.Findings))
		}
	}
}
