package validate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

const lambdaDoc = gqlHead + `  ConflictResolution:
    ResolutionStrategy: LAMBDA
  TransformSchema: |
    type Post @model @auth(rules: [{ allow: owner }]) {
      id: ID!
    }
`

func TestRunSeverityOverride(t *testing.T) {
	cfg := &Config{Rules: map[string]RuleSetting{RuleConflictLambda: {Severity: finding.Error}}}
	res := runText(t, lambdaDoc, Options{Config: cfg})
	if len(res.Findings) != 1 || res.Findings[0].Rule != RuleConflictLambda || res.Findings[0].Severity != finding.Error {
		t.Fatalf("want one conflict-lambda error, got %+v", res.Findings)
	}
	if !res.Fails(0) {
		t.Error("an error finding must fail the run")
	}
}

func TestRunRuleOff(t *testing.T) {
	cfg := &Config{Rules: map[string]RuleSetting{RuleConflictLambda: {Off: true}}}
	res := runText(t, lambdaDoc, Options{Config: cfg})
	if len(res.Findings) != 0 {
		t.Fatalf("want no findings, got %+v", res.Findings)
	}
}

func TestRunMinSeverity(t *testing.T) {
	res := runText(t, lambdaDoc, Options{})
	if len(res.Findings) != 1 || res.Findings[0].Severity != finding.Warning {
		t.Fatalf("want one warning, got %+v", res.Findings)
	}
	if res.Fails(finding.Error) {
		t.Error("a warning must not fail the run at --min-severity error")
	}
	if !res.Fails(finding.Warning) || !res.Fails(finding.Info) {
		t.Error("a warning must fail the run at --min-severity warning or info")
	}
}

func TestRunIgnoreComment(t *testing.T) {
	doc := gqlHead + "  ConflictResolution:\n    ResolutionStrategy: LAMBDA # bapi:ignore conflict-lambda\n"
	res := runText(t, doc, Options{})
	if len(res.Findings) != 0 || res.Suppressed != 1 {
		t.Fatalf("want the finding suppressed, got %+v (suppressed %d)", res.Findings, res.Suppressed)
	}
	// The same comment with ignore comments disabled suppresses nothing.
	res = runText(t, doc, Options{NoIgnoreComments: true})
	if len(res.Findings) != 1 || res.Findings[0].Rule != RuleConflictLambda {
		t.Fatalf("want the finding, got %+v", res.Findings)
	}
}

func TestRunIgnoreUnusedRuleOff(t *testing.T) {
	// An ignore naming a rule that is turned off is not reported as unused.
	doc := gqlHead + "  ConflictResolution:\n    ResolutionStrategy: LAMBDA # bapi:ignore conflict-lambda\n"
	cfg := &Config{Rules: map[string]RuleSetting{RuleConflictLambda: {Off: true}}}
	if res := runText(t, doc, Options{Config: cfg}); len(res.Findings) != 0 {
		t.Fatalf("want no findings, got %+v", res.Findings)
	}
}

func TestRunIgnoredPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "legacy"), 0o755); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "legacy", "a.yaml")
	if err := os.WriteFile(p, []byte("AppId: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := &Config{Path: filepath.Join(dir, ConfigFileName), Ignore: []string{"legacy/**"}}
	res, err := Run(context.Background(), []spec.Source{{Path: p, Name: p}}, Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != 0 || len(res.Skipped) != 1 || len(res.Findings) != 0 {
		t.Fatalf("want the file skipped, got %+v", res)
	}
}

func TestAddressDuplicateAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	doc := gqlHead + "  TransformSchema: |\n    type Post @model { id: ID! }\n"
	var srcs []spec.Source
	for _, n := range []string{"a.yaml", "b.yaml"} {
		p := filepath.Join(dir, n)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, spec.Source{Path: p, Name: n})
	}
	res, err := Run(context.Background(), srcs, Options{Rules: []*Rule{addressDuplicateRule()}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 2 {
		t.Fatalf("want two findings, got %+v", res.Findings)
	}
	for i, f := range res.Findings {
		other := res.Findings[1-i]
		if f.Line != 3 || f.Column != 1 || len(f.Related) != 1 || f.Related[0].File != other.File || f.Related[0].Line != 3 {
			t.Errorf("finding %d: %+v", i, f)
		}
	}
}

// TestRunDocURLEveryFinding checks that load-stage findings (from pkg/spec,
// which knows no URLs) get their rule's doc URL like rule findings do.
func TestRunDocURLEveryFinding(t *testing.T) {
	for _, tc := range []struct{ name, text, rule string }{
		{name: "yaml-syntax", text: "AppId: [\n", rule: spec.RuleYAMLSyntax},
		{name: "document-empty", text: "---\n---\n", rule: spec.RuleEmptyDocument},
		{name: "rule", text: lambdaDoc, rule: RuleConflictLambda},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := runText(t, tc.text, Options{})
			found := false
			for _, f := range res.Findings {
				if f.DocURL != DocURL(f.Rule) {
					t.Errorf("%s: doc URL = %q, want %q", f.Rule, f.DocURL, DocURL(f.Rule))
				}
				found = found || f.Rule == tc.rule
			}
			if !found {
				t.Fatalf("want a %s finding, got %+v", tc.rule, res.Findings)
			}
		})
	}
}
