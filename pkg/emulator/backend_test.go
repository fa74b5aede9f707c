package emulator

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
)

func TestCreateBackendAndGetBackend(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Minute, Apps: map[string][]string{}})
	c := newClient(hs.URL, clk.Now)

	if r := c.do(t, "POST", "/backend/d1app/details", map[string]any{"backendEnvironmentName": "dev"}); r.status != 404 || r.errorType() != "NotFoundException" || !strings.Contains(r.message(t)["message"], "App d1app not found") {
		t.Errorf("GetBackend of a missing app = %d %s %s, want 404 NotFoundException naming the app", r.status, r.errorType(), r.body)
	}
	if r := c.do(t, "POST", "/backend/d1app/api", createBody("dev", "blog")); r.status != 404 {
		t.Errorf("CreateBackendAPI before CreateBackend = %d %s, want 404", r.status, r.body)
	}
	if r := c.do(t, "POST", "/backend", map[string]any{"appId": "d1app"}); r.status != 400 || !strings.Contains(r.message(t)["message"], "2 validation errors detected: Value null at 'appName'") {
		t.Errorf("CreateBackend without names = %d %s, want 400 naming appName and backendEnvironmentName", r.status, r.body)
	}

	var created ab.CreateBackendResponse
	c.do(t, "POST", "/backend", map[string]any{"appId": "d1app", "appName": "blog", "backendEnvironmentName": "dev"}).decode(t, &created)
	want := ab.CreateBackendResponse{AppId: "d1app", BackendEnvironmentName: "dev", JobId: created.JobId, Operation: "CreateBackend", Status: "IN_PROGRESS"}
	if d := cmp.Diff(want, created); d != "" {
		t.Errorf("CreateBackend answer (-want +got):\n%s", d)
	}
	if r := c.do(t, "POST", "/backend", map[string]any{"appId": "d1app", "appName": "blog", "backendEnvironmentName": "dev"}); r.status != 400 || !strings.Contains(r.message(t)["message"], "already exists") {
		t.Errorf("second CreateBackend of dev = %d %s, want 400 already exists", r.status, r.body)
	}
	// Its job is the environment's pending job.
	if r := c.do(t, "POST", "/backend/d1app/api", createBody("dev", "blog")); r.status != 400 || !strings.Contains(r.message(t)["message"], ab.PendingJobMessage) {
		t.Errorf("CreateBackendAPI while CreateBackend runs = %d %s, want the pending-job 400", r.status, r.body)
	}
	clk.Advance(time.Minute)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/d1app/job/dev/"+created.JobId, nil).decode(t, &job)
	if job.Status != StatusCompleted || job.Operation != OpCreateBackend {
		t.Errorf("CreateBackend job = %+v, want COMPLETED", job)
	}
	// A second environment of the same app keeps the app's name.
	c.do(t, "POST", "/backend", map[string]any{"appId": "d1app", "appName": "other", "backendEnvironmentName": "prod"}).decode(t, &created)

	var got ab.GetBackendResponse
	c.do(t, "POST", "/backend/d1app/details", map[string]any{}).decode(t, &got)
	if d := cmp.Diff(ab.GetBackendResponse{AppId: "d1app", AppName: "blog", BackendEnvironmentList: []string{"dev", "prod"}}, got); d != "" {
		t.Errorf("GetBackend without an environment (-want +got):\n%s", d)
	}
	if r := c.do(t, "POST", "/backend/d1app/details", map[string]any{"backendEnvironmentName": "test"}); r.status != 404 || !strings.Contains(r.message(t)["message"], "Backend environment test not found in app d1app") {
		t.Errorf("GetBackend of a missing environment = %d %s, want 404 naming it", r.status, r.body)
	}
	c.do(t, "POST", "/backend/d1app/details", map[string]any{"backendEnvironmentName": "dev"}).decode(t, &got)
	if got.BackendEnvironmentName != "dev" || got.AmplifyFeatureFlags == "" || !json.Valid([]byte(got.AmplifyFeatureFlags)) {
		t.Errorf("GetBackend of dev = %+v, want the environment and JSON feature flags", got)
	}
	if meta := metaKeys(t, got.AmplifyMetaConfig); meta["api"] != nil || meta["providers"] == nil {
		t.Errorf("amplifyMetaConfig %s: want providers and no api before an API exists", got.AmplifyMetaConfig)
	}

	c.do(t, "POST", "/backend/d1app/api", createBody("dev", "blog")).decode(t, new(ab.BackendAPIJobResponse))
	c.do(t, "POST", "/backend/d1app/details", map[string]any{"backendEnvironmentName": "dev"}).decode(t, &got)
	var api map[string]struct {
		Service string `json:"service"`
	}
	if err := json.Unmarshal(metaKeys(t, got.AmplifyMetaConfig)["api"], &api); err != nil || api["blog"].Service != "AppSync" {
		t.Errorf("amplifyMetaConfig %s: want api.blog.service AppSync (%v)", got.AmplifyMetaConfig, err)
	}
}

