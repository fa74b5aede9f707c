package importer

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/google/go-cmp/cmp"
)

const liveApp = "d5live0example"

func liveConfig(schema string) *model.BackendAPIResourceConfig {
	thirty := 30.0
	return &model.BackendAPIResourceConfig{
		ApiName: "blog", Service: "AppSync",
		DefaultAuthType:     &model.BackendAPIAuthType{Mode: model.ModeAPIKey, Settings: &model.BackendAPIAppSyncAuthSettings{Description: "blog key", ExpirationTime: &thirty}},
		AdditionalAuthTypes: []model.BackendAPIAuthType{{Mode: model.ModeAWSIAM}},
		TransformSchema:     schema,
	}
}

// TestFromService imports from the emulator over HTTP: three environments,
// two sharing a schema; the files validate clean and a plan of them against
// the same service has no changes.
func TestFromService(t *testing.T) {
	ctx := context.Background()
	_, api := emutest.Start(t, emulator.Options{InstantJobs: true, Apps: map[string][]string{liveApp: {"dev", "prod", "test"}}})
	schemaA := "type Post @model @auth(rules: [{ allow: public }]) {\n  id: ID!\n}\n"
	schemaB := "type Post @model @auth(rules: [{ allow: public }]) {\n  id: ID!\n  title: String\n}\n"
	for env, s := range map[string]string{"dev": schemaB, "prod": schemaA, "test": schemaB} {
		if _, err := api.CreateBackendAPI(ctx, &model.CreateBackendAPIRequest{AppId: liveApp, BackendEnvironmentName: env, ResourceName: "blog", ResourceConfig: liveConfig(s)}); err != nil {
			t.Fatal(err)
		}
	}
	reqs, err := FromService(ctx, api, liveApp, ServiceOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files, err := Layout(reqs, LayoutOptions{Source: "the AmplifyBackend service"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if diff := cmp.Diff([]string{"blog.dev.graphql", "blog.prod.graphql", "blog.yaml"}, names); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
	out := filepath.Join(t.TempDir(), "bapi")
	if _, err := Write(context.Background(), out, files); err != nil {
		t.Fatal(err)
	}
	validateDir(t, out)
	specs, _, err := plan.LoadSpecs(ctx, []string{out}, plan.LoadOptions{ConfigDir: out})
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Make(ctx, api, specs.Desired, specs.Inputs, 2)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Counts(); c.Changes() != 0 || len(p.Changes) != 3 {
		t.Errorf("plan of the imported specs: %+v, want 3 resources and no changes", c)
	}

	only, err := FromService(ctx, api, liveApp, ServiceOptions{Envs: []string{"prod"}})
	if err != nil || len(only) != 1 || only[0].BackendEnvironmentName != "prod" {
		t.Errorf("--env prod: %v, %v", only, err)
	}
	_, err = FromService(ctx, api, liveApp, ServiceOptions{Envs: []string{"qa"}})
	var ee *EnvError
	if !errors.As(err, &ee) || !strings.Contains(err.Error(), "(it has dev, prod, test)") {
		t.Errorf("--env qa: error %v, want an EnvError listing the environments", err)
	}
	if _, err := FromService(ctx, api, "d5nothere", ServiceOptions{}); err == nil || !strings.Contains(err.Error(), "read app d5nothere (GetBackend)") {
		t.Errorf("unknown app: error %v", err)
	}
}

func TestMetaAPIs(t *testing.T) {
	got, err := metaAPIs(`{"providers":{"awscloudformation":{}},"api":{"b":{"service":"AppSync"},"rest":{"service":"API Gateway"},"a":{"service":"AppSync"}},"auth":{"x":{"service":"Cognito"}}}`)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if got, err := metaAPIs(""); err != nil || got != nil {
		t.Errorf("empty meta: %v, %v", got, err)
	}
	if _, err := metaAPIs("{"); err == nil {
		t.Errorf("bad JSON: no error")
	}
}
