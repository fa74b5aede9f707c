package apply

import (
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// Matches reports whether the live config already is the desired one, by the
// plan's semantic comparison (the same one that decides "no change").
func Matches(live, desired *amplifybackend.BackendAPIResourceConfig) bool {
	if live == nil || desired == nil {
		return false
	}
	return plan.Equal(live, desired)
}
