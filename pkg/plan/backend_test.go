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

// TestMakeChecksTransformerVersion runs Make against the emulator, one of
// whose environments names GraphQL transformer v1 in its feature flags: a
// spec checked for v2 (the default) there is a *TransformerMismatchError
// saying how to declare v1, as is a spec checked for v1 on a v2
// environment; matching versions plan, and a spec whose version is not
// known is not refused.
func TestMakeChecksTransformerVersion(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startEmulator(t, emulator.Options{
		Apps:          map[string][]string{"dapp1": {"old", "new"}},
		TransformerV1: map[string]bool{"dapp1/old": true},
	}, nil, nil)
	at := func(env string, version int) Desired {
		d := desiredOf(Address{AppId: "dapp1", BackendEnvironmentName: env, ResourceName: "api"}, cfgYAML(t, "ApiName: api\nDefaultAuthType: {Mode: API_KEY}\n"))
		d.Source = Source{File: "specs/" + env + ".yaml", Line: 1}
		d.Transformer = version
		return d
	}
	for _, tc := range []struct {
		env              string
		declared, live   int
		wantErr, wantFix string
	}{
		{env: "old", declared: 2, live: 1, wantErr: "environment dapp1/old runs GraphQL transformer v1", wantFix: "declare transformer-version: 1 in .bapi.yaml"},
		{env: "new", declared: 1, live: 2, wantErr: "environment dapp1/new runs GraphQL transformer v2", wantFix: "remove transformer-version: 1 from .bapi.yaml"},
	} {
		_, err := Make(ctx, c, []Desired{at(tc.env, tc.declared)}, nil, 1)
		var te *TransformerMismatchError
		if !errors.As(err, &te) || te.Declared != tc.declared || te.Live != tc.live {
			t.Errorf("%s: Make = %v, want a *TransformerMismatchError (declared %d, live %d)", tc.env, err, tc.declared, tc.live)
			continue
		}
		for _, want := range []string{tc.wantErr, tc.wantFix, "specs/" + tc.env + ".yaml:1"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error lacks %q:\n%s", tc.env, want, err)
			}
		}
	}
	for _, d := range []Desired{at("old", 1), at("new", 2), at("old", 0)} {
		if p, err := Make(ctx, c, []Desired{d}, nil, 1); err != nil || p.Changes[0].Action != ActionCreate {
			t.Errorf("Make of %s (transformer %d) = %v, want a create", d.Address(), d.Transformer, err)
		}
	}
}

// TestTransformerVersion reads the version from feature flags as the CLI
// writes them.
func TestTransformerVersion(t *testing.T) {
	t.Parallel()
	for flags, want := range map[string]int{
		``:   0,
		`{}`: 0,
		`{"features":{"graphqltransformer":{"transformerversion":1}}}`:       1,
		`{"features":{"graphqltransformer":{"transformerversion":2}}}`:       2,
		`{"features":{"graphqltransformer":{"transformerversion":"1"}}}`:     1,
		`{"features":{"graphqltransformer":{"addmissingownerfields":true}}}`: 0,
	} {
		if got, err := transformerVersion(flags); err != nil || got != want {
			t.Errorf("transformerVersion(%s) = %d, %v; want %d", flags, got, err, want)
		}
	}
	for _, flags := range []string{`{`, `{"features":{"graphqltransformer":{"transformerversion":3}}}`, `{"features":{"graphqltransformer":{"transformerversion":true}}}`} {
		if _, err := transformerVersion(flags); err == nil {
			t.Errorf("transformerVersion(%s): want an error", flags)
		}
	}
}
