package apply_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// TestFirstInterruptStopsWaitingForAForeignJob: a change waits for another
// operation's job, RUNNING for hours, before it starts its own. The first
// interrupt stops starting new changes, so waiting on has no purpose: the
// change ends SKIPPED at once (no job of its own started) instead of
// waiting until the job or --job-timeout ends.
func TestFirstInterruptStopsWaitingForAForeignJob(t *testing.T) {
	_, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond,
		SeedJobs: []emulator.SeedJob{{AppID: "app00", BackendEnvironmentName: "env", Operation: "GenerateBackendAPIModels", Duration: 2 * time.Hour}}})
	p := makePlan(t, api, desired(1, 1, "v1"))
	stop := make(chan struct{})
	opts := fastOpts()
	opts.Stop = stop
	opts.JobTimeout = emutest.Guard
	time.AfterFunc(200*time.Millisecond, func() { close(stop) })
	done := make(chan struct{})
	var rep *apply.Report
	var err error
	go func() {
		defer close(done)
		rep, err = apply.Apply(context.Background(), api, p, opts, nil)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("apply still waits for the foreign job after the first interrupt")
	}
	if err != nil {
		t.Fatal(err)
	}
	if r := rep.Results[0]; r.Status != apply.StatusSkipped || r.Operation != "" || !strings.Contains(r.Error, "no job was started") || !rep.Interrupted {
		t.Errorf("result %+v (interrupted %v), want SKIPPED, no job started, interrupted", r, rep.Interrupted)
	}
}
