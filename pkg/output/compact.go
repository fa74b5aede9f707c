package output

import "io"

// compactFormatter writes one line per finding and nothing else,
// "path:line:col: severity: message (rule)" as tflint writes it, never in colour: the shape
// editors' problem matchers and grep expect. Tool errors are left to the
// caller, which reports them on standard error.
type compactFormatter struct{}

var _ FindingsFormatter = compactFormatter{}

func (compactFormatter) Format(w io.Writer, r *FindingsResult) error {
	ew := &errorWriter{w: w}
	for _, f := range r.Findings {
		ew.printf("%s: %s: %s (%s)\n", f.Location.String(), f.Severity, oneLine(f.Message), f.Rule)
	}
	return ew.err
}
