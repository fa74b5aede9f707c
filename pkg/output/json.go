package output

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// jsonFormatter writes the versioned JSON findings document described in
// the package documentation.
type jsonFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*jsonFormatter)(nil)

type jsonFindings struct {
	FormatVersion string            `json:"format_version"`
	Valid         bool              `json:"valid"`
	Files         int               `json:"files"`
	Documents     int               `json:"documents"`
	Counts        finding.Counts    `json:"counts"`
	Inputs        []Input           `json:"inputs"`
	Findings      []finding.Finding `json:"findings"`
}

func (j *jsonFormatter) Format(w io.Writer, r *FindingsResult) error {
	c := finding.Count(r.Findings)
	doc := jsonFindings{
		FormatVersion: FindingsFormatVersion,
		Valid:         c.Errors == 0,
		Files:         r.Files,
		Documents:     r.Documents,
		Counts:        c,
		Inputs:        nonNil(r.Inputs),
		Findings:      nonNil(r.Findings),
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write json findings: %w", err)
	}
	return nil
}

// nonNil makes a nil slice empty, so JSON shows [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
