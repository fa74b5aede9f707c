package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/apply"
)

// reportMarkdown writes the job report as a GitHub-flavoured markdown table,
// for pull-request comments and $GITHUB_STEP_SUMMARY.
type reportMarkdown struct{}

var _ ReportFormatter = (*reportMarkdown)(nil)

func (f *reportMarkdown) Format(w io.Writer, r *apply.Report) error {
	ew := &errorWriter{w: w}
	ew.write("## bapi apply\n\n")
	if len(r.Results) > 0 {
		ew.write("| Address | Operation | Job ID | Status | Duration | Attempts | Error |\n")
		ew.write("|---|---|---|---|---|---:|---|\n")
		for _, res := range r.Results {
			dur := "-"
			if res.Duration > 0 {
				dur = HumanDuration(res.Duration)
			}
			icon := ":white_check_mark:"
			if !res.Status.OK() {
				icon = ":x:"
				if res.Status == apply.StatusSkipped {
					icon = ":fast_forward:"
				}
			}
			ew.printf("| `%s` | %s | %s | %s %s | %s | %d | %s |\n",
				mdCell(res.Address.String()), mdCell(dash(res.Operation)), codeOrDash(res.JobID),
				icon, res.Status, dur, res.Attempts, mdLines(res.Error))
		}
		ew.write("\n")
	}
	ew.write(mdCell(ReportSummary(r)) + "\n")
	return ew.err
}

func codeOrDash(s string) string {
	if s == "" {
		return "-"
	}
	return fmt.Sprintf("`%s`", mdCell(s))
}

// mdCell escapes what would break a table cell or start markup.
func mdCell(s string) string {
	r := strings.NewReplacer("|", `\|`, "\n", " ", "\r", "", "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// mdLines renders prose, such as a job's error, inside a table cell: what
// would break the cell or start markup is escaped (and @directives put in
// code spans, see mdText), and its own line breaks become <br>, so a long
// multi-line error stays one readable cell.
func mdLines(s string) string {
	s = strings.TrimRight(strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(s), " \t\n")
	lines := strings.Split(s, "\n")
	esc := strings.NewReplacer("`", "\\`", "*", "\\*", "_", "\\_", "[", "\\[", "]", "\\]", "#", "\\#", "\t", " ")
	for i, l := range lines {
		lines[i] = mdText(esc.Replace(strings.TrimSpace(l)))
	}
	return strings.Join(lines, "<br>")
}
