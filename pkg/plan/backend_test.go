package plan

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/google/go-cmp/cmp"
)

// TestMakeChecksBackends runs Make against the emulator: a missing
// environment and a missing app are one *MissingError naming each and how
// to create it, not creates; a spec naming another API than the one live
// in its environment is an *OtherAPIError; categories the service refuses
// to deploy are warnings in the plan.
func TestMakeChecksBackends(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startEmulator(t, emulator.Options{
		Apps:       map[string][]string{"dapp1": {"prod", "dev"}, "dapp2": {"dev"}},
		Categories: []emulator.Categories{{AppID: "dapp2", BackendEnvironmentName: "dev", Names: []string{"auth", "custom", "function", "notifications"}}},
	}, nil, nil)
	at := func(app, env, name string) Desired {
		d := desiredOf(Address{AppId: app, BackendEnvironmentName: env, ResourceName: name}, cfgYAML(t, "ApiName: "+name+"\nDefaultAuthType: {Mode: API_KEY}\n"))
		d.Source = Source{File: "specs/" + app + env + ".yaml", Line: 1}
		return d
	}

	_, err := Make(ctx, c, []Desired{at("dapp1", "staging", "api"), at("dnoapp", "dev", "api"), at("dapp1", "dev", "api")}, nil, 2)
	var me *MissingError
	if !errors.As(err, &me) || len(me.Items) != 2 {
		t.Fatalf("Make = %v, want a *MissingError with 2 items", err)
	}
	env, app := me.Items[0], me.Items[1]
	if env.App || env.AppId != "dapp1" || env.BackendEnvironmentName != "staging" || !cmp.Equal(env.Environments, []string{"dev", "prod"}) {
		t.Errorf("first item %+v: want environment staging of dapp1 missing, dev and prod listed", env)
	}
	if !app.App || app.AppId != "dnoapp" {
		t.Errorf("second item %+v: want app dnoapp missing", app)
	}
	for _, want := range []string{
		"app dapp1 has no backend environment staging (named at specs/dapp1staging.yaml:1); it has: dev, prod",
		"aws amplifybackend create-backend --app-id dapp1 --app-name dapp1 --backend-environment-name staging",
		"app dnoapp does not exist (named at specs/dnoappdev.yaml:1)",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error lacks %q:\n%s", want, err)
		}
	}

	// A missing API in an environment that exists is a create.
	p, err := Make(ctx, c, []Desired{at("dapp1", "dev", "blogapi")}, nil, 1)
	if err != nil || p.Changes[0].Action != ActionCreate || len(p.Warnings) != 0 {
		t.Fatalf("Make = %+v, %v; want a create and no warning", p, err)
	}
	create(ctx, t, c, at("dapp1", "dev", "blogapi"))
	_, err = Make(ctx, c, []Desired{at("dapp1", "dev", "shopapi")}, nil, 1)
	var oe *OtherAPIError
	if !errors.As(err, &oe) || oe.Live != "blogapi" {
		t.Errorf("Make of a second API = %v, want an *OtherAPIError naming blogapi", err)
	}

	p, err = Make(ctx, c, []Desired{at("dapp2", "dev", "api")}, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Warnings) != 1 || p.Warnings[0].Pair != "dapp2/dev" || !strings.Contains(p.Warnings[0].Message, "contains custom, function, notifications") {
		t.Errorf("warnings %+v, want one for dapp2/dev naming custom, function and notifications", p.Warnings)
	}
}