func metaKeys(t *testing.T, meta string) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		t.Fatalf("amplifyMetaConfig %q is not a JSON object: %v", meta, err)
	}
	return m
}

func TestOneAPIPerEnvironment(t *testing.T) {
	s, hs, clk := startTest(t, Options{JobDuration: time.Second})
	c := newClient(hs.URL, clk.Now)
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, new(ab.BackendAPIJobResponse))
	clk.Advance(time.Second)
	var second ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "notes")).decode(t, &second)
	if r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "notes"}); r.status != 404 {
		t.Errorf("GetBackendAPI of the refused API while its job runs = %d, want 404 (nothing changes)", r.status)
	}
	clk.Advance(time.Second)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+second.JobId, nil).decode(t, &job)
	want := "GraphQL API blog already exists in the project. Use 'amplify update api' to make modifications."
	if job.Status != StatusFailed || job.Error != want {
		t.Errorf("second API's job = %s %q, want FAILED %q", job.Status, job.Error, want)
	}
	if n, _ := s.ResourceCount(t.Context()); n != 1 {
		t.Errorf("resources = %d, want 1", n)
	}
	if got := s.Metrics().AcceptedCreates; got["app1/dev/notes"] != 0 {
		t.Errorf("accepted creates %v count the refused API", got)
	}
}

func TestUpdateMerges(t *testing.T) {
	_, hs, clk := startTest(t, Options{InstantJobs: true})
	c := newClient(hs.URL, clk.Now)
	live := sampleConfig("blog")
	live.AdditionalAuthTypes = []ab.BackendAPIAuthType{{Mode: ab.ModeAWSIAM}}
	c.do(t, "POST", "/backend/app1/api", map[string]any{"backendEnvironmentName": "dev", "resourceName": "blog", "resourceConfig": live}).decode(t, new(ab.BackendAPIJobResponse))

	tests := []struct {
		name   string
		update string // resourceConfig, JSON
		want   func(cfg *ab.BackendAPIResourceConfig)
	}{
		{name: "empty members keep the live values", update: `{"apiName":"renamed","service":"Other","additionalAuthTypes":[],"conflictResolution":{},"defaultAuthType":{},"transformSchema":""}`,
			want: func(*ab.BackendAPIResourceConfig) {}},
		{name: "no resourceConfig", update: `null`, want: func(*ab.BackendAPIResourceConfig) {}},
		{name: "schema only", update: `{"transformSchema":"type Note @model { id: ID! }"}`,
			want: func(cfg *ab.BackendAPIResourceConfig) { cfg.TransformSchema = "type Note @model { id: ID! }" }},
		{name: "every mergeable member", update: `{"defaultAuthType":{"mode":"AWS_IAM"},"additionalAuthTypes":[{"mode":"API_KEY"}],"conflictResolution":{"resolutionStrategy":"OPTIMISTIC_CONCURRENCY"}}`,
			want: func(cfg *ab.BackendAPIResourceConfig) {
				cfg.DefaultAuthType = &ab.BackendAPIAuthType{Mode: ab.ModeAWSIAM}
				cfg.AdditionalAuthTypes = []ab.BackendAPIAuthType{{Mode: ab.ModeAPIKey}}
				cfg.ConflictResolution = &ab.BackendAPIConflictResolution{ResolutionStrategy: "OPTIMISTIC_CONCURRENCY"}
			}},
	}
	want := sampleConfig("blog")
	want.AdditionalAuthTypes = live.AdditionalAuthTypes
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c.do(t, "POST", "/backend/app1/api/dev", `{"resourceName":"blog","resourceConfig":`+tc.update+`}`).decode(t, new(ab.BackendAPIJobResponse))
			tc.want(want)
			var got ab.GetBackendAPIResponse
			c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
			if d := cmp.Diff(want, got.ResourceConfig); d != "" {
				t.Errorf("config after update (-want +got):\n%s", d)
			}
		})
	}
}

