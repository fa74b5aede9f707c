package apply_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

func config(name, desc string) *amplifybackend.BackendAPIResourceConfig {
	return &amplifybackend.BackendAPIResourceConfig{
		ApiName: name,
		Service: "AppSync",
		DefaultAuthType: &amplifybackend.BackendAPIAuthType{
			Mode:     amplifybackend.ModeAPIKey,
			Settings: &amplifybackend.BackendAPIAppSyncAuthSettings{Description: desc},
		},
		TransformSchema: "type Post @model { id: ID! }\n",
	}
}

// desired makes n resources spread over pairs app/env pairs.
func desired(pairs, n int, desc string) []plan.Desired {
	var out []plan.Desired
	for i := range n {
		p := i % pairs
		name := fmt.Sprintf("api%03d", i)
		out = append(out, plan.Desired{Request: &amplifybackend.CreateBackendAPIRequest{
			AppId: fmt.Sprintf("app%02d", p), BackendEnvironmentName: "env", ResourceName: name,
			ResourceConfig: config(name, desc),
		}})
	}
	return out
}

func makePlan(t *testing.T, api amplifybackend.API, d []plan.Desired) *plan.Plan {
	t.Helper()
	p, err := plan.Make(context.Background(), api, d, []plan.Input{{Name: "a.yaml", Digest: "1"}}, 4)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func fastOpts() apply.Options {
	return apply.Options{Parallelism: 4, PollInitial: 2 * time.Millisecond, PollMax: 10 * time.Millisecond, JobTimeout: time.Minute}
}

// recorder is a Reporter keeping events in order.
type recorder struct {
	mu       sync.Mutex
	events   []string
	inFlight map[string]int
	maxPairs int
	onJob    func()
}

func (r *recorder) add(s string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, s)
}

func (r *recorder) ChangeStarted(a plan.Address, _ plan.Action) {
	r.mu.Lock()
	if r.inFlight == nil {
		r.inFlight = map[string]int{}
	}
	r.inFlight[a.Pair()]++
	r.maxPairs = max(r.maxPairs, len(r.inFlight))
	r.mu.Unlock()
	r.add("start " + a.String())
}

func (r *recorder) JobStarted(a plan.Address, op, id string) {
	r.add("job " + a.String())
	r.mu.Lock()
	f := r.onJob
	r.mu.Unlock()
	if f != nil {
		f()
	}
}
func (r *recorder) JobStatus(a plan.Address, id, st string) {}
func (r *recorder) ChangeDone(res apply.Result) {
	r.mu.Lock()
	if r.inFlight[res.Address.Pair()]--; r.inFlight[res.Address.Pair()] <= 0 {
		delete(r.inFlight, res.Address.Pair())
	}
	r.mu.Unlock()
	r.add("done " + res.Address.String())
}

func statuses(rep *apply.Report) map[apply.Status]int {
	m := map[apply.Status]int{}
	for _, r := range rep.Results {
		m[r.Status]++
	}
	return m
}

func TestApplyCreateThenUpdateThenNothing(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond})
	ctx := context.Background()
	p := makePlan(t, api, desired(4, 4, "v1"))
	rep, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Totals.Completed != 4 {
		t.Fatalf("report not OK: %+v", rep.Results)
	}
	for _, r := range rep.Results {
		if r.Operation != apply.OpCreate || r.JobID == "" || r.Attempts < 4 || r.Polls < 1 {
			t.Errorf("%s: operation %q job %q attempts %d polls %d; want a create job with its calls counted", r.Address, r.Operation, r.JobID, r.Attempts, r.Polls)
		}
	}
	// Change one description: one update, three unchanged.
	d := desired(4, 4, "v1")
	d[1].Request.ResourceConfig = config("api001", "v2")
	p = makePlan(t, api, d)
	if c := p.Counts(); c.Update != 1 || c.NoOp != 3 {
		t.Fatalf("counts %+v, want 1 update 3 no-op", c)
	}
	rep, err = apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 || rep.Results[0].Operation != apply.OpUpdate || rep.Results[0].Status != apply.StatusCompleted {
		t.Fatalf("results %+v, want one completed update", rep.Results)
	}
	if p := makePlan(t, api, d); p.HasChanges() {
		t.Errorf("plan after apply has changes: %+v", p.Counts())
	}
}

