package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/spec"
	"go.yaml.in/yaml/v3"
)

// savedPlanSpecs are the spec files of the saved-plan tests: todoapi
// exists (an update: its key's expiry moves from 7 to 30 days), notesapi
// does not (a create), and listapi already is as its spec says (a no-op).
var savedPlanSpecs = map[string]string{
	"specs/todo.yaml": `AppId: dsaved1
BackendEnvironmentName: dev
ResourceName: todoapi
ResourceConfig:
  ApiName: todoapi
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      Description: demo key
      ExpirationTime: 30
  TransformSchema: |
    type Todo @model @auth(rules: [{ allow: public }]) {
      id: ID!
      name: String!
    }
`,
	"specs/notes.yaml": `AppId: dsaved1
BackendEnvironmentName: notes
ResourceName: notesapi
ResourceConfig:
  ApiName: notesapi
  Service: AppSync
  DefaultAuthType:
    Mode: AWS_IAM
  TransformSchema: |
    type Note @model @auth(rules: [{ allow: private, provider: iam }]) {
      id: ID!
    }
`,
	"specs/list.yaml": `AppId: dsaved1
BackendEnvironmentName: lists
ResourceName: listapi
ResourceConfig:
  ApiName: listapi
  Service: AppSync
  DefaultAuthType:
    Mode: AWS_IAM
  TransformSchema: |
    type Item @model @auth(rules: [{ allow: private, provider: iam }]) {
      id: ID!
    }
`,
	"bapi.yaml": "rules: {}\n",
}

// savedPlanFixture writes the specs under dir/specs, serves an emulator
// holding todoapi at its old expiry and listapi as specified, and saves the
// plan bapi plan makes of them with the argument specsArg (dir/specs, or a
// path to it relative to the working directory).
type savedPlanFixture struct {
	api  amplifybackend.API
	opts VerifyOptions
	raw  []byte
}

