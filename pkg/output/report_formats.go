package output

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/bapi-dev/bapi/pkg/apply"
)

// ReportFormatVersion is the version of the json job report format.
const ReportFormatVersion = "1.0"

// DefaultReportFormat is the job report format used when none is named.
const DefaultReportFormat = "text"

// ReportOptions configure a job report formatter.
type ReportOptions struct {
	// Color enables ANSI colours (text format only).
	Color bool
}

// ReportFormatter writes an apply job report in one format.
type ReportFormatter interface {
	Format(w io.Writer, r *apply.Report) error
}

// ReportFormats is the registry of job report formats (bapi apply
// --report-format): name to constructor. It feeds both the flag's help and
// the unknown-name error.
func ReportFormats() map[string]func(ReportOptions) ReportFormatter {
	return map[string]func(ReportOptions) ReportFormatter{
		"text":     func(o ReportOptions) ReportFormatter { return &reportText{opts: o} },
		"json":     func(o ReportOptions) ReportFormatter { return &reportJSON{} },
		"junit":    func(o ReportOptions) ReportFormatter { return &reportJUnit{} },
		"markdown": func(o ReportOptions) ReportFormatter { return &reportMarkdown{} },
	}
}

// ReportFormatNames lists the registered job report formats, sorted.
func ReportFormatNames() []string { return formatNames(ReportFormats()) }

// NewReportFormatter returns the named job report formatter, or an error
// listing the known names.
func NewReportFormatter(name string, opts ReportOptions) (ReportFormatter, error) {
	return newFormatter(ReportFormats(), "report format", name, opts)
}

// ReportSummary is the one-line summary every format shows, e.g.
// "Apply: 3 completed, 1 failed (4 changes in 12.3s)."
func ReportSummary(r *apply.Report) string {
	t := r.Totals
	if t.Changes == 0 {
		return "Apply: no changes."
	}
	var parts []string
	add := func(n int, what string) {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, what))
		}
	}
	add(t.Completed, "completed")
	add(t.Adopted, "adopted")
	add(t.Failed, "failed")
	add(t.TimedOut, "timed out")
	add(t.Errored, plural1(t.Errored, "error", "errors"))
	add(t.Cancelled, "cancelled")
	add(t.Skipped, "skipped")
	s := fmt.Sprintf("Apply: %s (%s in %s)", strings.Join(parts, ", "), plural(t.Changes, "change", "changes"), HumanDuration(r.Duration))
	if r.Interrupted {
		s += ", interrupted"
	}
	return s + "."
}

func plural1(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// HumanDuration rounds a duration for people: 850ms, 1.2s, 2m3s. It is the
// one rounding of a job's duration, in the report and in apply's progress
// lines alike.
func HumanDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "0s"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return d.Round(100 * time.Millisecond).String()
	default:
		return d.Round(time.Second).String()
	}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
