package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/google/go-cmp/cmp"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

var testRules = []Rule{
	{ID: "schema", Severity: finding.Error, Summary: "The document matches the CreateBackendAPI request schema", DocURL: "https://example.com/docs/rules/schema.md"},
	{ID: "yaml-syntax", Severity: finding.Error, Summary: "The file is valid YAML", DocURL: "https://example.com/docs/rules/yaml-syntax.md"},
	{ID: "file-too-large", Severity: finding.Error, Summary: "The file is within the size cap", DocURL: "https://example.com/docs/rules/file-too-large.md"},
	{ID: "duplicate-address", Severity: finding.Warning, Summary: "A resource address is declared once", DocURL: "https://example.com/docs/rules/duplicate-address.md"},
	{ID: "style-hint", Severity: finding.Info, Summary: "A hint", DocURL: "https://example.com/docs/rules/style-hint.md"},
}

var testOpts = FindingsOptions{ToolName: "bapi", ToolVersion: "0.0.0-test", InformationURI: "https://github.com/bapi-dev/bapi"}

// cases are hand-built results; each format's golden is
// testdata/<case>/want.<ext>.
func cases() map[string]*FindingsResult {
	mixed := []finding.Finding{
		{Location: finding.Location{File: "specs/a.yaml", Line: 4, Column: 3}, Severity: finding.Error, Rule: "schema",
			Message: `unknown key "ApiNme"; allowed keys are ApiName, Service; did you mean ApiName?`, Pointer: "/ResourceConfig/ApiNme", Document: 0,
			DocURL: "https://example.com/docs/rules/schema.md"},
		{Location: finding.Location{File: "specs/a.yaml", Line: 9, Column: 7}, EndLine: 9, EndColumn: 9, Severity: finding.Error, Rule: "schema",
			Message: `ExpirationTime: "7" is a string; a number is expected`, Pointer: "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", Document: 0,
			DocURL: "https://example.com/docs/rules/schema.md"},
		{Location: finding.Location{File: "specs/a.yaml", Line: 14, Column: 1}, Severity: finding.Warning, Rule: "duplicate-address",
			Message: "address app1/dev/blog is declared twice; keep one", Pointer: "", Document: 1,
			DocURL:  "https://example.com/docs/rules/duplicate-address.md",
			Related: []finding.Related{{Location: finding.Location{File: "specs/b,c:d.yml", Line: 1, Column: 1}, Message: "first declared here"}}},
		{Location: finding.Location{File: "specs/a.yaml", Line: 20, Column: 5}, Severity: finding.Info, Rule: "style-hint",
			Message: "100% sure <this> & that\nsecond line", Pointer: "/ResourceConfig", Document: 1},
		{Location: finding.Location{File: "specs/b,c:d.yml", Line: 2, Column: 1}, Severity: finding.Error, Rule: "yaml-syntax",
			Message: "YAML syntax error: mapping values are not allowed in this context; fix the YAML near this line", Document: 0},
		{Location: finding.Location{File: "specs/big.yaml"}, Severity: finding.Error, Rule: "file-too-large",
			Message: "file is larger than the size cap of 1048576 bytes; split it into several files or raise the cap (--max-file-size)", Document: 0},
	}
	return map[string]*FindingsResult{
		"clean": {
			Findings: []finding.Finding{}, Files: 2, Documents: 3, Rules: testRules,
			Inputs: []Input{{Name: "specs/a.yaml", Digest: "aa", Documents: 2}, {Name: "specs/c.yaml", Digest: "cc", Documents: 1}},
		},
		"mixed": {
			Findings: mixed, Files: 4, Documents: 4, Rules: testRules, // Documents: the sum of Inputs
			Inputs: []Input{
				{Name: "specs/a.yaml", Digest: "aa", Documents: 2},
				{Name: "specs/b,c:d.yml", Digest: "bb", Documents: 1},
				{Name: "specs/big.yaml", Digest: "", Documents: 0},
				{Name: "specs/ok.yaml", Digest: "dd", Documents: 1},
			},
		},
		"empty": {Files: 0, Documents: 0},
		// A run with a .bapi.yaml applied: json and sarif name it.
		"config": {
			Findings: mixed[1:2], Files: 1, Documents: 1, Rules: testRules, Config: "../.bapi.yaml",
			Inputs: []Input{{Name: "specs/a.yaml", Digest: "aa", Documents: 1}},
		},
		// A run that failed: an input could not be read.
		"toolerror": {
			Rules: testRules,
			Errors: []ToolError{
				{File: "specs/missing.yaml", Message: "read specs/missing.yaml: no such file or directory"},
				{Message: "validate interrupted: context canceled"},
			},
		},
		// Inputs without document counts, as when the engine does not
		// know them.
		"nodoccount": {
			Findings: mixed[4:5], Files: 2, Documents: 1, Rules: testRules,
			Inputs: []Input{{Name: "specs/b,c:d.yml", Digest: "bb"}, {Name: "specs/ok.yaml", Digest: "dd"}},
		},
	}
}

