package plan

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// FingerprintAbsent is the fingerprint of a resource that does not exist.
const FingerprintAbsent = "absent"

// Normalize returns a copy of cfg in canonical form, so that two configs that
// mean the same compare equal:
//
//   - member order does not matter (the typed model has none);
//   - numbers are float64, so 30 and 30.0 are equal;
//   - TransformSchema loses trailing whitespace on every line and at the end,
//     and CRLF line ends become LF;
//   - an empty member (empty string, empty object, empty list) is the same as
//     an absent one, and becomes absent;
//   - AdditionalAuthTypes is a set keyed by Mode (the service allows each mode
//     once), sorted by Mode.
//
// Normalize(nil) is nil. cfg is not modified.
func Normalize(cfg *amplifybackend.BackendAPIResourceConfig) *amplifybackend.BackendAPIResourceConfig {
	if cfg == nil {
		return nil
	}
	out := &amplifybackend.BackendAPIResourceConfig{
		ApiName:         cfg.ApiName,
		Service:         cfg.Service,
		TransformSchema: NormalizeSchema(cfg.TransformSchema),
		DefaultAuthType: normAuth(cfg.DefaultAuthType),
	}
	if cr := cfg.ConflictResolution; cr != nil && cr.ResolutionStrategy != "" {
		out.ConflictResolution = &amplifybackend.BackendAPIConflictResolution{ResolutionStrategy: cr.ResolutionStrategy}
	}
	for i := range cfg.AdditionalAuthTypes {
		if a := normAuth(&cfg.AdditionalAuthTypes[i]); a != nil {
			out.AdditionalAuthTypes = append(out.AdditionalAuthTypes, *a)
		}
	}
	slices.SortStableFunc(out.AdditionalAuthTypes, func(a, b amplifybackend.BackendAPIAuthType) int {
		return cmp.Compare(a.Mode, b.Mode)
	})
	return out
}

// NormalizeSchema trims trailing whitespace from every line of a GraphQL
// schema and from its end, and turns CRLF into LF.
func NormalizeSchema(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), " \t\r\n")
}

func normAuth(a *amplifybackend.BackendAPIAuthType) *amplifybackend.BackendAPIAuthType {
	if a == nil {
		return nil
	}
	out := &amplifybackend.BackendAPIAuthType{Mode: a.Mode}
	if s := a.Settings; s != nil {
		ns := *s
		if ns.ExpirationTime != nil {
			v := *ns.ExpirationTime
			ns.ExpirationTime = &v
		}
		if ns != (amplifybackend.BackendAPIAppSyncAuthSettings{}) {
			out.Settings = &ns
		}
	}
	if out.Mode == "" && out.Settings == nil {
		return nil
	}
	return out
}

// Equal reports whether two configs mean the same after Normalize. A nil
// config (absent resource) equals only nil.
func Equal(a, b *amplifybackend.BackendAPIResourceConfig) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return len(diffConfigs(a, b)) == 0
}

// Fingerprint is a digest of a resource's observed state: "absent" when cfg
// is nil, otherwise "sha256:" and the hex SHA-256 of the canonical JSON of
// Normalize(cfg). Two configs that Equal have the same fingerprint. apply
// re-reads the live state and compares fingerprints to refuse a stale plan.
func Fingerprint(cfg *amplifybackend.BackendAPIResourceConfig) string {
	if cfg == nil {
		return FingerprintAbsent
	}
	// json.Marshal of the typed model is canonical: fields in declaration
	// order, omitempty drops absent members, float64 in shortest form.
	b, err := json.Marshal(Normalize(cfg))
	if err != nil {
		// The model holds only strings, float64 pointers and slices of them;
		// Marshal fails only on NaN or Inf, which no spec or service yields.
		// Fall back to a digest that never matches a real one.
		return "sha256:unencodable"
	}
	sum := sha256.Sum256(b)
	return "sha256:" + hex.EncodeToString(sum[:])
}

// InputsDigest is a digest over every input: the hex SHA-256 of the lines
// "NAME\tDIGEST\n" sorted by name then digest. Input order does not matter.
func InputsDigest(inputs []Input) string {
	lines := make([]string, 0, len(inputs))
	for _, in := range inputs {
		lines = append(lines, in.Name+"\t"+in.Digest+"\n")
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}
