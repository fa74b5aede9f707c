package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCheckImpossible(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi"}
	live := "ApiName: blogapi\nService: AppSync\nDefaultAuthType: {Mode: API_KEY}\nAdditionalAuthTypes: [{Mode: AWS_IAM}]\nConflictResolution: {ResolutionStrategy: AUTOMERGE}\n"
	tests := []struct {
		name     string
		desired  string
		observed string // "" means absent
		paths    []string
		fix      string // in the first item's Fix
	}{
		{name: "the same config", desired: live, observed: live},
		{name: "a create has none", desired: "ApiName: other\n"},
		{
			name:     "ApiName changed",
			desired:  strings.Replace(live, "ApiName: blogapi", "ApiName: newname", 1),
			observed: live, paths: []string{"/ApiName"}, fix: `set ApiName back to "blogapi"`,
		},
		{
			name:     "every additional auth type removed",
			desired:  "ApiName: blogapi\nDefaultAuthType: {Mode: API_KEY}\nConflictResolution: {ResolutionStrategy: AUTOMERGE}\n",
			observed: live, paths: []string{"/AdditionalAuthTypes"}, fix: "amplify update api",
		},
		{
			name:     "ConflictResolution dropped",
			desired:  "ApiName: blogapi\nDefaultAuthType: {Mode: API_KEY}\nAdditionalAuthTypes: [{Mode: AWS_IAM}]\n",
			observed: live, paths: []string{"/ConflictResolution"}, fix: "put ConflictResolution back",
		},
		{
			name:     "all at once, in a fixed order",
			desired:  "ApiName: renamed\n",
			observed: live, paths: []string{"/ApiName", "/AdditionalAuthTypes", "/ConflictResolution"},
		},
		{
			name:     "another strategy is possible",
			desired:  strings.Replace(live, "AUTOMERGE", "OPTIMISTIC_CONCURRENCY", 1),
			observed: live,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var obs []Observed
			if tc.observed != "" {
				obs = []Observed{{Address: addr, Config: cfgYAML(t, tc.observed)}}
			}
			p := Compute([]Desired{desiredOf(addr, cfgYAML(t, tc.desired))}, obs, nil)
			err := Check(p)
			if len(tc.paths) == 0 {
				if err != nil {
					t.Fatalf("Check = %v, want nil", err)
				}
				return
			}
			var ie *ImpossibleError
			if !errors.As(err, &ie) {
				t.Fatalf("Check = %v, want an *ImpossibleError", err)
			}
			var paths []string
			for _, it := range ie.Items {
				paths = append(paths, it.Path)
				if it.Address != addr || it.Fix == "" {
					t.Errorf("item %+v: want address %s and a fix", it, addr)
				}
			}
			if diff := cmp.Diff(tc.paths, paths); diff != "" {
				t.Errorf("paths (-want +got):\n%s", diff)
			}
			if !strings.Contains(ie.Items[0].Fix, tc.fix) {
				t.Errorf("fix %q lacks %q", ie.Items[0].Fix, tc.fix)
			}
			if !strings.Contains(err.Error(), addr.String()) {
				t.Errorf("error %q does not name %s", err, addr)
			}
			// What Check refuses is not shown as a diff apply would make.
			for _, d := range p.Changes[0].Diffs {
				for _, pth := range tc.paths {
					if strings.HasPrefix(d.Path, pth) {
						t.Errorf("diff %s shown for an impossible change", d.Path)
					}
				}
			}
		})
	}
}

func TestMergedConverges(t *testing.T) {
	t.Parallel()
	live := cfgYAML(t, baseYAML)
	desired := cfgYAML(t, "ApiName: blogapi\nDefaultAuthType: {Mode: AWS_IAM}\n")
	got := Merged(live, desired)
	if got.DefaultAuthType.Mode != "AWS_IAM" || got.TransformSchema == "" || len(got.AdditionalAuthTypes) != 2 || got.ConflictResolution == nil {
		t.Errorf("Merged = %+v: want the new DefaultAuthType and every other live member", got)
	}
	if Satisfies(live, desired) {
		t.Error("Satisfies before the update = true, want false")
	}
	if !Satisfies(got, desired) {
		t.Error("Satisfies after the update = false: the plan would show the change again")
	}
	if Satisfies(nil, desired) {
		t.Error("an absent API satisfies a spec")
	}
}