func TestMissingAPIResponse(t *testing.T) {
	_, hs, clk := startTest(t, Options{MissingAPI: MissingAPIError})
	c := newClient(hs.URL, clk.Now)
	var got ab.GetBackendAPIResponse
	c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
	if got.ResourceConfig != nil || got.Error == "" || got.ResourceName != "blog" {
		t.Errorf("GetBackendAPI of a missing API = %+v, want 200 with an error and no resourceConfig", got)
	}
	// A missing environment is still a 404.
	if r := c.do(t, "POST", "/backend/app1/api/prod/details", map[string]any{"resourceName": "blog"}); r.status != 404 {
		t.Errorf("missing environment = %d, want 404", r.status)
	}
}

func TestPendingJobCode(t *testing.T) {
	const msg = "ValidationException - An error occurred while processing your request: There is already a pending job for the requested appId: app1 and backendEnvironmentName: dev, wait for it to complete before creating a new job."
	tests := []struct {
		code string
		want []string
	}{
		{code: "", want: []string{"BadRequestException", "BadRequestException", "BadRequestException"}},
		{code: PendingCodeValidation, want: []string{"ValidationException", "ValidationException", "ValidationException"}},
		{code: PendingCodeAlternate, want: []string{"BadRequestException", "ValidationException", "BadRequestException"}},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			_, hs, clk := startTest(t, Options{JobDuration: time.Minute, PendingJobCode: tc.code})
			c := newClient(hs.URL, clk.Now)
			c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, new(ab.BackendAPIJobResponse))
			var got []string
			for range tc.want {
				r := c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "blog"})
				if r.status != 400 || r.message(t)["message"] != msg {
					t.Fatalf("update while pending = %d %s, want 400 with the service's message", r.status, r.body)
				}
				got = append(got, r.errorType())
			}
			if d := cmp.Diff(tc.want, got); d != "" {
				t.Errorf("codes (-want +got):\n%s", d)
			}
		})
	}
}

