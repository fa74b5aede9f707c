package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/google/go-cmp/cmp"
)

// writeProject writes the files (path under the project -> content) into a
// new project directory.
func writeProject(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	notesSchema  = "type Note @model @auth(rules: [{ allow: owner }]) {\n  id: ID!\n}\n"
	notesBackend = `{
  "auth": {"notesauth": {"service": "Cognito", "providerPlugin": "awscloudformation"}},
  "api": {"notes": {"service": "AppSync", "providerPlugin": "awscloudformation", "output": {"authConfig": {
    "defaultAuthentication": {"authenticationType": "AMAZON_COGNITO_USER_POOLS", "userPoolConfig": {"userPoolId": "authnotesauth"}},
    "additionalAuthenticationProviders": [%s]}}}}
}`
	notesTPI = `{
  "dev": {"awscloudformation": {"StackName": "amplify-notes-dev-1", "AmplifyAppId": "d5live0example"}},
  "prod": {"awscloudformation": {"StackName": "amplify-notes-prod-2", "AmplifyAppId": "d5live0example"}}
}`
)

func notesProject(t *testing.T, extra map[string]string, additional string) string {
	files := map[string]string{
		"amplify/team-provider-info.json":          notesTPI,
		"amplify/backend/backend-config.json":      strings.Replace(notesBackend, "%s", additional, 1),
		"amplify/backend/api/notes/schema.graphql": notesSchema,
	}
	for k, v := range extra {
		if v == "" {
			delete(files, k)
			continue
		}
		files[k] = v
	}
	return writeProject(t, files)
}

// pools lists each request's Cognito pool, as ENV=ID.
func pools(p *Project) []string {
	var out []string
	for _, r := range p.Requests {
		out = append(out, r.BackendEnvironmentName+"="+r.ResourceConfig.DefaultAuthType.Settings.CognitoUserPoolId)
	}
	return out
}

