package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// ruleDocExample matches a rule page's example: the spec, then the output
// of `bapi validate --format compact spec.yaml`.
var ruleDocExample = regexp.MustCompile("(?s)## Example\n\n```yaml\n(.*?)```\n\n`bapi validate --format compact spec.yaml` reports:\n\n```\n(.*?)```")

// TestRuleDocExamples runs the example of every page in docs/rules and
// compares bapi's real output with the output the page shows, so the pages
// cannot rot.
func TestRuleDocExamples(t *testing.T) {
	pages, err := filepath.Glob(filepath.Join("..", "..", "docs", "rules", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, page := range pages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		m := ruleDocExample.FindSubmatch(data)
		if m == nil {
			continue
		}
		checked++
		t.Run(strings.TrimSuffix(filepath.Base(page), ".md"), func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "spec.yaml"), m[1], 0o644); err != nil {
				t.Fatal(err)
			}
			t.Chdir(dir)
			var stdout, stderr bytes.Buffer
			run(context.Background(), []string{"bapi", "validate", "--format", "compact", "spec.yaml"}, strings.NewReader(""), &stdout, &stderr)
			if got, want := strings.TrimSpace(stdout.String()), strings.TrimSpace(string(m[2])); got != want {
				t.Errorf("%s: the example's output is not what bapi prints\npage says:\n%s\nbapi prints:\n%s\nstderr:\n%s", page, want, got, stderr.String())
			}
		})
	}
	if checked < 20 {
		t.Fatalf("checked only %d rule page examples; the pattern no longer matches the pages", checked)
	}
}
