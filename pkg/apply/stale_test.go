package apply_test

import (
	"context"
	"errors"
	"strings"
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
