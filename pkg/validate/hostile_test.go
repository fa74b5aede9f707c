package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/hostile"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// writeCase writes a hostile case to a new temporary directory and returns
// the source of its spec file.
func writeCase(tb testing.TB, c hostile.Case) spec.Source {
	tb.Helper()
	dir := tb.TempDir()
	for name, data := range c.Files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	p := filepath.Join(dir, c.Spec)
	return spec.Source{Path: p, Name: c.Spec}
}

// allCases are the generated hostile inputs at size and the committed ones
// of testdata/hostile.
func allCases(tb testing.TB, size int) []hostile.Case {
	tb.Helper()
	committed, err := hostile.FromDir(filepath.Join("..", "..", "testdata", "hostile"))
	if err != nil {
		tb.Fatal(err)
	}
	return append(hostile.Cases(size), committed...)
}

// TestHostileEmptyDocuments: 1,000 empty documents are counted as 1,000,
// past the cap of 100 findings a file shows.
func TestHostileEmptyDocuments(t *testing.T) {
	t.Parallel()
	res, err := Run(context.Background(), []spec.Source{{Path: "../../testdata/hostile/empty-documents.yaml", Name: "e.yaml"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	summary := ""
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "more problems") {
			summary = f.Message
		}
	}
	if res.Documents != 1000 || len(res.Findings) != spec.MaxFindings+1 || !strings.HasPrefix(summary, "900 more problems") {
		t.Errorf("%d documents, %d findings, summary %q; want 1000, %d, \"900 more problems ...\"", res.Documents, len(res.Findings), summary, spec.MaxFindings+1)
	}
}

// TestHostileCases runs every hostile input, at a quarter of the size cap
// (BenchmarkHostile runs them at the cap): each ends in findings, or none,
// without an error, a panic or a finding that points outside its file.
func TestHostileCases(t *testing.T) {
	if testing.Short() {
		t.Skip("hostile inputs take a few seconds in all; run without -short")
	}
	for _, c := range allCases(t, spec.DefaultMaxFileSize/4) {
		t.Run(c.Name, func(t *testing.T) {
			src := writeCase(t, c)
			res, err := Run(context.Background(), []spec.Source{src}, Options{Parallelism: 1})
			if err != nil {
				t.Fatal(err)
			}
			lines := map[string]int{}
			for name, data := range c.Files {
				lines[name] = spec.NewLines(string(data)).Count()
			}
			for _, f := range res.Findings {
				n, ok := lines[f.File]
				if !ok {
					t.Fatalf("finding in a file the case does not have: %+v", f)
				}
				if f.Line < 1 || f.Line > n || f.Column < 1 {
					t.Fatalf("finding outside %s (%d lines): %+v", f.File, n, f)
				}
			}
		})
	}
}

// BenchmarkHostile runs each hostile input at the size cap through every
// rule on one core and reports its time per megabyte; the sub-benchmark
// "worst" reports the worst of the generated ones (ms/MB), which
// docs/benchmarks.md records (the committed inputs are a few kilobytes, whose
// time per megabyte is mostly the fixed cost of a run). The target is under
// 1 s for any file up to the cap.
func BenchmarkHostile(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	cases := allCases(b, spec.DefaultMaxFileSize)
	srcs := make([]spec.Source, len(cases))
	for i, c := range cases {
		srcs[i] = writeCase(b, c)
	}
	run := func(b *testing.B, src spec.Source) time.Duration {
		t0 := time.Now()
		if _, err := Run(context.Background(), []spec.Source{src}, Options{Parallelism: 1}); err != nil {
			b.Fatal(err)
		}
		return time.Since(t0)
	}
	perMB := func(d time.Duration, size int) float64 {
		return float64(d.Microseconds()) / 1000 / (float64(size) / (1 << 20))
	}
	generated := len(hostile.Cases(0))
	for i, c := range cases {
		b.Run(c.Name, func(b *testing.B) {
			var total time.Duration
			n := 0
			for b.Loop() {
				total += run(b, srcs[i])
				n++
			}
			b.ReportMetric(perMB(total/time.Duration(n), c.Size()), "ms/MB")
		})
	}
	b.Run("worst", func(b *testing.B) {
		// The worst of the generated inputs' mean times per megabyte.
		total := make([]time.Duration, generated)
		n := 0
		for b.Loop() {
			for i := range cases[:generated] {
				total[i] += run(b, srcs[i])
			}
			n++
		}
		worst, name := 0.0, ""
		for i, c := range cases[:generated] {
			if v := perMB(total[i]/time.Duration(n), c.Size()); v > worst {
				worst, name = v, c.Name
			}
		}
		b.ReportMetric(worst, "worst-ms/MB")
		b.Logf("worst: %s", name)
	})
}

// TestRuleFindingsCapped: a rule reports at most maxRuleFindings findings in
// one document, then one that counts the rest; a TransformSchema with a
// repeated directive every few bytes would otherwise give 100,000.
func TestRuleFindingsCapped(t *testing.T) {
	t.Parallel()
	var c hostile.Case
	for _, c = range hostile.Cases(64 << 10) {
		if c.Name == "type-directive-repeats" {
			break
		}
	}
	res, err := Run(context.Background(), []spec.Source{writeCase(t, c)}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, f := range res.Findings {
		if f.Rule == RuleGraphQLValid {
			n++
		}
	}
	if n != maxRuleFindings+1 {
		t.Fatalf("%d %s findings, want %d", n, RuleGraphQLValid, maxRuleFindings+1)
	}
	// Every @model after the first is a repeat.
	repeats := strings.Count(string(c.Files[c.Spec]), "@model") - 1
	want := fmt.Sprintf("%d more %s findings in this document are not shown", repeats-maxRuleFindings, RuleGraphQLValid)
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "more "+RuleGraphQLValid+" findings") {
			if !strings.HasPrefix(f.Message, want) {
				t.Errorf("summary %q, want %q", f.Message, want)
			}
			return
		}
	}
	t.Errorf("no summary finding")
}

