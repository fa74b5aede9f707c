package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

func TestSpecIsDeterministic(t *testing.T) {
	for i := range 50 {
		a, ka := Spec(i, 1, 0.05)
		b, kb := Spec(i, 1, 0.05)
		if !bytes.Equal(a, b) || ka != kb {
			t.Fatalf("file %d differs between two runs with the same seed", i)
		}
	}
	a, _ := Spec(3, 1, 0.05)
	b, _ := Spec(3, 2, 0.05)
	if bytes.Equal(a, b) {
		t.Error("seeds 1 and 2 gave the same file")
	}
}

// TestCorpusValidity validates a small corpus: valid files have no errors,
// every invalid file has at least one, and about 5% are invalid.
func TestCorpusValidity(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	st, err := Write(dir, n, 1, 0.05)
	if err != nil {
		t.Fatal(err)
	}
	if st.Invalid < 5 || st.Invalid > 30 {
		t.Errorf("%d of %d files invalid, want about 5%%", st.Invalid, n)
	}
	sources, err := spec.Discover(context.Background(), []string{dir}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res, err := validate.Run(context.Background(), sources, validate.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != n {
		t.Fatalf("validated %d files, want %d", res.Files, n)
	}
	bad := map[string]bool{}
	for _, f := range res.Findings {
		if f.Severity == finding.Error {
			bad[filepath.Base(f.File)] = true
		}
	}
	for i := range n {
		_, kind := Spec(i, 1, 0.05)
		if got := bad[specName(i)]; got != (kind != "") {
			data, _ := Spec(i, 1, 0.05)
			t.Errorf("file %d (defect %q): has errors = %v\n%s", i, kind, got, data)
		}
	}
}

func specName(i int) string { return fmt.Sprintf("spec-%05d.yaml", i) }

// BenchmarkValidateCorpus validates a 1,000-file generated corpus in
// process, as bapi validate does.
func BenchmarkValidateCorpus(b *testing.B) {
	dir := b.TempDir()
	if _, err := Write(dir, 1000, 1, 0.05); err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		sources, err := spec.Discover(ctx, []string{dir}, spec.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := validate.Run(ctx, sources, validate.Options{Parallelism: runtime.GOMAXPROCS(0)}); err != nil {
			b.Fatal(err)
		}
	}
}
