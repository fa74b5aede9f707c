package validate

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

// TestRuleIndependence checks, on every rule's bad cases, that each rule
// is its own: turned off in .bapi.yaml it drops only its own findings,
// and given another severity there its findings (only they) carry it. The
// checks that share graphql-valid's parse are the ones this guards.
func TestRuleIndependence(t *testing.T) {
	files, err := filepath.Glob("../../testdata/rules/*/bad*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 40 {
		t.Fatalf("found %d bad cases; the glob no longer matches", len(files))
	}
	type key struct {
		Rule, Message string
		Line, Column  int
		Severity      finding.Severity
	}
	run := func(t *testing.T, path string, cfg Config) []key {
		t.Helper()
		if strings.HasSuffix(path, "-v1.yaml") {
			cfg.TransformerVersion = 1
		}
		res, err := Run(context.Background(), []spec.Source{{Path: path, Name: path}}, Options{Parallelism: 1, Config: &cfg})
		if err != nil {
			t.Fatal(err)
		}
		out := make([]key, len(res.Findings))
		for i, f := range res.Findings {
			out[i] = key{f.Rule, f.Message, f.Line, f.Column, f.Severity}
		}
		return out
	}
	for _, path := range files {
		id := filepath.Base(filepath.Dir(path))
		t.Run(id+"/"+filepath.Base(path), func(t *testing.T) {
			all := run(t, path, Config{})
			others := []key{}
			own := 0
			for _, k := range all {
				if k.Rule == id {
					own++
				} else {
					others = append(others, k)
				}
			}
			if own == 0 {
				t.Skipf("no %s finding in its bad case (a load-stage or cross-file rule)", id)
			}
			off := run(t, path, Config{Rules: map[string]RuleSetting{id: {Off: true}}})
			if diff := cmp.Diff(others, off); diff != "" {
				t.Errorf("%s off: the other findings changed (-want +got):\n%s", id, diff)
			}
			sev := finding.Warning
			if all[0].Severity == finding.Warning {
				sev = finding.Error
			}
			for _, k := range all {
				if k.Rule == id {
					sev = finding.Warning
					if k.Severity == finding.Warning {
						sev = finding.Error
					}
					break
				}
			}
			want := make([]key, len(all))
			for i, k := range all {
				if k.Rule == id {
					k.Severity = sev
				}
				want[i] = k
			}
			got := run(t, path, Config{Rules: map[string]RuleSetting{id: {Severity: sev}}})
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s: %v: findings differ (-want +got):\n%s", id, sev, diff)
			}
		})
	}
}

// TestSchemaCheckSeverities checks that a rule checked on graphql-valid's
// parse reports with the severity it registered.
func TestSchemaCheckSeverities(t *testing.T) {
	for _, r := range schemaCheckRules() {
		if got := registeredSeverity(r.ID); got != r.Severity {
			t.Errorf("%s: registeredSeverity = %v, registered %v", r.ID, got, r.Severity)
		}
	}
	res := runText(t, gqlHead+"  TransformSchema: |\n    type Query { echo: String @function(name: \"echo\") }\n", Options{})
	if len(res.Findings) != 1 || res.Findings[0].Rule != RuleNoModel || res.Findings[0].Severity != finding.Warning {
		t.Fatalf("want one graphql-no-model warning (its registered severity), got %+v", res.Findings)
	}
}
