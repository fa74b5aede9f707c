package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// TestPreCommitRepoEntry: both forms of the entry are YAML pre-commit reads,
// and both carry the hook's own files pattern (from .pre-commit-hooks.yaml),
// so a user sees what the hook checks and where to change it.
func TestPreCommitRepoEntry(t *testing.T) {
	t.Parallel()
	type hook struct {
		ID       string   `yaml:"id"`
		Entry    string   `yaml:"entry"`
		Language string   `yaml:"language"`
		TypesOr  []string `yaml:"types_or"`
		Files    string   `yaml:"files"`
		// RequireSerial is true in the hook and in the local entry: the
		// rules across files only see the files of one run.
		RequireSerial bool `yaml:"require_serial"`
	}
	type repo struct {
		Repo  string `yaml:"repo"`
		Rev   string `yaml:"rev"`
		Hooks []hook `yaml:"hooks"`
	}
	b, err := os.ReadFile(filepath.Join("..", "..", ".pre-commit-hooks.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(b, &hooks); err != nil || len(hooks) != 1 {
		t.Fatalf(".pre-commit-hooks.yaml: %d hooks, %v; want one", len(hooks), err)
	}
	if !hooks[0].RequireSerial {
		t.Error(".pre-commit-hooks.yaml: require_serial is not true; parallel batches miss the rules across files (address-unique, address-one-api)")
	}
	for _, tc := range []struct {
		name string
		rev  string
		want repo
	}{
		{name: "release", rev: "v0.2.0", want: repo{Repo: "https://github.com/bapi-dev/bapi", Rev: "v0.2.0",
			Hooks: []hook{{ID: "bapi-validate", Files: hooks[0].Files}}}},
		{name: "development build", rev: "", want: repo{Repo: "local",
			Hooks: []hook{{ID: "bapi-validate", Entry: hooks[0].Entry, Language: "system", TypesOr: hooks[0].TypesOr, Files: hooks[0].Files, RequireSerial: true}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var cfg struct {
				Repos []repo `yaml:"repos"`
			}
			if err := yaml.Unmarshal([]byte("repos:\n"+preCommitRepoEntry(tc.rev)), &cfg); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff([]repo{tc.want}, cfg.Repos); diff != "" {
				t.Errorf("entry (-want +got):\n%s", diff)
			}
		})
	}
}

// TestInitSpecBesideExamples: the spec bapi init writes validates cleanly
// together with the repository's examples/specs/, so that a user who tries
// both in one run (or copies an example beside it) meets no address
// collision (address-duplicate, address-one-api) that only the sample data
// made.
func TestInitSpecBesideExamples(t *testing.T) {
	// Not parallel: run builds an urfave/cli App, and every App writes to
	// the package-level cli.HelpFlag when it parses flags (a data race
	// between two Apps running at once; a process runs one).
	dir := t.TempDir()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bapi", "init", dir}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("bapi init: exit %d\n%s", code, stderr.String())
	}
	stdout.Reset()
	stderr.Reset()
	args := []string{"bapi", "validate", "--format", "compact", filepath.Join(dir, initSpecPath), filepath.Join("..", "..", "examples", "specs")}
	if code := run(context.Background(), args, nil, &stdout, &stderr); code != exitOK || stdout.Len() > 0 {
		t.Errorf("bapi validate of the init spec with examples/specs: exit %d, want 0 and no finding:\n%s%s", code, stdout.String(), stderr.String())
	}
}
