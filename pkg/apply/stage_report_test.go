package apply_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// stageRecorder is a recorder that also hears which step of a staged
// change starts.
type stageRecorder struct {
	recorder
}

func (r *stageRecorder) StageStarted(a plan.Address, step, steps int) {
	r.add(fmt.Sprintf("step %d of %d %s", step, steps, a))
}

var _ apply.StageReporter = (*stageRecorder)(nil)

// TestStagedApplyReportsEachStep: a staged change is one change of three
// jobs; a StageReporter hears which step each job is, so a log can say
// "step 2 of 3" rather than "updating" three times over.
func TestStagedApplyReportsEachStep(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond})
	ctx := context.Background()
	if _, err := apply.Apply(ctx, api, makePlan(t, api, withSchema(stagedLive)), fastOpts(), nil); err != nil {
		t.Fatal(err)
	}
	opts := fastOpts()
	opts.Staged = true
	rec := &stageRecorder{}
	rep, err := apply.Apply(ctx, api, makePlan(t, api, withSchema(stagedDesired)), opts, rec)
	if err != nil || !rep.OK() {
		t.Fatalf("staged: %v %+v", err, rep)
	}
	var steps []string
	for _, e := range rec.events {
		if strings.HasPrefix(e, "step ") {
			steps = append(steps, e)
		}
	}
	want := "step 1 of 3 app00/env/api000, step 2 of 3 app00/env/api000, step 3 of 3 app00/env/api000"
	if got := strings.Join(steps, ", "); got != want {
		t.Errorf("steps %q, want %q (events %q)", got, want, rec.events)
	}
}
