package oracle

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

var (
	seedFlag      = flag.Uint64("seed", 1, "seed of the generated schemas (internal/gencorpus/schemagen); the same seed gives the same cases")
	generatedFlag = flag.Int("generated", 3000, "number of generated schemas the differential test judges besides the repository's")
)

// realWorldPrefix names the case files made from the real public projects
// (TestTransformerAgreesOnRealProjects), which are not generated.
const realWorldPrefix = "realworld-"

// root is the repository root, from this package's directory.
const root = "../.."

// oracleDir holds the pinned transformer and its driver.
var oracleDir = filepath.Join(root, "testdata", "oracle")

// caseGlobs are the YAML files whose TransformSchemas are cases.
var caseGlobs = []string{
	"testdata/rules/*/*.yaml",
	"testdata/specs/good/*.yaml",
	"testdata/oracle/corpus/*.yaml",
	"examples/specs/*.yaml",
	"examples/specs/*/*.yaml",
}

// tcase is one TransformSchema, as the driver reads it.
type tcase struct {
	Name               string   `json:"name"`
	Schema             string   `json:"schema"`
	DefaultMode        string   `json:"defaultMode,omitempty"`
	AdditionalModes    []string `json:"additionalModes,omitempty"`
	ConflictResolution string   `json:"conflictResolution,omitempty"`

	bapiRules []string // IDs of bapi's error findings on what the transformer judges
	bapiMsgs  []string // their messages
	warnRules []string // IDs of bapi's warnings there
}

// verdict is the transformer's answer on one case.
type verdict struct {
	Name   string `json:"name"`
	Accept bool   `json:"accept"`
	Error  string `json:"error"`
	Size   int    `json:"size"`
}

// maxSchema is the largest schema the test gives the transformer, which
// takes seconds per hundred models (graphql-schema-size's bad case has 480).
const maxSchema = 16 << 10

// collect runs bapi validate on every case file and returns a case per
// document with a TransformSchema.
func collect(t *testing.T, version int, globs []string, extra ...string) []*tcase {
	t.Helper()
	files := append([]string(nil), extra...)
	for _, g := range globs {
		m, err := filepath.Glob(filepath.Join(root, g))
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	sort.Strings(files[len(extra):])
	var out []*tcase
	for _, f := range files {
		name, err := filepath.Rel(root, f)
		if err != nil || strings.HasPrefix(name, "..") {
			name = filepath.Join("generated", filepath.Base(f))
			if strings.HasPrefix(filepath.Base(f), realWorldPrefix) {
				name = filepath.Base(f)
			}
		}
		if strings.HasSuffix(f, "-v1.yaml") != (version == 1) {
			continue // a case of the other transformer version's test
		}
		opts := validate.Options{KeepDocuments: true, Parallelism: 1, NoIgnoreComments: true, Config: &validate.Config{TransformerVersion: version}}
		res, err := validate.Run(context.Background(), []spec.Source{{Path: f, Name: name}}, opts)
		if err != nil {
			t.Fatalf("validate %s: %v", name, err)
		}
		for _, d := range res.Docs {
			req, err := d.Decode()
			if err != nil || req.ResourceConfig == nil || strings.TrimSpace(req.ResourceConfig.TransformSchema) == "" {
				continue
			}
			rc := req.ResourceConfig
			c := &tcase{Name: fmt.Sprintf("%s#%d", name, d.Index), Schema: rc.TransformSchema}
			if rc.DefaultAuthType != nil {
				c.DefaultMode = rc.DefaultAuthType.Mode
			}
			for _, a := range rc.AdditionalAuthTypes {
				c.AdditionalModes = append(c.AdditionalModes, a.Mode)
			}
			if rc.ConflictResolution != nil && rc.ConflictResolution.ResolutionStrategy != "NONE" {
				c.ConflictResolution = rc.ConflictResolution.ResolutionStrategy
			}
			for _, fd := range res.Findings {
				if fd.Document != d.Index || !isSchemaFinding(fd) {
					continue
				}
				switch fd.Severity {
				case finding.Error:
					c.bapiRules = append(c.bapiRules, fd.Rule)
					c.bapiMsgs = append(c.bapiMsgs, fd.Message)
				case finding.Warning:
					c.warnRules = append(c.warnRules, fd.Rule)
				}
			}
			out = append(out, c)
		}
	}
	return out
}

// judged are the members the transformer is given: the schema, the auth
// modes and the conflict resolution. A finding elsewhere (names, addresses)
// is no part of its verdict.
var judged = []string{"/ResourceConfig/TransformSchema", "/ResourceConfig/DefaultAuthType", "/ResourceConfig/AdditionalAuthTypes", "/ResourceConfig/ConflictResolution"}

// isSchemaFinding reports whether a finding is about what the transformer
// judges.
func isSchemaFinding(f finding.Finding) bool {
	if strings.HasPrefix(f.Rule, "graphql-") {
		return true
	}
	for _, p := range judged {
		if f.Pointer == p || strings.HasPrefix(f.Pointer, p+"/") {
			return true
		}
	}
	return false
}

// runTransformer runs the driver once on every case.
func runTransformer(t *testing.T, dir string, cases []*tcase) map[string]verdict {
	t.Helper()
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "transform.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "JSII_DEPRECATED=quiet") // no CDK deprecation notes
	cmd.Stdin = bytes.NewReader(in)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("node transform.js: %v\n%s", err, stderr.String())
	}
	var vs []verdict
	if err := json.Unmarshal(stdout.Bytes(), &vs); err != nil {
		t.Fatalf("read the driver's verdicts: %v\n%s", err, stdout.String())
	}
	out := make(map[string]verdict, len(vs))
	for _, v := range vs {
		out[v.Name] = v
	}
	return out
}

