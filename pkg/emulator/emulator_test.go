package emulator

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"

	"encoding/json"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"net/http"
	"strings"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
)

func sampleConfig(name string) *ab.BackendAPIResourceConfig {
	exp := 30.0
	return &ab.BackendAPIResourceConfig{
		ApiName: name,
		Service: "AppSync",
		DefaultAuthType: &ab.BackendAPIAuthType{
			Mode:     ab.ModeAPIKey,
			Settings: &ab.BackendAPIAppSyncAuthSettings{Description: "key", ExpirationTime: &exp},
		},
		ConflictResolution: &ab.BackendAPIConflictResolution{ResolutionStrategy: "AUTOMERGE"},
		TransformSchema:    "type Post @model { id: ID! }",
	}
}

func createBody(env, name string) map[string]any {
	return map[string]any{"backendEnvironmentName": env, "resourceName": name, "resourceConfig": sampleConfig(name)}
}

func TestLifecycleWire(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Minute})
	c := newClient(hs.URL, clk.Now)

	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, &created)
	if created.JobId == "" {
		t.Fatalf("create answered no jobId")
	}
	want := ab.BackendAPIJobResponse{AppId: "app1", BackendEnvironmentName: "dev", JobId: created.JobId, Operation: "CreateBackendAPI", Status: "IN_PROGRESS"}
	if d := cmp.Diff(want, created); d != "" {
		t.Errorf("create answer (-want +got):\n%s", d)
	}

	// The config is visible as accepted, while the job runs.
	var got ab.GetBackendAPIResponse
	c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
	wantGet := ab.GetBackendAPIResponse{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: "blog", ResourceConfig: sampleConfig("blog")}
	if d := cmp.Diff(wantGet, got); d != "" {
		t.Errorf("get answer (-want +got):\n%s", d)
	}

	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil).decode(t, &job)
	if job.Status != StatusRunning || job.Operation != OpCreateBackendAPI || job.CreateTime == "" {
		t.Errorf("running job = %+v, want RUNNING CreateBackendAPI with a createTime", job)
	}

	clk.Advance(time.Minute)
	c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil).decode(t, &job)
	// Times are epoch milliseconds: 2026-03-01T12:00:00Z and a minute on.
	wantJob := ab.BackendJobRespObj{AppId: "app1", BackendEnvironmentName: "dev", JobId: created.JobId, Operation: "CreateBackendAPI",
		Status: "COMPLETED", CreateTime: "1772366400000", UpdateTime: "1772366460000"}
	if d := cmp.Diff(wantJob, job); d != "" {
		t.Errorf("completed job (-want +got):\n%s", d)
	}

	// Update, then delete. The update's ApiName is ignored: it cannot
	// change.
	newCfg := sampleConfig("blog2")
	newCfg.TransformSchema = "type Post @model { id: ID! title: String }"
	var upd ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "blog", "resourceConfig": newCfg}).decode(t, &upd)
	if upd.Operation != OpUpdateBackendAPI || upd.JobId == created.JobId {
		t.Errorf("update answer %+v", upd)
	}
	c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
	wantCfg := sampleConfig("blog")
	wantCfg.TransformSchema = newCfg.TransformSchema
	if d := cmp.Diff(wantCfg, got.ResourceConfig); d != "" {
		t.Errorf("config after update (-want +got):\n%s", d)
	}
	clk.Advance(time.Minute)
	var del ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api/dev/remove", map[string]any{"resourceName": "blog"}).decode(t, &del)
	if del.Operation != OpDeleteBackendAPI {
		t.Errorf("delete answer %+v", del)
	}
	r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"})
	if r.status != 404 || r.errorType() != "NotFoundException" || r.message(t)["resourceType"] == "" {
		t.Errorf("get after delete = %d %s %s, want 404 NotFoundException with resourceType", r.status, r.errorType(), r.body)
	}

	var list ab.ListBackendJobsResponse
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{}).decode(t, &list)
	var ops []string
	for _, j := range list.Jobs {
		ops = append(ops, j.Operation)
	}
	if d := cmp.Diff([]string{"DeleteBackendAPI", "UpdateBackendAPI", "CreateBackendAPI"}, ops); d != "" {
		t.Errorf("jobs, newest first (-want +got):\n%s", d)
	}
}

