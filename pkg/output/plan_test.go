package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func planCfg(t *testing.T, src string) *amplifybackend.BackendAPIResourceConfig {
	t.Helper()
	var c amplifybackend.BackendAPIResourceConfig
	if err := yaml.Unmarshal([]byte(src), &c); err != nil {
		t.Fatalf("decode config: %v", err)
	}
	return &c
}

func planDesired(app, env, res, file string, line int, cfg *amplifybackend.BackendAPIResourceConfig) plan.Desired {
	return plan.Desired{
		Request: &amplifybackend.CreateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res, ResourceConfig: cfg},
		Source:  plan.Source{File: file, Line: line},
	}
}

const planSchemaV1 = `type Post @model @auth(rules: [{ allow: owner }]) {
  id: ID!
  title: String!
  body: String
  author: String
  createdAt: AWSDateTime
  updatedAt: AWSDateTime
  tags: [String]
}
`

const planSchemaV2 = `type Post @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }]) {
  id: ID!
  title: String!
  body: String
  author: String
  createdAt: AWSDateTime
  updatedAt: AWSDateTime
  tags: [String]
  rating: Float
}
`

// planCases are plans built with plan.Compute; each format's golden is
// testdata/plan_<case>/want.<ext>.
func planCases(t *testing.T) map[string]*plan.Plan {
	blog := func(schema string, exp float64) *amplifybackend.BackendAPIResourceConfig {
		c := planCfg(t, `
ApiName: blogapi
Service: AppSync
DefaultAuthType:
  Mode: AMAZON_COGNITO_USER_POOLS
  Settings:
    CognitoUserPoolId: us-east-1_AbCdEf123
AdditionalAuthTypes:
  - Mode: API_KEY
    Settings:
      Description: public read key
      ExpirationTime: `+strconv.FormatFloat(exp, 'f', -1, 64)+`
ConflictResolution:
  ResolutionStrategy: AUTOMERGE
`)
		c.TransformSchema = schema
		return c
	}
	withIAM := func(c *amplifybackend.BackendAPIResourceConfig) *amplifybackend.BackendAPIResourceConfig {
		c.AdditionalAuthTypes = append(c.AdditionalAuthTypes, amplifybackend.BackendAPIAuthType{Mode: "AWS_IAM"})
		return c
	}
	small := planCfg(t, "ApiName: notes\nService: AppSync\nDefaultAuthType: {Mode: AWS_IAM}\nTransformSchema: \"type Note @model { id: ID! }\"\n")
	inputs := []plan.Input{{Name: "specs/blog.yaml", Digest: "1111"}, {Name: "specs/notes.yaml", Digest: "2222"}}
	mixed := plan.Compute(
		[]plan.Desired{
			planDesired("d2x4example7q1", "staging", "blogapi", "specs/blog.yaml", 1, blog(planSchemaV2, 30)),
			planDesired("d2x4example7q1", "prod", "blogapi", "specs/blog.yaml", 25, blog(planSchemaV1, 30)),
			planDesired("d2x4example7q1", "staging", "notes", "specs/notes.yaml", 1, small),
		},
		[]plan.Observed{
			{Address: plan.Address{AppId: "d2x4example7q1", BackendEnvironmentName: "staging", ResourceName: "blogapi"}, Config: withIAM(blog(planSchemaV1, 7))},
			{Address: plan.Address{AppId: "d2x4example7q1", BackendEnvironmentName: "prod", ResourceName: "blogapi"}, Config: blog(planSchemaV1+"\n  \n", 30.0)},
		},
		inputs,
	)
	// A warning about an environment is shown by every format; markdown
	// escapes what would break it.
	mixed.Warnings = []plan.Warning{{Pair: "d2x4example7q1/prod", Message: "the backend of d2x4example7q1/prod contains function | geo <x>: its jobs will FAIL"}}
	none := plan.Compute(
		[]plan.Desired{planDesired("d2x4example7q1", "staging", "notes", "specs/notes.yaml", 1, small)},
		[]plan.Observed{{Address: plan.Address{AppId: "d2x4example7q1", BackendEnvironmentName: "staging", ResourceName: "notes"}, Config: small}},
		inputs[1:],
	)
	// A schema change that removes Tag (allowed), changes Post's key (not
	// allowed) and creates two indexes on Comment.
	liveSchema := "type Post @model { id: ID! slug: String! comments: [Comment] @hasMany(indexName: \"byPost\", fields: [\"id\"]) }\n" +
		"type Comment @model { id: ID! postID: ID! @index(name: \"byPost\") author: String rating: Int }\n" +
		"type Tag @model { id: ID! label: String! }\n"
	desiredSchema := "type Post @model { id: ID! slug: String! @primaryKey comments: [Comment] @hasMany(indexName: \"byPost\", fields: [\"slug\"]) }\n" +
		"type Comment @model { id: ID! postID: ID! @index(name: \"byPost\") author: String @index(name: \"byAuthor\") rating: Int @index(name: \"byRating\") }\n" +
		"type Label @model { id: ID! label: String! }\n"
	destructive := plan.Compute(
		[]plan.Desired{planDesired("d2x4example7q1", "staging", "blogapi", "specs/blog.yaml", 1, blog(desiredSchema, 30))},
		[]plan.Observed{{Address: plan.Address{AppId: "d2x4example7q1", BackendEnvironmentName: "staging", ResourceName: "blogapi"}, Config: blog(liveSchema, 30)}},
		inputs[:1],
	)
	destructive.AllowDestructive = []string{"d2x4example7q1/staging/blogapi:Tag"}
	return map[string]*plan.Plan{"mixed": mixed, "nochanges": none, "destructive": destructive}
}