func TestSequentialPerPairParallelAcrossPairs(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), AllowManyAPIs: true, JobDuration: 100 * time.Millisecond})
	p := makePlan(t, api, desired(2, 6, "v1"))
	rec := &recorder{}
	opts := fastOpts()
	opts.Parallelism = 2
	rep, err := apply.Apply(context.Background(), api, p, opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("not OK: %+v", rep.Results)
	}
	// Within a pair, a change starts only after the previous one is done.
	open := map[string]string{}
	for _, e := range rec.events {
		var kind, addr string
		fmt.Sscan(e, &kind, &addr)
		pair := addr[:len(addr)-len("/api000")]
		switch kind {
		case "start":
			if prev, ok := open[pair]; ok {
				t.Errorf("%s started while %s was still running on the same pair", addr, prev)
			}
			open[pair] = addr
		case "done":
			delete(open, pair)
		}
	}
	if rec.maxPairs > 2 {
		t.Errorf("%d pairs worked on at once, parallelism is 2", rec.maxPairs)
	}
	if rec.maxPairs < 2 {
		t.Errorf("pairs never ran in parallel (max %d at once)", rec.maxPairs)
	}
	if n := srv.Metrics().Count(emulator.OpCreateBackendAPI, 400); n != 0 {
		t.Errorf("%d CreateBackendAPI calls answered 400; same-pair changes should not overlap", n)
	}
}

// racingAPI makes a competing create on the same pair (through the real
// client) just before the first CreateBackendAPI of apply, so that call is
// answered "already a pending job".
type racingAPI struct {
	amplifybackend.API
	once sync.Once
	t    *testing.T
}

func (r *racingAPI) CreateBackendAPI(ctx context.Context, in *amplifybackend.CreateBackendAPIRequest) (*amplifybackend.CreateBackendAPIResponse, error) {
	r.once.Do(func() {
		_, err := r.API.CreateBackendAPI(ctx, &amplifybackend.CreateBackendAPIRequest{
			AppId: in.AppId, BackendEnvironmentName: in.BackendEnvironmentName, ResourceName: "intruder", ResourceConfig: config("intruder", "x"),
		})
		if err != nil {
			r.t.Errorf("competing create: %v", err)
		}
	})
	return r.API.CreateBackendAPI(ctx, in)
}

func TestPendingJobAnswerWaitsAndRetries(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), AllowManyAPIs: true, JobDuration: 50 * time.Millisecond})
	p := makePlan(t, api, desired(1, 2, "v1"))
	rep, err := apply.Apply(context.Background(), &racingAPI{API: api, t: t}, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("not OK: %+v", rep.Results)
	}
	m := srv.Metrics()
	if n := m.Count(emulator.OpCreateBackendAPI, 400); n < 1 {
		t.Errorf("no CreateBackendAPI was answered 400; the test did not provoke a pending-job answer")
	}
	for _, r := range rep.Results {
		if m.AcceptedCreates[r.Address.String()] != 1 {
			t.Errorf("%s accepted %d creates, want 1", r.Address, m.AcceptedCreates[r.Address.String()])
		}
	}
}

func TestPendingJobFromEarlierRunIsAdopted(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 100 * time.Millisecond})
	d := desired(1, 1, "v1")
	p := makePlan(t, api, d) // planned as a create
	// An earlier (killed) run already created it; its job is still pending.
	if _, err := api.CreateBackendAPI(context.Background(), d[0].Request); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	rep, err := apply.Apply(context.Background(), api, p, fastOpts(), rec)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	if r.Status != apply.StatusAdopted || r.JobID == "" || r.Operation != "" {
		t.Errorf("result %+v, want ADOPTED with the pending job's ID and no operation", r)
	}
	if !rep.OK() {
		t.Error("an adopted resource should count as OK")
	}
	if n := srv.Metrics().AcceptedCreates[r.Address.String()]; n != 1 {
		t.Errorf("%d accepted creates, want 1", n)
	}
}

func TestExistingResourcePlannedAsCreateIsUpdated(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), InstantJobs: true})
	d := desired(1, 1, "v2")
	p := makePlan(t, api, d)
	old := *d[0].Request
	old.ResourceConfig = config("api000", "v1")
	if _, err := api.CreateBackendAPI(context.Background(), &old); err != nil {
		t.Fatal(err)
	}
	rep, err := apply.Apply(context.Background(), api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != apply.StatusCompleted || r.Operation != apply.OpUpdate {
		t.Errorf("result %+v, want a completed UpdateBackendAPI", r)
	}
	if n := srv.Metrics().AcceptedCreates["app00/env/api000"]; n != 1 {
		t.Errorf("%d accepted creates, want 1", n)
	}
}

