package validate

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/vektah/gqlparser/v2/ast"
	"go.yaml.in/yaml/v3"
)

// schemaText is a TransformSchema value with what is needed to map a
// position inside it (GraphQL line and column, 1-based, column in runes)
// back to the YAML file.
//
// Block scalars (| and >): each content line of the file is found, after its
// indentation, in the value; a position maps to the file line holding it and
// its column plus the block's indentation. The indentation comes from the raw
// file (Document.Source), so it is exact even for folded (>) blocks, whose
// lines the value joins. Flow scalars: a one-line plain or quoted string maps
// to the same line, the column shifted by the opening quote. Escape sequences
// in double-quoted strings (\n, \", \u00e9) take more columns in the file than
// in the value, so columns after one are approximate; positions on later
// lines of a multi-line flow scalar fall back to the scalar's start.
//
// A schema read from TransformSchemaFile (file set) maps to the .graphql
// file holding the position, at its own line and column; node is then the
// TransformSchemaFile key.
type schemaText struct {
	// value is what the GraphQL parser reads; positions are mapped in
	// text, which differs only in a schema file with CRLF line endings
	// (see newFileSchemaText).
	value string
	text  string
	node  *yaml.Node
	file  *spec.Schema
	// segs is computed on the first position mapped (most schemas have no
	// finding, and splitting the file into lines costs as much as parsing).
	segs    []segment
	segsSet bool
	// lines indexes value, on the first position mapped.
	lines *spec.Lines
	doc   *spec.Document
	key   *yaml.Node
}

// segment says that the value, from byte offset off, is file line line
// starting at column col.
type segment struct{ off, line, col int }

func newSchemaText(doc *spec.Document, key, node *yaml.Node) *schemaText {
	return &schemaText{value: node.Value, text: node.Value, node: node, doc: doc, key: key}
}

// newFileSchemaText is the schema doc read from its TransformSchemaFile.
func newFileSchemaText(doc *spec.Document) *schemaText {
	// gqlparser's lexer counts the column of a token on a line after a
	// CRLF one too far (it starts the line at the LF), so the parser reads
	// the text with CRLF made LF: the same lines and columns, counted right.
	s := doc.Schema
	value := s.Text
	if strings.Contains(value, "\r\n") {
		value = strings.ReplaceAll(value, "\r\n", "\n")
	}
	return &schemaText{value: value, text: s.Text, node: s.Key, doc: doc, key: s.Key, file: s}
}

// finding fills in f's location and pointer for the GraphQL position pos
// (nil: the schema as a whole). A position in a schema file is in that
// file, with the spec's TransformSchemaFile key as related location.
func (st *schemaText) finding(p *Pass, pos *ast.Position, f finding.Finding) finding.Finding {
	f, inFile := st.locate(pos, f)
	if inFile {
		f.Related = append(f.Related, namedBy(p, st.node))
	}
	return f
}

// docTransformSchema is transformSchema for a document.
func docTransformSchema(doc *spec.Document) (*schemaText, bool) {
	if doc.Schema != nil {
		return newFileSchemaText(doc), true
	}
	rc := mapGet(doc.Root, "ResourceConfig")
	if rc == nil || rc.Kind != yaml.MappingNode {
		return nil, false
	}
	k, v := mapKey(rc, "TransformSchema")
	if _, ok := str(v); !ok {
		return nil, false
	}
	return newSchemaText(doc, k, v), true
}

// SchemaLocation is where the GraphQL position pos (nil: the schema as a
// whole) of the document's TransformSchema is, as validate's findings
// place it: f has the file, line, column, document and JSON pointer set
// (a position in a TransformSchemaFile is in that file, with no pointer).
// ok is false when the document has no TransformSchema string or file.
// pkg/gen2 places its findings with it.
func SchemaLocation(doc *spec.Document, pos *ast.Position) (f finding.Finding, ok bool) {
	st, ok := docTransformSchema(doc)
	if !ok {
		return finding.Finding{}, false
	}
	f.File, f.Document = doc.File, doc.Index
	f, _ = st.locate(pos, f)
	return f, true
}

