package validate

import (
	"context"
	"fmt"
	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/spec"
)

func benchDoc(i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `AppId: d%dexample
BackendEnvironmentName: dev
ResourceName: api%d
ResourceConfig:
  ApiName: api%d
  Service: AppSync
  DefaultAuthType:
    Mode: AMAZON_COGNITO_USER_POOLS
    Settings:
      CognitoUserPoolId: us-east-1_AbCdEf123
  AdditionalAuthTypes:
    - Mode: API_KEY
      Settings:
        Description: public read key
        ExpirationTime: 30
  ConflictResolution:
    ResolutionStrategy: AUTOMERGE
  TransformSchema: |
`, i, i, i)
	for _, line := range strings.Split(schemagen.Realistic(i), "\n") {
		if line == "" {
			b.WriteString("\n")
			continue
		}
		b.WriteString("    " + line + "\n")
	}
	return b.String()
}

// BenchmarkRules measures what the semantic rules add to a validate run:
// "base" runs the loader and the schema rule, "all" every rule, over 300
// generated files with realistic TransformSchemas. The target is that the
// rules add at most 30%: compare ns/op of the two, or read the
// rules-overhead-% metric of "ratio".
func BenchmarkRules(b *testing.B) {
	// Measure under the GC target the bapi command runs with.
	defer debug.SetGCPercent(debug.SetGCPercent(GCPercent))
	dir := b.TempDir()
	var sources []spec.Source
	for i := 0; i < 300; i++ {
		p := filepath.Join(dir, fmt.Sprintf("api%03d.yaml", i))
		if err := os.WriteFile(p, []byte(benchDoc(i)), 0o644); err != nil {
			b.Fatal(err)
		}
		sources = append(sources, spec.Source{Path: p, Name: p})
	}
	var base []*Rule
	for _, r := range All() {
		if isLoaderRule(r.ID) || r.ID == RuleSchema {
			base = append(base, r)
		}
	}
	run := func(b *testing.B, rules []*Rule) {
		res, err := Run(context.Background(), sources, Options{Rules: rules})
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Findings) != 0 {
			b.Fatalf("generated corpus has findings: %+v", res.Findings[0])
		}
	}
	b.Run("base", func(b *testing.B) {
		for b.Loop() {
			run(b, base)
		}
	})
	b.Run("all", func(b *testing.B) {
		for b.Loop() {
			run(b, All())
		}
	})
	b.Run("ratio", func(b *testing.B) {
		var tb, ta time.Duration
		for b.Loop() {
			t0 := time.Now()
			run(b, base)
			t1 := time.Now()
			run(b, All())
			tb += t1.Sub(t0)
			ta += time.Since(t1)
		}
		b.ReportMetric(100*(float64(ta)/float64(tb)-1), "rules-overhead-%")
	})
}

// BenchmarkHeldFindings measures what a run holds per finding once it is
// done (the Result the formats render): live heap after a collection,
// divided by the findings. scripts/bench-validate.sh reports it.
func BenchmarkHeldFindings(b *testing.B) {
	tmpl, err := os.ReadFile("../../testdata/bench/eight-findings.yaml")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	const files = 2000
	var sources []spec.Source
	for i := 0; i < files; i++ {
		p := filepath.Join(dir, fmt.Sprintf("spec-%05d.yaml", i))
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(tmpl), "NAME", fmt.Sprintf("api%05d", i))), 0o644); err != nil {
			b.Fatal(err)
		}
		sources = append(sources, spec.Source{Path: p, Name: p})
	}
	var perFinding float64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		res, err := Run(context.Background(), sources, Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		if len(res.Findings) < 7*files {
			b.Fatalf("%d findings from %d files, want about 8 each", len(res.Findings), files)
		}
		perFinding = float64(after.HeapAlloc-before.HeapAlloc) / float64(len(res.Findings))
		runtime.KeepAlive(res)
	}
	b.ReportMetric(perFinding, "B/finding")
}
