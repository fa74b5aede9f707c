package amplifybackend_test

// These tests run the real client against pkg/emulator over real HTTP
// (httptest): the same wire path, signing, retries and error decoding a user
// gets against AWS.

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/bapi-dev/bapi/internal/emutest"
	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// clock is a settable emulator clock, so jobs end without sleeping.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Now()} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// startEmulator serves an emulator on httptest and returns it with its URL.
// Unless opts.Apps says otherwise, it holds the apps the tests here name:
// app/env, a/e, d2x4example7q1/staging and app0 to app11 with env.
func startEmulator(t *testing.T, opts emulator.Options) (*emulator.Server, string) {
	t.Helper()
	if opts.Apps == nil {
		opts.Apps = map[string][]string{"app": {"env"}, "a": {"e"}, "d2x4example7q1": {"staging"}}
		for i := range 12 {
			opts.Apps[fmt.Sprintf("app%d", i)] = []string{"env"}
		}
	}
	srv, hs := emutest.Serve(t, opts)
	return srv, hs.URL
}

// newEmulatorClient returns a client for url with the emulator's default
// credentials, no environment and millisecond backoff.
func newEmulatorClient(t *testing.T, url string, mod func(*ab.Options)) *ab.Client {
	t.Helper()
	opts := ab.Options{EndpointURL: url, UserAgentVersion: "test"}
	if mod != nil {
		mod(&opts)
	}
	return emutest.Client(t, emutest.Config(emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey, emulator.DefaultRegion), opts)
}

func sampleConfig(name string) *ab.BackendAPIResourceConfig {
	exp := 30.0
	return &ab.BackendAPIResourceConfig{
		ApiName: name,
		Service: "AppSync",
		DefaultAuthType: &ab.BackendAPIAuthType{
			Mode:     ab.ModeAmazonCognitoUserPools,
			Settings: &ab.BackendAPIAppSyncAuthSettings{CognitoUserPoolId: "us-east-1_AbCdEf123"},
		},
		AdditionalAuthTypes: []ab.BackendAPIAuthType{{
			Mode:     ab.ModeAPIKey,
			Settings: &ab.BackendAPIAppSyncAuthSettings{Description: "public read key", ExpirationTime: &exp},
		}},
		ConflictResolution: &ab.BackendAPIConflictResolution{ResolutionStrategy: "AUTOMERGE"},
		TransformSchema:    "type Post @model { id: ID! title: String! }",
	}
}

func wantCode(t *testing.T, err error, code string, status, attempts int) *ab.APIError {
	t.Helper()
	var ae *ab.APIError
	if !errors.As(err, &ae) {
		t.Fatalf("error = %v (%T), want *APIError %s", err, err, code)
	}
	if ae.Code != code || ae.StatusCode != status || ae.Attempts != attempts {
		t.Fatalf("error = %v, want %s (HTTP %d) after %d attempt(s)", err, code, status, attempts)
	}
	if ae.RequestID == "" {
		t.Errorf("error %v has no request id", err)
	}
	return ae
}

