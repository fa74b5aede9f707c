package spec

import (
	"strings"
	"testing"
)

// TestLoadHostileShapes loads inputs built to exhaust a parser: deep
// nesting, very many keys, very long lines. Each must end as findings or
// documents, without a panic.
func TestLoadHostileShapes(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"deep flow":       strings.Repeat("[", 500_000),
		"deep block":      strings.Repeat("- ", 200_000) + "x\n",
		"deep mapping":    deepMapping(5_000),
		"many keys":       manyKeys(50_000),
		"long line":       "a: " + strings.Repeat("x", 900_000) + "\n",
		"many documents":  strings.Repeat("---\nAppId: 1\n", 50_000),
		"many empty docs": strings.Repeat("---\n", 100_000),
		// The syntax error's position is found in its own document only
		// (go-yaml, asked again, slows down with every document before).
		"many documents then an error": strings.Repeat("---\nAppId: 1\n", 20_000) + "---\na: b: c\n",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			f := loadString(t, in, Options{})
			if len(f.Docs) == 0 && len(f.Findings) == 0 {
				t.Errorf("neither documents nor findings")
			}
			if len(f.Findings) > MaxFindings+1 {
				t.Errorf("%d findings; want at most %d", len(f.Findings), MaxFindings+1)
			}
		})
	}
}

func TestLoadFindingCap(t *testing.T) {
	t.Parallel()
	f := loadString(t, manyKeys(500), Options{})
	if len(f.Findings) != MaxFindings+1 || len(f.Docs) != 0 {
		t.Fatalf("%d findings, %d docs", len(f.Findings), len(f.Docs))
	}
	last := f.Findings[MaxFindings]
	if !strings.Contains(last.Message, "393 more problems") || last.Rule != RuleDuplicateKey {
		t.Errorf("last finding: %+v", last)
	}
}

func deepMapping(n int) string {
	var b strings.Builder
	b.WriteString("AppId: x\n")
	for i := 0; i < n; i++ {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}

func manyKeys(n int) string {
	var b strings.Builder
	b.WriteString("AppId: x\n")
	for i := 0; i < n; i++ {
		b.WriteString("k")
		b.WriteString(strings.Repeat("x", i%7))
		b.WriteString(": 1\n")
	}
	return b.String()
}

// TestLoadCountsPastCap: a file with more problems than the cap still
// counts every document and every problem it does not show.
func TestLoadCountsPastCap(t *testing.T) {
	t.Parallel()
	f := loadString(t, strings.Repeat("---\n", 1000), Options{})
	if f.Documents != 1000 {
		t.Errorf("Documents = %d, want 1000", f.Documents)
	}
	if len(f.Findings) != MaxFindings+1 {
		t.Fatalf("%d findings, want %d", len(f.Findings), MaxFindings+1)
	}
	if last := f.Findings[MaxFindings]; !strings.Contains(last.Message, "900 more problems") {
		t.Errorf("last finding: %+v", last)
	}
}
