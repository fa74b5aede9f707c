package output

import (
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// textFormatter writes one line per finding,
// "path:line:col: severity: message [rule]", then a summary line.
type textFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*textFormatter)(nil)

func (t *textFormatter) paint(code, s string) string { return paint(t.opts.Color, code, s) }

func (t *textFormatter) Format(w io.Writer, r *FindingsResult) error {
	if len(r.Errors) > 0 {
		return nil // the caller reports them on standard error; a summary would mislead
	}
	ew := &errorWriter{w: w}
	for _, f := range r.Findings {
		sev := f.Severity.String()
		switch f.Severity {
		case finding.Error:
			sev = t.paint(ansiRed+ansiBold, sev)
		case finding.Warning:
			sev = t.paint(ansiYellow+ansiBold, sev)
		case finding.Info:
			sev = t.paint(ansiBlue, sev)
		}
		ew.printf("%s: %s: %s %s\n", t.paint(ansiBold, f.Location.String()), sev, oneLine(f.Message), t.paint(ansiDim, "["+f.Rule+"]"))
		for _, rel := range f.Related {
			ew.printf("\t%s: %s\n", rel.Location.String(), oneLine(rel.Message))
		}
	}
	ew.write(Summary(r) + "\n")
	return ew.err
}

// Summary is the one-line tally of a result, such as
// "2 errors, 1 warning in 3 files (5 documents)".
func Summary(r *FindingsResult) string {
	c := finding.Count(r.Findings)
	var parts []string
	if c.Errors+c.Warnings+c.Infos == 0 {
		parts = append(parts, "no problems")
	} else {
		parts = append(parts, plural(c.Errors, "error", "errors"), plural(c.Warnings, "warning", "warnings"))
		if c.Infos > 0 {
			parts = append(parts, plural(c.Infos, "info", "infos"))
		}
	}
	return strings.Join(parts, ", ") + " in " + plural(r.Files, "file", "files") + " (" + plural(r.Documents, "document", "documents") + ")"
}

// oneLine keeps a message on its line: newlines become spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\n", " ", "\r", " ").Replace(s)), " ")
}
