package validate

import (
	"slices"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// schemaInputs lists the schema files f names that seen has not listed yet,
// as inputs with no documents, and marks them seen.
func schemaInputs(f *spec.File, seen map[string]bool) []Input {
	var out []Input
	for _, s := range f.Schemas {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, Input{Name: s.Name, Digest: s.Digest})
		}
	}
	return out
}

// mergeShared merges the findings several documents report at the same
// place of a schema file they share (same file, position, rule and
// message): one finding remains, with every document's related location.
// fs must be sorted with finding.Compare.
func mergeShared(fs []finding.Finding) []finding.Finding {
	out := fs[:0]
	for _, f := range fs {
		if n := len(out); n > 0 && len(f.Related) > 0 && finding.Compare(out[n-1], f) == 0 && out[n-1].Severity == f.Severity && len(out[n-1].Related) > 0 {
			prev := &out[n-1]
			for _, r := range f.Related {
				if !slices.Contains(prev.Related, r) {
					prev.Related = append(prev.Related, r)
				}
			}
			continue
		}
		out = append(out, f)
	}
	return out
}
