package apply_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// TestPlanApplyPlanConverges: a spec that leaves out members the live API
// has (UpdateBackendAPI keeps them) plans only what it sets, apply makes
// it, and the next plan has nothing left: no perpetual diff. A spec asking
// for what UpdateBackendAPI cannot do is refused by plan, before any job.
func TestPlanApplyPlanConverges(t *testing.T) {
	t.Parallel()
	_, api := emutest.Start(t, emulator.Options{Apps: map[string][]string{"dconverge": {"dev"}}, JobDuration: 10 * time.Millisecond})
	ctx := context.Background()
	full := config("blogapi", "v1")
	full.AdditionalAuthTypes = []amplifybackend.BackendAPIAuthType{{Mode: amplifybackend.ModeAWSIAM}}
	full.ConflictResolution = &amplifybackend.BackendAPIConflictResolution{ResolutionStrategy: "AUTOMERGE"}
	spec := func(cfg *amplifybackend.BackendAPIResourceConfig) []plan.Desired {
		return []plan.Desired{{Request: &amplifybackend.CreateBackendAPIRequest{
			AppId: "dconverge", BackendEnvironmentName: "dev", ResourceName: "blogapi", ResourceConfig: cfg,
		}}}
	}
	rep, err := apply.Apply(ctx, api, makePlan(t, api, spec(full)), fastOpts(), nil)
	if err != nil || !rep.OK() {
		t.Fatalf("create: %v %+v", err, rep)
	}

	// Only the default auth type, with a new description: everything else
	// the spec leaves out stays as it is live.
	partial := &amplifybackend.BackendAPIResourceConfig{ApiName: "blogapi", DefaultAuthType: config("blogapi", "v2").DefaultAuthType,
		AdditionalAuthTypes: full.AdditionalAuthTypes, ConflictResolution: full.ConflictResolution}
	p := makePlan(t, api, spec(partial))
	ch := p.Changes[0]
	if ch.Action != plan.ActionUpdate || len(ch.Diffs) != 1 || ch.Diffs[0].Path != "/DefaultAuthType/Settings/Description" {
		t.Fatalf("plan %s with diffs %+v, want one update of the description", ch.Action, ch.Diffs)
	}
	rep, err = apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil || !rep.OK() || rep.Results[0].Operation != apply.OpUpdate {
		t.Fatalf("update: %v %+v", err, rep)
	}
	p = makePlan(t, api, spec(partial))
	if p.HasChanges() {
		t.Fatalf("the plan after apply still has changes: %+v", p.Changes[0].Diffs)
	}
	// A run of apply on it sends nothing.
	rep, err = apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil || len(rep.Results) != 0 {
		t.Fatalf("apply of a converged plan: %v %+v", err, rep.Results)
	}

	// Renaming, or dropping every additional auth type: refused, naming
	// what to do instead.
	renamed := *partial
	renamed.ApiName = "newname"
	dropped := *partial
	dropped.AdditionalAuthTypes = nil
	for name, cfg := range map[string]*amplifybackend.BackendAPIResourceConfig{"rename": &renamed, "drop": &dropped} {
		_, err := plan.Make(ctx, api, spec(cfg), nil, 1)
		var ie *plan.ImpossibleError
		if !errors.As(err, &ie) || len(ie.Items) != 1 {
			t.Errorf("%s: plan.Make error %v, want one impossible change", name, err)
		}
	}
}