var formatExt = map[string]string{"text": "txt", "compact": "compact.txt", "json": "json", "sarif": "sarif", "github": "github.txt", "junit": "xml"}

func TestFindingsGolden(t *testing.T) {
	for caseName, res := range cases() {
		for _, format := range FindingsFormatNames() {
			t.Run(caseName+"/"+format, func(t *testing.T) {
				f, err := NewFindingsFormatter(format, testOpts)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := f.Format(&buf, res); err != nil {
					t.Fatalf("Format: %v", err)
				}
				ext, ok := formatExt[format]
				if !ok {
					t.Fatalf("no golden extension for format %q; add it to formatExt", format)
				}
				golden(t, filepath.Join("testdata", caseName, "want."+ext), buf.Bytes())
			})
		}
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden (run go test -update to create it): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s mismatch (-want +got), run go test -update if intended:\n%s", path, cmp.Diff(string(want), string(got)))
	}
}

func TestSARIFMatchesSchema(t *testing.T) {
	raw, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	doc, err := jsonschema.UnmarshalJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "https://json.schemastore.org/sarif-2.1.0.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(url)
	if err != nil {
		t.Fatalf("compile SARIF schema: %v", err)
	}
	for name, res := range cases() {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := (&sarifFormatter{opts: testOpts}).Format(&buf, res); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("SARIF output does not match the SARIF 2.1.0 schema: %v", err)
			}
		})
	}
}

// sarifLog is the shape of the log sarifFormatter writes, to read it back.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool        sarifTool         `json:"tool"`
		Results     []sarifResult     `json:"results"`
		ColumnKind  string            `json:"columnKind"`
		Invocations []sarifInvocation `json:"invocations"`
	} `json:"runs"`
}

func TestSARIFRegions(t *testing.T) {
	var buf bytes.Buffer
	if err := (&sarifFormatter{opts: testOpts}).Format(&buf, cases()["mixed"]); err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	results := log.Runs[0].Results
	if got := results[0].Locations[0].PhysicalLocation.Region; got == nil || got.StartLine != 4 || got.StartColumn != 3 {
		t.Errorf("first result region = %+v, want line 4 col 3", got)
	}
	if got := results[1].Locations[0].PhysicalLocation.Region; got.EndColumn != 10 {
		t.Errorf("end column = %d, want 10 (exclusive)", got.EndColumn)
	}
	last := results[len(results)-1]
	if last.Locations[0].PhysicalLocation.Region != nil {
		t.Errorf("file-level finding has a region %+v, want none", last.Locations[0].PhysicalLocation.Region)
	}
	if got, want := last.Locations[0].PhysicalLocation.ArtifactLocation.URI, "specs/big.yaml"; got != want {
		t.Errorf("uri = %q, want %q", got, want)
	}
	rules := log.Runs[0].Tool.Driver.Rules
	if len(rules) != len(testRules) || rules[3].DefaultConfiguration.Level != "warning" || rules[0].HelpURI == "" {
		t.Errorf("rules = %+v", rules)
	}
}

