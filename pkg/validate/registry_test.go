package validate

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
)

var ruleIDRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// TestRegistry checks every rule: unique kebab-case ID, a summary, a valid
// default severity and a doc page docs/rules/<ID>.md naming the rule.
func TestRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range All() {
		if !ruleIDRE.MatchString(r.ID) {
			t.Errorf("rule ID %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule ID %q registered twice", r.ID)
		}
		seen[r.ID] = true
		if strings.TrimSpace(r.Summary) == "" || strings.Contains(r.Summary, "\n") {
			t.Errorf("rule %s: summary must be one non-empty line", r.ID)
		}
		if r.Severity < finding.Info || r.Severity > finding.Error {
			t.Errorf("rule %s: invalid default severity %v", r.ID, r.Severity)
		}
		doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules", r.ID+".md"))
		if err != nil {
			t.Errorf("rule %s has no doc page: write docs/rules/%s.md", r.ID, r.ID)
			continue
		}
		if !strings.HasPrefix(string(doc), "# "+r.ID+"\n") {
			t.Errorf("docs/rules/%s.md must start with the heading \"# %s\"", r.ID, r.ID)
		}
		for _, section := range []string{"## Why", "## How to fix"} {
			if !strings.Contains(string(doc), section) {
				t.Errorf("docs/rules/%s.md has no %q section", r.ID, section)
			}
		}
	}
}

// TestRulesTableFresh fails when docs/rules/README.md, or the marked block
// of README.md, differs from the table generated from the registry.
func TestRulesTableFresh(t *testing.T) {
	const fix = "run `go run ./internal/rulestable` from the repository root"
	got, err := os.ReadFile(filepath.Join("..", "..", "docs", "rules", "README.md"))
	if err != nil {
		t.Fatalf("read docs/rules/README.md: %v; %s", err, fix)
	}
	// internal/rulestable's test checks the rest (bapi gen2 check's rules).
	if !strings.HasPrefix(string(got), RulesIndex()) {
		t.Errorf("docs/rules/README.md is stale; %s", fix)
	}
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, ok := ReplaceRulesTable(string(readme), RulesTable())
	if !ok {
		t.Fatalf("README.md has no rules table between %q and %q; %s", RulesTableBegin, RulesTableEnd, fix)
	}
	if want != string(readme) {
		t.Errorf("the rules table in README.md is stale; %s", fix)
	}
}

func TestReplaceRulesTable(t *testing.T) {
	doc := "intro\n" + RulesTableBegin + "\nold\n" + RulesTableEnd + "\nend\n"
	got, ok := ReplaceRulesTable(doc, "| new |\n")
	want := "intro\n" + RulesTableBegin + "\n| new |\n" + RulesTableEnd + "\nend\n"
	if !ok || got != want {
		t.Errorf("ReplaceRulesTable = %q, %v; want %q", got, ok, want)
	}
	if _, ok := ReplaceRulesTable("no markers", "x"); ok {
		t.Error("want false without markers")
	}
}