func TestErrors(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Minute})
	c := newClient(hs.URL, clk.Now)
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, &created)

	tests := []struct {
		name       string
		method     string
		path       string
		body       any
		wantStatus int
		wantCode   string
		wantMsg    string
	}{
		{"malformed JSON", "POST", "/backend/app1/api", `{"resourceName":`, 400, "BadRequestException", "malformed JSON"},
		{"trailing data", "POST", "/backend/app1/api", `{} {}`, 400, "BadRequestException", "after the JSON object"},
		{"not an object", "POST", "/backend/app1/api", `[1]`, 400, "BadRequestException", "must be a JSON object"},
		{"missing members", "POST", "/backend/app1/api", `{"backendEnvironmentName":"dev"}`, 400, "BadRequestException", "2 validation errors detected: Value null at 'resourceName'"},
		{"missing config", "POST", "/backend/app1/api", `{"backendEnvironmentName":"dev","resourceName":"x"}`, 400, "BadRequestException", "'resourceConfig'"},
		{"wrong type", "POST", "/backend/app1/api", `{"backendEnvironmentName":"dev","resourceName":5,"resourceConfig":{}}`, 400, "BadRequestException", "member resourceName must be a string, not number"},
		{"wrong nested type", "POST", "/backend/app1/api", `{"backendEnvironmentName":"dev","resourceName":"x","resourceConfig":{"defaultAuthType":{"settings":{"expirationTime":"30"}}}}`, 400, "BadRequestException", "resourceConfig.defaultAuthType.settings.expirationTime must be a number"},
		{"get without name", "POST", "/backend/app1/api/dev/details", `{}`, 400, "BadRequestException", "'resourceName'"},
		{"pending job", "POST", "/backend/app1/api", createBody("dev", "other"), 400, "BadRequestException",
			"ValidationException - An error occurred while processing your request: There is already a pending job for the requested appId: app1 and backendEnvironmentName: dev, wait for it to complete before creating a new job."},
		{"create in unknown app", "POST", "/backend/nope/api", createBody("dev", "blog"), 404, "NotFoundException", "App nope not found"},
		{"create in unknown env", "POST", "/backend/app1/api", createBody("prod", "blog"), 404, "NotFoundException", "Backend environment prod not found in app app1"},
		{"update in unknown env", "POST", "/backend/app1/api/prod", map[string]any{"resourceName": "blog"}, 404, "NotFoundException", "Backend environment prod not found"},
		{"get job in unknown app", "GET", "/backend/nope/job/dev/x", nil, 404, "NotFoundException", "App nope not found"},
		{"unknown app", "POST", "/backend/nope/api/dev/details", map[string]any{"resourceName": "blog"}, 404, "NotFoundException", "App nope not found"},
		{"unknown env", "POST", "/backend/app1/api/prod/details", map[string]any{"resourceName": "blog"}, 404, "NotFoundException", "Backend environment prod not found"},
		{"unknown resource", "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "nope"}, 404, "NotFoundException", "Resource nope not found"},
		{"update unknown resource", "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "nope"}, 404, "NotFoundException", "Resource nope"},
		{"delete unknown resource", "POST", "/backend/app1/api/dev/remove", map[string]any{"resourceName": "nope"}, 404, "NotFoundException", "Resource nope"},
		{"unknown job", "GET", "/backend/app1/job/dev/nope", nil, 404, "NotFoundException", "Job nope not found"},
		{"list unknown env", "POST", "/backend/app1/job/prod", `{}`, 404, "NotFoundException", "prod"},
		{"maxResults 0", "POST", "/backend/app1/job/dev", `{"maxResults":0}`, 400, "BadRequestException", "maxResults"},
		{"maxResults 26", "POST", "/backend/app1/job/dev", `{"maxResults":26}`, 400, "BadRequestException", "maxResults"},
		{"bad nextToken", "POST", "/backend/app1/job/dev", `{"nextToken":"!!"}`, 400, "BadRequestException", "Invalid nextToken"},
		{"unknown route", "POST", "/backend/app1/apis", `{}`, 404, "UnknownOperationException", "no AmplifyBackend operation"},
		{"wrong method", "GET", "/backend/app1/api", nil, 404, "UnknownOperationException", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do(t, tc.method, tc.path, tc.body)
			if r.status != tc.wantStatus || r.errorType() != tc.wantCode {
				t.Fatalf("got %d %s %s, want %d %s", r.status, r.errorType(), r.body, tc.wantStatus, tc.wantCode)
			}
			if msg := r.message(t)["message"]; !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q does not contain %q", msg, tc.wantMsg)
			}
		})
	}

	// Create on an existing resource, once nothing is pending.
	clk.Advance(time.Minute)
	r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog"))
	if r.status != 400 || !strings.Contains(r.message(t)["message"], "already exists") {
		t.Errorf("second create = %d %s, want 400 already exists", r.status, r.body)
	}
	// Another API on the pair: accepted, but its job fails.
	var other ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "other")).decode(t, &other)
	clk.Advance(time.Minute)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+other.JobId, nil).decode(t, &job)
	if job.Status != StatusFailed || job.Error != "GraphQL API blog already exists in the project. Use 'amplify update api' to make modifications." {
		t.Errorf("second API's job = %s %q, want FAILED with the CLI's message", job.Status, job.Error)
	}
}

