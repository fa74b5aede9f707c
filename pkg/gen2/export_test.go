package gen2

import (
	"bytes"
	"context"

	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/internal/realworld"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/importer"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// gen2Dir is the pinned Gen 2 npm tree (testdata/gen2, npm ci).
var gen2Dir = filepath.Join("..", "..", "testdata", "gen2")

// exampleExport is the export of the README's example specs.
func exampleExport(t *testing.T, out string) []AppExport {
	t.Helper()
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs"))
	xs, err := Export(context.Background(), apis, ExportOptions{
		Branches: []Branch{{"dev", "main"}, {"prod", "production"}, {"staging", "staging"}},
		APIIDs:   map[string]string{"dev": "devapiid", "prod": "prodapiid", "staging": "stagingapiid"},
		Out:      out,
	})
	if err != nil {
		t.Fatal(err)
	}
	return xs
}

// TestExportGolden: the files of the example specs' export, byte for
// byte (go test -update rewrites them).
func TestExportGolden(t *testing.T) {
	t.Parallel()
	for _, x := range exampleExport(t, "out") {
		for _, f := range x.Files {
			golden := filepath.Join("testdata", "export", filepath.ToSlash(f.Path))
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, f.Data, 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			if diff := cmp.Diff(string(want), string(f.Data)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", golden, diff)
			}
		}
	}
}

// TestExportSchemaExact: the schema in resource.ts is the TransformSchema,
// exactly, whatever it holds (backquotes, ${, backslashes).
func TestExportSchemaExact(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"type A @model { id: ID! }\n", "# `quoted` ${env} \\n\ntype A @model @function(name: \"f-${env}\") { id: ID! }"} {
		lit := tsTemplate(s)
		// Undo the three escapes as a JavaScript engine reads them.
		back := strings.NewReplacer("\\\\", "\\", "\\`", "`", "\\${", "${").Replace(lit[1 : len(lit)-1])
		if back != s {
			t.Errorf("tsTemplate(%q) = %s reads back as %q", s, lit, back)
		}
	}
}

// TestExportMappings: @mapsTo tables, one mapping per branch, a
// custom-keyed model left out (it cannot be imported) and said so.
func TestExportMappings(t *testing.T) {
	t.Parallel()
	apis := loadAPIs(t, "testdata/check/blockers.yaml")
	v1 := loadAPIsConfig(t, v1Config, v1Spec)
	if _, err := Export(context.Background(), v1, ExportOptions{Branches: []Branch{{"dev", "main"}}, APIIDs: map[string]string{"dev": "abc"}}); err == nil || !strings.Contains(err.Error(), "d9gen2example2/other: the schema uses transformer v1 directives (@key)") {
		t.Errorf("export of a v1 schema: error %v, want it refused", err)
	}
	xs, err := Export(context.Background(), apis, ExportOptions{
		Branches: []Branch{{"dev", "main"}},
		APIIDs:   map[string]string{"dev": "abc"},
		Out:      "o",
	})
	if err != nil {
		t.Fatal(err)
	}
	var keeps []Kept
	var news []string
	for _, x := range xs {
		keeps = append(keeps, x.Keeps...)
		news = append(news, x.New...)
	}
	want := []Kept{{Branch: "main", Type: "Tag", Table: "Tag-abc-dev"}}
	if diff := cmp.Diff(want, keeps); diff != "" {
		t.Errorf("kept tables (-want +got):\n%s", diff)
	}
	if !slices.ContainsFunc(news, func(s string) bool { return strings.Contains(s, "table Item-abc-dev of Product") }) {
		t.Errorf("the custom-keyed Product (table Item, @mapsTo) is not said to be created new: %q", news)
	}
}

