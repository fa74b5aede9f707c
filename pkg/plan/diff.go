package plan

import (
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// tree is a normalised config as nested maps keyed by the spec's PascalCase
// member names. Leaves are string or float64; absent members are missing.
// AdditionalAuthTypes is a map keyed by Mode, because it is compared as a set.
type tree = map[string]any

func toTree(cfg *amplifybackend.BackendAPIResourceConfig) tree {
	cfg = Normalize(cfg)
	if cfg == nil {
		return nil
	}
	t := tree{}
	putString(t, "ApiName", cfg.ApiName)
	putString(t, "Service", cfg.Service)
	putString(t, "TransformSchema", cfg.TransformSchema)
	if cfg.ConflictResolution != nil {
		cr := tree{}
		putString(cr, "ResolutionStrategy", cfg.ConflictResolution.ResolutionStrategy)
		putTree(t, "ConflictResolution", cr)
	}
	if cfg.DefaultAuthType != nil {
		putTree(t, "DefaultAuthType", authTree(cfg.DefaultAuthType))
	}
	if len(cfg.AdditionalAuthTypes) > 0 {
		set := tree{}
		for i := range cfg.AdditionalAuthTypes {
			a := &cfg.AdditionalAuthTypes[i]
			key := a.Mode
			if key == "" {
				key = "#" + strconv.Itoa(i)
			}
			putTree(set, key, authTree(a))
		}
		putTree(t, "AdditionalAuthTypes", set)
	}
	return t
}

func authTree(a *amplifybackend.BackendAPIAuthType) tree {
	t := tree{}
	putString(t, "Mode", a.Mode)
	if s := a.Settings; s != nil {
		st := tree{}
		putString(st, "CognitoUserPoolId", s.CognitoUserPoolId)
		putString(st, "Description", s.Description)
		if s.ExpirationTime != nil {
			st["ExpirationTime"] = *s.ExpirationTime
		}
		putString(st, "OpenIDAuthTTL", s.OpenIDAuthTTL)
		putString(st, "OpenIDClientId", s.OpenIDClientId)
		putString(st, "OpenIDIatTTL", s.OpenIDIatTTL)
		putString(st, "OpenIDIssueURL", s.OpenIDIssueURL)
		putString(st, "OpenIDProviderName", s.OpenIDProviderName)
		putTree(t, "Settings", st)
	}
	return t
}

func putString(t tree, k, v string) {
	if v != "" {
		t[k] = v
	}
}

func putTree(t tree, k string, v tree) {
	if len(v) > 0 {
		t[k] = v
	}
}

// Diff lists the fields in which two configs differ after Normalize, as JSON
// pointers with PascalCase member names, sorted by pointer. A nil config is
// an absent resource: every field of the other side is listed. Inside
// AdditionalAuthTypes, which is a set keyed by Mode, the pointer segment is
// the Mode (e.g. /AdditionalAuthTypes/API_KEY/Settings/ExpirationTime), not
// an index. Before and After are string or float64, or nil when the field is
// absent on that side. The result is never nil.
func Diff(before, after *amplifybackend.BackendAPIResourceConfig) []FieldDiff {
	return diffConfigs(before, after)
}

func diffConfigs(before, after *amplifybackend.BackendAPIResourceConfig) []FieldDiff {
	out := []FieldDiff{}
	diffValues("", toTree(before), toTree(after), &out)
	return out
}

// unionKeys returns the keys of a and b, each once, sorted.
func unionKeys(a, b tree) []string {
	keys := make([]string, 0, len(a)+len(b))
	for k := range a {
		keys = append(keys, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func diffValues(path string, a, b any, out *[]FieldDiff) {
	ta, aTree := a.(tree)
	tb, bTree := b.(tree)
	if (aTree || a == nil) && (bTree || b == nil) && (aTree || bTree) {
		for _, k := range unionKeys(ta, tb) {
			diffValues(path+"/"+escapePointer(k), ta[k], tb[k], out)
		}
		return
	}
	if a == nil && b == nil {
		return
	}
	if a == b {
		return
	}
	*out = append(*out, FieldDiff{Path: path, Before: a, After: b})
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}
