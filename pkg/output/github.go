package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// githubFormatter writes GitHub Actions workflow commands, one per finding:
// "::error file=F,line=L,col=C,title=RULE::message". Warnings become
// ::warning and infos ::notice. A tool error (an unreadable input) is an
// "::error::message" line after them.
type githubFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*githubFormatter)(nil)

func (g *githubFormatter) Format(w io.Writer, r *FindingsResult) error {
	ew := &errorWriter{w: w}
	for _, f := range r.Findings {
		cmd := "error"
		switch f.Severity {
		case finding.Warning:
			cmd = "warning"
		case finding.Info:
			cmd = "notice"
		}
		props := []string{"file=" + escapeProperty(f.File)}
		if f.Line > 0 {
			props = append(props, fmt.Sprintf("line=%d", f.Line))
			if f.Column > 0 {
				props = append(props, fmt.Sprintf("col=%d", f.Column))
			}
			if f.EndLine > 0 {
				props = append(props, fmt.Sprintf("endLine=%d", f.EndLine))
				if f.EndColumn > 0 {
					props = append(props, fmt.Sprintf("endColumn=%d", f.EndColumn))
				}
			}
		}
		props = append(props, "title="+escapeProperty(f.Rule))
		ew.printf("::%s %s::%s\n", cmd, strings.Join(props, ","), escapeData(f.Message))
	}
	for _, e := range r.Errors {
		// No file property: the file may not exist to annotate.
		ew.printf("::error::%s\n", escapeData(e.Message))
	}
	return ew.err
}

// escapeData escapes a workflow command's message as GitHub's toolkit does.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command property value: as data, plus
// ':' and ','.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