func TestPlanGolden(t *testing.T) {
	exts := map[string]string{"text": "txt", "json": "json", "markdown": "md"}
	for name, p := range planCases(t) {
		for format, ext := range exts {
			t.Run(name+"/"+format, func(t *testing.T) {
				f, err := NewPlanFormatter(format, PlanOptions{})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := f.Format(&buf, p); err != nil {
					t.Fatal(err)
				}
				golden(t, filepath.Join("testdata", "plan_"+name, "want."+ext), buf.Bytes())
			})
		}
	}
	t.Run("mixed/text-color", func(t *testing.T) {
		f, _ := NewPlanFormatter("text", PlanOptions{Color: true})
		var buf bytes.Buffer
		if err := f.Format(&buf, planCases(t)["mixed"]); err != nil {
			t.Fatal(err)
		}
		golden(t, filepath.Join("testdata", "plan_mixed", "want.color.txt"), buf.Bytes())
	})
}

func TestPlanSummary(t *testing.T) {
	cases := planCases(t)
	if got, want := PlanSummary(cases["mixed"]), "Plan: 1 to create, 1 to update, 1 unchanged."; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	if got := PlanSummary(cases["nochanges"]); got != "No changes. Your APIs match the specs." {
		t.Errorf("summary = %q", got)
	}
}

func TestPlanTextColorOnlyWhenAsked(t *testing.T) {
	p := planCases(t)["mixed"]
	for _, color := range []bool{false, true} {
		var buf bytes.Buffer
		if err := (&planText{opts: PlanOptions{Color: color}}).Format(&buf, p); err != nil {
			t.Fatal(err)
		}
		has := strings.Contains(buf.String(), "\x1b[")
		if has != color {
			t.Errorf("Color=%v: output has escapes = %v", color, has)
		}
		if color {
			for _, code := range []string{ansiGreen + "+", ansiYellow + "~", ansiRed + "-"} {
				if !strings.Contains(buf.String(), code) {
					t.Errorf("coloured output lacks %q", code)
				}
			}
		}
	}
}

func TestPlanJSONIsThePlan(t *testing.T) {
	p := planCases(t)["mixed"]
	var buf bytes.Buffer
	if err := (&planJSON{}).Format(&buf, p); err != nil {
		t.Fatal(err)
	}
	got, err := plan.Unmarshal("stdout", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("json plan does not read back (-want +got):\n%s", diff)
	}
	var raw map[string]any
	if err := json.Unmarshal(buf.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"format_version", "inputs_digest", "inputs", "changes"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("json plan lacks %q", k)
		}
	}
}

