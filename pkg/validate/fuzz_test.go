package validate

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// FuzzLoadValidate feeds arbitrary bytes to the loader and every rule as a
// single file on standard input. It must never panic, and every finding must
// be well formed. Seeds are the spec files under testdata/specs; crashers
// found are kept in testdata/fuzz/FuzzLoadValidate.
func FuzzLoadValidate(f *testing.F) {
	for _, pattern := range []string{"../../testdata/specs/*/*.yaml", "../../examples/specs/*.yaml"} {
		paths, _ := filepath.Glob(pattern)
		for _, p := range paths {
			b, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			if len(b) > 64<<10 {
				continue // the size-cap file: the cap is fuzzed below
			}
			f.Add(b)
		}
	}
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("? [a]\n: 1\n"))
	f.Add([]byte("AppId: !!binary aGVsbG8=\nResourceConfig: {ApiName: .inf}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		src := []spec.Source{{Path: "-", Name: "fuzz.yaml"}}
		res, err := Run(context.Background(), src, Options{
			Load:        spec.Options{Stdin: bytes.NewReader(data), MaxFileSize: 64 << 10},
			Parallelism: 1,
		})
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		for _, fd := range res.Findings {
			if fd.File != "fuzz.yaml" || fd.Rule == "" || fd.Message == "" || fd.Severity == 0 {
				t.Errorf("malformed finding: %+v", fd)
			}
			if fd.Severity == finding.Error && fd.Line < 0 {
				t.Errorf("negative line: %+v", fd)
			}
		}
	})
}