func TestEmulatorLifecycle(t *testing.T) {
	t.Parallel()
	clk := newClock()
	srv, url := startEmulator(t, emulator.Options{JobDuration: 10 * time.Second, Now: clk.Now})
	c := newEmulatorClient(t, url, nil)
	ctx := context.Background()
	const app, env, res = "d2x4example7q1", "staging", "blogapi"

	created, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res, ResourceConfig: sampleConfig("blogapi")})
	if err != nil {
		t.Fatalf("CreateBackendAPI: %v", err)
	}
	if created.JobId == "" || created.Operation != "CreateBackendAPI" || ab.IsTerminal(created.Status) {
		t.Fatalf("create answered %+v, want a running CreateBackendAPI job", created)
	}

	got, err := c.GetBackendAPI(ctx, &ab.GetBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res})
	if err != nil {
		t.Fatalf("GetBackendAPI: %v", err)
	}
	if diff := cmp.Diff(sampleConfig("blogapi"), got.ResourceConfig); diff != "" {
		t.Errorf("GetBackendAPI config (-sent +got):\n%s", diff)
	}

	job, err := c.GetBackendJob(ctx, &ab.GetBackendJobRequest{AppId: app, BackendEnvironmentName: env, JobId: created.JobId})
	if err != nil {
		t.Fatalf("GetBackendJob: %v", err)
	}
	if ab.IsTerminal(job.Status) {
		t.Errorf("job status %q right after create, want non-terminal", job.Status)
	}

	// A second mutation while the job is pending: 400, not retried.
	var info ab.CallInfo
	_, err = c.UpdateBackendAPI(ab.WithCallInfo(ctx, &info), &ab.UpdateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res, ResourceConfig: sampleConfig("v2")})
	ae := wantCode(t, err, ab.CodeBadRequest, 400, 1)
	if !strings.Contains(ae.Message, "pending job") {
		t.Errorf("message %q, want it to name the pending job", ae.Message)
	}
	if info.Attempts != 1 || srv.Metrics().Count(emulator.OpUpdateBackendAPI, 400) != 1 {
		t.Errorf("attempts = %d, server 400s = %d; want 1 and 1", info.Attempts, srv.Metrics().Count(emulator.OpUpdateBackendAPI, 400))
	}

	clk.Advance(11 * time.Second)
	job, err = c.GetBackendJob(ctx, &ab.GetBackendJobRequest{AppId: app, BackendEnvironmentName: env, JobId: created.JobId})
	if err != nil || job.Status != ab.StatusCompleted {
		t.Fatalf("GetBackendJob after the job duration = %+v, %v; want COMPLETED", job, err)
	}

	// The update merges: its schema applies, its ApiName does not.
	v2 := sampleConfig("v2")
	v2.TransformSchema = "type Post @model { id: ID! body: String }"
	updated, err := c.UpdateBackendAPI(ctx, &ab.UpdateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res, ResourceConfig: v2})
	if err != nil {
		t.Fatalf("UpdateBackendAPI: %v", err)
	}
	clk.Advance(11 * time.Second)
	got, err = c.GetBackendAPI(ctx, &ab.GetBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res})
	if err != nil || got.ResourceConfig == nil || got.ResourceConfig.ApiName != "blogapi" || got.ResourceConfig.TransformSchema != v2.TransformSchema {
		t.Fatalf("GetBackendAPI after update = %+v, %v; want ApiName blogapi and the new schema", got, err)
	}

	deleted, err := c.DeleteBackendAPI(ctx, &ab.DeleteBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res})
	if err != nil {
		t.Fatalf("DeleteBackendAPI: %v", err)
	}
	clk.Advance(11 * time.Second)

	jobs, err := c.ListAllBackendJobs(ctx, &ab.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env})
	if err != nil {
		t.Fatalf("ListAllBackendJobs: %v", err)
	}
	ops := map[string]string{}
	for _, j := range jobs {
		ops[j.JobId] = j.Operation + " " + j.Status
	}
	want := map[string]string{
		created.JobId: "CreateBackendAPI COMPLETED",
		updated.JobId: "UpdateBackendAPI COMPLETED",
		deleted.JobId: "DeleteBackendAPI COMPLETED",
	}
	if diff := cmp.Diff(want, ops); diff != "" {
		t.Errorf("jobs (-want +got):\n%s", diff)
	}

	_, err = c.GetBackendAPI(ctx, &ab.GetBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: res})
	ae = wantCode(t, err, ab.CodeNotFound, 404, 1)
	if !ab.IsNotFound(err) || ae.ResourceType == "" {
		t.Errorf("deleted resource: %v (resource type %q), want a NotFoundException naming the resource type", err, ae.ResourceType)
	}
}

