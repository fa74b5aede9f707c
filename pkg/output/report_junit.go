package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/apply"
)

// reportJUnit writes JUnit XML: one testsuite "bapi apply", one testcase per
// resource (classname is the app/environment pair). FAILED, TIMED_OUT, ERROR
// and CANCELLED are failures; SKIPPED is skipped.
type reportJUnit struct{}

var _ ReportFormatter = (*reportJUnit)(nil)

type rjSuites struct {
	XMLName  xml.Name `xml:"testsuites"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Suites   []rjSuite
}

type rjSuite struct {
	XMLName  xml.Name `xml:"testsuite"`
	Name     string   `xml:"name,attr"`
	Tests    int      `xml:"tests,attr"`
	Failures int      `xml:"failures,attr"`
	Skipped  int      `xml:"skipped,attr"`
	Time     string   `xml:"time,attr"`
	Cases    []rjCase `xml:"testcase"`
}

type rjCase struct {
	Name      string     `xml:"name,attr"`
	Classname string     `xml:"classname,attr"`
	Time      string     `xml:"time,attr"`
	Failure   *rjFailure `xml:"failure,omitempty"`
	Skipped   *rjSkipped `xml:"skipped,omitempty"`
	SystemOut string     `xml:"system-out,omitempty"`
}

type rjFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type rjSkipped struct {
	Message string `xml:"message,attr"`
}

func seconds(ms int64) string { return fmt.Sprintf("%.3f", float64(ms)/1000) }

func (f *reportJUnit) Format(w io.Writer, r *apply.Report) error {
	suite := rjSuite{Name: "bapi apply", Tests: len(r.Results), Time: seconds(r.Duration.Milliseconds()), Cases: []rjCase{}}
	for _, res := range r.Results {
		c := rjCase{
			Name:      res.Address.String(),
			Classname: res.Address.Pair(),
			Time:      seconds(res.Duration.Milliseconds()),
			SystemOut: fmt.Sprintf("operation: %s\njob id: %s\nstatus: %s\nattempts: %d", dash(res.Operation), dash(res.JobID), res.Status, res.Attempts),
		}
		switch {
		case res.Status == apply.StatusSkipped:
			c.Skipped = &rjSkipped{Message: firstLine(res.Error, 200)}
			suite.Skipped++
		case !res.Status.OK():
			msg := res.Error
			if msg == "" {
				msg = string(res.Status)
			}
			// The message attribute is one line (CI systems show it as the
			// failure's title); the whole error, lines kept, is the text.
			c.Failure = &rjFailure{Message: firstLine(msg, 200), Type: string(res.Status), Text: fmt.Sprintf("%s %s: %s", dash(res.Operation), res.Address, msg)}
			suite.Failures++
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := rjSuites{Name: "bapi apply", Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Time: suite.Time, Suites: []rjSuite{suite}}
	ew := &errorWriter{w: w}
	ew.write(xml.Header)
	if ew.err != nil {
		return ew.err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// firstLine is s's first line, cut to at most max runes with "…" when cut
// or when more lines follow.
func firstLine(s string, max int) string {
	line, rest, _ := strings.Cut(strings.TrimSpace(s), "\n")
	line = strings.TrimSpace(line)
	cut := strings.TrimSpace(rest) != ""
	if r := []rune(line); len(r) > max {
		line, cut = string(r[:max]), true
	}
	if cut {
		line += " …"
	}
	return line
}
