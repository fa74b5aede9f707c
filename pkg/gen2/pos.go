package gen2

import (
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/vektah/gqlparser/v2/ast"
	"go.yaml.in/yaml/v3"
)

// positions places gen2's findings in a document: at a GraphQL position
// of its TransformSchema as validate places its own findings
// (validate.SchemaLocation: inside a block or flow scalar of the spec, or
// in the schema file TransformSchemaFile names), or at a YAML node.
type positions struct {
	doc *spec.Document
}

func newPositions(d *spec.Document) positions { return positions{doc: d} }

// at returns a finding's location for a GraphQL position (nil: the
// schema as a whole, or the document when it has no schema).
func (p positions) at(pos *ast.Position) finding.Finding {
	if f, ok := validate.SchemaLocation(p.doc, pos); ok {
		return f
	}
	return p.node(nil, "")
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