func TestEmulatorErrors(t *testing.T) {
	t.Parallel()
	srv, url := startEmulator(t, emulator.Options{InstantJobs: true})
	c := newEmulatorClient(t, url, nil)
	ctx := context.Background()
	if _, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: "app", BackendEnvironmentName: "env", ResourceName: "r", ResourceConfig: sampleConfig("r")}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		op     string
		call   func() error
		code   string
		status int
	}{
		{name: "unknown app", op: emulator.OpGetBackendAPI, code: ab.CodeNotFound, status: 404, call: func() error {
			_, err := c.GetBackendAPI(ctx, &ab.GetBackendAPIRequest{AppId: "nope", BackendEnvironmentName: "env", ResourceName: "r"})
			return err
		}},
		{name: "unknown app with escaped characters", op: emulator.OpGetBackendJob, code: ab.CodeNotFound, status: 404, call: func() error {
			// A 404 (not a 403) shows that client and server agree on the
			// escaped path and its signature.
			_, err := c.GetBackendJob(ctx, &ab.GetBackendJobRequest{AppId: "my+\u00e4pp:1", BackendEnvironmentName: "st%ag", JobId: "j%1"})
			return err
		}},
		{name: "app ID that cannot be real", op: emulator.OpGetBackendJob, code: ab.CodeBadRequest, status: 400, call: func() error {
			_, err := c.GetBackendJob(ctx, &ab.GetBackendJobRequest{AppId: "my app", BackendEnvironmentName: "env", JobId: "j1"})
			return err
		}},
		{name: "unknown job", op: emulator.OpGetBackendJob, code: ab.CodeNotFound, status: 404, call: func() error {
			_, err := c.GetBackendJob(ctx, &ab.GetBackendJobRequest{AppId: "app", BackendEnvironmentName: "env", JobId: "no-such-job"})
			return err
		}},
		{name: "update of unknown resource", op: emulator.OpUpdateBackendAPI, code: ab.CodeNotFound, status: 404, call: func() error {
			_, err := c.UpdateBackendAPI(ctx, &ab.UpdateBackendAPIRequest{AppId: "app", BackendEnvironmentName: "env", ResourceName: "other"})
			return err
		}},
		{name: "delete in unknown environment", op: emulator.OpDeleteBackendAPI, code: ab.CodeNotFound, status: 404, call: func() error {
			_, err := c.DeleteBackendAPI(ctx, &ab.DeleteBackendAPIRequest{AppId: "app", BackendEnvironmentName: "prod", ResourceName: "r"})
			return err
		}},
		{name: "create without resourceConfig", op: emulator.OpCreateBackendAPI, code: ab.CodeBadRequest, status: 400, call: func() error {
			_, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: "app", BackendEnvironmentName: "env", ResourceName: "r2"})
			return err
		}},
		{name: "create of an existing resource", op: emulator.OpCreateBackendAPI, code: ab.CodeBadRequest, status: 400, call: func() error {
			_, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: "app", BackendEnvironmentName: "env", ResourceName: "r", ResourceConfig: sampleConfig("r")})
			return err
		}},
		{name: "maxResults out of range", op: emulator.OpListBackendJobs, code: ab.CodeBadRequest, status: 400, call: func() error {
			_, err := c.ListBackendJobs(ctx, &ab.ListBackendJobsRequest{AppId: "app", BackendEnvironmentName: "env", MaxResults: 26})
			return err
		}},
		{name: "bad nextToken", op: emulator.OpListBackendJobs, code: ab.CodeBadRequest, status: 400, call: func() error {
			_, err := c.ListBackendJobs(ctx, &ab.ListBackendJobsRequest{AppId: "app", BackendEnvironmentName: "env", NextToken: "!!!"})
			return err
		}},
	}
	// Sequential: the server's per-operation counters are compared before
	// and after each call.
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := srv.Metrics().Count(tc.op, tc.status)
			ae := wantCode(t, tc.call(), tc.code, tc.status, 1)
			if ae.Message == "" {
				t.Errorf("error %v has no message", ae)
			}
			if n := srv.Metrics().Count(tc.op, tc.status) - before; n != 1 {
				t.Errorf("server answered %s %d %d times, want 1 (no retry)", tc.op, tc.status, n)
			}
		})
	}
}

