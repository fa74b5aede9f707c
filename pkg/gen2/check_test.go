package gen2

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

// loadAPIs loads and models the specs under paths, as the CLI does.
func loadAPIs(t *testing.T, paths ...string) []*API {
	t.Helper()
	return loadAPIsConfig(t, "", paths...)
}

// v1Spec is a spec on transformer v1, loaded with v1Config (which declares
// it) as validate refuses v1 directives on v2.
const (
	v1Spec   = "testdata/check/v1/old.yaml"
	v1Config = "testdata/check/v1/bapi.yaml"
)

// loadAPIsConfig is loadAPIs with a configuration file (--config).
func loadAPIsConfig(t *testing.T, config string, paths ...string) []*API {
	t.Helper()
	_, res, err := plan.LoadSpecs(context.Background(), paths, plan.LoadOptions{Load: spec.Options{Root: "."}, ConfigPath: config})
	if err != nil {
		if res != nil {
			for _, f := range res.Findings {
				t.Logf("%s:%d:%d: %s [%s]", f.File, f.Line, f.Column, f.Message, f.Rule)
			}
		}
		t.Fatalf("load %s: %v", strings.Join(paths, ", "), err)
	}
	apis, err := APIs(context.Background(), res.Docs)
	if err != nil {
		t.Fatal(err)
	}
	return apis
}

func TestCheckFindings(t *testing.T) {
	t.Parallel()
	r, err := Check(context.Background(), loadAPIs(t, "testdata/check/blockers.yaml"), CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.Severity, f.Rule))
		if f.File != "testdata/check/blockers.yaml" || f.DocURL == "" || f.Message == "" {
			t.Errorf("finding %+v: want the spec's file, a doc URL and a message", f)
		}
		if r := rule(f.Rule); !slices.ContainsFunc(Rules(), func(x Rule) bool { return x.ID == f.Rule }) || r.Severity != f.Severity {
			t.Errorf("finding of %s: not registered, or severity %s is not the registered %s", f.Rule, f.Severity, r.Severity)
		}
	}
	want := []string{
		"12:7 warning gen2-oidc",
		"12:7 error gen2-oidc-unconvertible",
		"21:25 error gen2-conflict-resolution",
		"22:20 warning gen2-deletion-protection",
		"23:10 warning gen2-default-auth",
		"23:10 error gen2-table-import",
		"23:26 warning gen2-maps-to",
		"26:20 error gen2-recreated-empty",
		"28:63 warning gen2-iam-provider",
		"28:91 error gen2-recreated-empty",
		"31:28 error gen2-recreated-empty",
		"34:34 warning gen2-env-name",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
	// The OIDC conversion names the seconds; the unconvertible TTL the
	// two whole values around it.
	for _, f := range r.Findings {
		switch f.Rule {
		case RuleOIDC:
			if !strings.Contains(f.Message, "tokenExpireFromIssueInSeconds: 7200") {
				t.Errorf("gen2-oidc message lacks the converted seconds: %s", f.Message)
			}
		case RuleOIDCUnconvertible:
			if !strings.Contains(f.Message, "3600 or 3601 s") {
				t.Errorf("gen2-oidc-unconvertible message lacks the rounding: %s", f.Message)
			}
		case RuleMapsTo, RuleTableImport:
			if !strings.Contains(f.Message, "Item-<apiId>-dev") {
				t.Errorf("%s message lacks the @mapsTo table name: %s", f.Rule, f.Message)
			}
		}
	}
}

func TestCheckSecondOIDCProvider(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "two.yaml")
	specText := `AppId: d9gen2example3
BackendEnvironmentName: dev
ResourceName: two
ResourceConfig:
  ApiName: two
  Service: AppSync
  DefaultAuthType:
    Mode: OPENID_CONNECT
    Settings: { OpenIDProviderName: a, OpenIDIssueURL: "https://a.example.com/", OpenIDClientId: a }
  AdditionalAuthTypes:
    - Mode: OPENID_CONNECT
      Settings: { OpenIDProviderName: b, OpenIDIssueURL: "https://b.example.com/", OpenIDClientId: b }
  TransformSchema: |
    type Note @model @auth(rules: [{ allow: owner, provider: oidc }]) { id: ID! }
`
	if err := os.WriteFile(p, []byte(specText), 0o644); err != nil {
		t.Fatal(err)
	}
	// Loaded without validation: validate's auth-additional-default
	// refuses a second OIDC provider today (issue 15 questions that).
	f, err := spec.Load(context.Background(), spec.Source{Path: p, Name: p}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	apis, err := APIs(context.Background(), f.Docs)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(context.Background(), apis, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, f := range r.Findings {
		if f.Rule == RuleOIDCUnconvertible {
			lines = append(lines, f.Line)
		}
	}
	if !slices.Equal(lines, []int{11}) {
		t.Errorf("gen2-oidc-unconvertible on lines %v, want [11] (the second provider)", lines)
	}
}

func TestRulesRegistered(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s registered twice", r.ID)
		}
		seen[r.ID] = true
		if !strings.HasPrefix(r.ID, "gen2-") || r.Severity == 0 || r.Summary == "" {
			t.Errorf("rule %+v: want a gen2- ID, a severity and a summary", r)
		}
		if _, err := os.Stat(filepath.Join("..", "..", "docs", "rules", r.ID+".md")); err != nil {
			t.Errorf("rule %s has no page docs/rules/%s.md", r.ID, r.ID)
		}
	}
}

func TestMillisToSeconds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in        string
		secs      int64
		whole, ok bool
	}{
		{"3600000", 3600, true, true},
		{"0", 0, true, true},
		{"1500", 1, false, true},
		{"12.5", 0, false, true},
		{"abc", 0, false, false},
		{"-1000", 0, false, false},
	} {
		secs, whole, ok := millisToSeconds(tc.in)
		if secs != tc.secs || whole != tc.whole || ok != tc.ok {
			t.Errorf("millisToSeconds(%q) = %d, %v, %v; want %d, %v, %v", tc.in, secs, whole, ok, tc.secs, tc.whole, tc.ok)
		}
	}
}

// TestCheckV1Directives: a v1 schema's directives are blockers, at their
// positions.
func TestCheckV1Directives(t *testing.T) {
	t.Parallel()
	r, err := Check(context.Background(), loadAPIsConfig(t, v1Config, v1Spec), CheckOptions{TransformerVersion: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range r.Findings {
		got = append(got, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.Severity, f.Rule))
	}
	want := []string{
		"11:20 warning gen2-deletion-protection",
		"12:10 warning gen2-default-auth",
		"12:22 error gen2-transformer-v1",
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("v1 findings %q: want %q among them", got, w)
		}
	}
}

// TestCheckDeclaredV1: a project declared on transformer v1 (.bapi.yaml)
// is blocked even where its schemas use no v1 directive.
func TestCheckDeclaredV1(t *testing.T) {
	t.Parallel()
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "todo-apikey.yaml"))
	for _, tc := range []struct {
		version int
		want    bool
	}{{0, false}, {2, false}, {1, true}} {
		r, err := Check(context.Background(), apis, CheckOptions{TransformerVersion: tc.version})
		if err != nil {
			t.Fatal(err)
		}
		got := slices.ContainsFunc(r.Findings, func(f finding.Finding) bool {
			return f.Rule == RuleTransformerV1 && strings.Contains(f.Message, "declares transformer-version: 1")
		})
		if got != tc.want {
			t.Errorf("transformer-version %d: declared-v1 finding %v, want %v", tc.version, got, tc.want)
		}
	}
}