func TestSeedJobs(t *testing.T) {
	s, hs, clk := startTest(t, Options{InstantJobs: true, SeedJobs: []SeedJob{
		{AppID: "app1", BackendEnvironmentName: "dev", Operation: "GenerateBackendAPIModels", Duration: 2 * time.Hour},
		{AppID: "app1", BackendEnvironmentName: "dev", Operation: "DeleteBackend", Duration: time.Hour},
	}})
	c := newClient(hs.URL, clk.Now)
	if r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")); r.status != 400 || !strings.Contains(r.message(t)["message"], ab.PendingJobMessage) {
		t.Fatalf("create while a seeded job runs = %d %s, want the pending-job 400", r.status, r.body)
	}
	var list ab.ListBackendJobsResponse
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{}).decode(t, &list)
	var ops []string
	for _, j := range list.Jobs {
		ops = append(ops, j.Operation+" "+j.Status)
	}
	if d := cmp.Diff([]string{"DeleteBackend RUNNING", "GenerateBackendAPIModels RUNNING"}, ops); d != "" {
		t.Errorf("jobs, newest first (-want +got):\n%s", d)
	}
	// The shorter job ending does not free the environment: the longer one
	// is still pending.
	clk.Advance(time.Hour)
	if r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")); r.status != 400 {
		t.Errorf("create after the shorter seeded job = %d, want 400 (the longer one runs)", r.status)
	}
	clk.Advance(time.Hour)
	if r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")); r.status != 200 {
		t.Errorf("create after the seeded jobs = %d %s, want 200", r.status, r.body)
	}
	id, err := s.StartJob(t.Context(), SeedJob{AppID: "app1", BackendEnvironmentName: "dev", Operation: "GenerateBackendAPIModels", Duration: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+id, nil).decode(t, &job)
	if job.Status != StatusRunning || job.Operation != "GenerateBackendAPIModels" {
		t.Errorf("started job = %+v, want a RUNNING GenerateBackendAPIModels", job)
	}
	if _, err := s.StartJob(t.Context(), SeedJob{AppID: "nope", BackendEnvironmentName: "dev", Operation: "X"}); err == nil || !strings.Contains(err.Error(), "App nope not found") {
		t.Errorf("StartJob on a missing app = %v, want an error naming it", err)
	}
	if _, err := New(Options{SeedJobs: []SeedJob{{AppID: "nope", BackendEnvironmentName: "dev", Operation: "X"}}}); err == nil || !strings.Contains(err.Error(), "seed job X on nope/dev") {
		t.Errorf("New with a seed job on a missing app = %v, want an error naming it", err)
	}
}

func TestRestrictedCategories(t *testing.T) {
	_, hs, clk := startTest(t, Options{InstantJobs: true,
		Apps: map[string][]string{"app1": {"dev", "prod"}, "app2": {"dev"}},
		Categories: []Categories{
			{AppID: "app1", BackendEnvironmentName: "dev", Names: []string{"geo", "function", "auth"}},
			{AppID: "app2", BackendEnvironmentName: "dev", Names: []string{"auth", "storage"}},
		}})
	c := newClient(hs.URL, clk.Now)
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, &created)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+created.JobId, nil).decode(t, &job)
	want := "An error occurred while processing your request: Deployment failed because your app backend contains function, geo. Amplify Studio only supports API, Auth, and Storage deployments. Please use the Amplify CLI to deploy updates."
	if job.Status != StatusFailed || job.Error != want {
		t.Errorf("job on a restricted backend = %s %q, want FAILED %q", job.Status, job.Error, want)
	}
	if r := c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}); r.status != 404 {
		t.Errorf("API after the refused create = %d, want 404", r.status)
	}
	var got ab.GetBackendResponse
	c.do(t, "POST", "/backend/app1/details", map[string]any{"backendEnvironmentName": "dev"}).decode(t, &got)
	meta := metaKeys(t, got.AmplifyMetaConfig)
	for _, cat := range []string{"auth", "function", "geo"} {
		if meta[cat] == nil {
			t.Errorf("amplifyMetaConfig %s lacks %s", got.AmplifyMetaConfig, cat)
		}
	}
	// Auth and storage deploy; another environment of the app is not marked.
	for _, pair := range []string{"app2/dev", "app1/prod"} {
		app, env, _ := strings.Cut(pair, "/")
		c.do(t, "POST", "/backend/"+app+"/api", createBody(env, "blog")).decode(t, &created)
		c.do(t, "GET", "/backend/"+app+"/job/"+env+"/"+created.JobId, nil).decode(t, &job)
		if job.Status != StatusCompleted {
			t.Errorf("job on %s = %s %q, want COMPLETED", pair, job.Status, job.Error)
		}
	}
}

