package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/gen2"
)

// TestRulesIndexFresh fails when docs/rules/README.md differs from what
// rulestable writes: validate's rules, then bapi gen2 check's (each of
// them listed).
func TestRulesIndexFresh(t *testing.T) {
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != index() {
		t.Errorf("docs/rules/README.md is stale; run `go run ./internal/rulestable` from the repository root")
	}
	for _, r := range gen2.Rules() {
		if !strings.Contains(string(got), "| [`"+r.ID+"`]("+r.ID+".md) | "+r.Severity.String()+" |") {
			t.Errorf("docs/rules/README.md does not list %s", r.ID)
		}
	}
}
