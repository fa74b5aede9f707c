package plan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

const loadTestSpec = `AppId: d2x4example7q1
BackendEnvironmentName: dev
ResourceName: api
ResourceConfig:
  ApiName: api
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      ExpirationTime: 30
  TransformSchema: |
    type Todo @model @auth(rules: [{ allow: public }]) { id: ID! }
  ConflictResolution:
    ResolutionStrategy: LAMBDA
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLoadSpecsConfig(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		config      string
		wantInvalid bool
		wantDesired int
	}{
		{name: "no config: drafts fail", config: "rules: {}\n", wantInvalid: true},
		{name: "rule raised to error", config: "rules:\n  conflict-lambda: error\nignore: [specs/drafts/**]\n", wantInvalid: true},
		{name: "min-severity warning", config: "min-severity: warning\nignore: [specs/drafts/**]\n", wantInvalid: true},
		{name: "rule off, drafts ignored", config: "rules:\n  conflict-lambda: off\nignore: [specs/drafts/**]\nmin-severity: warning\n", wantDesired: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, map[string]string{
				"specs/api.yaml":           loadTestSpec,
				"specs/drafts/broken.yaml": "AppId: [not, valid\n",
				"cfg.yaml":                 tc.config,
			})
			specs, res, err := LoadSpecs(context.Background(), []string{filepath.Join(dir, "specs")}, LoadOptions{ConfigPath: filepath.Join(dir, "cfg.yaml")})
			var inv *InvalidError
			if tc.wantInvalid {
				if !errors.As(err, &inv) {
					t.Fatalf("LoadSpecs error = %v, want an *InvalidError", err)
				}
				if res == nil || len(res.Findings) == 0 {
					t.Errorf("no findings returned with the InvalidError")
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadSpecs: %v", err)
			}
			if len(specs.Desired) != tc.wantDesired {
				t.Errorf("got %d desired, want %d", len(specs.Desired), tc.wantDesired)
			}
			if len(specs.Inputs) != 1 || len(res.Skipped) != 1 {
				t.Errorf("inputs %v, skipped %v: want api.yaml read and the draft skipped", specs.Inputs, res.Skipped)
			}
		})
	}
}

func TestLoadSpecsNothing(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"specs/drafts/a.yaml": loadTestSpec, "cfg.yaml": "ignore: [specs/drafts/**]\n"})
	_, _, err := LoadSpecs(context.Background(), []string{filepath.Join(dir, "specs", "drafts")}, LoadOptions{ConfigPath: filepath.Join(dir, "cfg.yaml")})
	var ns *NoSpecsError
	if !errors.As(err, &ns) || len(ns.Ignored) != 1 {
		t.Fatalf("LoadSpecs of an ignored directory = %v, want a *NoSpecsError naming one ignored file", err)
	}
	_, _, err = LoadSpecs(context.Background(), []string{t.TempDir()}, LoadOptions{ConfigPath: filepath.Join(dir, "cfg.yaml")})
	if !errors.As(err, &ns) || len(ns.Ignored) != 0 {
		t.Fatalf("LoadSpecs of an empty directory = %v, want a *NoSpecsError", err)
	}
}