func TestExportErrors(t *testing.T) {
	t.Parallel()
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "chat-oidc.yaml"))
	for _, tc := range []struct {
		name string
		opts ExportOptions
		want string
	}{
		{"no API ID", ExportOptions{Branches: []Branch{{"dev", "main"}}}, "no --api-id dev=ID"},
		{"unknown environment", ExportOptions{Branches: []Branch{{"qa", "main"}}}, "no spec has environment qa"},
	} {
		if _, err := Export(context.Background(), apis, tc.opts); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, "no --branch given"},
		{[]string{"dev"}, "want ENV=BRANCH"},
		{[]string{"dev=main", "prod=main"}, "branch main is already mapped"},
		{[]string{"dev=main", "dev=other"}, "environment dev is already mapped"},
	} {
		if _, err := ParseBranches(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseBranches(%q): error %v, want one containing %q", tc.in, err, tc.want)
		}
	}
}

// TestWriteNeverOverwrites: with one file in the way, Write writes none
// and names it.
func TestWriteNeverOverwrites(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	xs := exampleExport(t, dir)
	inWay := xs[1].Files[0].Path
	if err := os.MkdirAll(filepath.Dir(inWay), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(inWay, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := Write(xs)
	if err == nil || !strings.Contains(err.Error(), inWay) || len(written) != 0 {
		t.Fatalf("Write with %s in the way: wrote %q, error %v; want nothing written and the file named", inWay, written, err)
	}
	if b, _ := os.ReadFile(inWay); string(b) != "mine" {
		t.Errorf("%s was overwritten", inWay)
	}
	if err := os.Remove(inWay); err != nil {
		t.Fatal(err)
	}
	written, err = Write(xs)
	if err != nil || len(written) == 0 {
		t.Fatalf("Write: %q, %v", written, err)
	}
	if _, err := Write(xs); err == nil {
		t.Error("a second Write over the written files succeeded")
	}
}

// needGen2Tree skips a test that needs node and the pinned Gen 2 tree.
func needGen2Tree(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: runs Node.js (tsc, the data construct); CI runs it (scripts/test.sh -full)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to type-check the exports")
	}
	if _, err := os.Stat(filepath.Join(gen2Dir, "node_modules", "@aws-amplify", "backend")); err != nil {
		t.Skip("the Gen 2 backend is not installed: run `npm ci --prefix testdata/gen2` (needs the npm registry once)")
	}
	return node
}

// corpusSpecs writes n generated corpus specs, all valid, into dir
// (go run ./internal/gencorpus, the benchmark's generator).
func corpusSpecs(t *testing.T, dir string, n int) {
	t.Helper()
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("go is not on PATH: cannot generate the corpus")
	}
	cmd := exec.Command(goCmd, "run", "./internal/gencorpus", "-n", fmt.Sprint(n), "-seed", "18", "-invalid", "0", "-out", dir)
	cmd.Dir = filepath.Join("..", "..")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go run ./internal/gencorpus: %v\n%s", err, b)
	}
}

// loadUnvalidated loads every spec under dir without validation (the
// real-world projects do not all pass bapi validate; gen2 models any
// schema that parses).
func loadUnvalidated(t *testing.T, dir string) []*spec.Document {
	t.Helper()
	ctx := context.Background()
	opts := spec.Options{Root: dir}
	srcs, err := spec.Discover(ctx, []string{dir}, opts)
	if err != nil {
		t.Fatal(err)
	}
	var docs []*spec.Document
	for _, src := range srcs {
		f, err := spec.Load(ctx, src, opts)
		if err != nil {
			t.Fatal(err)
		}
		if err := spec.ResolveSchemaFiles(ctx, src, f, opts); err != nil {
			t.Fatal(err)
		}
		docs = append(docs, f.Docs...)
	}
	return docs
}