func TestJobIDsAndTimes(t *testing.T) {
	_, hs, clk := startTest(t, Options{InstantJobs: true})
	c := newClient(hs.URL, clk.Now)
	uuid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	var ids []string
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, new(ab.BackendAPIJobResponse))
	for range 5 { // all in the same instant: the order is still newest first
		var upd ab.BackendAPIJobResponse
		c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "blog"}).decode(t, &upd)
		if !uuid.MatchString(upd.JobId) {
			t.Errorf("job ID %q is not a random (version 4) UUID", upd.JobId)
		}
		ids = append([]string{upd.JobId}, ids...)
	}
	var list ab.ListBackendJobsResponse
	c.do(t, "POST", "/backend/app1/job/dev", map[string]any{"operation": "UpdateBackendAPI"}).decode(t, &list)
	var got []string
	for _, j := range list.Jobs {
		got = append(got, j.JobId)
		if want := "1772366400000"; j.CreateTime != want || j.UpdateTime != want {
			t.Errorf("job times %s/%s, want epoch milliseconds %s", j.CreateTime, j.UpdateTime, want)
		}
	}
	if d := cmp.Diff(ids, got); d != "" {
		t.Errorf("job IDs, newest first (-want +got):\n%s", d)
	}
}

func TestStartOptionsValidate(t *testing.T) {
	tests := []struct {
		name string
		opts Options
		want string
	}{
		{name: "missing API mode", opts: Options{MissingAPI: "500"}, want: `missing-api-response "500" is not known`},
		{name: "pending code", opts: Options{PendingJobCode: "Throttling"}, want: `pending-job-code "Throttling" is not known`},
		{name: "seed job without operation", opts: Options{SeedJobs: []SeedJob{{AppID: "a", BackendEnvironmentName: "e"}}}, want: "seed job on a/e needs an operation"},
		{name: "categories of a missing environment", opts: Options{Apps: map[string][]string{"a": {"e"}}, Categories: []Categories{{AppID: "a", BackendEnvironmentName: "x", Names: []string{"geo"}}}}, want: "categories of a/x: app a has no backend environment x at start: give it with --app a=x"},
		{name: "seed job on a missing app", opts: Options{SeedJobs: []SeedJob{{AppID: "d9", BackendEnvironmentName: "dev", Operation: "GenerateBackendAPIModels", Duration: time.Second}}}, want: "seed job GenerateBackendAPIModels on d9/dev: app d9 has no backend environment dev at start: give it with --app d9=dev"},
		{name: "bad app ID", opts: Options{Apps: map[string][]string{"a b": {"e"}}}, want: `appId "a b" is not valid`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(tc.opts)
			if err == nil {
				s.Close()
				t.Fatalf("New succeeded, want an error containing %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
}

func TestParseStartFlags(t *testing.T) {
	app, envs, err := ParseApp("d2x4example7q1=staging, prod")
	if err != nil || app != "d2x4example7q1" || !cmp.Equal(envs, []string{"staging", "prod"}) {
		t.Errorf("ParseApp = %q %q %v", app, envs, err)
	}
	j, err := ParseSeedJob("d2x4/staging=GenerateBackendAPIModels:2h")
	if want := (SeedJob{AppID: "d2x4", BackendEnvironmentName: "staging", Operation: "GenerateBackendAPIModels", Duration: 2 * time.Hour}); err != nil || j != want {
		t.Errorf("ParseSeedJob = %+v %v, want %+v", j, err, want)
	}
	cat, err := ParseCategories("d2x4/staging=function,geo")
	if want := (Categories{AppID: "d2x4", BackendEnvironmentName: "staging", Names: []string{"function", "geo"}}); err != nil || !cmp.Equal(cat, want) {
		t.Errorf("ParseCategories = %+v %v, want %+v", cat, err, want)
	}
	for _, bad := range []func() error{
		func() error { _, _, err := ParseApp("d2x4"); return err },
		func() error { _, _, err := ParseApp("d2x4=a,,b"); return err },
		func() error { _, err := ParseSeedJob("d2x4=Op:1h"); return err },
		func() error { _, err := ParseSeedJob("d2x4/dev=Op:soon"); return err },
		func() error { _, err := ParseSeedJob("d2x4/dev=:1h"); return err },
		func() error { _, err := ParseCategories("d2x4/dev="); return err },
		func() error { _, err := ParseCategories("d2x4/dev=Function"); return err },
	} {
		if err := bad(); err == nil {
			t.Errorf("a malformed value was accepted")
		} else if !strings.Contains(err.Error(), "write ") && !strings.Contains(err.Error(), "is not") {
			t.Errorf("error %q does not say how to write the value", err)
		}
	}
}
