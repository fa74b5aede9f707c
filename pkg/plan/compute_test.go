package plan

import (
	"strconv"
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"
)

func f64(v float64) *float64 { return &v }

// cfgYAML decodes a ResourceConfig written as YAML, the way specs are.
func cfgYAML(t *testing.T, src string) *amplifybackend.BackendAPIResourceConfig {
	t.Helper()
	var c amplifybackend.BackendAPIResourceConfig
	if err := yaml.Unmarshal([]byte(src), &c); err != nil {
		t.Fatalf("decode config: %v", err)
	}
	return &c
}

const baseYAML = `
ApiName: blogapi
Service: AppSync
DefaultAuthType:
  Mode: AMAZON_COGNITO_USER_POOLS
  Settings:
    CognitoUserPoolId: us-east-1_AbCdEf123
AdditionalAuthTypes:
  - Mode: API_KEY
    Settings:
      Description: public read key
      ExpirationTime: 30
  - Mode: AWS_IAM
ConflictResolution:
  ResolutionStrategy: AUTOMERGE
TransformSchema: |
  type Post @model {
    id: ID!
    title: String!
  }
`

func desiredOf(addr Address, cfg *amplifybackend.BackendAPIResourceConfig) Desired {
	return Desired{Request: &amplifybackend.CreateBackendAPIRequest{
		AppId: addr.AppId, BackendEnvironmentName: addr.BackendEnvironmentName, ResourceName: addr.ResourceName,
		ResourceConfig: cfg,
	}}
}