// realWorld imports the real public projects of ../shared/realworld
// into dir as a user would (bapi import --from-project, with --app-id,
// --env and --user-pool-id where the project's message asks for them), one
// subdirectory each, and returns their names by transformer version ("1"
// or "2", as import reads it from cli.json).
func realWorld(t *testing.T, dir string) map[string][]string {
	t.Helper()
	ctx := context.Background()
	entries, err := os.ReadDir(realworld.Projects)
	if err != nil {
		t.Logf("no real-world projects (%v): ../shared is absent", err)
		return nil
	}
	out := map[string][]string{}
	for _, e := range entries {
		proj, _, err := realworld.Import(ctx, filepath.Join(realworld.Projects, e.Name()))
		if err != nil {
			t.Logf("%s: not imported: %v", e.Name(), err)
			continue
		}
		files, err := importer.Layout(proj.Requests, importer.LayoutOptions{Source: "test", SchemaFiles: proj.SchemaFiles})
		if err != nil {
			t.Logf("%s: no layout: %v", e.Name(), err)
			continue
		}
		d := filepath.Join(dir, e.Name())
		if proj.TransformerVersion == 1 {
			cfg, _, err := importer.TransformerConfig(d, 1)
			if err != nil {
				t.Fatal(err)
			}
			if cfg != nil {
				files = append(files, *cfg)
			}
		}
		if _, err := importer.Write(ctx, d, files); err != nil {
			t.Fatal(err)
		}
		v := strconv.Itoa(proj.TransformerVersion)
		out[v] = append(out[v], e.Name())
	}
	return out
}

// exportAll exports every API of the docs with a branch for each of its
// environments, into out; it returns what it could not export and why.
func exportAll(t *testing.T, docs []*spec.Document, out string) (written int, refused []string) {
	t.Helper()
	apis, err := APIs(context.Background(), docs)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range apis {
		var branches []Branch
		ids := map[string]string{}
		for _, e := range a.Envs {
			branches = append(branches, Branch{Env: e.Name(), Branch: "b" + e.Name()})
			ids[e.Name()] = "api" + e.Name()
		}
		xs, err := Export(context.Background(), []*API{a}, ExportOptions{Branches: branches, APIIDs: ids, Out: filepath.Join(out, a.ResourceName)})
		if err != nil {
			refused = append(refused, fmt.Sprintf("%s/%s: %v", a.AppID, a.ResourceName, err))
			continue
		}
		w, err := Write(xs)
		if err != nil {
			t.Fatal(err)
		}
		written += len(w)
	}
	return written, refused
}