// TestManyUnknownKeys: of 150 unknown keys, the first 100 in file order are
// shown, each with the allowed keys, and the rest are counted.
func TestManyUnknownKeys(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString(gqlHead)
	for i := 149; i >= 0; i-- { // names in reverse: file order is not name order
		fmt.Fprintf(&b, "k%03d: 1\n", i)
	}
	res := runText(t, b.String(), Options{})
	var shown []string
	summary := ""
	for _, f := range res.Findings {
		switch {
		case strings.Contains(f.Message, "more schema findings"):
			summary = f.Message
		case strings.HasPrefix(f.Message, "unknown key"):
			if !strings.Contains(f.Message, "allowed keys: AppId") {
				t.Errorf("shown without the allowed keys: %s", f.Message)
			}
			shown = append(shown, f.Message[len("unknown key "):len("unknown key ")+6])
		}
	}
	if len(shown) != maxRuleFindings || shown[0] != `"k149"` || shown[maxRuleFindings-1] != `"k050"` {
		t.Errorf("%d shown, first %v, last %v; want %d from \"k149\" to \"k050\"", len(shown), shown[0], shown[len(shown)-1], maxRuleFindings)
	}
	if !strings.HasPrefix(summary, "50 more schema findings") {
		t.Errorf("summary %q", summary)
	}
}

// TestCheckDocsStopsWhenCancelled: once the run's context is done, no more
// rules run, and a rule that does run sees the context.
func TestCheckDocsStopsWhenCancelled(t *testing.T) {
	t.Parallel()
	src := writeCase(t, hostile.SharedSchema(3, 1<<10))
	f, err := spec.Load(context.Background(), src, spec.Options{})
	if err != nil || len(f.Docs) != 3 {
		t.Fatalf("load: %v, %d documents", err, len(f.Docs))
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	rule := &Rule{ID: "test", Check: func(p *Pass) {
		calls++
		if p.Context() != ctx {
			t.Error("the pass does not carry the run's context")
		}
		cancel() // a signal during the first document's check
	}}
	newChecker(ctx, []*Rule{rule, rule}, DefaultTransformerVersion).check(f)
	if calls != 1 {
		t.Errorf("%d checks ran, want 1 (none after the context ended)", calls)
	}
}
