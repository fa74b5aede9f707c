package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestHostileTags runs bapi validate on each spec under
// testdata/hostile/tags, in the text and json formats. Each file says what
// it must find in lines "# want RULE LINE:COL"; every yaml-tag finding must
// be wanted, and a file with a tag outside the YAML core schema fails.
//
// Not parallel: run shares urfave/cli's package-level help flags.
func TestHostileTags(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "hostile", "tags", "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no hostile tag specs found: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			want := wantedFindings(t, file)

			var stdout, stderr bytes.Buffer
			code := run(context.Background(), []string{"bapi", "validate", "--format", "text", "--no-color", file}, nil, &stdout, &stderr)
			if code != exitFailure {
				t.Fatalf("text: exit %d, want %d\n%s%s", code, exitFailure, stdout.String(), stderr.String())
			}
			var gotText []string
			for line := range strings.Lines(stdout.String()) {
				rest, ok := strings.CutPrefix(line, file+":")
				if !ok {
					continue
				}
				pos, _, _ := strings.Cut(rest, ": ")
				if i := strings.LastIndex(line, "["); i >= 0 && strings.HasSuffix(strings.TrimSpace(line), "]") {
					gotText = append(gotText, strings.TrimSuffix(strings.TrimSpace(line[i+1:]), "]")+" "+pos)
				}
			}
			checkFindings(t, "text", want, gotText, stdout.String())

			stdout.Reset()
			stderr.Reset()
			code = run(context.Background(), []string{"bapi", "validate", "--format", "json", file}, nil, &stdout, &stderr)
			if code != exitFailure {
				t.Fatalf("json: exit %d, want %d\n%s%s", code, exitFailure, stdout.String(), stderr.String())
			}
			var report struct {
				Findings []struct {
					File   string `json:"file"`
					Line   int    `json:"line"`
					Column int    `json:"column"`
					Rule   string `json:"rule"`
				} `json:"findings"`
			}
			if err := json.Unmarshal(stdout.Bytes(), &report); err != nil {
				t.Fatalf("json report: %v\n%s", err, stdout.String())
			}
			var gotJSON []string
			for _, f := range report.Findings {
				if f.File == file {
					gotJSON = append(gotJSON, fmt.Sprintf("%s %d:%d", f.Rule, f.Line, f.Column))
				}
			}
			checkFindings(t, "json", want, gotJSON, stdout.String())
		})
	}
}

// wantedFindings reads the "# want RULE LINE:COL" lines of a test spec.
func wantedFindings(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for line := range strings.Lines(string(data)) {
		if w, ok := strings.CutPrefix(strings.TrimSpace(line), "# want "); ok {
			want = append(want, w)
		}
	}
	if len(want) == 0 {
		t.Fatalf("%s has no # want lines", file)
	}
	return want
}

// checkFindings checks that every wanted finding ("RULE LINE:COL") was
// got, and that every yaml-tag finding got was wanted.
func checkFindings(t *testing.T, format string, want, got []string, out string) {
	t.Helper()
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s: no finding %s; got %q\n%s", format, w, got, out)
		}
	}
	for _, g := range got {
		if strings.HasPrefix(g, "yaml-tag ") && !slices.Contains(want, g) {
			t.Errorf("%s: unexpected finding %s", format, g)
		}
	}
}