// TestExportTypeChecks runs tsc --noEmit on every export: the example
// specs, a generated corpus, and the real public projects on transformer
// v2, against the pinned @aws-amplify/backend.
func TestExportTypeChecks(t *testing.T) {
	node := needGen2Tree(t)
	work := t.TempDir()
	out := filepath.Join(work, "out")
	xs := exampleExport(t, filepath.Join(out, "examples"))
	if _, err := Write(xs); err != nil {
		t.Fatal(err)
	}
	// export --live: referenceAuth filled from the emulator's meta.
	live := liveExport(t, filepath.Join(out, "live"))
	if _, err := Write(live); err != nil {
		t.Fatal(err)
	}
	corpus := filepath.Join(work, "corpus")
	if err := os.MkdirAll(corpus, 0o755); err != nil {
		t.Fatal(err)
	}
	corpusSpecs(t, corpus, 60)
	n, refused := exportAll(t, loadUnvalidated(t, corpus), filepath.Join(out, "corpus"))
	if n == 0 {
		t.Fatalf("the corpus exported nothing: %q", refused)
	}
	for _, r := range refused {
		t.Errorf("corpus: %s", r)
	}
	rw := filepath.Join(work, "realworld")
	byVersion := realWorld(t, rw)
	for _, name := range byVersion["2"] {
		n, refused := exportAll(t, loadUnvalidated(t, filepath.Join(rw, name)), filepath.Join(out, "realworld", name))
		t.Logf("real-world %s (transformer v2): %d files; not exported: %q", name, n, refused)
	}
	// The v1 projects: the check says what blocks them.
	blocked, withDirectives := 0, 0
	for _, name := range byVersion["1"] {
		apis, err := APIs(context.Background(), loadUnvalidated(t, filepath.Join(rw, name)))
		if err != nil {
			t.Logf("real-world %s (transformer v1): %v", name, err)
			continue
		}
		r, err := Check(context.Background(), apis, CheckOptions{TransformerVersion: 1})
		if err != nil {
			t.Fatal(err)
		}
		usesV1 := slices.ContainsFunc(apis, func(a *API) bool {
			return slices.ContainsFunc(a.Envs, func(e *Env) bool { return len(e.Schema.V1) > 0 })
		})
		// Declared v1 (.bapi.yaml), every API is blocked: by its v1
		// directives where it uses them, by the declaration otherwise.
		for _, f := range r.Findings {
			if f.Rule != RuleTransformerV1 {
				continue
			}
			if strings.Contains(f.Message, "transformer v1 directives") != usesV1 && !strings.Contains(f.Message, "declares transformer-version: 1") {
				t.Errorf("real-world %s: %s", name, f.Message)
			}
		}
		if !slices.ContainsFunc(r.Findings, func(f finding.Finding) bool { return f.Rule == RuleTransformerV1 }) {
			t.Errorf("real-world %s (transformer v1): no %s finding", name, RuleTransformerV1)
			continue
		}
		blocked++
		if usesV1 {
			withDirectives++
		}
	}
	t.Logf("real-world: %d projects on transformer v2 exported; %d of %d on v1 blocked by %s (%d by their v1 directives, the rest by the declaration)", len(byVersion["2"]), blocked, len(byVersion["1"]), RuleTransformerV1, withDirectives)
	tsconfig := `{"compilerOptions": {"target": "es2022", "module": "es2022", "moduleResolution": "bundler", "strict": true, "noEmit": true, "skipLibCheck": true, "types": []}, "include": ["out/**/*.ts"]}`
	if err := os.WriteFile(filepath.Join(work, "tsconfig.json"), []byte(tsconfig), 0o644); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(filepath.Join(gen2Dir, "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(abs, filepath.Join(work, "node_modules")); err != nil {
		t.Fatal(err)
	}
	files := 0
	_ = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".ts") {
			files++
		}
		return nil
	})
	cmd := exec.Command(node, filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json")
	cmd.Dir = work
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Run(); err != nil {
		t.Fatalf("tsc --noEmit on %d exported files: %v\n%s", files, err, buf.String())
	}
	t.Logf("tsc --noEmit: %d exported files type-check", files)
}

// TestExportSanity: the placeholder marks only what bapi cannot know.
func TestExportSanity(t *testing.T) {
	t.Parallel()
	for _, x := range exampleExport(t, "out") {
		for _, f := range x.Files {
			if strings.HasSuffix(f.Path, filepath.Join("data", "resource.ts")) && bytes.Contains(f.Data, []byte(Placeholder)) {
				t.Errorf("%s holds a placeholder, though the spec says everything the data resource needs", f.Path)
			}
		}
	}
}

// liveExport is the export of examples/specs/inventory-iam.yaml with its
// API ID and referenceAuth's values read from the emulator's
// amplifyMetaConfig (auth category on), as export --live reads them.
func liveExport(t *testing.T, out string) []AppExport {
	t.Helper()
	const app = "d5m2example8c4"
	_, client := emutest.Start(t, emulator.Options{InstantJobs: true,
		Apps:       map[string][]string{app: {"prod"}},
		Categories: []emulator.Categories{{AppID: app, BackendEnvironmentName: "prod", Names: []string{"auth"}}},
	})
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "inventory-iam.yaml"))
	if _, err := client.CreateBackendAPI(context.Background(), (*amplifybackend.CreateBackendAPIRequest)(apis[0].Env("prod").Request)); err != nil {
		t.Fatal(err)
	}
	metas, err := MetaFromService(context.Background(), client, apis)
	if err != nil {
		t.Fatal(err)
	}
	xs, err := Export(context.Background(), apis, ExportOptions{Branches: []Branch{{"prod", "main"}}, Meta: metas, Out: out})
	if err != nil {
		t.Fatal(err)
	}
	return xs
}
