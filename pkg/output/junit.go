package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// junitFormatter writes JUnit XML: one testsuite per file, one testcase per
// document. A document with error findings fails; warnings and infos go to
// the testcase's system-out. A file-level finding (for example a file over
// the size cap) belongs to a testcase even when the file has no documents.
// When Input.Documents is 0 (the file failed as a whole, or the caller did
// not count), a file gets a testcase for each
// document with findings, or one "all documents" testcase when it has none.
type junitFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*junitFormatter)(nil)

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (j *junitFormatter) Format(w io.Writer, r *FindingsResult) error {
	// Group findings by file and document, keeping input order for files.
	type fileAcc struct {
		docs  int
		byDoc map[int][]finding.Finding
	}
	files := map[string]*fileAcc{}
	var order []string
	get := func(name string) *fileAcc {
		fa, ok := files[name]
		if !ok {
			fa = &fileAcc{byDoc: map[int][]finding.Finding{}}
			files[name] = fa
			order = append(order, name)
		}
		return fa
	}
	for _, in := range r.Inputs {
		get(in.Name).docs = max(get(in.Name).docs, in.Documents)
	}
	for _, f := range r.Findings {
		fa := get(f.File)
		fa.byDoc[f.Document] = append(fa.byDoc[f.Document], f)
		fa.docs = max(fa.docs, f.Document+1)
	}

	out := junitSuites{Name: "bapi validate", Suites: []junitSuite{}}
	for _, name := range order {
		fa := files[name]
		suite := junitSuite{Name: name}
		if fa.docs == 0 {
			// A file with no findings whose document count is unknown
			// passes as one testcase.
			suite.Cases = append(suite.Cases, junitCase{Name: "all documents", Classname: name})
		}
		for d := 0; d < fa.docs; d++ {
			tc := junitCase{Name: fmt.Sprintf("document %d", d+1), Classname: name}
			var errs, others []string
			msg := ""
			for _, f := range fa.byDoc[d] {
				line := fmt.Sprintf("%s: %s: %s [%s]", f.Location.String(), f.Severity, f.Message, f.Rule)
				if f.Severity == finding.Error {
					if msg == "" {
						msg = f.Message
					}
					errs = append(errs, line)
				} else {
					others = append(others, line)
				}
			}
			if len(errs) > 0 {
				if len(errs) > 1 {
					msg = fmt.Sprintf("%d errors", len(errs))
				}
				tc.Failure = &junitFailure{Message: msg, Type: "error", Text: strings.Join(errs, "\n")}
				suite.Failures++
			}
			if len(others) > 0 {
				tc.SystemOut = strings.Join(others, "\n")
			}
			suite.Cases = append(suite.Cases, tc)
		}
		suite.Tests = len(suite.Cases)
		out.Tests += suite.Tests
		out.Failures += suite.Failures
		out.Suites = append(out.Suites, suite)
	}
	ew := &errorWriter{w: w}
	ew.write(xml.Header)
	if ew.err != nil {
		return fmt.Errorf("write junit findings: %w", ew.err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write junit findings: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write junit findings: %w", err)
	}
	return nil
}
