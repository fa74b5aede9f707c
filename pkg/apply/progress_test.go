package apply_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// fakeClock is a clock that moves only when apply sleeps, shared with the
// emulator, so a job of minutes runs in milliseconds and every "still
// running" event comes at a known time. It starts at the real time and
// must stay within the emulator's 15 minutes of signature clock skew.
type fakeClock struct{ ns atomic.Int64 }

func newFakeClock() *fakeClock {
	c := &fakeClock{}
	c.ns.Store(time.Now().UnixNano())
	return c
}

func (c *fakeClock) Now() time.Time { return time.Unix(0, c.ns.Load()) }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.ns.Add(int64(d))
	return ctx.Err()
}

// progressRecorder keeps the JobRunning events.
type progressRecorder struct {
	apply.NopReporter
	mu      sync.Mutex
	running []apply.RunningJob
}

func (p *progressRecorder) JobRunning(_ plan.Address, job apply.RunningJob) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.running = append(p.running, job)
}

var _ apply.ProgressReporter = (*progressRecorder)(nil)

func clockOpts(c *fakeClock) apply.Options {
	return apply.Options{PollInitial: time.Second, PollMax: 10 * time.Second, JobTimeout: time.Hour,
		ProgressEvery: 30 * time.Second, Now: c.Now, Sleep: c.Sleep}
}

// TestProgressOwnJob: a job of two minutes is reported still running
// every 30 s of the clock, with its operation, job ID and elapsed time.
func TestProgressOwnJob(t *testing.T) {
	t.Parallel()
	clock := newFakeClock()
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 2 * time.Minute, Now: clock.Now})
	p := makePlan(t, api, desired(1, 1, "v1"))
	rec := &progressRecorder{}
	rep, err := apply.Apply(context.Background(), api, p, clockOpts(clock), rec)
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v %+v", err, rep)
	}
	if len(rec.running) < 3 || len(rec.running) > 4 {
		t.Fatalf("%d still-running events for a 2 min job every 30 s, want 3 or 4: %+v", len(rec.running), rec.running)
	}
	for i, j := range rec.running {
		if j.Foreign || j.JobID != rep.Results[0].JobID || j.Operation != apply.OpCreate {
			t.Errorf("event %d %+v: want our CreateBackendAPI job %s", i, j, rep.Results[0].JobID)
		}
		if min := time.Duration(i+1) * 30 * time.Second; j.Elapsed < min || j.Elapsed >= min+30*time.Second {
			t.Errorf("event %d elapsed %s, want between %s and %s", i, j.Elapsed, min, min+30*time.Second)
		}
	}
}

// TestForeignJobWaitedFor: a job someone else started on the pair is
// waited for before apply mutates, reported with its operation and how
// long it has run; --job-timeout bounds the wait with a message saying
// what to do, and no job is started.
func TestForeignJobWaitedFor(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		timeout time.Duration
	}{{"ends", time.Hour}, {"times out", 2 * time.Minute}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := newFakeClock()
			_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 4 * time.Minute, Now: clock.Now})
			ctx := context.Background()
			// Another's job on the pair, running for 1 minute already.
			other := desired(1, 1, "other")[0].Request
			foreign, err := api.CreateBackendAPI(ctx, other)
			if err != nil {
				t.Fatal(err)
			}
			clock.Sleep(ctx, time.Minute)
			d := desired(1, 1, "v1")
			p := makePlan(t, api, d)
			opts := clockOpts(clock)
			opts.JobTimeout = tc.timeout
			rec := &progressRecorder{}
			rep, err := apply.Apply(ctx, api, p, opts, rec)
			if err != nil {
				t.Fatal(err)
			}
			if len(rec.running) == 0 {
				t.Fatal("no event for the job waited for")
			}
			first := rec.running[0]
			if !first.Foreign || first.JobID != foreign.JobId || first.Operation != apply.OpCreate || first.Elapsed < time.Minute {
				t.Errorf("first event %+v: want job %s, its operation, running 1 min or more", first, foreign.JobId)
			}
			r := rep.Results[0]
			if tc.timeout == time.Hour {
				if r.Status != apply.StatusCompleted || r.JobID == foreign.JobId {
					t.Errorf("result %+v: want our own job COMPLETED after the other ended", r)
				}
				return
			}
			if r.Status != apply.StatusTimedOut || r.Operation != "" {
				t.Fatalf("result %+v: want TIMED_OUT with no job started", r)
			}
			for _, want := range []string{foreign.JobId, apply.OpCreate, "--job-timeout", "no job was started", "aws amplifybackend get-backend-job"} {
				if !strings.Contains(r.Error, want) {
					t.Errorf("error %q lacks %q", r.Error, want)
				}
			}
			if n := len(rec.running); n < 4 {
				t.Errorf("%d events in a 2 min wait every 30 s, want at least 4", n)
			}
		})
	}
}