func TestPlanMarkdownHuge(t *testing.T) {
	// 3,000 updates, each with a schema diff: far over GitHub's limit.
	var desired []plan.Desired
	var observed []plan.Observed
	for i := range 3000 {
		res := fmt.Sprintf("api%04d", i)
		before := planCfg(t, "ApiName: x\nDefaultAuthType:\n  Mode: API_KEY\n")
		before.TransformSchema = planSchemaV1
		after := planCfg(t, "ApiName: x\nDefaultAuthType:\n  Mode: AWS_IAM\n")
		after.TransformSchema = planSchemaV2
		desired = append(desired, planDesired("app", "env", res, "specs/"+res+".yaml", 1, after))
		observed = append(observed, plan.Observed{Address: plan.Address{AppId: "app", BackendEnvironmentName: "env", ResourceName: res}, Config: before})
	}
	p := plan.Compute(desired, observed, nil)
	var buf bytes.Buffer
	if err := (&planMarkdown{}).Format(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if n := len([]rune(out)); n > MarkdownLimit {
		t.Fatalf("markdown is %d characters, over the %d limit", n, MarkdownLimit)
	}
	m := regexp.MustCompile(`…and (\d+) more changes not shown; see the json plan`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no summary of the changes left out; tail:\n%s", out[len(out)-300:])
	}
	omitted, _ := strconv.Atoi(m[1])
	rows := strings.Count(out, "\n| ~ | `app/env/")
	details := strings.Count(out, "<details>")
	if rows != details || rows+omitted != 3000 {
		t.Errorf("rows %d, details %d, omitted %d: want rows = details and rows+omitted = 3000", rows, details, omitted)
	}
	if rows < 50 {
		t.Errorf("only %d changes shown; the budget is badly used", rows)
	}
	if strings.Count(out, "```diff") != details {
		t.Error("a details block lacks its diff")
	}
}

func TestPlanMarkdownOneHugeChange(t *testing.T) {
	// One change whose diff alone exceeds the limit is listed with a note.
	big := strings.Repeat("type T @model { id: ID! }\n", 5000)
	p := plan.Compute([]plan.Desired{planDesired("a", "e", "r", "", 0, &amplifybackend.BackendAPIResourceConfig{ApiName: "r", TransformSchema: big})}, nil, nil)
	var buf bytes.Buffer
	if err := (&planMarkdown{}).Format(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if len(out) > MarkdownLimit || !strings.Contains(out, "The diff is too large to show here") || !strings.Contains(out, "| + | `a/e/r` | create |") {
		t.Errorf("huge single change not summarised (%d bytes):\n%.500s", len(out), out)
	}
}

func TestPlanLineDiff(t *testing.T) {
	tests := []struct {
		name string
		a, b string
		want string // rendered lines: kind + text
	}{
		{name: "equal", a: "x\ny", b: "x\ny", want: " x\n y\n"},
		{name: "insert middle", a: "a\nb\nc", b: "a\nb\nX\nc", want: " a\n b\n+X\n c\n"},
		{name: "delete", a: "a\nb\nc", b: "a\nc", want: " a\n-b\n c\n"},
		{name: "replace", a: "a\nb\nc", b: "a\nB\nc", want: " a\n-b\n+B\n c\n"},
		{name: "all new", a: "", b: "p\nq", want: "+p\n+q\n"},
		{name: "interleaved", a: "a\nb\nc\nd", b: "b\nx\nd\ne", want: "-a\n b\n-c\n+x\n d\n+e\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var a, b []string
			if tc.a != "" {
				a = strings.Split(tc.a, "\n")
			}
			if tc.b != "" {
				b = strings.Split(tc.b, "\n")
			}
			var got strings.Builder
			for _, l := range planLineDiff(a, b) {
				got.WriteString(string(l.Kind) + l.Text + "\n")
			}
			if diff := cmp.Diff(tc.want, got.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanHunks(t *testing.T) {
	var a, b []string
	for i := 1; i <= 20; i++ {
		a = append(a, fmt.Sprintf("line %d", i))
		b = append(b, fmt.Sprintf("line %d", i))
	}
	b[1] = "changed 2"
	b[17] = "changed 18"
	b = append(b[:10], append([]string{"inserted"}, b[10:]...)...)
	var got strings.Builder
	for _, l := range planHunks(planLineDiff(a, b)) {
		got.WriteString(string(l.Kind) + "|" + l.Text + "\n")
	}
	want := `@|@@ -1,5 +1,5 @@
 |line 1
-|line 2
+|changed 2
 |line 3
 |line 4
 |line 5
@|@@ -8,6 +8,7 @@
 |line 8
 |line 9
 |line 10
+|inserted
 |line 11
 |line 12
 |line 13
@|@@ -15,6 +16,6 @@
 |line 15
 |line 16
 |line 17
-|line 18
+|changed 18
 |line 19
 |line 20
`
	if diff := cmp.Diff(want, got.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Changes at most 2*context lines apart share one hunk.
	c := append([]string{}, a...)
	c[1], c[8] = "x", "y"
	headers := 0
	for _, l := range planHunks(planLineDiff(a, c)) {
		if l.Kind == '@' {
			headers++
		}
	}
	if headers != 1 {
		t.Errorf("changes 6 lines apart gave %d hunks, want 1", headers)
	}
	if h := planHunks(planLineDiff(a, a)); len(h) != 0 {
		t.Errorf("equal inputs gave %d hunk lines", len(h))
	}
}

func TestPlanUnknownFormat(t *testing.T) {
	_, err := NewPlanFormatter("yaml", PlanOptions{})
	if err == nil || !strings.Contains(err.Error(), "json, markdown, text") {
		t.Errorf("error = %v, want one listing json, markdown, text", err)
	}
}

func TestPlanWriteErrorsAreReturned(t *testing.T) {
	p := planCases(t)["mixed"]
	for _, name := range PlanFormatNames() {
		f, _ := NewPlanFormatter(name, PlanOptions{})
		if err := f.Format(failWriter{}, p); err == nil {
			t.Errorf("%s: write error not returned", name)
		}
	}
}

// BenchmarkPlanMarkdownHuge renders 3,000 schema updates into the capped
// markdown view.
func BenchmarkPlanMarkdownHuge(b *testing.B) {
	var desired []plan.Desired
	var observed []plan.Observed
	for i := range 3000 {
		res := fmt.Sprintf("api%04d", i)
		desired = append(desired, planDesired("app", "env", res, "", 0, &amplifybackend.BackendAPIResourceConfig{ApiName: "y", TransformSchema: planSchemaV2}))
		observed = append(observed, plan.Observed{Address: plan.Address{AppId: "app", BackendEnvironmentName: "env", ResourceName: res}, Config: &amplifybackend.BackendAPIResourceConfig{ApiName: "x", TransformSchema: planSchemaV1}})
	}
	p := plan.Compute(desired, observed, nil)
	b.ResetTimer()
	for b.Loop() {
		var buf bytes.Buffer
		if err := (&planMarkdown{}).Format(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
}
