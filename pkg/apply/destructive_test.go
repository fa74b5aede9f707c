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

// withSchema is desired(1, 1, "v1") with another TransformSchema.
func withSchema(schema string) []plan.Desired {
	d := desired(1, 1, "v1")
	d[0].Request.ResourceConfig.TransformSchema = schema
	return d
}

func TestApplyRefusesDestructiveUnlessAllowed(t *testing.T) {
	srv, api := emutest.Start(t, emulator.Options{Apps: testApps(), JobDuration: 20 * time.Millisecond})
	ctx := context.Background()
	if _, err := apply.Apply(ctx, api, makePlan(t, api, withSchema("type Post @model { id: ID! }\ntype Tag @model { id: ID! }\n")), fastOpts(), nil); err != nil {
		t.Fatal(err)
	}
	p := makePlan(t, api, withSchema("type Post @model { id: ID! }\n"))
	before := srv.Metrics().Count(emulator.OpUpdateBackendAPI, 200)

	_, err := apply.Apply(ctx, api, p, fastOpts(), nil)
	var de *plan.DestructiveError
	if !errors.As(err, &de) || len(de.Refused) != 1 || de.Refused[0].Key() != "app00/env/api000:Tag" {
		t.Fatalf("Apply = %v, want a refusal of app00/env/api000:Tag", err)
	}
	opts := fastOpts()
	opts.AllowDestructive = []string{"app00/env/api000:Post"}
	if _, err := apply.Apply(ctx, api, p, opts, nil); !errors.As(err, &de) {
		t.Fatalf("Apply allowing another type = %v, want a refusal", err)
	}
	if got := srv.Metrics().Count(emulator.OpUpdateBackendAPI, 200); got != before {
		t.Fatalf("refused plans made %d UpdateBackendAPI calls", got-before)
	}

	opts.AllowDestructive = []string{"app00/env/api000:Tag"}
	rep, err := apply.Apply(ctx, api, p, opts, nil)
	if err != nil || !rep.OK() || len(rep.Results) != 1 || rep.Results[0].Operation != apply.OpUpdate {
		t.Fatalf("allowed: report %+v, err %v; want one completed update", rep, err)
	}
	var got *amplifybackend.GetBackendAPIResponse
	if got, err = api.GetBackendAPI(ctx, &amplifybackend.GetBackendAPIRequest{AppId: "app00", BackendEnvironmentName: "env", ResourceName: "api000"}); err != nil {
		t.Fatal(err)
	}
	if got.ResourceConfig.TransformSchema != "type Post @model { id: ID! }\n" {
		t.Errorf("live schema %q, want Tag gone", got.ResourceConfig.TransformSchema)
	}
}
