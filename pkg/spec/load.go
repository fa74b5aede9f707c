package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/bapi-dev/bapi/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// The loader: one file parsed into documents and loader findings.

type loader struct {
	name string
	data []byte
	file *File
	// lines indexes data for every document, once needed.
	lines *sharedLines
	// dropped counts findings over MaxFindings, which are not kept.
	dropped int
}

// MoreNotShown words the finding that counts those dropped past a cap:
// "900 more problems in this file are not shown; ...".
func MoreNotShown(n int, what, where string) string {
	if n == 1 {
		return fmt.Sprintf("1 more %s in %s is not shown; fix the ones above first", what, where)
	}
	return fmt.Sprintf("%d more %ss in %s are not shown; fix the ones above first", n, what, where)
}

// MaxFindings caps the loader findings of one file: a hostile file can hold
// a defect on every line. pkg/validate caps each rule's findings in one
// document alike.
const MaxFindings = 100

func (l *loader) add(doc, line, col int, rule, format string, args ...any) {
	if len(l.file.Findings) >= MaxFindings {
		l.dropped++
		return
	}
	l.file.Findings = append(l.file.Findings, finding.Finding{
		Location: finding.Location{File: l.name, Line: line, Column: col},
		Severity: finding.Error,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
		Document: doc,
	})
}

func (l *loader) load(ctx context.Context) {
	if !l.checkEncoding() {
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(l.data))
	prevEnd := 0 // last line of the previous document
	for i := 0; ; i++ {
		if ctx.Err() != nil {
			return
		}
		var doc yaml.Node
		err := decode(dec, &doc)
		if errors.Is(err, io.EOF) {
			if i == 0 {
				l.add(0, 1, 1, RuleEmptyDocument, "file has no YAML document; write a mapping such as \"AppId: ...\"")
			}
			return
		}
		l.file.Documents = i + 1
		if err != nil {
			// Tabs are looked for only now: clean files need no scan.
			l.syntaxError(i, err, prevEnd)
			return
		}
		prevEnd = max(prevEnd, lastLine(&doc))
		l.document(i, &doc)
	}
}

// decode parses the next document, turning a parser panic into an error.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}
