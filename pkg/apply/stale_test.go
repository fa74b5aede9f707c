package apply_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// TestCheckStaleAlreadyApplied: re-applying a plan that was applied says
// so, instead of blaming someone else.
func TestCheckStaleAlreadyApplied(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), InstantJobs: true})
	ctx := context.Background()
	p := makePlan(t, api, desired(2, 2, "v1"))
	rep, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("apply: %v %+v", err, rep)
	}
	err = plan.CheckStale(ctx, api, p, p.Inputs, 0)
	var se *plan.StaleError
	if !errors.As(err, &se) || !se.AlreadyApplied() {
		t.Fatalf("CheckStale = %v, want a StaleError saying the plan was applied", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "the plan was already applied") || strings.Contains(msg, "someone else") {
		t.Errorf("message %q; want it to say the plan was already applied", msg)
	}
}

// TestCheckStaleAfterInterruptedStagedApply: a saved plan applied with
// Staged and interrupted after its first step is stale, by this plan's own
// first job; the message must not say someone else changed the API.
func TestCheckStaleAfterInterruptedStagedApply(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), InstantJobs: true})
	ctx := context.Background()
	if _, err := apply.Apply(ctx, api, makePlan(t, api, withSchema(stagedLive)), fastOpts(), nil); err != nil {
		t.Fatal(err)
	}
	p := makePlan(t, api, withSchema(stagedDesired))
	stop := make(chan struct{})
	var once sync.Once
	opts := fastOpts()
	opts.Staged, opts.Stop = true, stop
	rep, err := apply.Apply(ctx, api, p, opts, &recorder{onJob: func() { once.Do(func() { close(stop) }) }})
	if err != nil || rep.OK() || !rep.Interrupted {
		t.Fatalf("apply: %v %+v, want it interrupted after the first step", err, rep)
	}
	err = plan.CheckStale(ctx, api, p, p.Inputs, 0)
	var se *plan.StaleError
	if !errors.As(err, &se) || se.AlreadyApplied() {
		t.Fatalf("CheckStale = %v, want a StaleError (the live schema is an intermediate step)", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "an earlier apply") || !strings.Contains(msg, "run bapi plan again") {
		t.Errorf("message %q; want it to name an interrupted apply as a cause, not only someone else", msg)
	}
}
