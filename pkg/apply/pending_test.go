package apply_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// A killed run left create jobs pending; the rerun's plan sees the
// resources as they will be if the jobs complete, so it has no changes.
// Apply must still follow the jobs and report their real outcome.
func TestNoChangesFollowsPendingJobThatFails(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 150 * time.Millisecond, FaultJobFailure: 1})
	d := desired(4, 4, "v1")
	for _, x := range d {
		if _, err := api.CreateBackendAPI(context.Background(), x.Request); err != nil {
			t.Fatal(err)
		}
		// Leave the last two to the plan.
		if x.Request.ResourceName == "api001" {
			break
		}
	}
	p := makePlan(t, api, d)
	if c := p.Counts(); c.NoOp != 2 || c.Create != 2 {
		t.Fatalf("counts %+v, want 2 no-op (pending creates) and 2 create", c)
	}
	rep, err := apply.Apply(context.Background(), api, p, fastOpts(), &recorder{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Error("report OK although the pending jobs failed")
	}
	byName := map[string]apply.Result{}
	for _, r := range rep.Results {
		byName[r.Address.ResourceName] = r
	}
	for _, name := range []string{"api000", "api001"} {
		r, ok := byName[name]
		if !ok {
			t.Errorf("%s (no-op with a pending job) missing from the report %+v", name, rep.Results)
			continue
		}
		if r.Status != apply.StatusFailed || r.JobID == "" || r.JobStatus != "FAILED" || !strings.Contains(r.Error, "earlier run") {
			t.Errorf("%s: %+v, want FAILED with the pending job's ID and why", name, r)
		}
	}
	if n := srv.Metrics().AcceptedCreates[d[0].Address().String()]; n != 1 {
		t.Errorf("%d accepted creates for %s, want 1 (no second create of a no-op)", n, d[0].Address())
	}
}

func TestNoChangesFollowsPendingJobThatCompletes(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 150 * time.Millisecond})
	d := desired(1, 1, "v1")
	if _, err := api.CreateBackendAPI(context.Background(), d[0].Request); err != nil {
		t.Fatal(err)
	}
	p := makePlan(t, api, d)
	if p.HasChanges() {
		t.Fatalf("plan has changes %+v; want none while the create is pending", p.Counts())
	}
	rep, err := apply.Apply(context.Background(), api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 1 {
		t.Fatalf("results %+v, want the pending job followed", rep.Results)
	}
	if r := rep.Results[0]; r.Status != apply.StatusAdopted || r.JobID == "" || r.JobStatus != "COMPLETED" || !rep.OK() {
		t.Errorf("result %+v, want ADOPTED after the pending job COMPLETED", r)
	}
	// Nothing pending now: a no-change plan reports nothing.
	rep, err = apply.Apply(context.Background(), api, makePlan(t, api, d), fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Results) != 0 || !rep.OK() {
		t.Errorf("results %+v, want none with no changes and no pending job", rep.Results)
	}
}

// startThrottled serves an emulator and returns two clients: one with the
// usual retries, and one that makes a single attempt per call, so that every
// fault reaches apply.
func startThrottled(t *testing.T, o emulator.Options) (*emulator.Server, *amplifybackend.Client, *amplifybackend.Client) {
	t.Helper()
	srv, ts := emutest.Serve(t, o)
	client := func(attempts int) *amplifybackend.Client {
		return emutest.Client(t, emutest.ServerConfig(srv), amplifybackend.Options{EndpointURL: ts.URL, MaxAttempts: attempts})
	}
	return srv, client(20), client(1)
}

// Following a job survives throttling that outlasts the client's retries:
// with half the requests answered 429 and no client retries, every job is
// still followed to COMPLETED and each resource created exactly once.
func TestFollowSurvivesThrottling(t *testing.T) {
	srv, retrying, single := startThrottled(t, emulator.Options{Apps: testApps(), AllowManyAPIs: true, JobDuration: 20 * time.Millisecond, Seed: 3, FaultThrottle: 0.5})
	d := desired(3, 9, "v1")
	p := makePlan(t, retrying, d)
	rep, err := apply.Apply(context.Background(), single, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	m := srv.Metrics()
	for _, r := range rep.Results {
		if r.Status != apply.StatusCompleted {
			t.Errorf("%s: %s %s; want COMPLETED despite throttling", r.Address, r.Status, r.Error)
		}
		if n := m.AcceptedCreates[r.Address.String()]; n != 1 {
			t.Errorf("%s: %d accepted creates, want 1", r.Address, n)
		}
	}
	if m.Count(emulator.OpGetBackendJob, 429) == 0 {
		t.Error("no GetBackendJob was throttled; the fault was not exercised")
	}
}

// TestPendingJobAnyCode: the service refuses a mutation while a job is
// pending with HTTP 400 and its message, the code BadRequestException or
// ValidationException; apply tells it by status and message, waits and
// tries again.
func TestPendingJobAnyCode(t *testing.T) {
	t.Parallel()
	srv, _ := emutest.Serve(t, emulator.Options{Apps: testApps(), InstantJobs: true})
	inner := srv.Handler()
	var refused atomic.Int32
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The first CreateBackendAPI (POST /backend/APP/api) is refused.
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/api") && refused.Add(1) == 1 {
			w.Header().Set("X-Amzn-ErrorType", "ValidationException")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"message":"ValidationException - An error occurred while processing your request: There is already a pending job for the requested appId: dpending and backendEnvironmentName: dev, wait for it to complete before creating a new job."}`)
			return
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	api := emutest.Client(t, emutest.ServerConfig(srv), amplifybackend.Options{EndpointURL: hs.URL})
	d := desired(1, 1, "v1")
	rep, err := apply.Apply(context.Background(), api, makePlan(t, api, d), fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Results[0].Status != apply.StatusCompleted || refused.Load() < 2 {
		t.Fatalf("results %+v after %d creates, want the refused create tried again and COMPLETED", rep.Results, refused.Load())
	}
}