// TestSARIFFileURI checks that artifact URIs are URI references that parse
// back to the file name: no accidental scheme, every odd byte escaped.
func TestSARIFFileURI(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, file, want string }{
		{name: "plain", file: filepath.FromSlash("specs/a.yaml"), want: "specs/a.yaml"},
		{name: "colon first segment", file: "a:b.yaml", want: "./a:b.yaml"},
		{name: "colon later segment", file: filepath.FromSlash("d/a:b.yaml"), want: "d/a:b.yaml"},
		{name: "colon in directory", file: filepath.FromSlash("c:d/a.yaml"), want: "./c:d/a.yaml"},
		{name: "space percent hash", file: "my spec %#?.yaml", want: "my%20spec%20%25%23%3F.yaml"},
		{name: "stdin", file: "<stdin>", want: "%3Cstdin%3E"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := fileURI(tc.file)
			if got != tc.want {
				t.Errorf("fileURI(%q) = %q, want %q", tc.file, got, tc.want)
			}
			u, err := url.Parse(got)
			if err != nil {
				t.Fatalf("parse %q: %v", got, err)
			}
			if u.Scheme != "" || u.Opaque != "" || u.RawQuery != "" || u.Fragment != "" {
				t.Errorf("%q parses as scheme %q opaque %q query %q fragment %q, want a relative path",
					got, u.Scheme, u.Opaque, u.RawQuery, u.Fragment)
			}
			if p := strings.TrimPrefix(u.Path, "./"); p != filepath.ToSlash(tc.file) {
				t.Errorf("%q has path %q, want %q", got, p, filepath.ToSlash(tc.file))
			}
		})
	}
}