// TestUserPoolSources: the pool of each environment comes from
// --user-pool-id (ENV= before the one for every environment), else the
// checked-out environment's amplify-meta.json; an environment whose pool is
// nowhere is skipped with a note naming the flag.
func TestUserPoolSources(t *testing.T) {
	meta := `{"providers": {"awscloudformation": {"StackName": "amplify-notes-prod-2", "AmplifyAppId": "d5live0example"}},
  "auth": {"notesauth": {"service": "Cognito", "output": {"UserPoolId": "us-east-1_FromMeta1"}}}}`
	tests := []struct {
		name      string
		extra     map[string]string
		opts      ProjectOptions
		want      []string
		wantNotes []string
		wantErr   string
	}{
		{name: "flag for every environment", opts: ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1"}}, want: []string{"dev=us-east-1_All1", "prod=us-east-1_All1"}},
		{name: "flag per environment wins", opts: ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1", "prod": "us-east-1_Prod1"}}, want: []string{"dev=us-east-1_All1", "prod=us-east-1_Prod1"}},
		{
			// amplify-meta.json's StackName says it is prod's; dev is
			// skipped, and the note names the flag.
			name: "meta of the environment its StackName names", extra: map[string]string{"amplify/backend/amplify-meta.json": meta},
			want:      []string{"prod=us-east-1_FromMeta1"},
			wantNotes: []string{"environment dev skipped: the user pool ID of auth resource notesauth in environment dev is not in the committed files (only amplify-meta.json holds it, and AMPLIFY/backend/amplify-meta.json holds environment prod's outputs only); give it: --user-pool-id dev=REGION_ID"},
		},
		{
			name: "meta of the checked-out environment", extra: map[string]string{"amplify/backend/amplify-meta.json": strings.Replace(meta, "prod-2", "other", 1), "amplify/.config/local-env-info.json": `{"projectPath": "/home/dev/notes", "defaultEditor": "code", "envName": "dev"}`},
			want:      []string{"dev=us-east-1_FromMeta1"},
			wantNotes: []string{"environment prod skipped"},
		},
		{name: "nowhere", opts: ProjectOptions{Envs: []string{"dev"}}, wantErr: "no environment can be imported (dev): "},
		{
			name: "two pools, one named", extra: map[string]string{"amplify/backend/backend-config.json": strings.Replace(strings.Replace(notesBackend, "%s", "", 1), `"notesauth":`, `"other": {"service": "Cognito"}, "notesauth":`, 1)},
			opts: ProjectOptions{Envs: []string{"dev"}, UserPoolIDs: map[string]string{"dev": "us-east-1_Dev1"}},
			want: []string{"dev=us-east-1_Dev1"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := notesProject(t, tc.extra, "")
			got, err := FromProject(context.Background(), dir, tc.opts)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "--user-pool-id dev=REGION_ID") {
					t.Fatalf("error %v, want one containing %q and naming --user-pool-id", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, pools(got)); diff != "" {
				t.Errorf("pools (-want +got):\n%s", diff)
			}
			if len(got.Notes) != len(tc.wantNotes) {
				t.Fatalf("notes %v, want %d", got.Notes, len(tc.wantNotes))
			}
			for i, n := range got.Notes {
				msg := strings.ReplaceAll(n.Message, filepath.Join(dir, "amplify"), "AMPLIFY")
				if !strings.Contains(msg, tc.wantNotes[i]) {
					t.Errorf("note %q, want it to contain %q", msg, tc.wantNotes[i])
				}
			}
		})
	}
}

// TestUserPoolFromService: with the service at hand (credentials or an
// endpoint given), each environment's pool comes from GetBackend's
// amplifyMetaConfig.
func TestUserPoolFromService(t *testing.T) {
	ctx := context.Background()
	_, api := emutest.Start(t, emulator.Options{InstantJobs: true,
		Apps:       map[string][]string{"d5live0example": {"dev", "prod"}},
		Categories: []emulator.Categories{{AppID: "d5live0example", BackendEnvironmentName: "dev", Names: []string{"auth"}}, {AppID: "d5live0example", BackendEnvironmentName: "prod", Names: []string{"auth"}}},
	})
	cfg := &model.BackendAPIResourceConfig{ApiName: "notes", Service: "AppSync", TransformSchema: notesSchema,
		DefaultAuthType: &model.BackendAPIAuthType{Mode: model.ModeAmazonCognitoUserPools, Settings: &model.BackendAPIAppSyncAuthSettings{CognitoUserPoolId: "us-east-1_LiveDev1"}}}
	if _, err := api.CreateBackendAPI(ctx, &model.CreateBackendAPIRequest{AppId: "d5live0example", BackendEnvironmentName: "dev", ResourceName: "notes", ResourceConfig: cfg}); err != nil {
		t.Fatal(err)
	}
	got, err := FromProject(ctx, notesProject(t, nil, ""), ProjectOptions{Live: api})
	if err != nil {
		t.Fatal(err)
	}
	// dev's pool is its API's; prod, with no API yet, has the pool the
	// emulator makes from the region and the app.
	if diff := cmp.Diff([]string{"dev=us-east-1_LiveDev1", "prod=us-east-1_d5live0example"}, pools(got)); diff != "" {
		t.Errorf("pools (-want +got):\n%s", diff)
	}
	_, err = FromProject(ctx, notesProject(t, map[string]string{"amplify/team-provider-info.json": strings.ReplaceAll(notesTPI, "d5live0example", "d5nothere")}, ""), ProjectOptions{Live: api})
	if err == nil || !strings.Contains(err.Error(), "read environment dev of app d5nothere (GetBackend), for its user pool IDs") {
		t.Errorf("unknown app: error %v", err)
	}
}

// TestAPIKeyExpiry: an expiry the service refuses is never written
// silently: it becomes 7 days with a note that says so and how to set
// another.
func TestAPIKeyExpiry(t *testing.T) {
	for _, tc := range []struct {
		days     string
		want     float64
		wantNote string
	}{
		{days: `30`, want: 30},
		{days: `"365"`, want: 365},
		{days: `-1`, want: 7, wantNote: "expires after -1 days, which the service refuses (it takes a whole number from 1 to 365); ExpirationTime is written as 7"},
		{days: `0`, want: 7, wantNote: "expires after 0 days"},
		{days: `"400"`, want: 7, wantNote: "expires after 400 days"},
		{days: `2.5`, want: 7, wantNote: "expires after 2.5 days"},
	} {
		t.Run(tc.days, func(t *testing.T) {
			key := `{"authenticationType": "API_KEY", "apiKeyConfig": {"apiKeyExpirationDays": ` + tc.days + `, "description": "k"}}`
			got, err := FromProject(context.Background(), notesProject(t, nil, key), ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1"}})
			if err != nil {
				t.Fatal(err)
			}
			if e := got.Requests[0].ResourceConfig.AdditionalAuthTypes[0].Settings.ExpirationTime; e == nil || *e != tc.want {
				t.Errorf("ExpirationTime %v, want %v", e, tc.want)
			}
			switch {
			case tc.wantNote == "" && len(got.Notes) > 0:
				t.Errorf("notes %v, want none", got.Notes)
			case tc.wantNote != "" && (len(got.Notes) != 1 || !strings.Contains(got.Notes[0].Message, tc.wantNote) || !strings.HasSuffix(got.Notes[0].Path, "backend-config.json (apiKeyExpirationDays)")):
				t.Errorf("notes %v, want one about backend-config.json containing %q", got.Notes, tc.wantNote)
			}
		})
	}
	_, err := FromProject(context.Background(), notesProject(t, nil, `{"authenticationType": "API_KEY", "apiKeyConfig": {"apiKeyExpirationDays": "a year"}}`), ProjectOptions{})
	if err == nil || !strings.Contains(err.Error(), `backend-config.json: is not the JSON the Amplify CLI writes: "a year" is not a number`) {
		t.Errorf("expiry %q: error %v", "a year", err)
	}
}

// TestBrokenProjects: what in the project is broken is said, with the file.
func TestBrokenProjects(t *testing.T) {
	for _, tc := range []struct {
		name    string
		extra   map[string]string
		opts    ProjectOptions
		wantErr string
	}{
		{name: "no backend-config.json", extra: map[string]string{"amplify/backend/backend-config.json": ""}, wantErr: "amplify/backend/backend-config.json: does not exist"},
		{name: "Git LFS pointer", extra: map[string]string{"amplify/backend/backend-config.json": "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n"}, wantErr: "backend-config.json: is a Git LFS pointer, not the file; run git lfs pull"},
		{name: "trailing comma", extra: map[string]string{"amplify/team-provider-info.json": "{\n  \"dev\": {\"awscloudformation\": {\"AmplifyAppId\": \"d5x\",}}\n}"}, wantErr: "team-provider-info.json: is not the JSON the Amplify CLI writes (line 2): invalid character '}'"},
		{name: "fresh clone", extra: map[string]string{"amplify/team-provider-info.json": ""}, wantErr: "give the app and the environment to import: --app-id APPID --env ENV"},
		{name: "app ID disagrees", opts: ProjectOptions{AppID: "d5other"}, wantErr: "environment dev belongs to app d5live0example, not d5other as --app-id says"},
		{name: "unknown environment", opts: ProjectOptions{Envs: []string{"qa"}}, wantErr: `has no environment "qa" (it has dev, prod)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := FromProject(context.Background(), notesProject(t, tc.extra, ""), tc.opts)
			var pe *ProjectError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("error %v, want a ProjectError containing %q", err, tc.wantErr)
			}
		})
	}
}

// TestLinksOutOfTheProject: import reads only the project's own regular
// files: a link out of it (to a file or a folder) is refused, one inside
// it is read.
func TestLinksOutOfTheProject(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "credentials")
	if err := os.WriteFile(secret, []byte("aws_secret_access_key = x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	opts := ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1"}}
	for _, tc := range []struct {
		name, link, target string
		wantErr            string
	}{
		{name: "schema file", link: "amplify/backend/api/notes/schema.graphql", target: secret, wantErr: "schema.graphql: is a symbolic link that leads out of the project directory"},
		{name: "file in the schema folder", link: "amplify/backend/api/notes/schema/x.graphql", target: secret, wantErr: "x.graphql: is a symbolic link that leads out of the project directory"},
		{name: "schema folder", link: "amplify/backend/api/notes/schema", target: filepath.Dir(secret), wantErr: "schema: is a symbolic link that leads out of the project directory"},
		{name: "team-provider-info.json", link: "amplify/team-provider-info.json", target: secret, wantErr: "team-provider-info.json: is a symbolic link that leads out"},
		{name: "inside", link: "amplify/backend/api/notes/schema.graphql", target: "../../../../schema-source.graphql"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			extra := map[string]string{tc.link: "", "schema-source.graphql": notesSchema}
			if strings.Contains(tc.link, "/api/") {
				extra["amplify/backend/api/notes/schema.graphql"] = ""
			}
			dir := notesProject(t, extra, "")
			link := filepath.Join(dir, filepath.FromSlash(tc.link))
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(tc.target, link); err != nil {
				t.Skipf("cannot make a symbolic link here: %v", err)
			}
			got, err := FromProject(context.Background(), dir, opts)
			if tc.wantErr == "" {
				if err != nil || got.Requests[0].ResourceConfig.TransformSchema != notesSchema {
					t.Fatalf("link inside the project: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("error %v, want %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), "aws_secret_access_key") {
				t.Errorf("the error shows the linked file's content: %v", err)
			}
		})
	}
}

// TestSchemaFolderIsAList: a schema/ folder's files are kept, in the order
// the Amplify CLI joins them (depth first, by name, dot files skipped).
func TestSchemaFolderIsAList(t *testing.T) {
	dir := notesProject(t, map[string]string{
		"amplify/backend/api/notes/schema.graphql":         "",
		"amplify/backend/api/notes/schema/b.graphql":       "type B @model { id: ID! }\n",
		"amplify/backend/api/notes/schema/a/c.graphql":     "type C @model { id: ID! }\n",
		"amplify/backend/api/notes/schema/.hidden.graphql": "broken {",
	}, "")
	got, err := FromProject(context.Background(), dir, ProjectOptions{UserPoolIDs: map[string]string{"": "us-east-1_All1"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range got.SchemaFiles["notes"] {
		names = append(names, f.Path)
	}
	if diff := cmp.Diff([]string{"a/c.graphql", "b.graphql"}, names); diff != "" {
		t.Errorf("schema files (-want +got):\n%s", diff)
	}
	if s := got.Requests[0].ResourceConfig.TransformSchema; s != "type C @model { id: ID! }\n\ntype B @model { id: ID! }\n" {
		t.Errorf("TransformSchema %q", s)
	}
	files, err := Layout(got.Requests, LayoutOptions{Source: "test", SchemaFiles: got.SchemaFiles})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(files[0].Data), "  TransformSchemaFile:\n    - notes/a/c.graphql\n    - notes/b.graphql\n") {
		t.Errorf("spec:\n%s", files[0].Data)
	}
}

// TestCLIInputsDisagree: when cli-inputs.json and backend-config.json give
// different default modes, import takes cli-inputs.json's and says so.
func TestCLIInputsDisagree(t *testing.T) {
	dir := notesProject(t, map[string]string{"amplify/backend/api/notes/cli-inputs.json": `{"version": 1, "serviceConfiguration": {"serviceName": "AppSync", "apiName": "notes",
  "defaultAuthType": {"mode": "AWS_IAM"}, "additionalAuthTypes": []}}`}, "")
	got, err := FromProject(context.Background(), dir, ProjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if m := got.Requests[0].ResourceConfig.DefaultAuthType.Mode; m != model.ModeAWSIAM {
		t.Errorf("default mode %s, want cli-inputs.json's AWS_IAM", m)
	}
	if len(got.Notes) != 1 || !strings.Contains(got.Notes[0].Message, "default auth mode is AMAZON_COGNITO_USER_POOLS here but AWS_IAM in cli-inputs.json; import took cli-inputs.json's") {
		t.Errorf("notes %v", got.Notes)
	}
}
