package spec

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/google/go-cmp/cmp"
)

// brief is a finding reduced to what the table checks.
type brief struct {
	Rule      string
	Doc       int
	Line, Col int
}

func loadString(t testing.TB, content string, opts Options) *File {
	t.Helper()
	opts.Stdin = strings.NewReader(content)
	f, err := Load(context.Background(), Source{Path: "-", Name: "in.yaml"}, opts)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return f
}

func briefs(fs []finding.Finding) []brief {
	out := []brief{}
	for _, f := range fs {
		out = append(out, brief{f.Rule, f.Document, f.Line, f.Column})
	}
	return out
}

const okDoc = "AppId: a1\nBackendEnvironmentName: dev\nResourceName: api\nResourceConfig:\n  ApiName: api\n"

func TestLoadFindings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []brief
		docs []int // indexes of documents returned
	}{
		{name: "ok", in: okDoc, want: []brief{}, docs: []int{0}},
		{name: "multi", in: okDoc + "---\n" + okDoc, want: []brief{}, docs: []int{0, 1}},
		{name: "empty file", in: "", want: []brief{{RuleEmptyDocument, 0, 1, 1}}},
		{name: "only comments", in: "# nothing here\n# at all\n", want: []brief{{RuleEmptyDocument, 0, 1, 1}}},
		{name: "empty middle document", in: "AppId: 1\n---\n---\nAppId: 2\n", want: []brief{{RuleEmptyDocument, 1, 2, 1}}, docs: []int{0, 2}},
		{name: "trailing separator", in: "AppId: 1\n---\n", want: []brief{{RuleEmptyDocument, 1, 2, 1}}, docs: []int{0}},
		{name: "list", in: "- a: 1\n", want: []brief{{RuleNotMapping, 0, 1, 1}}},
		{name: "scalar", in: "AppId: 1\n---\n  hello\n", want: []brief{{RuleNotMapping, 1, 3, 3}}, docs: []int{0}},
		{name: "null scalar", in: "~\n", want: []brief{{RuleNotMapping, 0, 1, 1}}},
		{name: "syntax", in: "a: 1\nb: 2\nc\n", want: []brief{{RuleYAMLSyntax, 0, 3, 1}}},
		{name: "syntax second doc keeps first", in: "AppId: 1\n---\nb:\n  c: d: e\n", want: []brief{{RuleYAMLSyntax, 1, 4, 7}}, docs: []int{0}},
		{name: "unclosed flow", in: "a: [1, 2\nb: 3\n", want: []brief{{RuleYAMLSyntax, 0, 1, 4}}},
		{name: "unclosed flow in a nested line", in: "a: 1\nb: {x: 1, y: [2]\nc: 3\n", want: []brief{{RuleYAMLSyntax, 0, 2, 4}}},
		{name: "empty flow", in: "AppId: [\n", want: []brief{{RuleYAMLSyntax, 0, 1, 8}}},
		{name: "second mapping value", in: "a:\n  b: api: x\n", want: []brief{{RuleYAMLSyntax, 0, 2, 9}}},
		{name: "unclosed quote", in: "a: 1\nb: \"abc\nc: 1\n", want: []brief{{RuleYAMLSyntax, 0, 2, 4}}},
		{name: "unclosed quote after a multi-line one", in: "AppId: x\nResourceConfig:\n  TransformSchema: \"type A {\n    id: ID!\n  }\"\n  ApiName: \"oops\n", want: []brief{{RuleYAMLSyntax, 0, 6, 12}}},
		{name: "unclosed quote after a multi-line first value", in: "AppId: \"multi\n  line\"\nBackendEnvironmentName: \"abc", want: []brief{{RuleYAMLSyntax, 0, 3, 25}}},
		{name: "unclosed single quote after escapes", in: "a: 'it''s\n  fine'\nb: \"x\\\" y\"\nc: 'open\n", want: []brief{{RuleYAMLSyntax, 0, 4, 4}}},
		{name: "quotes in plain, comment and block scalar open nothing", in: "a: don't\nb: x # it's\nc: |\n  \"no\n  'no\nd: [1, x', y\"]\ne: \"open\n", want: []brief{{RuleYAMLSyntax, 0, 7, 4}}},
		{name: "unclosed quote on line 1", in: "AppId: \"abc\nb: 1\n", want: []brief{{RuleYAMLSyntax, 0, 1, 8}}},
		{name: "unclosed quote in second document", in: "AppId: \"x\n  y\"\n---\nb: 'c\n", want: []brief{{RuleYAMLSyntax, 1, 4, 4}}, docs: []int{0}},
		{name: "reserved character", in: "a: 1\nb: @x # c\n", want: []brief{{RuleYAMLSyntax, 0, 2, 4}}},
		{name: "sequence entry after a mapping", in: "a: b\n- c\n", want: []brief{{RuleYAMLSyntax, 0, 2, 1}}},
		{name: "unclosed flow before many lines", in: "AppId: [a,\n" + strings.Repeat("  b,\n", 60_000), want: []brief{{RuleYAMLSyntax, 0, 1, 8}}},
		{name: "unclosed flow before many mappings", in: "AppId: [\n" + strings.Repeat("x: 1\n", 20_000), want: []brief{{RuleYAMLSyntax, 0, 1, 8}}},
		{name: "flow closed by the wrong bracket", in: "a: {x: [1, 2}\n", want: []brief{{RuleYAMLSyntax, 0, 1, 8}}},
		{name: "error before an unclosed flow", in: "a: b: c\nd: [1,\n", want: []brief{{RuleYAMLSyntax, 0, 1, 5}}},
		{name: "unclosed flow in the second document", in: "AppId: [1]\n---\nb: {x: 1\n", want: []brief{{RuleYAMLSyntax, 1, 3, 4}}, docs: []int{0}},
		{name: "error after a block scalar ending the document before", in: "AppId: |\n  a\n\n  b\n---\nc: d: e\n", want: []brief{{RuleYAMLSyntax, 1, 6, 5}}, docs: []int{0}},
		{name: "error in the third document", in: "AppId: 1\n---\nAppId: \"x\n  y\"\n---\n# note\nAppId: [1,\n", want: []brief{{RuleYAMLSyntax, 2, 7, 8}}, docs: []int{0, 1}},
		{name: "column counts characters", in: "é: 1\nb: \"ünïcode\nc: 1\n", want: []brief{{RuleYAMLSyntax, 0, 2, 4}}},
		{name: "column counts characters before a bracket", in: "ééé: [1, 2\n", want: []brief{{RuleYAMLSyntax, 0, 1, 6}}},
		{name: "duplicate key", in: "AppId: 1\nb: 2\nAppId: 3\n", want: []brief{{RuleDuplicateKey, 0, 3, 1}}, docs: []int{0}},
		{name: "nested duplicate key", in: "ResourceConfig:\n  x: 1\n  y: 2\n  x: 3\n", want: []brief{{RuleDuplicateKey, 0, 4, 3}}, docs: []int{0}},
		{name: "tab indent", in: "a:\n\tb: 1\n", want: []brief{{RuleYAMLTab, 0, 2, 1}}},
		{name: "tab after spaces", in: "a:\n  b:\n  \tc: 1\n", want: []brief{{RuleYAMLTab, 0, 3, 3}}},
		{name: "tab after dash", in: "a:\n  - \tx\n", want: []brief{{RuleYAMLTab, 0, 2, 5}}},
		{name: "tab in block scalar is text", in: "AppId: |\n  x\n  \ty\nb: 1\n", want: []brief{}, docs: []int{0}},
		{name: "tab in flow is fine", in: "AppId: {x: 1,\n\ty: 2}\n", want: []brief{}, docs: []int{0}},
		{name: "anchor and alias", in: "AppId: &x 1\nb: *x\n", want: []brief{{RuleYAMLAlias, 0, 1, 8}, {RuleYAMLAlias, 0, 2, 4}}},
		{name: "merge key", in: "AppId: &b {x: 1}\nc:\n  <<: *b\n", want: []brief{{RuleYAMLAlias, 0, 1, 8}, {RuleYAMLAlias, 0, 3, 7}}},
		{name: "nul byte", in: "a: 1\nb: x\x00y\n", want: []brief{{RuleEncoding, 0, 2, 5}}},
		{name: "invalid utf8", in: "a: 1\nb: é\xff\n", want: []brief{{RuleEncoding, 0, 2, 5}}},
		{name: "latin1", in: "a: caf\xe9\n", want: []brief{{RuleEncoding, 0, 1, 7}}},
		{name: "utf16", in: "\xff\xfea\x00:\x00", want: []brief{{RuleEncoding, 0, 1, 1}}},
		{name: "control char", in: "a: \x01\n", want: []brief{{RuleEncoding, 0, 1, 4}}},
		{name: "bom ok", in: "\ufeff" + okDoc, want: []brief{}, docs: []int{0}},
		{name: "github workflow", in: "name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n", want: []brief{{RuleNotSpec, 0, 1, 1}}},
		{name: "compose file with anchors", in: "x-common: &c\n  restart: always\nservices:\n  web:\n    <<: *c\n    image: nginx\n", want: []brief{{RuleNotSpec, 0, 1, 1}}},
		{name: "not a spec in the second document", in: okDoc + "---\n  kind: Pod\n  apiVersion: v1\n", want: []brief{{RuleNotSpec, 1, 7, 3}}, docs: []int{0}},
		{name: "misspelt keys are still a spec", in: "appid: a1\nResourceConfg: {}\n", want: []brief{}, docs: []int{0}},
		{name: "empty mapping is left to the schema", in: "{}\n", want: []brief{}, docs: []int{0}},
		{name: "crlf ok", in: strings.ReplaceAll(okDoc, "\n", "\r\n"), want: []brief{}, docs: []int{0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := loadString(t, tc.in, Options{})
			if diff := cmp.Diff(tc.want, briefs(f.Findings)); diff != "" {
				t.Errorf("findings (-want +got):\n%s\nmessages: %v", diff, f.Findings)
			}
			var docs []int
			for _, d := range f.Docs {
				docs = append(docs, d.Index)
				if d.File != "in.yaml" || d.Root == nil || string(d.Source) != tc.in {
					t.Errorf("document %d: File=%q Root=%v Source mismatch", d.Index, d.File, d.Root)
				}
			}
			if diff := cmp.Diff(tc.docs, docs); diff != "" {
				t.Errorf("documents (-want +got):\n%s", diff)
			}
			for _, fd := range f.Findings {
				if fd.Severity != finding.Error || fd.File != "in.yaml" || fd.Pointer != "" || fd.Message == "" {
					t.Errorf("finding not well formed: %+v", fd)
				}
			}
		})
	}
}

