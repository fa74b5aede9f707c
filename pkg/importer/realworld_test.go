package importer_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/internal/realworld"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/importer"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// rwMinImported is the bar: of the 80 projects, at least this many
// import from their committed files plus, at most, the app ID, environment
// and user pool ID on the command line.
const rwMinImported = 76

type rwResult struct {
	name     string
	flags    []string
	proj     *importer.Project
	err      error
	findings []string // validate's errors and warnings, or why it did not run
	plan     string   // the plan after apply (v2 projects), or why not
}

// TestRealWorld imports every project of ../shared/realworld, validates
// what it writes, and, for projects on transformer v2, applies the specs
// to the emulator and checks that a plan then has no changes. It prints the
// figures and fails below rwMinImported.
func TestRealWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 80 real projects: run without -short")
	}
	entries, err := os.ReadDir(realworld.Projects)
	if errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s is absent: the real-world projects are not on this machine", realworld.Projects)
	}
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var results []*rwResult
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		r := &rwResult{name: e.Name()}
		results = append(results, r)
		dir := filepath.Join(realworld.Projects, e.Name())
		r.proj, r.flags, r.err = realworld.Import(ctx, dir)
		if r.err != nil {
			continue
		}
		out := t.TempDir()
		files, err := importer.Layout(r.proj.Requests, importer.LayoutOptions{Source: "test", SchemaFiles: r.proj.SchemaFiles})
		if err != nil {
			r.err = fmt.Errorf("layout: %w", err)
			continue
		}
		cfg, _, err := importer.TransformerConfig(out, r.proj.TransformerVersion)
		if err != nil {
			t.Fatal(err)
		}
		if cfg != nil {
			files = append(files, *cfg)
		}
		if _, err := importer.Write(ctx, out, files); err != nil {
			t.Fatal(err)
		}
		r.findings = validateFindings(t, out)
		if r.proj.TransformerVersion == 2 && len(r.findings) == 0 {
			r.plan = applyAndPlan(t, out, r.proj)
		}
	}
	report(t, results)
}

// validateFindings runs bapi validate on out with its .bapi.yaml.
func validateFindings(t *testing.T, out string) []string {
	ctx := context.Background()
	cfg, _, err := validate.LoadConfig(ctx, out, "")
	if err != nil {
		return []string{err.Error()}
	}
	srcs, err := spec.Discover(ctx, []string{out}, spec.Options{})
	if err != nil {
		return []string{err.Error()}
	}
	res, err := validate.Run(ctx, srcs, validate.Options{Config: cfg})
	if err != nil {
		return []string{err.Error()}
	}
	var got []string
	for _, f := range res.Findings {
		if f.Severity >= finding.Warning {
			got = append(got, fmt.Sprintf("%s: %s (%s)", f.Severity, f.Message, f.Rule))
		}
	}
	return got
}

// applyAndPlan applies the specs in out to an emulator holding the
// project's apps and environments, then plans again: "" when that plan has
// no changes, else what it has.
func applyAndPlan(t *testing.T, out string, proj *importer.Project) string {
	ctx := context.Background()
	apps := map[string][]string{}
	for _, r := range proj.Requests {
		apps[r.AppId] = append(apps[r.AppId], r.BackendEnvironmentName)
	}
	_, api := emutest.Start(t, emulator.Options{InstantJobs: true, Apps: apps})
	specs, _, err := plan.LoadSpecs(ctx, []string{out}, plan.LoadOptions{ConfigDir: out})
	if err != nil {
		return "load: " + err.Error()
	}
	p, err := plan.Make(ctx, api, specs.Desired, specs.Inputs, 2)
	if err != nil {
		return "plan: " + err.Error()
	}
	rep, err := apply.Apply(ctx, api, p, apply.Options{Parallelism: 4, PollInitial: time.Millisecond, PollMax: 5 * time.Millisecond, JobTimeout: time.Minute}, nil)
	if err != nil {
		return "apply: " + err.Error()
	}
	if !rep.OK() {
		return fmt.Sprintf("apply: %+v", rep.Totals)
	}
	again, err := plan.Make(ctx, api, specs.Desired, specs.Inputs, 2)
	if err != nil {
		return "plan after apply: " + err.Error()
	}
	if c := again.Counts(); c.Changes() != 0 {
		return fmt.Sprintf("plan after apply has changes: %+v", c)
	}
	return ""
}

func report(t *testing.T, results []*rwResult) {
	var imported, plain, clean, v2, planned int
	flagUse := map[string]int{}
	var failures, unclean, badPlans []string
	for _, r := range results {
		if r.err != nil {
			failures = append(failures, fmt.Sprintf("  %s: %v", r.name, r.err))
			continue
		}
		imported++
		if len(r.flags) == 0 {
			plain++
		}
		for _, f := range r.flags {
			flagUse[f]++
		}
		if len(r.findings) == 0 {
			clean++
		} else {
			unclean = append(unclean, fmt.Sprintf("  %s (v%d): %d findings, first: %s", r.name, r.proj.TransformerVersion, len(r.findings), r.findings[0]))
		}
		if r.proj.TransformerVersion == 2 && len(r.findings) == 0 {
			v2++
			if r.plan == "" {
				planned++
			} else {
				badPlans = append(badPlans, fmt.Sprintf("  %s: %s", r.name, r.plan))
			}
		}
	}
	var flags []string
	for f, n := range flagUse {
		flags = append(flags, fmt.Sprintf("%s %d", f, n))
	}
	sort.Strings(flags)
	t.Logf("real-world import: %d of %d projects import (%d from their files alone; with flags: %s)", imported, len(results), plain, strings.Join(flags, ", "))
	t.Logf("failures (%d):\n%s", len(failures), strings.Join(failures, "\n"))
	t.Logf("validate clean: %d of %d imported; with findings:\n%s", clean, imported, strings.Join(unclean, "\n"))
	t.Logf("v2 projects applied to the emulator and planned No changes: %d of %d", planned, v2)
	if imported < rwMinImported {
		t.Errorf("%d of %d projects import, want at least %d", imported, len(results), rwMinImported)
	}
	for _, b := range badPlans {
		t.Errorf("after apply:%s", b)
	}
	for _, f := range failures {
		// A failure must say what in the project is broken: the file.
		if !strings.Contains(f, "amplify") {
			t.Errorf("failure names no file of the project:%s", f)
		}
	}
}