// TestTransformerAgrees is the differential test: bapi's verdict on every
// TransformSchema of the repository (reject when it reports an error on the
// schema) must be the transformer's, except as exceptions.go allows.
func TestTransformerAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the differential test runs Node.js on every schema; CI runs it (scripts/test.sh -full)")
	}
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "@aws-amplify", "graphql-transformer")); err != nil {
		t.Skip("the transformer is not installed: run `npm ci --prefix testdata/oracle` (needs Node.js 20 and the npm registry once) to run the differential test")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to run the differential test")
	}
	start := time.Now()
	all := collect(t, 2, caseGlobs, writeGenerated(t, *seedFlag, *generatedFlag)...)
	t.Logf("bapi validated %d cases in %v", len(all), time.Since(start).Round(time.Millisecond))
	if len(all) < 50+*generatedFlag {
		t.Fatalf("found only %d cases; the case globs no longer match the test data", len(all))
	}
	var cases []*tcase
	for _, c := range all {
		if len(c.Schema) > maxSchema {
			t.Logf("%s: not run, a %d-byte schema takes the transformer minutes", c.Name, len(c.Schema))
			continue
		}
		cases = append(cases, c)
	}
	start = time.Now()
	verdicts := runTransformer(t, oracleDir, cases)
	t.Logf("the transformer judged %d cases in %v", len(cases), time.Since(start).Round(time.Millisecond))
	agree, excused, gaps := judge(t, cases, verdicts)
	genAccepted, genAll := 0, 0
	for _, c := range cases {
		if strings.HasPrefix(c.Name, "generated") {
			genAll++
			if verdicts[c.Name].Accept {
				genAccepted++
			}
		}
	}
	t.Logf("generated cases (seed %d): %d, of which the transformer accepts %d and refuses %d", *seedFlag, genAll, genAccepted, genAll-genAccepted)
	checkSizeEstimates(t, cases, verdicts)
	t.Logf("bapi and the transformer agree on %d of %d cases; %d more differ for the listed reasons; %d known gaps", agree, len(cases), excused, gaps)
	for name := range knownGaps() {
		if _, ok := verdicts[name]; !ok && !strings.Contains(name, "-v1.yaml") {
			t.Errorf("knownGaps (exceptions.go) names %s, which is no case: remove it", name)
		}
	}
}

// judge compares bapi's verdict on each case with the transformer's and
// fails the test on a difference no exception explains.
func judge(t *testing.T, cases []*tcase, verdicts map[string]verdict) (agree, excused, gaps int) {
	t.Helper()
	for _, c := range cases {
		v, ok := verdicts[c.Name]
		if !ok {
			t.Errorf("%s: the driver gave no verdict", c.Name)
			continue
		}
		bapiAccepts := len(c.bapiRules) == 0
		switch {
		case bapiAccepts == v.Accept:
			agree++
		case !bapiAccepts && v.Accept && inMap(c.bapiRules, serviceRules()):
			excused++
			t.Logf("%s: bapi refuses (%s), the transformer accepts: %s", c.Name, strings.Join(c.bapiRules, ", "), serviceRules()[c.bapiRules[0]])
		case !bapiAccepts && v.Accept && stricterCases()[c.Name] != "":
			excused++
			t.Logf("%s: bapi refuses (%s) on purpose, the transformer accepts: %s", c.Name, strings.Join(c.bapiRules, ", "), stricterCases()[c.Name])
		case !bapiAccepts && v.Accept && sqlScalarsOnly(c):
			excused++
			t.Logf("%s: bapi refuses BigInt or Double, the transformer accepts: %s", c.Name, SQLScalarsReason)
		case bapiAccepts && !v.Accept && knownGaps()[c.Name] != "":
			gaps++
			t.Logf("%s: known gap, the transformer refuses (%s): %s", c.Name, v.Error, knownGaps()[c.Name])
		case bapiAccepts && !v.Accept && len(c.warnRules) > 0 && inMap(c.warnRules, refusingWarnings()):
			excused++
			t.Logf("%s: bapi warns (%s), the transformer refuses: %s", c.Name, strings.Join(c.warnRules, ", "), refusingWarnings()[c.warnRules[0]])
		case bapiAccepts:
			t.Errorf("%s: bapi accepts the schema, the transformer refuses it: %s", c.Name, v.Error)
		default:
			t.Errorf("%s: bapi refuses the schema (%s), the transformer accepts it", c.Name, strings.Join(c.bapiRules, ", "))
		}
	}
	return agree, excused, gaps
}