func TestLoadMessages(t *testing.T) {
	t.Parallel()
	f := loadString(t, "AppId: 1\nb: 2\nAppId: 3\n", Options{})
	if len(f.Findings) != 1 || !strings.Contains(f.Findings[0].Message, "line 1") {
		t.Fatalf("duplicate key message should name the first key's line: %v", f.Findings)
	}
	// The document is still checked, with the last occurrence of the key.
	if len(f.Docs) != 1 {
		t.Fatalf("a document with a duplicate key should still be checked: %d docs", len(f.Docs))
	}
	if c := f.Docs[0].Root.Content; len(c) != 4 || c[0].Value != "b" || c[2].Value != "AppId" || c[3].Value != "3" || c[2].Line != 3 {
		t.Errorf("want b: 2, AppId: 3 (the last AppId) kept, got %v", c)
	}
	if !strings.Contains(f.Findings[0].Message, "bapi checks the last one, line 3") {
		t.Errorf("duplicate key message should say which one is checked: %s", f.Findings[0].Message)
	}
	// The message is the one of the parser that found the position.
	f = loadString(t, "a: 1\nb: 2\nc\n", Options{})
	if len(f.Findings) != 1 || !strings.Contains(f.Findings[0].Message, "non-map value is specified") {
		t.Fatalf("syntax message should carry the parser's reason: %v", f.Findings)
	}
	f = loadString(t, "a: [1, 2\nb: 3\n", Options{})
	if len(f.Findings) != 1 || !strings.Contains(f.Findings[0].Message, `"[" is not closed`) {
		t.Fatalf("an unclosed bracket should be named: %v", f.Findings)
	}
}