// TestToolErrorsInEveryMachineFormat checks that a run that failed still
// gives each machine format a whole document that says so.
func TestToolErrorsInEveryMachineFormat(t *testing.T) {
	res := cases()["toolerror"]
	render := func(t *testing.T, name string) []byte {
		t.Helper()
		f, err := NewFindingsFormatter(name, testOpts)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := f.Format(&buf, res); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	t.Run("json", func(t *testing.T) {
		var doc struct {
			Valid  *bool       `json:"valid"`
			Errors []ToolError `json:"errors"`
		}
		if err := json.Unmarshal(render(t, "json"), &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Valid == nil || *doc.Valid {
			t.Errorf("valid = %v, want false", doc.Valid)
		}
		if diff := cmp.Diff(res.Errors, doc.Errors); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
	t.Run("sarif", func(t *testing.T) {
		var log sarifLog
		if err := json.Unmarshal(render(t, "sarif"), &log); err != nil {
			t.Fatal(err)
		}
		inv := log.Runs[0].Invocations
		if len(inv) != 1 || inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 2 {
			t.Fatalf("invocations = %+v, want one unsuccessful with two notifications", inv)
		}
		n := inv[0].ToolExecutionNotifications[0]
		if n.Level != "error" || n.Message.Text != res.Errors[0].Message || n.Locations[0].PhysicalLocation.ArtifactLocation.URI != "specs/missing.yaml" {
			t.Errorf("notification = %+v", n)
		}
	})
	t.Run("github", func(t *testing.T) {
		want := "::error::read specs/missing.yaml: no such file or directory\n::error::validate interrupted: context canceled\n"
		if got := string(render(t, "github")); got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("junit", func(t *testing.T) {
		var got junitSuites
		if err := xml.Unmarshal(render(t, "junit"), &got); err != nil {
			t.Fatal(err)
		}
		if got.Errors != 2 || got.Tests != 2 || len(got.Suites) != 1 || got.Suites[0].Errors != 2 {
			t.Fatalf("suites = %+v, want one suite with 2 errored testcases", got)
		}
		if c := got.Suites[0].Cases[0]; c.Error == nil || c.Error.Message != res.Errors[0].Message || c.Name != "specs/missing.yaml" {
			t.Errorf("testcase = %+v", c)
		}
	})
	for _, name := range []string{"text", "compact"} {
		t.Run(name, func(t *testing.T) {
			if got := render(t, name); len(got) != 0 {
				t.Errorf("%s wrote %q; tool errors are the caller's to print on stderr", name, got)
			}
		})
	}
}

func TestJSONEmptyListsAreArrays(t *testing.T) {
	var buf bytes.Buffer
	if err := (&jsonFormatter{}).Format(&buf, &FindingsResult{}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"findings", "inputs", "errors"} {
		if _, ok := got[key].([]any); !ok {
			t.Errorf("%s = %#v, want []", key, got[key])
		}
	}
	if got["format_version"] != FindingsFormatVersion {
		t.Errorf("format_version = %v", got["format_version"])
	}
}

func TestJUnitIsWellFormed(t *testing.T) {
	var buf bytes.Buffer
	if err := (&junitFormatter{}).Format(&buf, cases()["mixed"]); err != nil {
		t.Fatal(err)
	}
	var got junitSuites
	if err := xml.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("junit output is not XML: %v", err)
	}
	type suite struct {
		Name            string
		Tests, Failures int
	}
	var suites []suite
	for _, s := range got.Suites {
		suites = append(suites, suite{s.Name, s.Tests, s.Failures})
	}
	want := []suite{
		{Name: "specs/a.yaml", Tests: 2, Failures: 1},
		{Name: "specs/b,c:d.yml", Tests: 1, Failures: 1},
		{Name: "specs/big.yaml", Tests: 1, Failures: 1},
		{Name: "specs/ok.yaml", Tests: 1, Failures: 0},
	}
	if diff := cmp.Diff(want, suites); diff != "" {
		t.Errorf("suites (-want +got):\n%s", diff)
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		name, in, data, prop string
	}{
		{name: "plain", in: "abc", data: "abc", prop: "abc"},
		{name: "percent", in: "100%", data: "100%25", prop: "100%25"},
		{name: "newlines", in: "a\r\nb", data: "a%0D%0Ab", prop: "a%0D%0Ab"},
		{name: "colon comma", in: "a:b,c", data: "a:b,c", prop: "a%3Ab%2Cc"},
		{name: "already escaped", in: "%0A", data: "%250A", prop: "%250A"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := escapeData(tc.in); got != tc.data {
				t.Errorf("escapeData(%q) = %q, want %q", tc.in, got, tc.data)
			}
			if got := escapeProperty(tc.in); got != tc.prop {
				t.Errorf("escapeProperty(%q) = %q, want %q", tc.in, got, tc.prop)
			}
		})
	}
}

func TestTextColor(t *testing.T) {
	res := cases()["mixed"]
	var plain, colored bytes.Buffer
	if err := (&textFormatter{}).Format(&plain, res); err != nil {
		t.Fatal(err)
	}
	if err := (&textFormatter{opts: FindingsOptions{Color: true}}).Format(&colored, res); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Errorf("plain text has escape codes:\n%s", plain.String())
	}
	if !strings.Contains(colored.String(), ansiRed) {
		t.Errorf("coloured text has no red:\n%q", colored.String())
	}
}

func TestSummary(t *testing.T) {
	tests := []struct {
		name string
		res  *FindingsResult
		want string
	}{
		{name: "none", res: &FindingsResult{Files: 1, Documents: 1}, want: "no problems in 1 file (1 document)"},
		{name: "mixed", res: &FindingsResult{Files: 3, Documents: 5, Findings: []finding.Finding{
			{Severity: finding.Error}, {Severity: finding.Error}, {Severity: finding.Warning},
		}}, want: "2 errors, 1 warning in 3 files (5 documents)"},
		{name: "infos", res: &FindingsResult{Files: 2, Documents: 0, Findings: []finding.Finding{{Severity: finding.Info}}},
			want: "0 errors, 0 warnings, 1 info in 2 files (0 documents)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summary(tc.res); got != tc.want {
				t.Errorf("Summary = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnknownFormat(t *testing.T) {
	_, err := NewFindingsFormatter("xml", FindingsOptions{})
	if err == nil {
		t.Fatal("want an error for an unknown format")
	}
	for _, name := range FindingsFormatNames() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name format %q", err, name)
		}
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, os.ErrClosed }

func TestWriteErrorsAreReturned(t *testing.T) {
	for _, name := range FindingsFormatNames() {
		t.Run(name, func(t *testing.T) {
			f, _ := NewFindingsFormatter(name, testOpts)
			if err := f.Format(failWriter{}, cases()["mixed"]); err == nil {
				t.Errorf("format %s ignored a write error", name)
			}
		})
	}
}