// v1Globs are the cases of transformer v1 projects: the rule cases named
// *-v1.yaml and the v1 corpus.
var v1Globs = []string{
	"testdata/rules/*/*-v1.yaml",
	"testdata/oracle/v1/corpus/*-v1.yaml",
}

// TestTransformerV1Agrees is the differential test of transformer v1
// projects: bapi, told transformer-version 1, against the v1 line
// (testdata/oracle/v1).
func TestTransformerV1Agrees(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the differential test runs Node.js; CI runs it (scripts/test.sh -full)")
	}
	dir := filepath.Join(oracleDir, "v1")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-transformer-core")); err != nil {
		t.Skip("the v1 transformer is not installed: run `npm ci --prefix testdata/oracle/v1`")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to run the differential test")
	}
	cases := collect(t, 1, v1Globs)
	if len(cases) < 5 {
		t.Fatalf("found only %d v1 cases; the globs no longer match the test data", len(cases))
	}
	verdicts := runTransformer(t, dir, cases)
	agree, excused, gaps := judge(t, cases, verdicts)
	for name := range knownGaps() {
		if _, ok := verdicts[name]; !ok && strings.Contains(name, "-v1.yaml") {
			t.Errorf("knownGaps (exceptions.go) names %s, which is no v1 case: remove it", name)
		}
	}
	for name := range stricterCases() {
		if _, ok := verdicts[name]; !ok {
			t.Errorf("stricterCases (exceptions.go) names %s, which is no v1 case: fix the name", name)
		}
	}
	t.Logf("transformer v1: bapi and the transformer agree on %d of %d cases; %d more differ for the listed reasons; %d known gaps", agree, len(cases), excused, gaps)
}

// sqlScalarsOnly reports whether bapi's only errors are graphql-valid's
// "Undefined type" on BigInt or Double.
func sqlScalarsOnly(c *tcase) bool {
	for i, id := range c.bapiRules {
		m := c.bapiMsgs[i]
		if id != "graphql-valid" || !strings.Contains(m, "Undefined type BigInt") && !strings.Contains(m, "Undefined type Double") {
			return false
		}
	}
	return len(c.bapiRules) > 0
}

// inMap reports whether every ID is a key of m.
func inMap(ids []string, m map[string]string) bool {
	for _, id := range ids {
		if _, ok := m[id]; !ok {
			return false
		}
	}
	return true
}

// maxSizeDeviation is how far graphql-schema-size's estimate may be from
// the compiled size (its page quotes the range measured here).
const maxSizeDeviation = 0.30

// minSizeChecked is the compiled size from which the estimate is held to
// maxSizeDeviation: the rule warns from 819 KB, and on a schema of a few
// KB the fixed parts weigh more than the per-model constants model (a few
// generated schemas of 4 to 8 KB are estimated 30-33% over).
const minSizeChecked = 16 << 10

// checkSizeEstimates compares graphql-schema-size's estimate with the size
// of the schema the transformer compiled, on every accepted case.
func checkSizeEstimates(t *testing.T, cases []*tcase, verdicts map[string]verdict) {
	t.Helper()
	var devs []float64
	for _, c := range cases {
		v := verdicts[c.Name]
		if !v.Accept || v.Size == 0 {
			continue
		}
		sc, err := amplifyschema.Parse(c.Name, c.Schema)
		if err != nil {
			continue // bapi's parser refused it: the verdicts differ, reported above
		}
		est := sc.CompiledSize()
		dev := float64(est-v.Size) / float64(v.Size)
		devs = append(devs, dev)
		if v.Size >= minSizeChecked && (dev < -maxSizeDeviation || dev > maxSizeDeviation) {
			t.Errorf("%s: graphql-schema-size estimates %d bytes, the transformer compiled %d (%+.0f%%): refit the size constants in pkg/amplifyschema/size.go", c.Name, est, v.Size, 100*dev)
		}
	}
	sort.Float64s(devs)
	if len(devs) > 0 {
		t.Logf("schema size estimate: %d cases, from %+.0f%% to %+.0f%%, median %+.0f%%", len(devs), 100*devs[0], 100*devs[len(devs)-1], 100*devs[len(devs)/2])
	}
}