func TestLoadNotSpecMessage(t *testing.T) {
	t.Parallel()
	f := loadString(t, "name: ci\non: [push]\njobs:\n  test: {}\nenv: {}\n", Options{})
	if len(f.Findings) != 1 {
		t.Fatalf("want one finding for a workflow, got %v", f.Findings)
	}
	for _, want := range []string{`"name", "on", "jobs" and 1 more keys`, "GitHub Actions workflow", "none of AppId"} {
		if !strings.Contains(f.Findings[0].Message, want) {
			t.Errorf("message %q lacks %q", f.Findings[0].Message, want)
		}
	}
}

func TestLoadSizeCap(t *testing.T) {
	t.Parallel()
	f := loadString(t, okDoc, Options{MaxFileSize: 10})
	if diff := cmp.Diff([]brief{{RuleFileTooLarge, 0, 1, 1}}, briefs(f.Findings)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(f.Docs) != 0 {
		t.Errorf("over-cap file returned documents")
	}
	f = loadString(t, okDoc, Options{MaxFileSize: int64(len(okDoc))})
	if len(f.Findings) != 0 || len(f.Docs) != 1 {
		t.Errorf("file exactly at the cap: %v", f.Findings)
	}
}

// endless is a reader that never ends; Load must stop after cap+1 bytes.
type endless struct{ n int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	e.n += int64(len(p))
	return len(p), nil
}

func TestLoadReadsAtMostCap(t *testing.T) {
	t.Parallel()
	r := &endless{}
	f, err := Load(context.Background(), Source{Path: "-"}, Options{Stdin: r, MaxFileSize: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) != 1 || f.Findings[0].Rule != RuleFileTooLarge {
		t.Fatalf("findings: %v", f.Findings)
	}
	if f.Name != StdinName {
		t.Errorf("name = %q, want %q", f.Name, StdinName)
	}
	if r.n > 1000+64*1024 {
		t.Errorf("read %d bytes of an endless input with a cap of 1000", r.n)
	}
}

func billionLaughs() string {
	var b strings.Builder
	b.WriteString("AppId: x\n")
	b.WriteString("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, c := range "bcdefghi" {
		name := string(c)
		b.WriteString(name + ": &" + name + " [")
		for i := 0; i < 9; i++ {
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("*" + prev)
		}
		b.WriteString("]\n")
		prev = name
	}
	return b.String()
}

func TestLoadBillionLaughs(t *testing.T) {
	in := billionLaughs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f := loadString(t, in, Options{})
	runtime.ReadMemStats(&after)
	if len(f.Docs) != 0 {
		t.Fatalf("alias bomb was accepted")
	}
	if len(f.Findings) != 21 || f.Findings[0].Rule != RuleYAMLAlias || f.Findings[0].Line != 2 || f.Findings[0].Column != 4 {
		t.Fatalf("want 20 capped alias findings and a note, first at 2:4; got %d: %v", len(f.Findings), f.Findings[:min(3, len(f.Findings))])
	}
	// Expanded, the bomb is 9^9 strings; unexpanded it is a few KB.
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8<<20 {
		t.Errorf("loading an alias bomb allocated %d bytes", alloc)
	}
}

func BenchmarkLoadBillionLaughs(b *testing.B) {
	in := billionLaughs()
	for b.Loop() {
		loadString(b, in, Options{})
	}
}

func TestLoadFileAndDigest(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := filepath.Join(dir, "a.yaml")
	if err := os.WriteFile(p, []byte(okDoc), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(context.Background(), Source{Path: p, Name: "a.yaml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(okDoc))
	if want := hex.EncodeToString(sum[:]); f.Digest != want {
		t.Errorf("digest %s, want %s", f.Digest, want)
	}
	if f.Name != "a.yaml" || len(f.Docs) != 1 {
		t.Errorf("file %+v", f)
	}

	_, err = Load(context.Background(), Source{Path: dir, Name: dir}, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Path != dir {
		t.Errorf("directory as file: err = %v, want *InputError naming %s", err, dir)
	}
	missing := filepath.Join(dir, "nope.yaml")
	_, err = Load(context.Background(), Source{Path: missing, Name: missing}, Options{})
	if !errors.As(err, &ie) || ie.Path != missing || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing: err = %v", err)
	}
}

func TestLoadStdinIsDirectory(t *testing.T) {
	t.Parallel()
	d, err := os.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, err = Load(context.Background(), Source{Path: "-"}, Options{Stdin: d, StdinFilename: "spec.yaml"})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Path != "spec.yaml" {
		t.Errorf("err = %v, want *InputError naming spec.yaml", err)
	}
}

func TestLoadCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, Source{Path: "-"}, Options{Stdin: strings.NewReader(okDoc)}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, p := range []string{"b.yaml", "a.yml", "c.txt", "sub/z.yaml", "sub/deeper/y.YAML", ".hidden/x.yaml", "sub/.git/h.yaml", ".pre-commit-config.yaml"} {
		full := filepath.Join(dir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(okDoc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	explicit := filepath.Join(dir, "c.txt")
	got, err := Discover(context.Background(), []string{explicit, dir, "-", filepath.Join(dir, "a.yml")}, Options{StdinFilename: "s.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	j := func(p string) Source { q := filepath.Join(dir, p); return Source{Path: q, Name: q, InDir: true} }
	want := []Source{
		{Path: explicit, Name: explicit},
		j("a.yml"), j("b.yaml"), j("sub/deeper/y.YAML"), j("sub/z.yaml"),
		{Path: "-", Name: "s.yaml"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	_, err = Discover(context.Background(), []string{"-", "-"}, Options{})
	var ie *InputError
	if !errors.As(err, &ie) || ie.Path != "-" {
		t.Errorf("stdin twice: err = %v", err)
	}
	missing := filepath.Join(dir, "missing")
	_, err = Discover(context.Background(), []string{missing}, Options{})
	if !errors.As(err, &ie) || ie.Path != missing || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing: err = %v", err)
	}
	if src, err := Discover(context.Background(), []string{"-"}, Options{}); err != nil || src[0].Name != StdinName {
		t.Errorf("stdin default name: %v %v", src, err)
	}
}

// TestDiscoverSymlinks checks that a symlinked directory argument is walked
// under the name given, and that links inside the walk are not followed into
// directories, so a cycle ends.
func TestDiscoverSymlinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	realDir := filepath.Join(dir, "real")
	for _, p := range []string{"a.yaml", "sub/b.yml"} {
		full := filepath.Join(realDir, p)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(okDoc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []struct{ target, link string }{
		{realDir, filepath.Join(dir, "link")},                 // the argument
		{realDir, filepath.Join(realDir, "sub", "loop.yaml")}, // a cycle, named like a spec
		{"..", filepath.Join(realDir, "up")},                  // a cycle
		{filepath.Join(realDir, "a.yaml"), filepath.Join(realDir, "c.yaml")},
	} {
		if err := os.Symlink(l.target, l.link); err != nil {
			t.Skipf("symlinks unsupported here: %v", err)
		}
	}
	link := filepath.Join(dir, "link")
	got, err := Discover(context.Background(), []string{link}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	j := func(p string) Source { q := filepath.Join(link, p); return Source{Path: q, Name: q, InDir: true} }
	want := []Source{j("a.yaml"), j("c.yaml"), j("sub/b.yml")}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, s := range got {
		if _, err := Load(context.Background(), s, Options{}); err != nil {
			t.Errorf("load %s: %v", s.Path, err)
		}
	}
}

// goodSpec is a spec of testdata, for the benchmarks; its size is set as
// the bytes per operation.
func goodSpec(b *testing.B) []byte {
	in, err := os.ReadFile("../../testdata/specs/good/cognito-full.yaml")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(in)))
	return in
}

func BenchmarkLoadGood(b *testing.B) {
	in := goodSpec(b)
	for b.Loop() {
		loadString(b, string(in), Options{})
	}
}

func TestOpensBlockScalar(t *testing.T) {
	t.Parallel()
	for line, want := range map[string]bool{
		"a: |": true, "a: >-": true, "- |": true, "  key: |2 # c": true, "|": true, "a: >+ ": true,
		"a: b": false, "a: b|": false, "a: 'x |'": false, "a: x > y": false, "a: |x": false,
	} {
		if got := opensBlockScalar([]byte(line)); got != want {
			t.Errorf("opensBlockScalar(%q) = %v, want %v", line, got, want)
		}
	}
}
