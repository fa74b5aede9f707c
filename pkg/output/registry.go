package output

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// The one format registry, for each kind of formatter (findings, plan, job
// report): a map from name to constructor (FindingsFormats, PlanFormats,
// ReportFormats) that feeds both the flag's help (formatNames) and the
// unknown-name error (newFormatter).

// formatNames lists the names of a registry, sorted.
func formatNames[C any](formats map[string]C) []string {
	return slices.Sorted(maps.Keys(formats))
}

// newFormatter builds the named formatter of a registry, or returns an
// error naming what (e.g. "plan format") and listing the known names.
func newFormatter[O, F any](formats map[string]func(O) F, what, name string, opts O) (F, error) {
	mk, ok := formats[name]
	if !ok {
		var zero F
		return zero, fmt.Errorf("unknown %s %q; use one of %s", what, name, strings.Join(formatNames(formats), ", "))
	}
	return mk(opts), nil
}