func TestNotFoundWindow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		window time.Duration
		want   apply.Status
	}{
		{name: "within window polls on", window: time.Minute, want: apply.StatusCompleted},
		{name: "past window is an error", window: time.Nanosecond, want: apply.StatusError},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond, ConsistencyDelay: 150 * time.Millisecond})
			p := makePlan(t, api, desired(1, 1, "v1"))
			opts := fastOpts()
			opts.NotFoundWindow = tc.window
			rep, err := apply.Apply(context.Background(), api, p, opts, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := rep.Results[0].Status; got != tc.want {
				t.Errorf("status %s (%s), want %s", got, rep.Results[0].Error, tc.want)
			}
			if n := srv.Metrics().Count(emulator.OpGetBackendJob, 404); n < 1 {
				t.Errorf("GetBackendJob never answered 404; the consistency delay was not exercised")
			}
		})
	}
}

func TestJobFailedIsReported(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 10 * time.Millisecond, FaultJobFailure: 1})
	p := makePlan(t, api, desired(1, 2, "v1"))
	rep, err := apply.Apply(context.Background(), api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Error("report OK with failed jobs")
	}
	for _, r := range rep.Results {
		if r.Status != apply.StatusFailed || r.JobStatus != "FAILED" || r.JobID == "" || r.Error == "" {
			t.Errorf("result %+v, want FAILED with job ID and error", r)
		}
	}
}

func TestJobTimeout(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: time.Hour})
	p := makePlan(t, api, desired(1, 1, "v1"))
	opts := fastOpts()
	opts.JobTimeout = 30 * time.Millisecond
	rep, err := apply.Apply(context.Background(), api, p, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	if r.Status != apply.StatusTimedOut || r.JobID == "" {
		t.Errorf("result %+v, want TIMED_OUT with the job ID", r)
	}
	// What to do is a command that can be run as it is.
	if want := "aws amplifybackend get-backend-job --app-id app00 --backend-environment-name env --job-id " + r.JobID; !strings.Contains(r.Error, want) {
		t.Errorf("error %q does not say %q", r.Error, want)
	}
}

func TestFirstInterruptFinishesInFlightSkipsRest(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 30 * time.Millisecond})
	p := makePlan(t, api, desired(1, 3, "v1"))
	stop := make(chan struct{})
	var once sync.Once
	rec := &recorder{onJob: func() { once.Do(func() { close(stop) }) }}
	opts := fastOpts()
	opts.Stop = stop
	rep, err := apply.Apply(context.Background(), api, p, opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	st := statuses(rep)
	if st[apply.StatusCompleted] != 1 || st[apply.StatusSkipped] != 2 || !rep.Interrupted {
		t.Errorf("statuses %v interrupted %v, want 1 completed, 2 skipped, interrupted", st, rep.Interrupted)
	}
}

func TestSecondInterruptReturnsWithJobIDs(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: time.Hour})
	p := makePlan(t, api, desired(2, 4, "v1"))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var mu sync.Mutex
	jobs := 0
	rec := &recorder{onJob: func() {
		mu.Lock()
		defer mu.Unlock()
		if jobs++; jobs == 2 {
			cancel()
		}
	}}
	opts := fastOpts()
	opts.Parallelism = 2
	rep, err := apply.Apply(ctx, api, p, opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	st := statuses(rep)
	if st[apply.StatusCancelled] != 2 || st[apply.StatusSkipped] != 2 {
		t.Errorf("statuses %v, want 2 cancelled, 2 skipped", st)
	}
	for _, r := range rep.Results {
		if r.Status == apply.StatusCancelled && r.JobID == "" {
			t.Errorf("%s cancelled without its job ID", r.Address)
		}
	}
}

