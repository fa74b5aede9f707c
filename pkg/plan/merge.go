package plan

import (
	"fmt"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// Merged is the config the service keeps after UpdateBackendAPI sends
// desired to an API whose config is live. UpdateBackendAPI merges: only a
// non-empty DefaultAuthType, AdditionalAuthTypes, ConflictResolution or
// TransformSchema is applied, each member whole; a member desired leaves out
// keeps its live value, and ApiName and Service are never changed. A nil live
// config is an absent API: CreateBackendAPI makes desired as it is. Both
// inputs are normalised first (see Normalize); neither is modified.
func Merged(live, desired *amplifybackend.BackendAPIResourceConfig) *amplifybackend.BackendAPIResourceConfig {
	d := Normalize(desired)
	if live == nil {
		return d
	}
	out := Normalize(live)
	if d == nil {
		return out
	}
	if d.DefaultAuthType != nil {
		out.DefaultAuthType = d.DefaultAuthType
	}
	if len(d.AdditionalAuthTypes) > 0 {
		out.AdditionalAuthTypes = d.AdditionalAuthTypes
	}
	if d.ConflictResolution != nil {
		out.ConflictResolution = d.ConflictResolution
	}
	if d.TransformSchema != "" {
		out.TransformSchema = d.TransformSchema
	}
	return out
}

// Impossibility is a difference between a spec and its live API that
// UpdateBackendAPI cannot make.
type Impossibility struct {
	Address Address `json:"address"`
	Source  Source  `json:"source"`
	// Path is the member, as a JSON pointer into ResourceConfig.
	Path string `json:"path"`
	// Live and Desired are the member's values, "" when absent.
	Live    string `json:"live"`
	Desired string `json:"desired"`
	// Fix says what to do instead.
	Fix string `json:"fix"`
}

func (i Impossibility) String() string {
	where := ""
	if i.Source.File != "" {
		where = fmt.Sprintf(" (%s:%d)", i.Source.File, i.Source.Line)
	}
	return fmt.Sprintf("%s%s %s: %s", i.Address, where, i.Path, i.Fix)
}

// Impossible lists what UpdateBackendAPI cannot do to turn live into
// desired, in a fixed order: a changed ApiName (the service ignores it), a
// changed Service, every AdditionalAuthType removed, and ConflictResolution
// dropped (an empty member keeps the live value, so neither can be removed
// through this API). A nil live config (a create) has none.
func Impossible(addr Address, src Source, live, desired *amplifybackend.BackendAPIResourceConfig) []Impossibility {
	l, d := Normalize(live), Normalize(desired)
	if l == nil || d == nil {
		return nil
	}
	var out []Impossibility
	add := func(path, lv, dv, fix string) {
		out = append(out, Impossibility{Address: addr, Source: src, Path: path, Live: lv, Desired: dv, Fix: fix})
	}
	if d.ApiName != "" && l.ApiName != "" && d.ApiName != l.ApiName {
		add("/ApiName", l.ApiName, d.ApiName, fmt.Sprintf(
			"ApiName is %q live and %q in the spec, but an API's name cannot change (UpdateBackendAPI ignores ApiName): set ApiName back to %q, or delete the API (aws amplifybackend delete-backend-api) and apply again to create it under the new name",
			l.ApiName, d.ApiName, l.ApiName))
	}
	if d.Service != "" && l.Service != "" && d.Service != l.Service {
		add("/Service", l.Service, d.Service, fmt.Sprintf(
			"Service is %q live and %q in the spec, but UpdateBackendAPI cannot change it: set Service back to %q",
			l.Service, d.Service, l.Service))
	}
	if len(l.AdditionalAuthTypes) > 0 && len(d.AdditionalAuthTypes) == 0 {
		add("/AdditionalAuthTypes", modes(l.AdditionalAuthTypes), "", fmt.Sprintf(
			"the live API has AdditionalAuthTypes %s and the spec has none, but UpdateBackendAPI keeps the live list when it is sent none: keep at least one additional auth type in the spec (sending a shorter list replaces the live one), or remove them with the Amplify CLI (amplify update api)",
			modes(l.AdditionalAuthTypes)))
	}
	if l.ConflictResolution != nil && d.ConflictResolution == nil {
		add("/ConflictResolution", l.ConflictResolution.ResolutionStrategy, "", fmt.Sprintf(
			"the live API has ConflictResolution %s and the spec has none, but UpdateBackendAPI keeps the live value when it is sent none: put ConflictResolution back in the spec (any ResolutionStrategy can be set), or turn conflict detection off with the Amplify CLI (amplify update api)",
			l.ConflictResolution.ResolutionStrategy))
	}
	return out
}

func modes(as []amplifybackend.BackendAPIAuthType) string {
	m := make([]string, 0, len(as))
	for _, a := range as {
		m = append(m, a.Mode)
	}
	return strings.Join(m, ", ")
}

// ImpossibleError is a plan that would need changes UpdateBackendAPI
// cannot make: applying it would end COMPLETED without the change, and every
// later plan would show it again.
type ImpossibleError struct {
	Items []Impossibility
}

func (e *ImpossibleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d change(s) cannot be made through UpdateBackendAPI:", len(e.Items))
	for _, it := range e.Items {
		b.WriteString("\n  ")
		b.WriteString(it.String())
	}
	return b.String()
}
