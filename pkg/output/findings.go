package output

import (
	"fmt"
	"io"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// FindingsFormatVersion is the version of the json findings format.
const FindingsFormatVersion = "1.0"

// DefaultFindingsFormat is the findings format used when none is named.
const DefaultFindingsFormat = "text"

// FindingsResult is what a validate run found, as the formats need it.
type FindingsResult struct {
	// Findings, sorted with finding.Compare.
	Findings []finding.Finding
	// Files is the number of files read; Documents the number of YAML
	// documents seen in them, loaded or not: the sum of Inputs[].Documents.
	Files     int
	Documents int
	// Inputs lists every file read, in source order.
	Inputs []Input
	// Rules describes the rules that can report findings (for SARIF).
	Rules []Rule
	// Config is the configuration file (.bapi.yaml or --config) the run
	// applied, as found; "" when there was none.
	Config string
	// Errors are failures of the run itself, not findings: an input that
	// could not be read, an interrupted run. The machine formats (json,
	// sarif, github, junit) still write a whole document that carries them;
	// text and compact write nothing for them, since the caller reports
	// them on standard error.
	Errors []ToolError
}

// ToolError is one failure of the run itself.
type ToolError struct {
	// File names the input the failure is about, when there is one.
	File string `json:"file,omitempty"`
	// Message says what failed, as the error on standard error says it.
	Message string `json:"message"`
}

// Input is one file that was read.
type Input struct {
	Name string `json:"name"`
	// Digest is the hex SHA-256 of the file's bytes; empty (and left out of
	// JSON) for a file over the size cap, which is not read to the end.
	Digest string `json:"sha256,omitempty"`
	// Documents is the number of YAML documents in the file, including
	// those that failed to load; 0 when the file failed as a whole.
	Documents int `json:"documents"`
}

// Rule is the metadata of one validation rule.
type Rule struct {
	ID       string
	Severity finding.Severity
	Summary  string
	DocURL   string
}

// FindingsOptions configure a findings formatter. The caller decides
// everything environment-dependent (terminal, NO_COLOR) and says so here.
type FindingsOptions struct {
	// Color enables ANSI colours (text format only).
	Color bool
	// ToolName, ToolVersion and InformationURI describe bapi (SARIF).
	ToolName       string
	ToolVersion    string
	InformationURI string
}

// FindingsFormatter writes a findings result in one format.
type FindingsFormatter interface {
	Format(w io.Writer, r *FindingsResult) error
}

// FindingsFormats is the registry of findings formats: name to constructor.
// It feeds both the --format help and the unknown-name error.
func FindingsFormats() map[string]func(FindingsOptions) FindingsFormatter {
	return map[string]func(FindingsOptions) FindingsFormatter{
		"text":    func(o FindingsOptions) FindingsFormatter { return &textFormatter{opts: o} },
		"compact": func(FindingsOptions) FindingsFormatter { return compactFormatter{} },
		"json":    func(o FindingsOptions) FindingsFormatter { return &jsonFormatter{opts: o} },
		"sarif":   func(o FindingsOptions) FindingsFormatter { return &sarifFormatter{opts: o} },
		"github":  func(o FindingsOptions) FindingsFormatter { return &githubFormatter{opts: o} },
		"junit":   func(o FindingsOptions) FindingsFormatter { return &junitFormatter{opts: o} },
	}
}

// FindingsFormatNames lists the registered findings formats, sorted.
func FindingsFormatNames() []string { return formatNames(FindingsFormats()) }

// NewFindingsFormatter returns the named findings formatter, or an error
// listing the known names.
func NewFindingsFormatter(name string, opts FindingsOptions) (FindingsFormatter, error) {
	return newFormatter(FindingsFormats(), "format", name, opts)
}

// errorWriter remembers the first write error, so formatters can write
// many pieces and check once.
type errorWriter struct {
	w   io.Writer
	err error
}

// Write lets an errorWriter stand for its writer (for encoders): after the
// first error it writes nothing and returns that error.
func (e *errorWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	var n int
	n, e.err = e.w.Write(p)
	return n, e.err
}

func (e *errorWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

func (e *errorWriter) write(s string) {
	if e.err == nil {
		_, e.err = io.WriteString(e.w, s)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