func TestCheckStale(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), InstantJobs: true})
	ctx := context.Background()
	d := desired(2, 2, "v1")
	if _, err := api.CreateBackendAPI(ctx, d[0].Request); err != nil {
		t.Fatal(err)
	}
	d[0].Request.ResourceConfig = config("api000", "v2")
	p := makePlan(t, api, d) // api000 update, api001 create
	if err := plan.CheckStale(ctx, api, p, p.Inputs, 0); err != nil {
		t.Fatalf("fresh plan refused: %v", err)
	}
	// Someone else changes api000 and creates api001.
	if _, err := api.UpdateBackendAPI(ctx, &amplifybackend.UpdateBackendAPIRequest{AppId: "app00", BackendEnvironmentName: "env", ResourceName: "api000", ResourceConfig: config("api000", "v3")}); err != nil {
		t.Fatal(err)
	}
	other := *d[1].Request
	other.ResourceConfig = config("api001", "someone else's")
	if _, err := api.CreateBackendAPI(ctx, &other); err != nil {
		t.Fatal(err)
	}
	inputs := []plan.Input{{Name: "a.yaml", Digest: "2"}, {Name: "b.yaml", Digest: "3"}}
	err := plan.CheckStale(ctx, api, p, inputs, 0)
	var se *plan.StaleError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *StaleError", err)
	}
	wantFiles := []plan.FileChange{{Name: "a.yaml", How: "changed"}, {Name: "b.yaml", How: "added"}}
	if fmt.Sprint(se.Files) != fmt.Sprint(wantFiles) {
		t.Errorf("files %v, want %v", se.Files, wantFiles)
	}
	wantDrift := []plan.Drift{
		{Address: plan.Address{AppId: "app00", BackendEnvironmentName: "env", ResourceName: "api000"}, Detail: "config changed"},
		{Address: plan.Address{AppId: "app01", BackendEnvironmentName: "env", ResourceName: "api001"}, Detail: "now exists"},
	}
	if fmt.Sprint(se.Drifts) != fmt.Sprint(wantDrift) {
		t.Errorf("drifts %v, want %v", se.Drifts, wantDrift)
	}
	if msg := err.Error(); msg == "" || !contains(msg, "run bapi plan again") || !contains(msg, "by someone else") {
		t.Errorf("message %q does not say what moved and what to do", msg)
	}
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s == sub || len(sub) == 0 || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestFaults applies 100 resources over 10 pairs against an emulator that
// throttles, times out, delays consistency and fails jobs.
func TestFaults(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), AllowManyAPIs: true,
		JobDuration: 20 * time.Millisecond, Seed: 7,
		FaultThrottle: 0.10, FaultTimeout: 0.05, FaultJobFailure: 0.05,
		ConsistencyDelay: 15 * time.Millisecond,
	})
	p := makePlan(t, api, desired(10, 100, "v1"))
	opts := fastOpts()
	opts.Parallelism = 10
	rep, err := apply.Apply(context.Background(), api, p, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := srv.Metrics()
	st := statuses(rep)
	if st[apply.StatusCompleted]+st[apply.StatusFailed] != 100 {
		t.Errorf("statuses %v; want every resource COMPLETED or FAILED", st)
		for _, r := range rep.Results {
			if r.Status != apply.StatusCompleted && r.Status != apply.StatusFailed {
				t.Logf("%s %s: %s", r.Address, r.Status, r.Error)
			}
		}
	}
	for _, r := range rep.Results {
		if n := m.AcceptedCreates[r.Address.String()]; n != 1 {
			t.Errorf("%s: %d accepted CreateBackendAPI, want exactly 1", r.Address, n)
		}
		if r.Status == apply.StatusFailed && r.JobStatus != "FAILED" {
			t.Errorf("%s reported FAILED but job status %q", r.Address, r.JobStatus)
		}
	}
	if m.Count(emulator.OpCreateBackendAPI, 429)+m.Count(emulator.OpGetBackendJob, 429) == 0 {
		t.Error("no throttling seen; the faults were not exercised")
	}
	// Failed jobs roll back: a second apply creates exactly those.
	if st[apply.StatusFailed] > 0 {
		if rep.OK() {
			t.Error("report OK with failed jobs")
		}
	}
}

// testApps are the apps and environments desired names (app00 to app09,
// each with environment env), for the emulator to hold from the start.
// The tests that set the test-only AllowManyAPIs with it put several APIs
// in one environment (which the real service refuses) to exercise apply's
// per-pair scheduling.
func testApps() map[string][]string {
	apps := map[string][]string{}
	for i := range 10 {
		apps[fmt.Sprintf("app%02d", i)] = []string{"env"}
	}
	return apps
}