func TestSignatureFailures(t *testing.T) {
	_, hs, clk := startTest(t, Options{})
	body := createBody("dev", "blog")
	tests := []struct {
		name     string
		mod      func(c *client)
		wantCode string
		wantMsg  string
	}{
		{"unknown access key", func(c *client) { c.akid = "AKIDOTHER" }, "UnrecognizedClientException", "The security token included in the request is invalid."},
		{"wrong secret", func(c *client) { c.secret = "wrong" }, "InvalidSignatureException", "The request signature we calculated does not match"},
		{"missing auth", func(c *client) { c.skipSignature = true }, "MissingAuthenticationTokenException", "Missing Authentication Token"},
		{"expired", func(c *client) { c.now = func() time.Time { return clk.Now().Add(-16 * time.Minute) } }, "InvalidSignatureException", "Signature expired"},
		{"from the future", func(c *client) { c.now = func() time.Time { return clk.Now().Add(16 * time.Minute) } }, "InvalidSignatureException", "Signature not yet current"},
		{"wrong region", func(c *client) { c.region = "eu-west-1" }, "InvalidSignatureException", "valid region"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newClient(hs.URL, clk.Now)
			tc.mod(c)
			r := c.do(t, "POST", "/backend/app1/api", body)
			if r.status != http.StatusForbidden || r.errorType() != tc.wantCode {
				t.Fatalf("got %d %s %s, want 403 %s", r.status, r.errorType(), r.body, tc.wantCode)
			}
			if msg := r.message(t)["message"]; !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q does not contain %q", msg, tc.wantMsg)
			}
		})
	}
	// A request signed 14 minutes ago is still good.
	c := newClient(hs.URL, func() time.Time { return clk.Now().Add(-14 * time.Minute) })
	if r := c.do(t, "POST", "/backend/app1/api", body); r.status != 200 {
		t.Errorf("request signed 14 minutes ago = %d %s, want 200", r.status, r.body)
	}
}

func TestForgedSignature(t *testing.T) {
	_, hs, clk := startTest(t, Options{})
	c := newClient(hs.URL, clk.Now)
	// A well-formed Authorization header with a made-up signature.
	req, _ := http.NewRequest("POST", hs.URL+"/backend/app1/api", strings.NewReader(`{"resourceName":"a"}`))
	r := c.do(t, "POST", "/backend/app1/api/dev/details", `{"resourceName":"a"}`)
	if r.status != 404 { // signed correctly: reaches the operation
		t.Fatalf("honest request = %d %s", r.status, r.body)
	}
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential="+DefaultAccessKeyID+"/20260301/us-east-1/amplifybackend/aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
	req.Header.Set("X-Amz-Date", clk.Now().UTC().Format("20060102T150405Z"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != "InvalidSignatureException" {
		t.Errorf("forged signature = %d %s, want 403 InvalidSignatureException", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
}

func TestJobFailureRollsBack(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Second, FaultJobFailure: 1})
	c := newClient(hs.URL, clk.Now)
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, &created)
	if r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}); r.status != 200 {
		t.Errorf("get while the job runs = %d, want 200 (config as accepted)", r.status)
	}
	clk.Advance(time.Second)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil).decode(t, &job)
	if job.Status != StatusFailed || job.Error == "" {
		t.Errorf("job = %+v, want FAILED with an error", job)
	}
	if r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}); r.status != 404 {
		t.Errorf("get after the failed create = %d, want 404 (rolled back)", r.status)
	}
}

