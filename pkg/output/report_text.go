package output

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/bapi-dev/bapi/pkg/apply"
)

// reportText writes a table: one row per change (address, operation, job
// ID, status, duration, attempts), then each change's error, wrapped and
// indented under its address, and a summary line.
type reportText struct{ opts ReportOptions }

var _ ReportFormatter = (*reportText)(nil)

func (f *reportText) Format(w io.Writer, r *apply.Report) error {
	ew := &errorWriter{w: w}
	if len(r.Results) > 0 {
		var table bytes.Buffer
		tw := tabwriter.NewWriter(&table, 0, 4, 2, ' ', 0)
		tew := &errorWriter{w: tw}
		status := "STATUS"
		if f.opts.Color {
			// Same escape length as the coloured cells below, so tabwriter
			// aligns the column.
			status = paint(true, ansiDefault, status)
		}
		tew.write("ADDRESS\tOPERATION\tJOB ID\t" + status + "\tDURATION\tATTEMPTS\n")
		for _, res := range r.Results {
			dur := "-"
			if res.Duration > 0 {
				dur = HumanDuration(res.Duration)
			}
			tew.write(strings.Join([]string{
				res.Address.String(), dash(res.Operation), dash(res.JobID), f.status(res.Status),
				dur, strconv.Itoa(res.Attempts),
			}, "\t") + "\n")
		}
		if tew.err != nil {
			return tew.err
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for line := range strings.Lines(table.String()) {
			ew.write(strings.TrimRight(line, " \n") + "\n")
		}
		ew.write("\n")
		// Errors go below the table, whole: a job's error can be long and
		// span lines (the service's deployment failures do), which a table
		// cell would stretch or flatten.
		for _, res := range r.Results {
			if res.Error == "" {
				continue
			}
			ew.write(res.Address.String() + ": " + f.status(res.Status) + "\n")
			for _, l := range wrapText(res.Error, reportWrapWidth) {
				ew.write(strings.TrimRight("    "+l, " ") + "\n")
			}
			ew.write("\n")
		}
	}
	ew.write(ReportSummary(r) + "\n")
	return ew.err
}

// status colours a status; the escape codes are zero-width for tabwriter's
// purposes only when every cell of the column has them, so each status gets
// a colour (reset included) of the same length.
func (f *reportText) status(s apply.Status) string {
	if !f.opts.Color {
		return string(s)
	}
	c := ansiYellow
	switch {
	case s.OK():
		c = ansiGreen
	case s == apply.StatusFailed || s == apply.StatusTimedOut || s == apply.StatusError || s == apply.StatusCancelled:
		c = ansiRed
	}
	return paint(true, c, string(s))
}

// reportWrapWidth is the width errors are wrapped to under the table,
// indent excluded.
const reportWrapWidth = 96

// wrapText splits s into lines of at most width runes, at spaces, keeping
// its own line breaks (a word longer than width gets a line of its own).
// Tabs become spaces and carriage returns are dropped.
func wrapText(s string, width int) []string {
	s = strings.TrimRight(strings.NewReplacer("\r\n", "\n", "\r", "\n", "\t", " ").Replace(s), " \n")
	var out []string
	for para := range strings.SplitSeq(s, "\n") {
		line := ""
		for _, w := range strings.Fields(para) {
			switch {
			case line == "":
				line = w
			case len([]rune(line))+1+len([]rune(w)) <= width:
				line += " " + w
			default:
				out = append(out, line)
				line = w
			}
		}
		out = append(out, line)
	}
	return out
}
