package output

import (
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/google/go-cmp/cmp"
)

// TestFromValidate checks the one adapter keeps what each of the two it
// replaces dropped: plan's lost the inputs' document counts and the rules,
// validate's passed a nil finding list on.
func TestFromValidate(t *testing.T) {
	t.Parallel()
	res := &validate.Result{
		Files:     2,
		Documents: 3,
		Inputs: []validate.Input{
			{Name: "a.yaml", Digest: "aa", Documents: 2},
			{Name: "b.yaml", Digest: "bb", Documents: 1},
		},
	}
	got := FromValidate(res)
	want := &FindingsResult{
		Findings:  []finding.Finding{},
		Files:     2,
		Documents: 3,
		Inputs: []Input{
			{Name: "a.yaml", Digest: "aa", Documents: 2},
			{Name: "b.yaml", Digest: "bb", Documents: 1},
		},
		Rules: ValidateRules(),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("FromValidate (-want +got):\n%s", diff)
	}
	if got.Findings == nil {
		t.Error("Findings is nil, want an empty list")
	}
	if n := len(validate.All()); len(got.Rules) != n || n == 0 {
		t.Errorf("%d rules, want every registered rule (%d)", len(got.Rules), n)
	}
}