func TestImmediateJobs(t *testing.T) {
	_, hs, clk := startTest(t, Options{InstantJobs: true})
	c := newClient(hs.URL, clk.Now)
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "a")).decode(t, &created)
	if created.Status != StatusCompleted {
		t.Errorf("status = %s, want COMPLETED at once", created.Status)
	}
	if r := c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "a"}); r.status != 200 {
		t.Errorf("update right after = %d %s, want 200 (nothing pending)", r.status, r.body)
	}
}

func TestConsistencyDelay(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Minute, ConsistencyDelay: 3 * time.Second})
	c := newClient(hs.URL, clk.Now)
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "a")).decode(t, &created)
	if r := c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil); r.status != 404 || r.errorType() != "NotFoundException" {
		t.Errorf("job right after create = %d %s, want 404 NotFoundException", r.status, r.errorType())
	}
	clk.Advance(3 * time.Second)
	if r := c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil); r.status != 200 {
		t.Errorf("job after the delay = %d %s, want 200", r.status, r.body)
	}
}

func TestListPaginationAndFilters(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Second, FaultJobFailure: 0})
	c := newClient(hs.URL, clk.Now)
	var ids []string
	for i := range 30 {
		var created ab.BackendAPIJobResponse
		c.do(t, "POST", "/backend/app1/api", createBody("dev", fmt.Sprintf("r%02d", i))).decode(t, &created)
		ids = append([]string{created.JobId}, ids...) // newest first
		clk.Advance(time.Second)
	}
	var upd ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "r00"}).decode(t, &upd)
	ids = append([]string{upd.JobId}, ids...)

	var got []string
	token := ""
	pages := 0
	for {
		body := map[string]any{"maxResults": 7}
		if token != "" {
			body["nextToken"] = token
		}
		var page ab.ListBackendJobsResponse
		c.do(t, "POST", "/backend/app1/job/dev", body).decode(t, &page)
		pages++
		if len(page.Jobs) > 7 {
			t.Fatalf("page of %d jobs, want at most 7", len(page.Jobs))
		}
		for _, j := range page.Jobs {
			got = append(got, j.JobId)
		}
		if token = page.NextToken; token == "" {
			break
		}
	}
	if d := cmp.Diff(ids, got); d != "" {
		t.Errorf("paged job IDs (-want +got):\n%s", d)
	}
	if pages != 5 {
		t.Errorf("pages = %d, want 5", pages)
	}

	var page ab.ListBackendJobsResponse
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{"operation": "UpdateBackendAPI"}).decode(t, &page)
	if len(page.Jobs) != 1 || page.Jobs[0].JobId != upd.JobId {
		t.Errorf("operation filter = %+v, want the update job only", page.Jobs)
	}
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{"status": "RUNNING"}).decode(t, &page)
	if len(page.Jobs) != 1 || page.Jobs[0].JobId != upd.JobId {
		t.Errorf("status filter = %+v, want the running update job only", page.Jobs)
	}
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{"jobId": ids[5]}).decode(t, &page)
	if len(page.Jobs) != 1 || page.Jobs[0].JobId != ids[5] {
		t.Errorf("jobId filter = %+v, want job %s", page.Jobs, ids[5])
	}
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{}).decode(t, &page)
	if len(page.Jobs) != 25 || page.NextToken == "" {
		t.Errorf("default page = %d jobs, token %q; want 25 and a token", len(page.Jobs), page.NextToken)
	}
}

// statuses sends n GetBackendAPI requests and returns the answers' statuses.
func statuses(t *testing.T, seed int64, n int) []int {
	t.Helper()
	_, hs, clk := startTest(t, Options{Seed: seed, FaultThrottle: 0.3, FaultTimeout: 0.2})
	c := newClient(hs.URL, clk.Now)
	var out []int
	for range n {
		r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "x"})
		out = append(out, r.status)
		switch r.status {
		case 429:
			if r.errorType() != "TooManyRequestsException" || r.message(t)["limitType"] == "" {
				t.Errorf("429 answer %s %s", r.errorType(), r.body)
			}
		case 504:
			if r.errorType() != "GatewayTimeoutException" {
				t.Errorf("504 answer %s", r.errorType())
			}
		}
	}
	return out
}

