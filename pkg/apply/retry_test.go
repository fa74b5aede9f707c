package apply_test

import (
	"context"
	"net/http"
	"net/http/httptest"
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

// retryRecorder is a RetryReporter that stops the endpoint once a job has
// started and cancels the run at the second poll failure it hears of.
type retryRecorder struct {
	apply.NopReporter
	mu       sync.Mutex
	retries  []string
	onJob    func()
	onRetry  func()
	jobsSeen int
}

func (r *retryRecorder) JobStarted(plan.Address, string, string) {
	r.mu.Lock()
	r.jobsSeen++
	first := r.jobsSeen == 1
	r.mu.Unlock()
	if first {
		r.onJob()
	}
}

func (r *retryRecorder) JobRetrying(a plan.Address, jobID string, err error) {
	r.mu.Lock()
	r.retries = append(r.retries, a.String()+" "+jobID+": "+err.Error())
	r.mu.Unlock()
	r.onRetry()
}

// While the endpoint is down, following a job reports the error once (not
// at every poll), and an interrupt then keeps it in the CANCELLED message.
func TestFollowReportsTransientErrorOnce(t *testing.T) {
	srv, ts := emutest.Serve(t, emulator.Options{Apps: testApps(), JobDuration: time.Hour})
	api := emutest.Client(t, emutest.ServerConfig(srv), amplifybackend.Options{EndpointURL: ts.URL, MaxAttempts: 1})
	p := makePlan(t, api, desired(1, 1, "v1"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polls := 0
	rec := &retryRecorder{
		// The job was started: take the endpoint away.
		onJob: func() { ts.Close() },
	}
	stop := make(chan struct{})
	var once sync.Once
	rec.onRetry = func() { once.Do(func() { close(stop) }) }
	opts := fastOpts()
	// Poll a few more times after the first failure, then cancel: the
	// same error must not be reported again.
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		select {
		case <-stop:
			if polls++; polls > 5 {
				cancel()
			}
		default:
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
		return ctx.Err()
	}
	rep, err := apply.Apply(ctx, api, p, opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	retries := rec.retries
	rec.mu.Unlock()
	if len(retries) != 1 {
		t.Errorf("JobRetrying called %d times, want once for one distinct error: %q", len(retries), retries)
	}
	r := rep.Results[0]
	if r.Status != apply.StatusCancelled {
		t.Fatalf("status %s (%s), want CANCELLED", r.Status, r.Error)
	}
	if !strings.Contains(r.Error, "last GetBackendJob error:") {
		t.Errorf("CANCELLED message lacks the last poll error: %s", r.Error)
	}
}

// A transient GetBackendJob error that is over (the next poll succeeded) is
// not named as the last error when following then stops.
func TestFollowForgetsTransientErrorAfterSuccess(t *testing.T) {
	srv, err := emulator.New(emulator.Options{Apps: testApps(), JobDuration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := srv.Close(); err != nil {
			t.Errorf("close emulator: %v", err)
		}
	})
	var mu sync.Mutex
	jobPolls := 0
	h := srv.Handler()
	// The first GetBackendJob (POST /backend/{app}/job/{env}/{job}) gets a
	// 503; every other request reaches the emulator.
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if segs := strings.Split(strings.Trim(req.URL.Path, "/"), "/"); len(segs) == 5 && segs[0] == "backend" && segs[2] == "job" {
			mu.Lock()
			jobPolls++
			n := jobPolls
			mu.Unlock()
			if n == 1 {
				http.Error(w, `{"message":"try again"}`, http.StatusServiceUnavailable)
				return
			}
		}
		h.ServeHTTP(w, req)
	}))
	t.Cleanup(ts.Close)
	api := emutest.Client(t, emutest.ServerConfig(srv), amplifybackend.Options{EndpointURL: ts.URL, MaxAttempts: 1})
	p := makePlan(t, api, desired(1, 1, "v1"))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rec := &retryRecorder{onJob: func() {}, onRetry: func() {}}
	opts := fastOpts()
	// Cancel once a few polls succeeded after the failed one.
	opts.Sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		n := jobPolls
		mu.Unlock()
		if n >= 4 {
			cancel()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		time.Sleep(time.Millisecond)
		return ctx.Err()
	}
	rep, err := apply.Apply(ctx, api, p, opts, rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	retries := rec.retries
	rec.mu.Unlock()
	if len(retries) != 1 {
		t.Fatalf("JobRetrying called %d times, want once for the one 503: %q", len(retries), retries)
	}
	r := rep.Results[0]
	if r.Status != apply.StatusCancelled {
		t.Fatalf("status %s (%s), want CANCELLED", r.Status, r.Error)
	}
	if strings.Contains(r.Error, "last GetBackendJob error") {
		t.Errorf("CANCELLED message names an error that later polls got past: %s", r.Error)
	}
}