// TestDirectiveSDLMatchesTransformer checks that the directive SDL bapi
// validates with (pkg/amplifyschema/graphql/v1.graphql and v2.graphql, after
// their heads) is what the installed transformer line declares.
func TestDirectiveSDLMatchesTransformer(t *testing.T) {
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "@aws-amplify", "graphql-transformer")); err != nil {
		t.Skip("the transformer is not installed: run `npm ci --prefix testdata/oracle`")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH: install Node.js 20")
	}
	const marker = "# internal/oracle's TestDirectiveSDLMatchesTransformer checks it.\n"
	for _, v := range []int{1, 2} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		cmd := exec.CommandContext(ctx, "node", "directives.js", fmt.Sprint(v))
		cmd.Dir = oracleDir
		out, err := cmd.Output()
		cancel()
		if err != nil {
			t.Fatalf("node directives.js %d: %v", v, err)
		}
		sdl := amplifyschema.DirectiveSDL(v)
		i := strings.Index(sdl, marker)
		if i < 0 {
			t.Fatalf("DirectiveSDL(%d) has no line %q", v, marker)
		}
		if got := sdl[i+len(marker):]; got != string(out) {
			t.Errorf("pkg/amplifyschema/graphql/v%d.graphql differs from `node testdata/oracle/directives.js %d`: regenerate the part after its head", v, v)
		}
	}
}

// writeGenerated writes n generated cases (schemagen, by seed) as spec
// files of 100 documents each in a temporary directory, and returns them.
func writeGenerated(t *testing.T, seed uint64, n int) []string {
	t.Helper()
	dir := t.TempDir()
	var files []string
	var b strings.Builder
	start := 0
	flush := func() {
		if b.Len() == 0 {
			return
		}
		f := filepath.Join(dir, fmt.Sprintf("seed-%d-%05d.yaml", seed, start))
		if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		b.Reset()
	}
	for i := 0; i < n; i++ {
		if i%100 == 0 {
			flush()
			start = i
		} else {
			b.WriteString("---\n")
		}
		b.WriteString(specYAML(schemagen.Generate(seed, i), i))
	}
	flush()
	return files
}

// specYAML is a generated case as a CreateBackendAPI spec: each auth mode
// with the settings it needs (each OpenID Connect provider its own issuer).
func specYAML(c schemagen.Case, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\nAppId: d%x\nBackendEnvironmentName: oracle\nResourceName: gen%d\nResourceConfig:\n  ApiName: gen%d\n  Service: AppSync\n", c.Name, 0x20000000+i, i, i)
	auth := func(mode, indent string, k int) {
		fmt.Fprintf(&b, "%sMode: %s\n", indent, mode)
		pad := strings.Repeat(" ", len(indent))
		switch mode {
		case "API_KEY":
			fmt.Fprintf(&b, "%sSettings:\n%s  ExpirationTime: 30\n", pad, pad)
		case "AMAZON_COGNITO_USER_POOLS":
			fmt.Fprintf(&b, "%sSettings:\n%s  CognitoUserPoolId: us-east-1_AbCdEf123\n", pad, pad)
		case "OPENID_CONNECT":
			fmt.Fprintf(&b, "%sSettings:\n%s  OpenIDProviderName: idp%d\n%s  OpenIDIssueURL: https://idp%d.example.com\n%s  OpenIDClientId: client\n", pad, pad, k, pad, k, pad)
		}
	}
	b.WriteString("  DefaultAuthType:\n")
	auth(c.DefaultMode, "    ", 0)
	if len(c.AdditionalModes) > 0 {
		b.WriteString("  AdditionalAuthTypes:\n")
		for k, m := range c.AdditionalModes {
			auth(m, "    - ", k+1)
		}
	}
	if c.ConflictResolution != "" {
		fmt.Fprintf(&b, "  ConflictResolution:\n    ResolutionStrategy: %s\n", c.ConflictResolution)
	}
	b.WriteString("  TransformSchema: |\n")
	for _, l := range strings.Split(strings.TrimRight(c.Schema, "\n"), "\n") {
		b.WriteString("    " + l + "\n")
	}
	return b.String()
}
