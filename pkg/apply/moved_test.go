package apply_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// TestLiveMovedSinceThePlanIsCheckedAgain: the plan adds a type, judged
// against the live schema it read; before the apply another job on the
// pair adds a second type (apply waits for it). Sending the planned
// schema now would delete that type's table, which no one allowed, so
// apply must refuse the change rather than send it.
func TestLiveMovedSinceThePlanIsCheckedAgain(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 100 * time.Millisecond})
	ctx := context.Background()
	const post = "type Post @model { id: ID! }\n"
	if rep, err := apply.Apply(ctx, api, makePlan(t, api, withSchema(post)), fastOpts(), nil); err != nil || !rep.OK() {
		t.Fatalf("setup: %+v %v", rep, err)
	}
	p := makePlan(t, api, withSchema(post+"type Comment @model { id: ID! }\n"))
	if err := p.CheckApplicable(nil, false); err != nil {
		t.Fatalf("the plan adds a type only; CheckApplicable = %v", err)
	}
	// Someone else's update, still running when apply starts.
	other := withSchema(post + "type Tag @model { id: ID! }\n")[0].Request
	if _, err := api.UpdateBackendAPI(ctx, &amplifybackend.UpdateBackendAPIRequest{
		AppId: other.AppId, BackendEnvironmentName: other.BackendEnvironmentName, ResourceName: other.ResourceName, ResourceConfig: other.ResourceConfig,
	}); err != nil {
		t.Fatal(err)
	}
	updates := srv.Metrics().Count(emulator.OpUpdateBackendAPI, 200)
	rep, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	if r.Status != apply.StatusError || !strings.Contains(r.Error, "changed since the plan") || !strings.Contains(r.Error, "Tag") || !strings.Contains(r.Error, "bapi plan") {
		t.Errorf("result %+v, want ERROR saying the live state moved, that Tag's table would be lost, and to plan again", r)
	}
	if n := srv.Metrics().Count(emulator.OpUpdateBackendAPI, 200) - updates; n != 0 {
		t.Errorf("%d UpdateBackendAPI calls made; want none", n)
	}
	if s := liveSchema(t, api, other.AppId, other.BackendEnvironmentName, other.ResourceName); !strings.Contains(s, "Tag") {
		t.Errorf("live schema %q lost Tag", s)
	}
}