func TestComputeActions(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi"}
	tests := []struct {
		name     string
		desired  string
		observed string // "" means absent
		action   Action
		diffs    []FieldDiff
	}{
		{
			name:    "absent resource is created",
			desired: baseYAML,
			action:  ActionCreate,
		},
		{
			name:     "identical config is no-op",
			desired:  baseYAML,
			observed: baseYAML,
			action:   ActionNoOp,
			diffs:    []FieldDiff{},
		},
		{
			name:    "30 vs 30.0 is no-op",
			desired: baseYAML,
			observed: `
ApiName: blogapi
Service: AppSync
DefaultAuthType: {Mode: AMAZON_COGNITO_USER_POOLS, Settings: {CognitoUserPoolId: us-east-1_AbCdEf123}}
AdditionalAuthTypes:
  - {Mode: API_KEY, Settings: {Description: public read key, ExpirationTime: 30.0}}
  - {Mode: AWS_IAM}
ConflictResolution: {ResolutionStrategy: AUTOMERGE}
TransformSchema: "type Post @model {\n  id: ID!\n  title: String!\n}\n"
`,
			action: ActionNoOp,
			diffs:  []FieldDiff{},
		},
		{
			name:    "reordered members and auth types is no-op",
			desired: baseYAML,
			observed: `
TransformSchema: "type Post @model {\n  id: ID!\n  title: String!\n}"
ConflictResolution:
  ResolutionStrategy: AUTOMERGE
AdditionalAuthTypes:
  - Mode: AWS_IAM
  - Settings:
      ExpirationTime: 30
      Description: public read key
    Mode: API_KEY
DefaultAuthType:
  Settings:
    CognitoUserPoolId: us-east-1_AbCdEf123
  Mode: AMAZON_COGNITO_USER_POOLS
Service: AppSync
ApiName: blogapi
`,
			action: ActionNoOp,
			diffs:  []FieldDiff{},
		},
		{
			name:    "trailing whitespace in TransformSchema is no-op",
			desired: baseYAML,
			observed: `
ApiName: blogapi
Service: AppSync
DefaultAuthType: {Mode: AMAZON_COGNITO_USER_POOLS, Settings: {CognitoUserPoolId: us-east-1_AbCdEf123}}
AdditionalAuthTypes:
  - {Mode: AWS_IAM, Settings: {}}
  - {Mode: API_KEY, Settings: {Description: public read key, ExpirationTime: 30}}
ConflictResolution: {ResolutionStrategy: AUTOMERGE}
TransformSchema: "type Post @model {   \r\n  id: ID!\t\n  title: String!\n}\n\n\n  \n"
`,
			action: ActionNoOp,
			diffs:  []FieldDiff{},
		},
		{
			name:    "changed expiration is an update with a pointer",
			desired: baseYAML,
			observed: `
ApiName: blogapi
Service: AppSync
DefaultAuthType: {Mode: AMAZON_COGNITO_USER_POOLS, Settings: {CognitoUserPoolId: us-east-1_AbCdEf123}}
AdditionalAuthTypes:
  - {Mode: API_KEY, Settings: {Description: public read key, ExpirationTime: 7}}
  - {Mode: AWS_IAM}
ConflictResolution: {ResolutionStrategy: OPTIMISTIC_CONCURRENCY}
TransformSchema: "type Post @model {\n  id: ID!\n  title: String!\n}\n"
`,
			action: ActionUpdate,
			diffs: []FieldDiff{
				{Path: "/AdditionalAuthTypes/API_KEY/Settings/ExpirationTime", Before: 7.0, After: 30.0},
				{Path: "/ConflictResolution/ResolutionStrategy", Before: "OPTIMISTIC_CONCURRENCY", After: "AUTOMERGE"},
			},
		},
		{
			name:     "added members; a member the spec leaves out keeps its live value",
			desired:  "ApiName: a\nDefaultAuthType: {Mode: API_KEY, Settings: {ExpirationTime: 7}}\n",
			observed: "ApiName: a\nService: AppSync\nDefaultAuthType: {Mode: AWS_IAM}\n",
			action:   ActionUpdate,
			diffs: []FieldDiff{
				{Path: "/DefaultAuthType/Mode", Before: "AWS_IAM", After: "API_KEY"},
				{Path: "/DefaultAuthType/Settings/ExpirationTime", Before: nil, After: 7.0},
			},
		},
		{
			// UpdateBackendAPI merges: what the spec leaves out stays, so it
			// is no diff (it would show again after every apply).
			name:     "members the spec leaves out are no diff",
			desired:  "ApiName: a\nDefaultAuthType: {Mode: API_KEY}\n",
			observed: "ApiName: a\nService: AppSync\nDefaultAuthType: {Mode: API_KEY}\nTransformSchema: \"type A { id: ID! }\"\nAdditionalAuthTypes: [{Mode: AWS_IAM}]\nConflictResolution: {ResolutionStrategy: AUTOMERGE}\n",
			action:   ActionNoOp,
			diffs:    []FieldDiff{},
		},
		{
			// Another ApiName is Check's to refuse; UpdateBackendAPI ignores
			// it, so it is no diff either.
			name:     "a changed ApiName is no diff",
			desired:  "ApiName: b\nDefaultAuthType: {Mode: API_KEY}\n",
			observed: "ApiName: a\nDefaultAuthType: {Mode: API_KEY}\n",
			action:   ActionNoOp,
			diffs:    []FieldDiff{},
		},
		{
			name:     "a shorter AdditionalAuthTypes list replaces the live one",
			desired:  "ApiName: a\nAdditionalAuthTypes: [{Mode: AWS_IAM}]\n",
			observed: "ApiName: a\nAdditionalAuthTypes: [{Mode: AWS_IAM}, {Mode: API_KEY}]\n",
			action:   ActionUpdate,
			diffs:    []FieldDiff{{Path: "/AdditionalAuthTypes/API_KEY/Mode", Before: "API_KEY", After: nil}},
		},
		{
			name:     "empty lists and objects equal absent ones",
			desired:  "ApiName: a\nAdditionalAuthTypes: []\nConflictResolution: {}\nDefaultAuthType: {Mode: API_KEY, Settings: {}}\n",
			observed: "ApiName: a\nDefaultAuthType: {Mode: API_KEY}\n",
			action:   ActionNoOp,
			diffs:    []FieldDiff{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := []Desired{desiredOf(addr, cfgYAML(t, tc.desired))}
			var obs []Observed
			if tc.observed != "" {
				obs = []Observed{{Address: addr, Config: cfgYAML(t, tc.observed)}}
			}
			p := Compute(d, obs, nil)
			if len(p.Changes) != 1 {
				t.Fatalf("got %d changes, want 1", len(p.Changes))
			}
			c := p.Changes[0]
			if c.Action != tc.action {
				t.Errorf("action = %s, want %s (diffs %v)", c.Action, tc.action, c.Diffs)
			}
			if c.Address != addr {
				t.Errorf("address = %v, want %v", c.Address, addr)
			}
			if tc.diffs != nil {
				if diff := cmp.Diff(tc.diffs, c.Diffs); diff != "" {
					t.Errorf("diffs (-want +got):\n%s", diff)
				}
			}
			wantFP := FingerprintAbsent
			if tc.observed != "" {
				wantFP = Fingerprint(cfgYAML(t, tc.observed))
			}
			if c.Fingerprint != wantFP {
				t.Errorf("fingerprint = %s, want %s", c.Fingerprint, wantFP)
			}
		})
	}
}

func TestComputeCreateListsEveryField(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "a", BackendEnvironmentName: "e", ResourceName: "r"}
	p := Compute([]Desired{desiredOf(addr, cfgYAML(t, "ApiName: x\nDefaultAuthType: {Mode: API_KEY, Settings: {ExpirationTime: 30}}\n"))}, nil, nil)
	want := []FieldDiff{
		{Path: "/ApiName", After: "x"},
		{Path: "/DefaultAuthType/Mode", After: "API_KEY"},
		{Path: "/DefaultAuthType/Settings/ExpirationTime", After: 30.0},
	}
	if diff := cmp.Diff(want, p.Changes[0].Diffs); diff != "" {
		t.Errorf("diffs (-want +got):\n%s", diff)
	}
	if p.Changes[0].Before != nil || p.Changes[0].Action != ActionCreate {
		t.Errorf("got action %s before %v, want create with no before", p.Changes[0].Action, p.Changes[0].Before)
	}
}