func TestEmulatorAuthFailures(t *testing.T) {
	t.Parallel()
	srv, url := startEmulator(t, emulator.Options{InstantJobs: true})
	const secret = "not-the-emulator-secret"
	tests := []struct {
		name                string
		key, secret, region string
		now                 func() time.Time
		code                string
	}{
		{name: "unknown access key", key: "AKIDSOMEONEELSE", secret: secret, region: emulator.DefaultRegion, code: ab.CodeUnrecognizedClient},
		{name: "wrong secret", key: emulator.DefaultAccessKeyID, secret: secret, region: emulator.DefaultRegion, code: ab.CodeInvalidSignature},
		{name: "wrong region", key: emulator.DefaultAccessKeyID, secret: emulator.DefaultSecretAccessKey, region: "eu-west-1", code: ab.CodeInvalidSignature},
		{name: "signed 20 minutes ago", key: emulator.DefaultAccessKeyID, secret: emulator.DefaultSecretAccessKey, region: emulator.DefaultRegion,
			now: func() time.Time { return time.Now().Add(-20 * time.Minute) }, code: ab.CodeInvalidSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := emutest.Client(t, emutest.Config(tc.key, tc.secret, tc.region), ab.Options{EndpointURL: url, Now: tc.now})
			_, err := c.CreateBackendAPI(context.Background(), &ab.CreateBackendAPIRequest{AppId: "app", BackendEnvironmentName: "env", ResourceName: "r", ResourceConfig: sampleConfig("r")})
			wantCode(t, err, tc.code, 403, 1)
			if !ab.IsAuthFailure(err) {
				t.Errorf("IsAuthFailure(%v) = false", err)
			}
			for _, leak := range []string{secret, emulator.DefaultSecretAccessKey, "Signature="} {
				if strings.Contains(err.Error(), leak) {
					t.Errorf("error %q leaks %q", err, leak)
				}
			}
		})
	}
	t.Cleanup(func() {
		if n := srv.Metrics().Count(emulator.OpCreateBackendAPI, 200); n != 0 {
			t.Errorf("emulator accepted %d creates with bad credentials", n)
		}
	})
}

// TestEmulatorRetries injects 429 and 504 answers from a fixed seed: every
// call succeeds, the attempt counts are visible per call and add up to what
// the server answered, and no create is accepted twice.
func TestEmulatorRetries(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		opts   emulator.Options
		status int
	}{
		{name: "throttling", opts: emulator.Options{FaultThrottle: 0.5, Seed: 7, InstantJobs: true}, status: 429},
		{name: "gateway timeouts", opts: emulator.Options{FaultTimeout: 0.5, Seed: 11, InstantJobs: true}, status: 504},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, url := startEmulator(t, tc.opts)
			var mu sync.Mutex
			retried := 0
			c := newEmulatorClient(t, url, func(o *ab.Options) {
				o.MaxAttempts = 20
				o.OnAttempt = func(_ context.Context, a ab.Attempt) {
					if a.Retrying {
						mu.Lock()
						retried++
						mu.Unlock()
					}
				}
			})
			const calls = 12
			total, maxAttempts := 0, 0
			for i := range calls {
				var info ab.CallInfo
				_, err := c.CreateBackendAPI(ab.WithCallInfo(context.Background(), &info), &ab.CreateBackendAPIRequest{
					AppId: fmt.Sprintf("app%d", i), BackendEnvironmentName: "env", ResourceName: "r", ResourceConfig: sampleConfig("r"),
				})
				if err != nil {
					t.Fatalf("call %d failed after %d attempts: %v", i, info.Attempts, err)
				}
				total += info.Attempts
				maxAttempts = max(maxAttempts, info.Attempts)
			}
			m := srv.Metrics()
			faults := m.Count(emulator.OpCreateBackendAPI, tc.status)
			if ok := m.Count(emulator.OpCreateBackendAPI, 200); ok != calls {
				t.Errorf("server accepted %d creates, want %d", ok, calls)
			}
			if faults == 0 || maxAttempts < 2 {
				t.Fatalf("no call was retried (%d faults answered): the test proves nothing; change the seed", faults)
			}
			if total != calls+faults {
				t.Errorf("attempts seen by the client = %d, want %d calls + %d faults", total, calls, faults)
			}
			mu.Lock()
			defer mu.Unlock()
			if retried != faults {
				t.Errorf("OnAttempt saw %d retries, want %d", retried, faults)
			}
			for addr, n := range m.AcceptedCreates {
				if n != 1 {
					t.Errorf("%s accepted %d times, want 1", addr, n)
				}
			}
		})
	}
}

