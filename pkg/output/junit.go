package output

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
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
// Tool errors (an unreadable input) are a last suite, "bapi", of errored
// testcases. Suites are built and written one at a time.
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
	Error     *junitFailure `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// junitFile is what the totals need of one file: its findings are
// the findings [from:to] of the list sorted by file.
type junitFile struct {
	name     string
	docs     int
	from, to int
}

func (j *junitFormatter) Format(w io.Writer, r *FindingsResult) error {
	// Files in input order, then files only findings name; each file's
	// findings are one run of the list, sorted by file as it should be.
	fs := r.Findings
	if !slices.IsSortedFunc(fs, func(a, b finding.Finding) int { return cmp.Compare(a.File, b.File) }) {
		fs = slices.Clone(fs)
		finding.Sort(fs)
	}
	var files []*junitFile
	byName := map[string]*junitFile{}
	get := func(name string) *junitFile {
		jf, ok := byName[name]
		if !ok {
			jf = &junitFile{name: name}
			byName[name] = jf
			files = append(files, jf)
		}
		return jf
	}
	for _, in := range r.Inputs {
		jf := get(in.Name)
		jf.docs = max(jf.docs, in.Documents)
	}
	for i := 0; i < len(fs); {
		jf := get(fs[i].File)
		jf.from = i
		for ; i < len(fs) && fs[i].File == jf.name; i++ {
			jf.docs = max(jf.docs, fs[i].Document+1)
		}
		jf.to = i
	}

	// The totals go in the root's attributes, so they are counted first;
	// then one suite at a time is built and written.
	root := junitSuites{Name: "bapi validate", Errors: len(r.Errors)}
	for _, jf := range files {
		root.Tests += max(jf.docs, 1)
		root.Failures += junitFailedDocs(fs[jf.from:jf.to])
	}
	if len(r.Errors) > 0 {
		root.Tests += len(r.Errors)
	}
	ew := &errorWriter{w: w}
	ew.write(xml.Header)
	enc := xml.NewEncoder(ew)
	enc.Indent("", "  ")
	start := xml.StartElement{Name: xml.Name{Local: "testsuites"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "name"}, Value: root.Name},
		{Name: xml.Name{Local: "tests"}, Value: strconv.Itoa(root.Tests)},
		{Name: xml.Name{Local: "failures"}, Value: strconv.Itoa(root.Failures)},
		{Name: xml.Name{Local: "errors"}, Value: strconv.Itoa(root.Errors)},
	}}
	err := enc.EncodeToken(start)
	for _, jf := range files {
		if err != nil {
			break
		}
		err = enc.EncodeElement(junitSuiteOf(jf, fs[jf.from:jf.to]), xml.StartElement{Name: xml.Name{Local: "testsuite"}})
	}
	if err == nil && len(r.Errors) > 0 {
		// A run that failed (an unreadable input) is one suite of errored
		// testcases, so CI shows the run as broken, not as passing.
		suite := junitSuite{Name: "bapi", Tests: len(r.Errors), Errors: len(r.Errors)}
		for _, e := range r.Errors {
			name := e.File
			if name == "" {
				name = "run"
			}
			suite.Cases = append(suite.Cases, junitCase{Name: name, Classname: "bapi",
				Error: &junitFailure{Message: e.Message, Type: "tool-error", Text: e.Message}})
		}
		err = enc.EncodeElement(suite, xml.StartElement{Name: xml.Name{Local: "testsuite"}})
	}
	if err == nil {
		err = enc.EncodeToken(start.End())
	}
	if err == nil {
		err = enc.Flush()
	}
	ew.write("\n")
	if err == nil {
		err = ew.err
	}
	if err != nil {
		return fmt.Errorf("write junit findings: %w", err)
	}
	return nil
}

// junitFailedDocs counts the documents with an error finding.
func junitFailedDocs(fs []finding.Finding) int {
	failed := map[int]bool{}
	for _, f := range fs {
		if f.Severity == finding.Error {
			failed[f.Document] = true
		}
	}
	return len(failed)
}

// junitSuiteOf builds the suite of one file: a testcase per document, or
// one "all documents" testcase when the document count is unknown.
func junitSuiteOf(jf *junitFile, fs []finding.Finding) junitSuite {
	suite := junitSuite{Name: jf.name}
	if jf.docs == 0 {
		suite.Cases = append(suite.Cases, junitCase{Name: "all documents", Classname: jf.name})
	}
	byDoc := map[int][]finding.Finding{}
	for _, f := range fs {
		byDoc[f.Document] = append(byDoc[f.Document], f)
	}
	for d := 0; d < jf.docs; d++ {
		tc := junitCase{Name: fmt.Sprintf("document %d", d+1), Classname: jf.name}
		var errs, others []string
		msg := ""
		for _, f := range byDoc[d] {
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
	return suite
}
