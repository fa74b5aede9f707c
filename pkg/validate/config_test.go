package validate

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/google/go-cmp/cmp"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig(".bapi.yaml", []byte(`rules:
  conflict-lambda: off
  auth-oidc-ttl-seconds: error
  name-app-id: warning
ignore:
  - legacy/**
format: json
max-warnings: 3
min-severity: warning
parallelism: 2
`))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]RuleSetting{
		"conflict-lambda":       {Off: true},
		"auth-oidc-ttl-seconds": {Severity: finding.Error},
		"name-app-id":           {Severity: finding.Warning},
	}
	if diff := cmp.Diff(want, c.Rules); diff != "" {
		t.Errorf("rules (-want +got):\n%s", diff)
	}
	if c.Format != "json" || c.MaxWarnings == nil || *c.MaxWarnings != 3 || c.MinSeverity != finding.Warning || c.Parallelism != 2 {
		t.Errorf("flag defaults: %+v", c)
	}
	if diff := cmp.Diff([]string{"legacy/**"}, c.Ignore); diff != "" {
		t.Errorf("ignore (-want +got):\n%s", diff)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown rule", "rules:\n  conflict-lambda: off\n  no-such-rule: error\n", `cfg.yaml:3:3: unknown rule "no-such-rule"`},
		{"bad severity", "rules:\n  conflict-lambda: fatal\n", `cfg.yaml:2:20: rule conflict-lambda: unknown severity "fatal"`},
		{"unknown key", "rulez: {}\n", `cfg.yaml:1:1: unknown key "rulez"`},
		{"bad ignore", "ignore: legacy\n", `cfg.yaml:1:9: ignore must be a list`},
		{"bad glob", "ignore: ['[x']\n", `cfg.yaml:1:10: ignore glob "[x"`},
		{"bad number", "parallelism: -2\n", `cfg.yaml:1:14: parallelism must be a whole number of at least 0`},
		{"not a mapping", "- a\n", `cfg.yaml:1:1: the configuration must be a mapping`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig("cfg.yaml", []byte(tc.text))
			var ce *ConfigError
			if !errors.As(err, &ce) {
				t.Fatalf("want *ConfigError, got %v", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestLoadConfigWalksUp(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	cfgPath := filepath.Join(root, ConfigFileName)
	if err := os.WriteFile(cfgPath, []byte("rules: {conflict-lambda: off}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(root, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	c, p, err := LoadConfig(context.Background(), deep, "")
	if err != nil || p != cfgPath || !c.Rules["conflict-lambda"].Off {
		t.Fatalf("LoadConfig = %+v, %q, %v; want the root config", c, p, err)
	}
	// An explicit path that does not exist is an error.
	if _, _, err := LoadConfig(context.Background(), deep, filepath.Join(root, "missing.yaml")); err == nil {
		t.Error("want an error for a missing --config file")
	}
}

func TestLoadConfigNone(t *testing.T) {
	dir := t.TempDir()
	c, p, err := LoadConfig(context.Background(), dir, "")
	// A parent of the temp dir could hold a .bapi.yaml; only require that
	// a found file is one.
	if err != nil || (c == nil) != (p == "") {
		t.Fatalf("LoadConfig = %v, %q, %v", c, p, err)
	}
}

func TestConfigIgnored(t *testing.T) {
	c := &Config{Path: filepath.Join("repo", ".bapi.yaml"), Ignore: []string{"legacy/**", "*.draft.yaml", "vendor"}}
	tests := map[string]bool{
		filepath.Join("repo", "legacy", "a.yaml"):        true,
		filepath.Join("repo", "legacy", "x", "a.yaml"):   true,
		filepath.Join("repo", "specs", "a.yaml"):         false,
		filepath.Join("repo", "b.draft.yaml"):            true,
		filepath.Join("repo", "specs", "b.draft.yaml"):   false,
		filepath.Join("repo", "vendor", "dep", "a.yaml"): true,
		filepath.Join("repo", "vendorized", "dep.yaml"):  false,
		"-": false,
	}
	for p, want := range tests {
		if got := c.Ignored(p); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestConfigTransformerVersion(t *testing.T) {
	var nilConfig *Config
	if got := nilConfig.Transformer(); got != 2 {
		t.Errorf("no config: transformer %d, want 2", got)
	}
	c, err := ParseConfig(".bapi.yaml", []byte("transformer-version: 1\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Transformer(); got != 1 {
		t.Errorf("transformer-version: 1 read as %d", got)
	}
	for _, bad := range []string{"transformer-version: 3\n", "transformer-version: [1]\n", "transformer-version: v2\n"} {
		if _, err := ParseConfig(".bapi.yaml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "1 or 2") {
			t.Errorf("%q: error %v, want one saying 1 or 2", bad, err)
		}
	}
}

// TestLoadConfigStopsAtRepositoryRoot: a .bapi.yaml planted above the
// repository root (or, outside any repository, above the working
// directory) is never read, so it cannot switch validation off.
func TestLoadConfigStopsAtRepositoryRoot(t *testing.T) {
	t.Parallel()
	planted := []byte("rules: {schema: off}\nignore: [\"**\"]\n")
	mk := func(t *testing.T, paths ...string) string {
		t.Helper()
		root := t.TempDir()
		for _, p := range paths {
			full := filepath.Join(root, filepath.FromSlash(p))
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			var data []byte
			if filepath.Base(p) == ConfigFileName {
				data = planted
			}
			if strings.HasSuffix(p, "/") {
				err := os.MkdirAll(full, 0o755)
				if err != nil {
					t.Fatal(err)
				}
				continue
			}
			if err := os.WriteFile(full, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return root
	}
	for _, tc := range []struct {
		name  string
		files []string
		start string
		want  string // the config found, relative to the root; "" for none
	}{
		{name: "planted above a repository", files: []string{".bapi.yaml", "repo/.git/", "repo/sub/"}, start: "repo/sub"},
		{name: "planted above a worktree (.git file)", files: []string{".bapi.yaml", "repo/.git", "repo/sub/"}, start: "repo/sub"},
		{name: "planted above a directory in no repository", files: []string{".bapi.yaml", "work/"}, start: "work"},
		{name: "the repository root's", files: []string{"repo/.bapi.yaml", "repo/.git/", "repo/a/b/"}, start: "repo/a/b", want: "repo/.bapi.yaml"},
		{name: "nearest inside the repository", files: []string{"repo/.bapi.yaml", "repo/a/.bapi.yaml", "repo/.git/", "repo/a/b/"}, start: "repo/a/b", want: "repo/a/.bapi.yaml"},
		{name: "the working directory's own, in no repository", files: []string{"work/.bapi.yaml"}, start: "work", want: "work/.bapi.yaml"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			root := mk(t, tc.files...)
			c, p, err := LoadConfig(context.Background(), filepath.Join(root, filepath.FromSlash(tc.start)), "")
			if err != nil {
				t.Fatal(err)
			}
			want := ""
			if tc.want != "" {
				want = filepath.Join(root, filepath.FromSlash(tc.want))
			}
			if p != want || (c == nil) != (want == "") {
				t.Errorf("LoadConfig from %s = %q, want %q", tc.start, p, want)
			}
		})
	}
}
