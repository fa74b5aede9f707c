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
// ID, status, duration, attempts, error) and a summary line.
type reportText struct{ opts ReportOptions }

var _ ReportFormatter = (*reportText)(nil)

const (
	reportRed    = "\x1b[31m"
	reportGreen  = "\x1b[32m"
	reportYellow = "\x1b[33m"
	reportReset  = "\x1b[0m"
)

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
			status = "\x1b[39m" + status + reportReset
		}
		tew.write("ADDRESS\tOPERATION\tJOB ID\t" + status + "\tDURATION\tATTEMPTS\tERROR\n")
		for _, res := range r.Results {
			dur := "-"
			if res.Duration > 0 {
				dur = fmtDuration(res.Duration)
			}
			tew.write(strings.Join([]string{
				res.Address.String(), dash(res.Operation), dash(res.JobID), f.status(res.Status),
				dur, strconv.Itoa(res.Attempts), cellLine(res.Error),
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
	c := reportYellow
	switch {
	case s.OK():
		c = reportGreen
	case s == apply.StatusFailed || s == apply.StatusTimedOut || s == apply.StatusError || s == apply.StatusCancelled:
		c = reportRed
	}
	return c + string(s) + reportReset
}

// oneLine keeps a table cell on one line.
func cellLine(s string) string {
	if s == "" {
		return ""
	}
	return strings.Join(strings.Fields(s), " ")
}