// locate fills in f's location and pointer for the GraphQL position pos
// (nil: the schema as a whole); inFile says that the location is in a
// schema file rather than the spec.
func (st *schemaText) locate(pos *ast.Position, f finding.Finding) (_ finding.Finding, inFile bool) {
	if st.file == nil {
		f.Line, f.Column = st.node.Line, st.node.Column
		if pos != nil {
			f.Line, f.Column = st.pos(pos.Line, pos.Column)
		}
		f.Pointer = transformSchemaPtr
		return f, false
	}
	f.Pointer = "/ResourceConfig/" + spec.SchemaFileKey
	if pos == nil {
		f.Line, f.Column = st.node.Line, st.node.Column
		return f, false
	}
	part, within, ok := st.file.Locate(st.offset(pos.Line, pos.Column))
	if !ok {
		f.Line, f.Column = st.node.Line, st.node.Column
		return f, false
	}
	// Each part starts a line of the joined text, so its lines are the
	// joined text's, counted from the part's first.
	lines := st.index()
	first, _ := lines.Position(part.Offset)
	line, col := lines.Position(part.Offset + within)
	line -= first - 1
	f.File, f.Document, f.Line, f.Column, f.Pointer = part.Name, 0, line, col, ""
	return f, true
}

// namedBy is the related location of a finding in a schema file: the
// TransformSchemaFile key of the pass's document.
func namedBy(p *Pass, key *yaml.Node) finding.Related {
	return finding.Related{
		Location: finding.Location{File: p.Doc.File, Line: key.Line, Column: key.Column},
		Message:  "named by TransformSchemaFile of " + addressOf(p),
	}
}

// addressOf names the pass's document by its address, or by its document
// number when the address is incomplete.
func addressOf(p *Pass) string {
	app, env, res, _, ok := docAddress(p)
	if !ok {
		return fmt.Sprintf("document %d", p.Doc.Index+1)
	}
	return app + "/" + env + "/" + res
}

// index returns the value's line index, built on first use.
func (st *schemaText) index() *spec.Lines {
	if st.lines == nil {
		st.lines = spec.NewLines(st.text)
	}
	return st.lines
}

// offset is the byte offset in the value of a 1-based line and rune column.
func (st *schemaText) offset(line, col int) int {
	return st.index().Offset(line, col)
}

// segments returns the block scalar's content lines, computing them once.
func (st *schemaText) segments() []segment {
	if !st.segsSet {
		st.segsSet = true
		if st.node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 && st.doc.Source != nil {
			st.segs = blockSegments(st.doc, st.key, st.node)
		}
	}
	return st.segs
}

// blockSegments finds the content lines of the block scalar node in the
// document's file.
func blockSegments(doc *spec.Document, key, node *yaml.Node) []segment {
	header, ok := doc.SourceLine(node.Line)
	if !ok {
		return nil
	}
	// An explicit indentation indicator (|2) fixes the indent relative to
	// the parent's; otherwise the first non-blank line sets it.
	indent := -1
	if c := node.Column - 1; c >= 0 && c < len(header) {
		for _, b := range header[c+1:] {
			if b >= '1' && b <= '9' {
				parent := 0
				if key != nil {
					parent = key.Column - 1
				}
				indent = parent + int(b-'0')
				break
			}
			if b != '+' && b != '-' {
				break
			}
		}
	}
	var segs []segment
	cur := 0
	for i := node.Line + 1; ; i++ {
		line, ok := doc.SourceLine(i)
		if !ok {
			break
		}
		spaces := 0
		for spaces < len(line) && line[spaces] == ' ' {
			spaces++
		}
		if spaces == len(line) {
			continue // blank
		}
		if indent < 0 {
			indent = spaces
		}
		if spaces < indent {
			break
		}
		text := line[indent:]
		j := strings.Index(node.Value[cur:], text)
		if j < 0 {
			break
		}
		segs = append(segs, segment{off: cur + j, line: i, col: indent + 1})
		cur += j + len(text)
	}
	return segs
}

// runes counts the runes of the value from offset a to b: through the line
// index when both are on one line of the value (positions along one long
// line then cost no rescan of it), else by counting.
func (st *schemaText) runes(a, b int) int {
	lines := st.index()
	la, ca := lines.Position(a)
	lb, cb := lines.Position(b)
	if la == lb {
		return cb - ca
	}
	return utf8.RuneCountInString(st.value[a:b])
}

// pos maps a 1-based line and rune column inside the value to the file.
func (st *schemaText) pos(line, col int) (int, int) {
	if line < 1 {
		return st.node.Line, st.node.Column
	}
	col = max(col, 1)
	off := st.offset(line, col)
	if st.node.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		segs := st.segments()
		// The last segment starting at or before off.
		if i := sort.Search(len(segs), func(i int) bool { return segs[i].off > off }); i > 0 {
			s := segs[i-1]
			return s.line, s.col + st.runes(s.off, off)
		}
		// No source to map with: the content starts on the next line.
		return st.node.Line + line, col
	}
	if line > 1 {
		return st.node.Line, st.node.Column
	}
	shift := 0
	if st.node.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 {
		shift = 1
	}
	return st.node.Line, st.node.Column + shift + col - 1
}