func newSavedPlanFixture(t testing.TB, dir, specsArg string) *savedPlanFixture {
	t.Helper()
	ctx := context.Background()
	for name, body := range savedPlanSpecs {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	api := startEmulator(t, emulator.Options{Apps: map[string][]string{"dsaved1": {"dev", "notes", "lists"}}}, nil, nil)
	opts := VerifyOptions{Load: LoadOptions{Load: spec.Options{Root: dir}, ConfigPath: filepath.Join(dir, "bapi.yaml")}}
	for _, seed := range []struct{ env, name, yaml string }{
		{"dev", "todoapi", strings.Replace(savedPlanSpecs["specs/todo.yaml"], "ExpirationTime: 30", "ExpirationTime: 7", 1)},
		{"lists", "listapi", savedPlanSpecs["specs/list.yaml"]},
	} {
		var req amplifybackend.CreateBackendAPIRequest
		specYAML(t, seed.yaml, &req)
		if _, err := api.CreateBackendAPI(ctx, &req); err != nil {
			t.Fatalf("create %s: %v", seed.name, err)
		}
	}
	args := []string{specsArg}
	specs, _, err := LoadSpecs(ctx, args, opts.Load)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Make(ctx, api, specs.Desired, specs.Inputs, 0)
	if err != nil {
		t.Fatal(err)
	}
	p.Args = args
	if c := p.Counts(); c.Create != 1 || c.Update != 1 || c.NoOp != 1 {
		t.Fatalf("fixture plan has %+v, want one create, one update and one no-op", c)
	}
	raw, err := Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return &savedPlanFixture{api: api, opts: opts, raw: raw}
}

func specYAML(t testing.TB, src string, req *amplifybackend.CreateBackendAPIRequest) {
	t.Helper()
	if err := yaml.Unmarshal([]byte(src), req); err != nil {
		t.Fatal(err)
	}
}

// verify reads raw as apply does (Unmarshal, then Verify).
func (f *savedPlanFixture) verify(ctx context.Context, raw []byte) error {
	p, err := Unmarshal("plan.json", raw)
	if err != nil {
		return err
	}
	opts := f.opts
	opts.Raw = raw
	return Verify(ctx, f.api, p, opts)
}

// edit decodes the fixture's plan as JSON, lets fn change it, and encodes
// it again as bapi would (two-space indent, a final newline), with
// inputs_digest recomputed so that only the edit differs.
func (f *savedPlanFixture) edit(t *testing.T, fn func(p map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(f.raw, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	var p Plan
	b, _ := json.Marshal(m["inputs"])
	if err := json.Unmarshal(b, &p.Inputs); err != nil {
		t.Fatal(err)
	}
	m["inputs_digest"] = InputsDigest(p.Inputs)
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(out, '\n')
}

// change returns the change of the decoded plan m whose resource is name.
func change(t *testing.T, m map[string]any, name string) map[string]any {
	t.Helper()
	for _, c := range m["changes"].([]any) {
		c := c.(map[string]any)
		if c["address"].(map[string]any)["resource_name"] == name {
			return c
		}
	}
	t.Fatalf("no change for %s", name)
	return nil
}

// TestVerifyRefusesForgedPlan: a saved plan is applied only when it is,
// byte for byte, the plan its spec files and the live state make now. An
// edited change is refused with the change and the field named; so is an
// address no spec declares, a change left out, and a plan without inputs
// or of another format version.
func TestVerifyRefusesForgedPlan(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	f := newSavedPlanFixture(t, dir, filepath.Join(dir, "specs"))
	if err := f.verify(ctx, f.raw); err != nil {
		t.Fatalf("the plan as saved is refused: %v", err)
	}
	tests := []struct {
		name string
		edit func(m map[string]any)
		raw  func(raw []byte) []byte
		want string
	}{
		{
			name: "address no spec declares",
			edit: func(m map[string]any) {
				change(t, m, "notesapi")["address"].(map[string]any)["resource_name"] = "notinanyspec"
			},
			want: "change 2 (dsaved1/notes/notinanyspec) is declared by no spec; the specs declare dsaved1/notes/notesapi",
		},
		{
			name: "schema of a create",
			edit: func(m map[string]any) {
				change(t, m, "notesapi")["after"].(map[string]any)["transformSchema"] = "type Secret @model { id: ID! password: Strin }"
			},
			want: "change 2 (dsaved1/notes/notesapi) differs in after.transformSchema;",
		},
		{
			name: "settings of an update",
			edit: func(m map[string]any) {
				s := change(t, m, "todoapi")["after"].(map[string]any)["defaultAuthType"].(map[string]any)["settings"].(map[string]any)
				s["expirationTime"] = 100000
				s["cognitoUserPoolId"] = "nope"
			},
			want: "change 0 (dsaved1/dev/todoapi) differs in after.defaultAuthType.settings.cognitoUserPoolId (added), after.defaultAuthType.settings.expirationTime;",
		},
		{
			name: "no-op turned into an update",
			edit: func(m map[string]any) {
				c := change(t, m, "listapi")
				c["action"] = "update"
				c["after"].(map[string]any)["apiName"] = "other"
			},
			want: "change 1 (dsaved1/lists/listapi) differs in action, after.apiName;",
		},
		{
			name: "source line",
			edit: func(m map[string]any) {
				change(t, m, "todoapi")["source"].(map[string]any)["line"] = 2
			},
			want: "differs in source.line;",
		},
		{
			name: "change left out",
			edit: func(m map[string]any) {
				cs := m["changes"].([]any)
				m["changes"] = []any{cs[0], cs[2]}
			},
			want: "the specs declare dsaved1/lists/listapi (",
		},
		{
			name: "warning added",
			edit: func(m map[string]any) {
				m["warnings"] = []any{map[string]any{"pair": "dsaved1/dev", "message": "all is well"}}
			},
			want: "it differs in warnings (added)",
		},
		{
			name: "reformatted",
			raw:  func(raw []byte) []byte { return bytes.Replace(raw, []byte("{\n"), []byte("{ \n"), 1) },
			want: "its bytes are not those bapi plan writes from line 1 on",
		},
		{
			name: "a key given twice",
			raw: func(raw []byte) []byte {
				return bytes.Replace(raw, []byte(`"changes": [`), []byte(`"changes": [], "changes": [`), 1)
			},
			want: "its bytes are not those bapi plan writes",
		},
		{
			name: "no inputs",
			edit: func(m map[string]any) { m["inputs"] = []any{} },
			want: "it records no inputs",
		},
		{
			name: "older format",
			edit: func(m map[string]any) { m["format_version"] = "1.2" },
			want: `has format_version "1.2", but this bapi applies format ` + FormatVersion + " only",
		},
		{
			name: "no args",
			edit: func(m map[string]any) { m["args"] = []any{} },
			want: "args is empty",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			raw := f.raw
			if tc.edit != nil {
				raw = f.edit(t, tc.edit)
			}
			if tc.raw != nil {
				raw = tc.raw(raw)
			}
			err := f.verify(ctx, raw)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Verify = %v\nwant an error containing %q", err, tc.want)
			}
			var se *StaleError
			if errors.As(err, &se) {
				t.Errorf("a forged plan is reported stale: %v", err)
			}
		})
	}
}

// TestVerifyLiveMovedIsStale: when the live state of a resource moved since
// the plan, even one the plan leaves alone, the plan made again differs;
// that is said as for any stale plan, not as an edited one.
func TestVerifyLiveMovedIsStale(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	f := newSavedPlanFixture(t, dir, filepath.Join(dir, "specs"))
	var req amplifybackend.CreateBackendAPIRequest
	specYAML(t, strings.Replace(savedPlanSpecs["specs/list.yaml"], "      id: ID!\n", "      id: ID!\n      name: String\n", 1), &req)
	if _, err := f.api.UpdateBackendAPI(ctx, &amplifybackend.UpdateBackendAPIRequest{
		AppId: req.AppId, BackendEnvironmentName: req.BackendEnvironmentName, ResourceName: req.ResourceName, ResourceConfig: req.ResourceConfig,
	}); err != nil {
		t.Fatal(err)
	}
	err := f.verify(ctx, f.raw)
	var se *StaleError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "dsaved1/lists/listapi config changed") {
		t.Fatalf("Verify = %v, want a *StaleError saying listapi's config changed", err)
	}
}
