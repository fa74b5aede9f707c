package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// jsonFormatter writes the versioned JSON findings document described in
// the package documentation.
type jsonFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*jsonFormatter)(nil)

// jsonHead holds the scalar members of the JSON findings document; the
// lists follow it, written one item at a time.
type jsonHead struct {
	FormatVersion string         `json:"format_version"`
	Valid         bool           `json:"valid"`
	Files         int            `json:"files"`
	Documents     int            `json:"documents"`
	Counts        finding.Counts `json:"counts"`
	// Config is the configuration file applied; absent when none was.
	Config string `json:"config,omitempty"`
}

func (j *jsonFormatter) Format(w io.Writer, r *FindingsResult) error {
	c := finding.Count(r.Findings)
	jw := newJSONWriter(w)
	jw.object("", jsonHead{
		FormatVersion: FindingsFormatVersion,
		Valid:         c.Errors == 0 && len(r.Errors) == 0,
		Files:         r.Files,
		Documents:     r.Documents,
		Counts:        c,
		Config:        r.Config,
	}, func() {
		jw.member("  ", "inputs")
		jsonArray(jw, "  ", r.Inputs)
		jw.member("  ", "findings")
		jsonArray(jw, "  ", r.Findings)
		jw.member("  ", "errors")
		jsonArray(jw, "  ", r.Errors)
	})
	jw.ew.write("\n")
	if jw.ew.err != nil {
		return fmt.Errorf("write json findings: %w", jw.ew.err)
	}
	return nil
}

// jsonWriter writes a JSON document piece by piece, indented with two
// spaces exactly as json.Encoder.SetIndent("", "  ") indents it whole, so
// that a list of many findings is never held in memory as one value.
type jsonWriter struct {
	ew  *errorWriter
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONWriter(w io.Writer) *jsonWriter {
	jw := &jsonWriter{ew: &errorWriter{w: w}}
	jw.enc = json.NewEncoder(&jw.buf)
	jw.enc.SetEscapeHTML(false)
	return jw
}

// encode marshals v indented, continuation lines starting with prefix,
// without the final newline; ok is false once writing has failed.
func (jw *jsonWriter) encode(prefix string, v any) (s string, ok bool) {
	if jw.ew.err != nil {
		return "", false
	}
	jw.buf.Reset()
	jw.enc.SetIndent(prefix, "  ")
	if err := jw.enc.Encode(v); err != nil {
		jw.ew.err = err
		return "", false
	}
	return strings.TrimSuffix(jw.buf.String(), "\n"), true
}

// value writes v as indented JSON whose continuation lines start with
// prefix; the first line is written where the output stands.
func (jw *jsonWriter) value(prefix string, v any) {
	if s, ok := jw.encode(prefix, v); ok {
		jw.ew.write(s)
	}
}

// object writes the object v, then, before its closing brace, the members
// that more writes (each through member). v must marshal to an object.
func (jw *jsonWriter) object(prefix string, v any, more func()) {
	s, ok := jw.encode(prefix, v)
	if !ok {
		return
	}
	s = strings.TrimSuffix(s, "}")
	jw.ew.write(strings.TrimRight(s, "\n "))
	more()
	jw.ew.write("\n" + prefix + "}")
}

// member starts the next member of an object being written by object:
// ",\n", the indentation and the quoted name.
func (jw *jsonWriter) member(indent, name string) {
	jw.ew.printf(",\n%s%q: ", indent, name)
}

// jsonArray writes items as a JSON array, one item at a time; an empty or
// nil list is written as [].
func jsonArray[T any](jw *jsonWriter, prefix string, items []T) {
	if len(items) == 0 {
		jw.ew.write("[]")
		return
	}
	jw.ew.write("[\n")
	inner := prefix + "  "
	for i := range items {
		if i > 0 {
			jw.ew.write(",\n")
		}
		jw.ew.write(inner)
		jw.value(inner, &items[i])
	}
	jw.ew.write("\n" + prefix + "]")
}
