package gen2

import (
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/vektah/gqlparser/v2/ast"
	"go.yaml.in/yaml/v3"
)

// positions maps a position in a document's TransformSchema to a file,
// line and column: inside a literal or folded block scalar of the spec
// (each schema line is a file line, shifted by the block's indentation),
// in the schema file TransformSchemaFile names, or, for a quoted scalar,
// at the scalar.
//
// pkg/validate maps GraphQL positions for its findings the same way
// (rule_graphql_pos.go); the two are to become one in pkg/spec.
type positions struct {
	doc    *spec.Document
	schema *yaml.Node // the TransformSchema value node, or nil
	indent int        // the block's indentation, when block
	block  bool
}

func newPositions(d *spec.Document) positions {
	p := positions{doc: d}
	rc := lookup(d.Root, "ResourceConfig")
	p.schema = lookup(rc, "TransformSchema")
	if p.schema == nil || d.Schema != nil {
		return p
	}
	if p.schema.Style&(yaml.LiteralStyle|yaml.FoldedStyle) == 0 || p.schema.Style&yaml.FoldedStyle != 0 {
		return p
	}
	// The first content line's indentation is the block's.
	lines := strings.Split(string(d.Source), "\n")
	for i := p.schema.Line; i < len(lines); i++ {
		l := lines[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		p.indent = len(l) - len(strings.TrimLeft(l, " "))
		p.block = true
		break
	}
	return p
}

// at returns a finding's location for a GraphQL position (nil: the
// schema as a whole, or the document when it has no schema).
func (p positions) at(pos *ast.Position, pointer string) finding.Finding {
	f := finding.Finding{Document: p.doc.Index, Pointer: pointer}
	f.File = p.doc.File
	switch {
	case p.doc.Schema != nil && pos != nil:
		// A schema file: find the line in the joined text.
		off := lineOffset(p.doc.Schema.Text, pos.Line)
		part, within, ok := p.doc.Schema.Locate(off)
		if ok {
			text := p.doc.Schema.Text[part.Offset : part.Offset+within]
			f.File = part.Name
			f.Line = strings.Count(text, "\n") + 1
			f.Column = pos.Column
			f.Pointer = ""
			return f
		}
	case p.block && pos != nil:
		f.Line = p.schema.Line + pos.Line
		f.Column = p.indent + pos.Column
		return f
	}
	switch {
	case p.doc.Schema != nil && p.doc.Schema.Key != nil:
		f.Line, f.Column = p.doc.Schema.Key.Line, p.doc.Schema.Key.Column
	case p.schema != nil:
		f.Line, f.Column = p.schema.Line, p.schema.Column
	default:
		f.Line, f.Column = p.doc.Root.Line, p.doc.Root.Column
	}
	return f
}

// node returns a finding's location at a YAML node (the document's root
// when nil).
func (p positions) node(n *yaml.Node, pointer string) finding.Finding {
	if n == nil {
		n = p.doc.Root
		pointer = ""
	}
	f := finding.Finding{Document: p.doc.Index, Pointer: pointer}
	f.File = p.doc.File
	f.Line, f.Column = n.Line, n.Column
	return f
}

// lineOffset is the byte offset of the 1-based line in s.
func lineOffset(s string, line int) int {
	off := 0
	for i := 1; i < line; i++ {
		j := strings.IndexByte(s[off:], '\n')
		if j < 0 {
			return len(s)
		}
		off += j + 1
	}
	return off
}