func TestFaultsReplayableFromSeed(t *testing.T) {
	a, b, other := statuses(t, 42, 60), statuses(t, 42, 60), statuses(t, 7, 60)
	if d := cmp.Diff(a, b); d != "" {
		t.Errorf("same seed, different faults (-first +second):\n%s", d)
	}
	if cmp.Equal(a, other) {
		t.Errorf("seeds 42 and 7 gave the same 60 answers: %v", a)
	}
	counts := map[int]int{}
	for _, s := range a {
		counts[s]++
	}
	if counts[429] == 0 || counts[504] == 0 || counts[404] == 0 {
		t.Errorf("answers %v: want some 429, some 504 and some 404", counts)
	}
}

func TestThrottledCreateChangesNothing(t *testing.T) {
	s, hs, clk := startTest(t, Options{FaultThrottle: 1})
	c := newClient(hs.URL, clk.Now)
	if r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "a")); r.status != 429 {
		t.Fatalf("create = %d, want 429", r.status)
	}
	if n, err := s.ResourceCount(t.Context()); err != nil || n != 0 {
		t.Errorf("resources after a throttled create = %d, %v; want 0", n, err)
	}
	m := s.Metrics()
	if m.Count(OpCreateBackendAPI, 429) != 1 || len(m.AcceptedCreates) != 0 {
		t.Errorf("metrics = %+v", m)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	s, hs, clk := startTest(t, Options{InstantJobs: true})
	c := newClient(hs.URL, clk.Now)
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "a"))
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "a"))
	c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "a"})
	c.do(t, "POST", "/nowhere", nil)
	resp, err := http.Get(hs.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m Metrics
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	want := Metrics{
		Requests:        map[string]map[int]int{"CreateBackendAPI": {200: 1, 400: 1}, "GetBackendAPI": {200: 1}, "Unknown": {404: 1}},
		AcceptedCreates: map[string]int{"app1/dev/a": 1},
	}
	if d := cmp.Diff(want, m); d != "" {
		t.Errorf("/metrics (-want +got):\n%s", d)
	}
	if d := cmp.Diff(want, s.Metrics()); d != "" {
		t.Errorf("Metrics() (-want +got):\n%s", d)
	}
}

