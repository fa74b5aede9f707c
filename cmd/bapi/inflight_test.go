package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// TestInFlightCountsJobsStarted: the interrupt notice says how many jobs
// apply goes on following; a change that only waits for another's pending
// job has none (the first interrupt ends that wait), so it is not counted.
func TestInFlightCountsJobsStarted(t *testing.T) {
	var out bytes.Buffer
	f := &inFlight{progress: &logReporter{w: &out, now: time.Now}}
	a := plan.Address{AppId: "d1app", BackendEnvironmentName: "dev", ResourceName: "alpha"}
	b := plan.Address{AppId: "d1app", BackendEnvironmentName: "prod", ResourceName: "beta"}
	f.ChangeStarted(a, plan.ActionCreate)
	f.ChangeStarted(b, plan.ActionUpdate)
	f.JobStarted(a, "", "job-foreign")
	if n := f.count(); n != 0 {
		t.Errorf("count %d while the only job is another's, want 0", n)
	}
	f.JobStarted(a, apply.OpCreate, "job-0001")
	f.JobStarted(b, apply.OpUpdate, "job-0002")
	if n := f.count(); n != 2 {
		t.Errorf("count %d with two jobs started, want 2", n)
	}
	f.ChangeDone(apply.Result{Address: a, Status: apply.StatusCompleted, Start: time.Now()})
	if n := f.count(); n != 1 {
		t.Errorf("count %d after one change ended, want 1", n)
	}
}
