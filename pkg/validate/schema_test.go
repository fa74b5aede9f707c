package validate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

// schemaFindings loads in and runs only the schema rule on its documents.
func schemaFindings(t testing.TB, in string) []finding.Finding {
	t.Helper()
	f, err := spec.Load(context.Background(), spec.Source{Path: "-", Name: "in.yaml"}, spec.Options{Stdin: strings.NewReader(in)})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Findings) > 0 {
		t.Fatalf("loader findings: %v", f.Findings)
	}
	r := schemaRule()
	var out []finding.Finding
	for _, d := range f.Docs {
		r.Check(NewPass(r, d, func(fd finding.Finding) { out = append(out, fd) }))
	}
	return out
}

type schemaWant struct {
	Line, Col int
	Pointer   string
	Message   string
}

const head = "AppId: a1\nBackendEnvironmentName: dev\nResourceName: api\n"

func TestSchemaFindings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   string
		want []schemaWant
	}{
		{
			name: "valid",
			in:   head + "ResourceConfig:\n  ApiName: api\n  DefaultAuthType:\n    Mode: AWS_IAM\n",
			want: nil,
		},
		{
			name: "unknown key with suggestion",
			in:   head + "ResourceConfig:\n  ApiNme: api\n",
			want: []schemaWant{{5, 3, "/ResourceConfig/ApiNme", `unknown key "ApiNme" in ResourceConfig; did you mean "ApiName"? Allowed keys: AdditionalAuthTypes, ApiName, ConflictResolution, DefaultAuthType, Service, TransformSchema, TransformSchemaFile`}},
		},
		{
			name: "key in another case",
			in:   head + "ResourceConfig:\n  apiname: api\n",
			want: []schemaWant{{5, 3, "/ResourceConfig/apiname", `key "apiname" is spelled "ApiName" in a spec; rename it (spec keys are the CreateBackendAPI member names as boto3 and the AWS CLI write them, not the wire's camelCase)`}},
		},
		{
			// One finding per key, not an unknown key and a missing
			// required one for each.
			name: "camelCase required keys",
			in:   "appId: a1\nbackendEnvironmentName: dev\nResourceName: api\nresourceConfig: {}\n",
			want: []schemaWant{
				{1, 1, "/appId", `key "appId" is spelled "AppId" in a spec; rename it (spec keys are the CreateBackendAPI member names as boto3 and the AWS CLI write them, not the wire's camelCase)`},
				{2, 1, "/backendEnvironmentName", `key "backendEnvironmentName" is spelled "BackendEnvironmentName" in a spec; rename it (spec keys are the CreateBackendAPI member names as boto3 and the AWS CLI write them, not the wire's camelCase)`},
				{4, 1, "/resourceConfig", `key "resourceConfig" is spelled "ResourceConfig" in a spec; rename it (spec keys are the CreateBackendAPI member names as boto3 and the AWS CLI write them, not the wire's camelCase)`},
			},
		},
		{
			name: "camelCase key beside the right one",
			in:   head + "appId: a2\nResourceConfig: {}\n",
			want: []schemaWant{{4, 1, "/appId", `unknown key "appId" in the document; did you mean "AppId"? Allowed keys: AppId, BackendEnvironmentName, ResourceConfig, ResourceName`}},
		},
		{
			name: "unknown top-level key no suggestion",
			in:   head + "ResourceConfig: {}\nTags: {}\n",
			want: []schemaWant{{5, 1, "/Tags", `unknown key "Tags" in the document; allowed keys: AppId, BackendEnvironmentName, ResourceConfig, ResourceName`}},
		},
		{
			name: "type string for number",
			in:   head + "ResourceConfig:\n  DefaultAuthType:\n    Mode: API_KEY\n    Settings:\n      ExpirationTime: \"7\"\n",
			want: []schemaWant{{8, 23, "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", `ExpirationTime: "7" is a string; a number is expected; remove the quotes`}},
		},
		{
			name: "nan for number",
			in:   head + "ResourceConfig:\n  DefaultAuthType:\n    Mode: API_KEY\n    Settings:\n      ExpirationTime: .nan\n",
			want: []schemaWant{{8, 23, "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", `ExpirationTime: .nan is not a finite number; a number of days is expected`}},
		},
		{
			name: "inf for number",
			in:   head + "ResourceConfig:\n  DefaultAuthType:\n    Mode: API_KEY\n    Settings:\n      ExpirationTime: -.Inf\n",
			want: []schemaWant{{8, 23, "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", `ExpirationTime: -.Inf is not a finite number; a number of days is expected`}},
		},
		{
			name: "out of range number",
			in:   head + "ResourceConfig:\n  DefaultAuthType:\n    Mode: API_KEY\n    Settings:\n      ExpirationTime: 1e400\n",
			want: []schemaWant{{8, 23, "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", `ExpirationTime: 1e400 is not a finite number (beyond the range of a 64-bit float); a number of days is expected`}},
		},
		{
			name: "out of range plain string where a string is expected",
			in:   head + "ResourceConfig:\n  ApiName: api\n  DefaultAuthType:\n    Mode: API_KEY\n    Settings:\n      ExpirationTime: 7\n      Description: 1e400\n",
			want: nil,
		},
		{
			name: "nan for string",
			in:   head + "ResourceConfig:\n  ApiName: .nan\n",
			want: []schemaWant{{5, 12, "/ResourceConfig/ApiName", `ApiName: .nan is not a finite number; a string is expected; quote it: ".nan"`}},
		},
		{
			name: "type number for string",
			in:   head + "ResourceConfig:\n  ApiName: 12\n",
			want: []schemaWant{{5, 12, "/ResourceConfig/ApiName", `ApiName: 12 is an integer; a string is expected; quote it: "12"`}},
		},
		{
			name: "type list for mapping",
			in:   head + "ResourceConfig:\n  - ApiName: x\n",
			want: []schemaWant{{5, 3, "/ResourceConfig", `ResourceConfig is a list; a mapping is expected`}},
		},
		{
			name: "null value",
			in:   head + "ResourceConfig:\n  ApiName:\n",
			want: []schemaWant{{5, 11, "/ResourceConfig/ApiName", `ApiName is empty (null); a string is expected`}},
		},
		{
			name: "enum with suggestion",
			in:   head + "ResourceConfig:\n  AdditionalAuthTypes:\n    - Mode: AWS_IAM\n    - Mode: API_KYE\n",
			want: []schemaWant{{7, 13, "/ResourceConfig/AdditionalAuthTypes/1/Mode", `Mode: "API_KYE" is not allowed; use one of API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS, OPENID_CONNECT; did you mean "API_KEY"?`}},
		},
		{
			name: "resolution strategy enum",
			in:   head + "ResourceConfig:\n  ConflictResolution:\n    ResolutionStrategy: MERGE\n",
			want: []schemaWant{{6, 25, "/ResourceConfig/ConflictResolution/ResolutionStrategy", `ResolutionStrategy: "MERGE" is not allowed; use one of OPTIMISTIC_CONCURRENCY, LAMBDA, AUTOMERGE, NONE`}},
		},
		{
			name: "missing required top level",
			in:   "# comment\nAppId: a1\nResourceName: api\n",
			want: []schemaWant{
				{2, 1, "/BackendEnvironmentName", `missing required key "BackendEnvironmentName"; add it at the top level of the document`},
				{2, 1, "/ResourceConfig", `missing required key "ResourceConfig"; add it at the top level of the document`},
			},
		},
		{
			name: "mode needs settings",
			in:   head + "ResourceConfig:\n  DefaultAuthType:\n    Mode: AMAZON_COGNITO_USER_POOLS\n",
			want: []schemaWant{{6, 5, "/ResourceConfig/DefaultAuthType/Settings", `missing required key "Settings" (Mode AMAZON_COGNITO_USER_POOLS needs it); add it under ResourceConfig.DefaultAuthType`}},
		},
		{
			name: "openid needs issuer in additional auth type",
			in:   head + "ResourceConfig:\n  AdditionalAuthTypes:\n    - Mode: OPENID_CONNECT\n      Settings:\n        OpenIDProviderName: auth0\n",
			want: []schemaWant{{8, 9, "/ResourceConfig/AdditionalAuthTypes/0/Settings/OpenIDIssueURL", `missing required key "OpenIDIssueURL" (Mode OPENID_CONNECT needs it); add it under ResourceConfig.AdditionalAuthTypes[0].Settings`}},
		},
		{
			name: "api key needs expiration in flow mapping",
			in:   head + "ResourceConfig:\n  DefaultAuthType: {Mode: API_KEY, Settings: {Description: x}}\n",
			want: []schemaWant{{5, 46, "/ResourceConfig/DefaultAuthType/Settings/ExpirationTime", `missing required key "ExpirationTime" (Mode API_KEY needs it); add it under ResourceConfig.DefaultAuthType.Settings`}},
		},
		{
			name: "empty app id",
			in:   "AppId: \"\"\nBackendEnvironmentName: dev\nResourceName: api\nResourceConfig: {}\n",
			want: []schemaWant{{1, 8, "/AppId", `AppId is an empty string; give a value`}},
		},
		{
			name: "several leaves sorted",
			in:   head + "ResourceConfig:\n  Service: true\n  Extra: 1\n  ConflictResolution: {ResolutionStrategy: 3}\n",
			want: []schemaWant{
				{5, 12, "/ResourceConfig/Service", `Service: true is a boolean; a string is expected; quote it: "true"`},
				{6, 3, "/ResourceConfig/Extra", `unknown key "Extra" in ResourceConfig; allowed keys: AdditionalAuthTypes, ApiName, ConflictResolution, DefaultAuthType, Service, TransformSchema, TransformSchemaFile`},
				{7, 44, "/ResourceConfig/ConflictResolution/ResolutionStrategy", `ResolutionStrategy: 3 is an integer; a string is expected; quote it: "3"`},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var got []schemaWant
			for _, f := range schemaFindings(t, tc.in) {
				got = append(got, schemaWant{f.Line, f.Column, f.Pointer, f.Message})
				if f.Rule != RuleSchema || f.Severity != finding.Error || f.File != "in.yaml" {
					t.Errorf("finding not well formed: %+v", f)
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestGoodSpecs checks that every spec in testdata/specs/good and examples
// loads and validates without a finding.
func TestGoodSpecs(t *testing.T) {
	t.Parallel()
	var paths []string
	for _, dir := range []string{"../../testdata/specs/good", "../../examples"} {
		m, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		paths = append(paths, m...)
	}
	if len(paths) < 4 {
		t.Fatalf("found only %d good specs", len(paths))
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if fs := schemaFindings(t, string(b)); len(fs) > 0 {
			t.Errorf("%s: %v", p, fs)
		}
	}
}

func TestNodeValueScalars(t *testing.T) {
	t.Parallel()
	f, err := spec.Load(context.Background(), spec.Source{Path: "-"}, spec.Options{Stdin: strings.NewReader(
		"AppId: x\ni: 0x10\nf: 1.5\nb: yes\nB: true\nn: ~\ns: '7'\ninf: .inf\nbig: 123456789012345678901234567890\nl: [1, a]\n")})
	if err != nil || len(f.Docs) != 1 {
		t.Fatalf("load: %v %v", err, f.Findings)
	}
	got := nodeValue(f.Docs[0].Root).(map[string]any)
	// yaml.v3 resolves "yes" as a string (YAML 1.2 core schema).
	want := map[string]any{"AppId": "x", "i": 16.0, "f": 1.5, "b": "yes", "B": true, "n": nil, "s": "7", "big": 1.2345678901234568e+29, "l": []any{1.0, "a"}}
	inf := got["inf"]
	delete(got, "inf")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// JSON has no infinity: it becomes null, so the schema's type error
	// lands on it (and describe says "is not a finite number").
	if inf != nil {
		t.Errorf("inf = %v, want nil", inf)
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	keys := []string{"ApiName", "Service", "TransformSchema"}
	for in, want := range map[string]string{"ApiNme": "ApiName", "apiname": "ApiName", "Servce": "Service", "Bogus": "", "TransformSchem": "TransformSchema"} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkSchemaRule(b *testing.B) {
	in, err := os.ReadFile("../../testdata/specs/good/cognito-full.yaml")
	if err != nil {
		b.Skip(err)
	}
	f, err := spec.Load(context.Background(), spec.Source{Path: "-"}, spec.Options{Stdin: strings.NewReader(string(in))})
	if err != nil || len(f.Docs) == 0 {
		b.Fatal(err)
	}
	r := schemaRule()
	for b.Loop() {
		for _, d := range f.Docs {
			r.Check(NewPass(r, d, func(finding.Finding) {}))
		}
	}
}

// TestBadSpecs checks testdata/specs/bad: each file names the findings it
// must produce in "# want LINE:COL RULE" lines, and produces no finding of
// another rule.
func TestBadSpecs(t *testing.T) {
	t.Parallel()
	paths, _ := filepath.Glob("../../testdata/specs/bad/*.yaml")
	if len(paths) < 10 {
		t.Fatalf("found only %d bad specs", len(paths))
	}
	for _, p := range paths {
		t.Run(filepath.Base(p), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			var wants []string
			rules := map[string]bool{}
			for _, line := range strings.Split(string(raw), "\n") {
				if w, ok := strings.CutPrefix(line, "# want "); ok {
					wants = append(wants, w)
					rules[strings.Fields(w)[1]] = true
				}
			}
			if len(wants) == 0 {
				t.Fatalf("no # want line")
			}
			got := map[string]bool{}
			var all []string
			for _, f := range loadAndCheck(t, p) {
				w := fmt.Sprintf("%d:%d %s", f.Line, f.Column, f.Rule)
				got[w] = true
				all = append(all, w+" "+f.Message)
				if !rules[f.Rule] {
					t.Errorf("unexpected finding %s: %s", w, f.Message)
				}
			}
			for _, w := range wants {
				if !got[w] {
					t.Errorf("missing finding %s; got:\n%s", w, strings.Join(all, "\n"))
				}
			}
		})
	}
}

// loadAndCheck loads a file and runs the schema rule on it (the semantic
// rules have their own tests).
func loadAndCheck(t *testing.T, path string) []finding.Finding {
	t.Helper()
	f, err := spec.Load(context.Background(), spec.Source{Path: path, Name: path}, spec.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := f.Findings
	r := schemaRule()
	for _, d := range f.Docs {
		r.Check(NewPass(r, d, func(fd finding.Finding) { out = append(out, fd) }))
	}
	return out
}

// BenchmarkLoadAndSchema compares loading plus the schema rule with the
// parse-only floor (yaml.v3 into a yaml.Node) on the good specs.
func BenchmarkLoadAndSchema(b *testing.B) {
	paths, _ := filepath.Glob("../../testdata/specs/good/*.yaml")
	var files [][]byte
	for _, p := range paths {
		raw, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, raw)
	}
	b.Run("parse-floor", func(b *testing.B) {
		for b.Loop() {
			for _, raw := range files {
				dec := yaml.NewDecoder(bytes.NewReader(raw))
				for {
					var n yaml.Node
					if dec.Decode(&n) != nil {
						break
					}
				}
			}
		}
	})
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			for _, raw := range files {
				if _, err := spec.Load(context.Background(), spec.Source{Path: "-"}, spec.Options{Stdin: bytes.NewReader(raw)}); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("load+schema", func(b *testing.B) {
		r := schemaRule()
		for b.Loop() {
			for _, raw := range files {
				f, err := spec.Load(context.Background(), spec.Source{Path: "-"}, spec.Options{Stdin: bytes.NewReader(raw)})
				if err != nil {
					b.Fatal(err)
				}
				for _, d := range f.Docs {
					r.Check(NewPass(r, d, func(finding.Finding) {}))
				}
			}
		}
	})
}