func TestComputeSortsAndCounts(t *testing.T) {
	t.Parallel()
	cfg := cfgYAML(t, "ApiName: x\nTransformSchema: \"type A { id: ID! }\"\n")
	other := cfgYAML(t, "ApiName: x\nTransformSchema: \"type B { id: ID! }\"\n")
	a := Address{AppId: "b", BackendEnvironmentName: "e", ResourceName: "r"}
	b := Address{AppId: "a", BackendEnvironmentName: "e", ResourceName: "z"}
	c := Address{AppId: "a", BackendEnvironmentName: "e", ResourceName: "m"}
	p := Compute(
		[]Desired{desiredOf(a, cfg), desiredOf(b, cfg), desiredOf(c, cfg)},
		[]Observed{{Address: a, Config: nil}, {Address: b, Config: other}, {Address: c, Config: cfg}},
		[]Input{{Name: "z.yaml", Digest: "2"}, {Name: "a.yaml", Digest: "1"}},
	)
	var got []string
	for _, ch := range p.Changes {
		got = append(got, ch.Address.String()+" "+string(ch.Action))
	}
	want := []string{"a/e/m no-op", "a/e/z update", "b/e/r create"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(Counts{Create: 1, Update: 1, NoOp: 1}, p.Counts()); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	if !p.HasChanges() {
		t.Error("HasChanges = false, want true")
	}
	if p.Inputs[0].Name != "a.yaml" || p.FormatVersion != FormatVersion {
		t.Errorf("inputs not sorted or version missing: %+v %s", p.Inputs, p.FormatVersion)
	}
}

func TestFingerprintStable(t *testing.T) {
	t.Parallel()
	a := cfgYAML(t, baseYAML)
	b := cfgYAML(t, `
TransformSchema: "type Post @model {  \n  id: ID!\n  title: String!\n}"
AdditionalAuthTypes: [{Mode: AWS_IAM}, {Mode: API_KEY, Settings: {ExpirationTime: 30.0, Description: public read key}}]
ConflictResolution: {ResolutionStrategy: AUTOMERGE}
DefaultAuthType: {Mode: AMAZON_COGNITO_USER_POOLS, Settings: {CognitoUserPoolId: us-east-1_AbCdEf123}}
Service: AppSync
ApiName: blogapi
`)
	fa, fb := Fingerprint(a), Fingerprint(b)
	if fa != fb {
		t.Errorf("equivalent configs: fingerprints %s and %s differ", fa, fb)
	}
	// A fixed value: the fingerprint is stored in plan files, so it must not
	// change between versions of bapi for the same state.
	const want = "sha256:abc57b61f192c45a41bb17d5960b3c423a199b7ee87a55e8bf3c37909c5b4ad8"
	if fa != want {
		t.Errorf("fingerprint = %s, want %s", fa, want)
	}
	c := cfgYAML(t, baseYAML)
	c.AdditionalAuthTypes[0].Settings.ExpirationTime = f64(31)
	if Fingerprint(c) == fa {
		t.Error("different configs have the same fingerprint")
	}
	if Fingerprint(nil) != FingerprintAbsent {
		t.Errorf("Fingerprint(nil) = %s, want %s", Fingerprint(nil), FingerprintAbsent)
	}
	if Fingerprint(a) != fa {
		t.Error("fingerprint changed between calls")
	}
	// Normalize must not modify its argument.
	if a.AdditionalAuthTypes[0].Mode != "API_KEY" || a.TransformSchema[len(a.TransformSchema)-1] != '\n' {
		t.Error("Normalize modified its input")
	}
}

func TestInputsDigestOrderIndependent(t *testing.T) {
	t.Parallel()
	x := []Input{{Name: "a.yaml", Digest: "1"}, {Name: "b.yaml", Digest: "2"}}
	y := []Input{{Name: "b.yaml", Digest: "2"}, {Name: "a.yaml", Digest: "1"}}
	if InputsDigest(x) != InputsDigest(y) {
		t.Error("input order changed the digest")
	}
	z := []Input{{Name: "a.yaml", Digest: "1"}, {Name: "b.yaml", Digest: "3"}}
	if InputsDigest(x) == InputsDigest(z) {
		t.Error("changed digest did not change the inputs digest")
	}
}

// BenchmarkCompute plans 1,000 resources, half of them changed.
func BenchmarkCompute(b *testing.B) {
	var desired []Desired
	var observed []Observed
	for i := range 1000 {
		addr := Address{AppId: "app", BackendEnvironmentName: "env", ResourceName: "api" + strconv.Itoa(i)}
		var want, have amplifybackend.BackendAPIResourceConfig
		if err := yaml.Unmarshal([]byte(baseYAML), &want); err != nil {
			b.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(baseYAML), &have); err != nil {
			b.Fatal(err)
		}
		if i%2 == 0 {
			have.TransformSchema += "type Extra { id: ID! }\n"
		}
		desired = append(desired, desiredOf(addr, &want))
		observed = append(observed, Observed{Address: addr, Config: &have})
	}
	b.ResetTimer()
	for b.Loop() {
		p := Compute(desired, observed, nil)
		if p.Counts().Update != 500 {
			b.Fatalf("counts %+v", p.Counts())
		}
	}
}
