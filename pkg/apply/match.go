package apply

import (
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// Matches reports whether the live config already is what applying the
// desired one would make it, by the plan's comparison (plan.Satisfies, the
// same one that decides "no change"): UpdateBackendAPI merges, so a member
// the spec leaves out keeps its live value.
func Matches(live, desired *amplifybackend.BackendAPIResourceConfig) bool {
	if live == nil || desired == nil {
		return false
	}
	return plan.Satisfies(live, desired)
}