func TestEmulatorRetriesExhausted(t *testing.T) {
	t.Parallel()
	srv, url := startEmulator(t, emulator.Options{FaultThrottle: 1, InstantJobs: true})
	c := newEmulatorClient(t, url, func(o *ab.Options) { o.MaxAttempts = 3 })
	_, err := c.GetBackendAPI(context.Background(), &ab.GetBackendAPIRequest{AppId: "a", BackendEnvironmentName: "e", ResourceName: "r"})
	ae := wantCode(t, err, ab.CodeTooManyRequests, 429, 3)
	if ae.LimitType == "" {
		t.Errorf("TooManyRequestsException without limitType: %+v", ae)
	}
	if n := srv.Metrics().Count(emulator.OpGetBackendAPI, 429); n != 3 {
		t.Errorf("server answered 429 %d times, want 3", n)
	}
}

func TestEmulatorConsistencyDelay(t *testing.T) {
	t.Parallel()
	clk := newClock()
	_, url := startEmulator(t, emulator.Options{ConsistencyDelay: 5 * time.Second, JobDuration: time.Second, Now: clk.Now})
	c := newEmulatorClient(t, url, nil)
	ctx := context.Background()
	created, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: "a", BackendEnvironmentName: "e", ResourceName: "r", ResourceConfig: sampleConfig("r")})
	if err != nil {
		t.Fatal(err)
	}
	req := &ab.GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: created.JobId}
	_, err = c.GetBackendJob(ctx, req)
	wantCode(t, err, ab.CodeNotFound, 404, 1)
	clk.Advance(6 * time.Second)
	job, err := c.GetBackendJob(ctx, req)
	if err != nil || job.Status != ab.StatusCompleted {
		t.Fatalf("GetBackendJob after the delay = %+v, %v; want COMPLETED", job, err)
	}
}