func TestTamperedBody(t *testing.T) {
	_, hs, clk := startTest(t, Options{})
	signedBody := `{"backendEnvironmentName":"dev","resourceName":"a","resourceConfig":{}}`
	req, err := http.NewRequest("POST", hs.URL+"/backend/app1/api", strings.NewReader(signedBody))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256([]byte(signedBody))
	creds := aws.Credentials{AccessKeyID: DefaultAccessKeyID, SecretAccessKey: DefaultSecretAccessKey}
	if err := v4.NewSigner().SignHTTP(t.Context(), creds, req, hex.EncodeToString(sum[:]), "amplifybackend", DefaultRegion, clk.Now()); err != nil {
		t.Fatal(err)
	}
	// Same length, other content: only the payload hash can tell.
	req.Body = io.NopCloser(strings.NewReader(strings.Replace(signedBody, `"a"`, `"b"`, 1)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 || resp.Header.Get("X-Amzn-ErrorType") != "InvalidSignatureException" {
		t.Errorf("tampered body = %d %s, want 403 InvalidSignatureException", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
}

func TestEscapedPathSegments(t *testing.T) {
	const app = "app:1+\u00fc%x"
	_, hs, clk := startTest(t, Options{InstantJobs: true, Apps: map[string][]string{app: {"dev"}}})
	c := newClient(hs.URL, clk.Now)
	// An app ID with characters that need escaping is one URI segment, and
	// the signature over the escaped path verifies.
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app:1+%C3%BC%25x/api", createBody("dev", "a")).decode(t, &created)
	if created.AppId != app {
		t.Errorf("appId = %q, want %q", created.AppId, app)
	}
	var got ab.GetBackendAPIResponse
	c.do(t, "POST", "/backend/app:1+%C3%BC%25x/api/dev/details", map[string]any{"resourceName": "a"}).decode(t, &got)
	if got.AppId != app || got.ResourceConfig == nil {
		t.Errorf("get = %+v", got)
	}
}

// TestInvalidPathIDs: URI IDs that cannot be real are 400
// BadRequestException, not 404 or a stored record.
func TestInvalidPathIDs(t *testing.T) {
	_, hs, clk := startTest(t, Options{InstantJobs: true})
	c := newClient(hs.URL, clk.Now)
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, new(ab.BackendAPIJobResponse))

	tests := []struct {
		name    string
		method  string
		path    string
		body    any
		wantMsg string
	}{
		{name: "empty appId", method: "POST", path: "/backend//api", body: createBody("dev", "x"), wantMsg: "appId is empty"},
		{name: "slash in appId", method: "POST", path: "/backend/a%2Fb/api", body: createBody("dev", "x"), wantMsg: `appId "a/b" is not valid`},
		{name: "space in appId", method: "POST", path: "/backend/my%20app/api/dev/details", body: map[string]any{"resourceName": "blog"}, wantMsg: `appId "my app" is not valid`},
		{name: "NUL in appId", method: "POST", path: "/backend/a%00b/api/dev/details", body: map[string]any{"resourceName": "blog"}, wantMsg: "appId"},
		{name: "empty env (trailing slash)", method: "POST", path: "/backend/app1/api/", body: map[string]any{"resourceName": "blog"}, wantMsg: "backendEnvironmentName is empty"},
		{name: "empty env in get", method: "POST", path: "/backend/app1/api//details", body: map[string]any{"resourceName": "blog"}, wantMsg: "backendEnvironmentName is empty"},
		{name: "tab in env", method: "POST", path: "/backend/app1/api/d%09v/remove", body: map[string]any{"resourceName": "blog"}, wantMsg: "backendEnvironmentName"},
		{name: "space in env of create body", method: "POST", path: "/backend/app1/api", body: createBody("my env", "x"), wantMsg: `backendEnvironmentName "my env" is not valid`},
		{name: "slash in env of list", method: "POST", path: "/backend/app1/job/a%2Fb", body: `{}`, wantMsg: `backendEnvironmentName "a/b"`},
		{name: "empty jobId", method: "GET", path: "/backend/app1/job/dev/", wantMsg: "jobId is empty"},
		{name: "space in jobId", method: "GET", path: "/backend/app1/job/dev/j%201", wantMsg: `jobId "j 1" is not valid`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := c.do(t, tc.method, tc.path, tc.body)
			if r.status != 400 || r.errorType() != "BadRequestException" {
				t.Fatalf("got %d %s %s, want 400 BadRequestException", r.status, r.errorType(), r.body)
			}
			if msg := r.message(t)["message"]; !strings.Contains(msg, tc.wantMsg) {
				t.Errorf("message %q does not contain %q", msg, tc.wantMsg)
			}
		})
	}
	// Nothing was stored under an invalid ID: the valid app still has one
	// resource and its environment answers as before.
	var jobs ab.ListBackendJobsResponse
	c.do(t, "POST", "/backend/app1/job/dev", `{}`).decode(t, &jobs)
	if len(jobs.Jobs) != 1 {
		t.Errorf("jobs of app1/dev = %d, want 1", len(jobs.Jobs))
	}
}

func BenchmarkCreateAndGet(b *testing.B) {
	s, err := New(Options{InstantJobs: true, StatePath: b.TempDir() + "/state.db", Apps: map[string][]string{"app1": {"dev"}}})
	if err != nil {
		b.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer func() { hs.Close(); s.Close() }()
	c := newClient(hs.URL, time.Now)
	b.ResetTimer()
	for i := range b.N {
		name := fmt.Sprintf("r%d", i)
		if r := c.do(b, "POST", "/backend/app1/api", createBody("dev", name)); r.status != 200 {
			b.Fatalf("create = %d %s", r.status, r.body)
		}
		if r := c.do(b, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": name}); r.status != 200 {
			b.Fatalf("get = %d %s", r.status, r.body)
		}
		if r := c.do(b, "POST", "/backend/app1/api/dev/remove", map[string]any{"resourceName": name}); r.status != 200 {
			b.Fatalf("delete = %d %s", r.status, r.body)
		}
	}
}
