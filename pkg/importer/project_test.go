package importer

import (
	"context"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// validateDir runs bapi's validation on every spec under dir and fails on
// any finding.
func validateDir(t *testing.T, dir string) {
	t.Helper()
	ctx := context.Background()
	srcs, err := spec.Discover(ctx, []string{dir}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The .bapi.yaml import wrote (transformer-version: 1), as bapi
	// validate run there reads it.
	cfg, _, err := validate.LoadConfig(ctx, dir, "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := validate.Run(ctx, srcs, validate.Options{Config: cfg})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		t.Errorf("imported spec has a finding: %s: %s: %s (%s)", f.Location, f.Severity, f.Message, f.Rule)
	}
	if res.DocumentsChecked == 0 {
		t.Errorf("no spec document under %s", dir)
	}
}

// TestFromProject imports the fixture projects, each written by hand in a
// form the Amplify CLI has written (blog: CLI 7 and later, cli-inputs.json
// and a schema/ folder; legacy: backend-config.json's authConfig; pre2020:
// output.securityType with the settings in parameters.json, an environment
// without an app, the checked-out environment known only from
// amplify-meta.json's StackName; cli4: apiKeyExpirationDays as a string, two
// Cognito resources, the pool named authNAME, transformer v1; pre2020key:
// the key's expiry as APIKeyExpirationEpoch, a date). It compares
// the files and the notes with testdata/projects/NAME/want (the notes in
// NOTES), and checks that bapi validate finds nothing in them.
func TestFromProject(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts ProjectOptions
	}{
		{name: "blog"},
		{name: "legacy"},
		{name: "pre2020"},
		// A fresh clone: no team-provider-info.json.
		{name: "pre2020key", opts: ProjectOptions{AppID: "d3chat2019dev", Envs: []string{"dev"}}},
		{name: "cli4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			proj := filepath.Join("testdata", "projects", tc.name)
			got, err := FromProject(context.Background(), proj, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			files, err := Layout(got.Requests, LayoutOptions{Source: "the Amplify project's amplify/ directory", SchemaFiles: got.SchemaFiles})
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			cfg, _, err := TransformerConfig(out, got.TransformerVersion)
			if err != nil {
				t.Fatal(err)
			}
			if cfg != nil {
				files = append(files, *cfg)
			}
			if _, err := Write(context.Background(), out, files); err != nil {
				t.Fatal(err)
			}
			validateDir(t, out)
			if len(got.Notes) > 0 {
				var b strings.Builder
				for _, n := range got.Notes {
					b.WriteString(filepath.ToSlash(n.String()) + "\n")
				}
				files = append(files, File{Path: "NOTES", Data: []byte(b.String())})
			}
			want := filepath.Join(proj, "want")
			if *update {
				if err := os.RemoveAll(want); err != nil {
					t.Fatal(err)
				}
				if _, err := Write(context.Background(), want, files); err != nil {
					t.Fatal(err)
				}
			}
			var wantNames, gotNames []string
			err = filepath.WalkDir(want, func(p string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(want, p)
					wantNames = append(wantNames, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range files {
				gotNames = append(gotNames, f.Path)
				w, err := os.ReadFile(filepath.Join(want, f.Path))
				if err != nil {
					continue
				}
				if diff := cmp.Diff(string(w), string(f.Data)); diff != "" {
					t.Errorf("%s (-want +got):\n%s\nrun go test ./pkg/importer -update to accept", f.Path, diff)
				}
			}
			sort.Strings(wantNames)
			sort.Strings(gotNames)
			if diff := cmp.Diff(wantNames, gotNames); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFromProjectEnvs(t *testing.T) {
	proj := filepath.Join("testdata", "projects", "blog")
	got, err := FromProject(context.Background(), proj, ProjectOptions{Envs: []string{"prod"}})
	if err != nil {
		t.Fatal(err)
	}
	reqs := got.Requests
	if len(reqs) != 1 || reqs[0].BackendEnvironmentName != "prod" || reqs[0].ResourceConfig.DefaultAuthType.Settings.CognitoUserPoolId != "us-east-1_ProdPool9" {
		t.Fatalf("want the prod API with prod's user pool, got %+v", reqs)
	}
	_, err = FromProject(context.Background(), proj, ProjectOptions{Envs: []string{"qa"}})
	var pe *ProjectError
	if !errors.As(err, &pe) || !strings.Contains(err.Error(), `has no environment "qa" (it has dev, prod)`) {
		t.Errorf("unknown env: error %v, want a ProjectError listing the environments", err)
	}
}

// TestFromProjectErrors: what the project cannot express is an error naming
// the file.
func TestFromProjectErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(t *testing.T, amplify string)
		wantIn string
	}{
		{"no project", func(t *testing.T, a string) { os.Remove(filepath.Join(a, "team-provider-info.json")) }, "team-provider-info.json: does not exist"},
		{"lambda auth", func(t *testing.T, a string) {
			replaceIn(t, filepath.Join(a, "backend", "api", "blog", "cli-inputs.json"), `"mode": "API_KEY"`, `"mode": "AWS_LAMBDA"`)
		}, "cli-inputs.json: API blog uses Lambda authorization (AWS_LAMBDA)"},
		{"no schema", func(t *testing.T, a string) { os.RemoveAll(filepath.Join(a, "backend", "api", "blog", "schema")) }, "the API has no schema"},
		{"bad JSON", func(t *testing.T, a string) {
			replaceIn(t, filepath.Join(a, "backend", "api", "blog", "cli-inputs.json"), `"version": 1,`, `"version": 1,,`)
		}, "cli-inputs.json: is not the JSON the Amplify CLI writes (line 2)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.CopyFS(dir, os.DirFS(filepath.Join("testdata", "projects", "blog"))); err != nil {
				t.Fatal(err)
			}
			tc.edit(t, filepath.Join(dir, "amplify"))
			_, err := FromProject(context.Background(), dir, ProjectOptions{})
			var pe *ProjectError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.wantIn) {
				t.Errorf("error %v, want a ProjectError containing %q", err, tc.wantIn)
			}
		})
	}
}

func replaceIn(t *testing.T, path, old, new string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}