// TestEmulatorPagination lists 12 jobs with every MaxResults from 1 to 25:
// each page is within the limit, the pages add up to every job once, in the
// same order as one unpaginated listing.
func TestEmulatorPagination(t *testing.T) {
	t.Parallel()
	_, url := startEmulator(t, emulator.Options{InstantJobs: true})
	c := newEmulatorClient(t, url, nil)
	ctx := context.Background()
	const app, env, jobs = "app", "env", 12
	if _, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: "r", ResourceConfig: sampleConfig("r")}); err != nil {
		t.Fatal(err)
	}
	for i := 1; i < jobs; i++ {
		if _, err := c.UpdateBackendAPI(ctx, &ab.UpdateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: "r", ResourceConfig: sampleConfig(fmt.Sprintf("v%d", i))}); err != nil {
			t.Fatal(err)
		}
	}
	all, err := c.ListAllBackendJobs(ctx, &ab.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != jobs {
		t.Fatalf("listed %d jobs, want %d", len(all), jobs)
	}
	var wantIDs []string
	for _, j := range all {
		wantIDs = append(wantIDs, j.JobId)
	}
	for m := int32(1); m <= 25; m++ {
		t.Run(fmt.Sprintf("MaxResults=%d", m), func(t *testing.T) {
			t.Parallel()
			p := ab.NewListBackendJobsPaginator(c, &ab.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env, MaxResults: m})
			var ids []string
			pages := 0
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatalf("page %d: %v", pages+1, err)
				}
				pages++
				if len(page.Jobs) > int(m) {
					t.Errorf("page %d has %d jobs, over MaxResults %d", pages, len(page.Jobs), m)
				}
				for _, j := range page.Jobs {
					ids = append(ids, j.JobId)
				}
			}
			if want := (jobs + int(m) - 1) / int(m); pages != want {
				t.Errorf("%d pages, want %d", pages, want)
			}
			if diff := cmp.Diff(wantIDs, ids); diff != "" {
				t.Errorf("job ids across pages (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("filter by operation", func(t *testing.T) {
		t.Parallel()
		got, err := c.ListAllBackendJobs(ctx, &ab.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env, Operation: "CreateBackendAPI", MaxResults: 1})
		if err != nil || len(got) != 1 || got[0].Operation != "CreateBackendAPI" {
			t.Errorf("filtered listing = %+v, %v; want the one create job", got, err)
		}
	})
}

// TestEmulatorEndpointPrecedence points the sources at the emulator or at a
// closed port and checks the calls land where the precedence says.
func TestEmulatorEndpointPrecedence(t *testing.T) {
	t.Parallel()
	_, url := startEmulator(t, emulator.Options{InstantJobs: true})
	dead := httptest.NewServer(nil)
	deadURL := dead.URL
	dead.Close()
	tests := []struct {
		name     string
		explicit string
		env      map[string]string
	}{
		{name: "explicit over both env vars", explicit: url, env: map[string]string{ab.EnvEndpointURLService: deadURL, ab.EnvEndpointURL: deadURL}},
		{name: "service env over global env", env: map[string]string{ab.EnvEndpointURLService: url, ab.EnvEndpointURL: deadURL}},
		{name: "global env alone", env: map[string]string{ab.EnvEndpointURL: url}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := emutest.Client(t, emutest.Config(emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey, emulator.DefaultRegion), ab.Options{
				EndpointURL: tc.explicit, Getenv: func(k string) string { return tc.env[k] }, MaxAttempts: 1,
			})
			if got, _ := c.Endpoint(); got != url {
				t.Errorf("Endpoint() = %q, want the emulator %q", got, url)
			}
			_, err := c.ListBackendJobs(context.Background(), &ab.ListBackendJobsRequest{AppId: "none", BackendEnvironmentName: "e"})
			// The emulator answers NotFoundException for an unknown app; a
			// closed port would give a connection error instead.
			if !ab.IsNotFound(err) {
				t.Errorf("error = %v, want the emulator's NotFoundException", err)
			}
		})
	}
}

// BenchmarkEmulatorGetBackendJob measures one signed call round trip to the
// emulator on loopback (marshal, sign, HTTP, bbolt read, decode).
func BenchmarkEmulatorGetBackendJob(b *testing.B) {
	srv, hs := emutest.Serve(b, emulator.Options{InstantJobs: true, Apps: map[string][]string{"a": {"e"}}})
	c := emutest.Client(b, emutest.ServerConfig(srv), ab.Options{EndpointURL: hs.URL})
	ctx := context.Background()
	created, err := c.CreateBackendAPI(ctx, &ab.CreateBackendAPIRequest{AppId: "a", BackendEnvironmentName: "e", ResourceName: "r", ResourceConfig: sampleConfig("r")})
	if err != nil {
		b.Fatal(err)
	}
	req := &ab.GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: created.JobId}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetBackendJob(ctx, req); err != nil {
			b.Fatal(err)
		}
	}
}
