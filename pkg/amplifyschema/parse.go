package amplifyschema

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// parseTransformSchema parses a TransformSchema into gqlparser's AST.
//
// gqlparser's parser costs about as much per file as the YAML decoder does
// for the whole file (token copies, a closure per list, an allocation per
// position), and graphql-valid runs on every document. fastParseSchema
// handles the shape nearly every TransformSchema has — ASCII text of type,
// input, enum, scalar, interface and union definitions with directives,
// arguments and constant values — and builds the AST gqlparser would build
// (the same names, kinds, values and positions; comments are left out, as
// nothing reads them). Anything else (descriptions, block strings, escapes,
// extensions, schema and directive definitions, non-ASCII text) and every
// syntax error go to gqlparser, so its error messages are kept word for
// word. TestFastParseMatchesGqlparser and FuzzFastParse hold the two
// parsers to the same result.
//
// The fast parser's document lives in fp's chunks, valid until fp parses
// again.
func parseTransformSchema(fp *fastParser, src *ast.Source) (*ast.SchemaDocument, error) {
	if sd, ok := fp.parse(src); ok {
		return sd, nil
	}
	return parser.ParseSchema(src)
}

// Token kinds of the fast parser besides punctuators, which are their own
// byte.
const (
	tokEOF    = 0
	tokName   = 'N'
	tokInt    = 'I'
	tokFloat  = 'F'
	tokString = 'S'
)

// Byte classes of the fast lexer.
const (
	classOther = iota
	classPunct
	classNameStart // _ A-Z a-z
	classDigit     // 0-9: continues a name
)

var byteClass = func() (t [256]uint8) {
	for _, c := range []byte("!&():=@[]{}|") {
		t[c] = classPunct
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = classNameStart, classNameStart
	}
	t['_'] = classNameStart
	for c := '0'; c <= '9'; c++ {
		t[c] = classDigit
	}
	return t
}()

// maxFastDepth bounds list and object nesting; deeper input goes to
// gqlparser, which has its own limit and message.
const maxFastDepth = 64

type fastParser struct {
	src  *ast.Source
	in   string
	off  int // byte offset of the next unread byte (ASCII: also the rune offset)
	line int
	// lineStart is the offset of the current line's first byte.
	lineStart int

	// The current (peeked) token and its position (start and end offsets,
	// line and column).
	kind                     byte
	val                      string
	start, end, tokLine, col int

	depth  int
	failed bool

	// Slabs: nodes are carved from chunks to save an allocation each.
	positions slab[ast.Position]
	values    slab[ast.Value]
	children  slab[ast.ChildValue]
	dirs      slab[ast.Directive]
	args      slab[ast.Argument]
	fields    slab[ast.FieldDefinition]
	types     slab[ast.Type]
	defs      slab[ast.Definition]

	dirList   ptrList[ast.Directive]
	argList   ptrList[ast.Argument]
	childList ptrList[ast.ChildValue]
	fieldList ptrList[ast.FieldDefinition]
}

// slab hands out pointers to zero values carved from chunks. reset makes
// the chunks available again, so a parser reused for the next document
// allocates nothing for its nodes.
type slab[T any] struct {
	chunks [][]T
	cur, n int // chunks[cur][:n] are handed out
	chunk  int // length of a new chunk
}

func (s *slab[T]) new() *T {
	x := s.slot()
	var zero T
	*x = zero
	return x
}

// slot is new without the zeroing, for a caller that sets the whole value.
func (s *slab[T]) slot() *T {
	if len(s.chunks) == 0 || s.n == len(s.chunks[s.cur]) {
		if len(s.chunks) > 0 {
			s.cur++
		}
		if s.cur == len(s.chunks) {
			s.chunks = append(s.chunks, make([]T, max(s.chunk, 8)))
		}
		s.n = 0
	}
	x := &s.chunks[s.cur][s.n]
	s.n++
	return x
}

// reset makes the chunks available again. Slots are zeroed as they are
// handed out, not here: clearing costs as much as allocating did. Until
// then a slot may keep a part of an earlier document alive, which bounds
// what is kept to the chunks themselves.
func (s *slab[T]) reset() {
	s.cur, s.n = 0, 0
}

// ptrList backs node lists (the directives of a field, the arguments of a
// directive, ...): a list is collected on a stack, then copied into a slice
// of exactly its length carved from a chunk. Lists nest (values in values),
// hence the stack.
type ptrList[T any] struct {
	stack []*T
	items slab[*T]
}

func (l *ptrList[T]) push(x *T) { l.stack = append(l.stack, x) }

func (l *ptrList[T]) mark() int { return len(l.stack) }

// take returns the items pushed since mark and pops them; nil when none,
// as gqlparser leaves an empty list.
func (l *ptrList[T]) take(mark int) []*T {
	items := l.stack[mark:]
	k := len(items)
	var out []*T
	switch s := &l.items; {
	case k == 0:
		return nil
	case k > s.chunk:
		out = make([]*T, k) // a long list: its own slice
	default:
		if len(s.chunks) == 0 || s.n+k > len(s.chunks[s.cur]) {
			if len(s.chunks) > 0 {
				s.cur++
			}
			if s.cur == len(s.chunks) {
				s.chunks = append(s.chunks, make([]*T, s.chunk))
			}
			s.n = 0
		}
		out = s.chunks[s.cur][s.n : s.n+k : s.n+k]
		s.n += k
	}
	copy(out, items)
	l.stack = l.stack[:mark]
	return out
}

func (l *ptrList[T]) reset() {
	l.items.reset()
	l.stack = l.stack[:0]
}

// newFastParser makes a parser; parse can be called on it repeatedly.
func newFastParser() *fastParser {
	p := &fastParser{}
	p.positions.chunk = 256
	p.types.chunk = 64
	p.defs.chunk = 16
	p.fields.chunk = 64
	p.dirs.chunk = 32
	p.args.chunk = 32
	p.values.chunk = 128
	p.children.chunk = 64
	p.dirList.items.chunk = 64
	p.argList.items.chunk = 64
	p.childList.items.chunk = 64
	p.fieldList.items.chunk = 64
	return p
}

// fastParseSchema parses src, or reports false when gqlparser must.
func fastParseSchema(src *ast.Source) (*ast.SchemaDocument, bool) {
	return newFastParser().parse(src)
}

// parse parses src, or reports false when gqlparser must. The document it
// returns lives in the parser's chunks: it is valid until the next parse.
func (p *fastParser) parse(src *ast.Source) (*ast.SchemaDocument, bool) {
	in := src.Input
	for i := 0; i < len(in); i++ {
		if c := in[i]; c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n') {
			return nil, false // non-ASCII, CR, control characters
		}
	}
	p.positions.reset()
	p.values.reset()
	p.children.reset()
	p.dirs.reset()
	p.args.reset()
	p.fields.reset()
	p.types.reset()
	p.defs.reset()
	p.dirList.reset()
	p.argList.reset()
	p.childList.reset()
	p.fieldList.reset()
	p.src, p.in, p.off, p.line, p.lineStart = src, in, 0, 1, 0
	p.depth, p.failed = 0, false
	p.next()
	sd := p.document()
	if p.failed {
		return nil, false
	}
	return sd, true
}

func (p *fastParser) fail() {
	p.failed = true
	p.kind = tokEOF
}

// newPos returns the current token's position.
func (p *fastParser) newPos() *ast.Position {
	pos := p.positions.slot()
	*pos = ast.Position{Start: p.start, End: p.end, Line: p.tokLine, Column: p.col, Src: p.src}
	return pos
}

// next reads the next token into kind, val and pos, as gqlparser's lexer
// would (positions in runes; the input is ASCII, so bytes).
func (p *fastParser) next() {
	if p.failed {
		return
	}
	in := p.in
	i := p.off
	for i < len(in) {
		switch c := in[i]; c {
		case ' ', '\t', ',':
			i++
			continue
		case '\n':
			i++
			p.line++
			p.lineStart = i
			continue
		case '#':
			for i < len(in) && in[i] != '\n' {
				i++
			}
			continue
		}
		break
	}
	start := i
	p.start, p.tokLine, p.col = start, p.line, start-p.lineStart+1
	p.val = ""
	if i >= len(in) {
		p.kind = tokEOF
		p.end = start
		p.off = i
		return
	}
	c := in[i]
	switch class := byteClass[c]; {
	case class == classPunct:
		p.kind = c
		i++
	case class == classNameStart:
		i++
		for i < len(in) && byteClass[in[i]] >= classNameStart {
			i++
		}
		p.kind, p.val = tokName, in[start:i]
	case c == '-' || (c >= '0' && c <= '9'):
		var ok bool
		i, p.kind, ok = scanNumber(in, i)
		if !ok {
			p.fail()
			return
		}
		p.val = in[start:i]
	case c == '"':
		if len(in) > i+2 && in[i+1] == '"' && in[i+2] == '"' {
			p.fail() // block string
			return
		}
		j := i + 1
		for j < len(in) && in[j] != '"' {
			if in[j] == '\\' || in[j] == '\n' {
				p.fail() // escapes and unterminated strings
				return
			}
			j++
		}
		if j >= len(in) {
			p.fail()
			return
		}
		// gqlparser's string token covers the quotes but its column is
		// that of the first character inside them.
		p.kind, p.val = tokString, in[i+1:j]
		p.col++
		i = j + 1
	default:
		p.fail() // $, ..., stray characters
		return
	}
	p.end = i
	p.off = i
}

// scanNumber scans a number at in[i:] as gqlparser's lexer does:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?. It reports false for
// anything gqlparser would reject, or lex differently from the plain case
// (a name or a dot right after the number).
func scanNumber(in string, i int) (int, byte, bool) {
	digits := func() int {
		n := 0
		for i < len(in) && in[i] >= '0' && in[i] <= '9' {
			i++
			n++
		}
		return n
	}
	kind := byte(tokInt)
	if in[i] == '-' {
		i++
	}
	if i < len(in) && in[i] == '0' {
		i++
		if i < len(in) && in[i] >= '0' && in[i] <= '9' {
			return i, 0, false
		}
	} else if digits() == 0 {
		return i, 0, false
	}
	if i < len(in) && in[i] == '.' {
		i++
		kind = tokFloat
		if digits() == 0 {
			return i, 0, false
		}
	}
	if i < len(in) && (in[i] == 'e' || in[i] == 'E') {
		i++
		kind = tokFloat
		if i < len(in) && (in[i] == '+' || in[i] == '-') {
			i++
		}
		if digits() == 0 {
			return i, 0, false
		}
	}
	if i < len(in) {
		if c := in[i]; c == '.' || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			return i, 0, false
		}
	}
	return i, kind, true
}

func (p *fastParser) expect(kind byte) {
	if p.kind != kind {
		p.fail()
		return
	}
	p.next()
}

func (p *fastParser) skip(kind byte) bool {
	if p.failed || p.kind != kind {
		return false
	}
	p.next()
	return true
}

func (p *fastParser) name() string {
	if p.kind != tokName {
		p.fail()
		return ""
	}
	v := p.val
	p.next()
	return v
}

func (p *fastParser) document() *ast.SchemaDocument {
	sd := &ast.SchemaDocument{Position: p.newPos()}
	for p.kind != tokEOF && !p.failed {
		if p.kind != tokName {
			p.fail()
			break
		}
		var def *ast.Definition
		switch p.val {
		case "type":
			def = p.fieldsType(ast.Object)
		case "interface":
			def = p.fieldsType(ast.Interface)
		case "input":
			def = p.inputType()
		case "enum":
			def = p.enumType()
		case "scalar":
			p.next()
			def = p.newDef(ast.Scalar)
			def.Name = p.name()
			def.Directives = p.directives()
		case "union":
			def = p.unionType()
		default:
			p.fail() // schema, directive, extend, or an error
		}
		if def != nil {
			sd.Definitions = append(sd.Definitions, def)
		}
	}
	return sd
}

// newDef returns a definition of kind at the current token.
func (p *fastParser) newDef(kind ast.DefinitionKind) *ast.Definition {
	d := p.defs.slot()
	*d = ast.Definition{Kind: kind, Position: p.newPos()}
	return d
}

// fieldsType parses an object or interface type definition.
func (p *fastParser) fieldsType(kind ast.DefinitionKind) *ast.Definition {
	p.next() // keyword
	def := p.newDef(kind)
	def.Name = p.name()
	if p.kind == tokName && p.val == "implements" {
		p.next()
		p.skip('&')
		def.Interfaces = append(def.Interfaces, p.name())
		for p.skip('&') {
			def.Interfaces = append(def.Interfaces, p.name())
		}
	}
	def.Directives = p.directives()
	if p.skip('{') {
		if p.kind == '}' {
			p.fail()
		}
		m := p.fieldList.mark()
		for p.kind != '}' && !p.failed {
			if p.kind == tokString {
				p.fail() // description
				break
			}
			f := p.fields.new()
			f.Position = p.newPos()
			f.Name = p.name()
			f.Arguments = p.argumentDefs()
			p.expect(':')
			f.Type = p.typeRef()
			f.Directives = p.directives()
			p.fieldList.push(f)
		}
		def.Fields = p.fieldList.take(m)
		p.next()
	}
	return def
}

func (p *fastParser) inputType() *ast.Definition {
	p.next() // keyword
	def := p.newDef(ast.InputObject)
	def.Name = p.name()
	def.Directives = p.directives()
	if p.skip('{') {
		if p.kind == '}' {
			p.fail()
		}
		m := p.fieldList.mark()
		for p.kind != '}' && !p.failed {
			if p.kind == tokString {
				p.fail()
				break
			}
			f := p.fields.new()
			f.Position = p.newPos()
			f.Name = p.name()
			p.expect(':')
			f.Type = p.typeRef()
			if p.skip('=') {
				f.DefaultValue = p.value()
			}
			f.Directives = p.directives()
			p.fieldList.push(f)
		}
		def.Fields = p.fieldList.take(m)
		p.next()
	}
	return def
}

func (p *fastParser) enumType() *ast.Definition {
	p.next() // keyword
	def := p.newDef(ast.Enum)
	def.Name = p.name()
	def.Directives = p.directives()
	if p.skip('{') {
		if p.kind == '}' {
			p.fail()
		}
		for p.kind != '}' && !p.failed {
			if p.kind == tokString {
				p.fail()
				break
			}
			v := &ast.EnumValueDefinition{Position: p.newPos()}
			v.Name = p.name()
			v.Directives = p.directives()
			def.EnumValues = append(def.EnumValues, v)
		}
		p.next()
	}
	return def
}

func (p *fastParser) unionType() *ast.Definition {
	p.next() // keyword
	def := p.newDef(ast.Union)
	def.Name = p.name()
	def.Directives = p.directives()
	if p.skip('=') {
		p.skip('|')
		def.TypePositions = append(def.TypePositions, p.newPos())
		def.Types = append(def.Types, p.name())
		for p.skip('|') {
			def.TypePositions = append(def.TypePositions, p.newPos())
			def.Types = append(def.Types, p.name())
		}
	}
	return def
}

func (p *fastParser) argumentDefs() ast.ArgumentDefinitionList {
	if !p.skip('(') {
		return nil
	}
	if p.kind == ')' {
		p.fail()
	}
	var args ast.ArgumentDefinitionList
	for p.kind != ')' && !p.failed {
		if p.kind == tokString {
			p.fail()
			break
		}
		a := &ast.ArgumentDefinition{Position: p.newPos()}
		a.Name = p.name()
		p.expect(':')
		a.Type = p.typeRef()
		if p.skip('=') {
			a.DefaultValue = p.value()
		}
		a.Directives = p.directives()
		args = append(args, a)
	}
	p.next()
	return args
}

func (p *fastParser) typeRef() *ast.Type {
	t := p.types.new()
	if p.skip('[') {
		if p.depth++; p.depth > maxFastDepth {
			p.fail()
			return nil
		}
		t.Position = p.newPos()
		t.Elem = p.typeRef()
		p.expect(']')
		p.depth--
	} else {
		t.Position = p.newPos()
		t.NamedType = p.name()
	}
	if p.skip('!') {
		t.NonNull = true
	}
	return t
}

func (p *fastParser) directives() ast.DirectiveList {
	if p.kind != '@' {
		return nil
	}
	m := p.dirList.mark()
	for p.kind == '@' && !p.failed {
		p.next()
		d := p.dirs.new()
		d.Position = p.newPos()
		d.Name = p.name()
		d.Arguments = p.arguments()
		p.dirList.push(d)
	}
	return p.dirList.take(m)
}

func (p *fastParser) arguments() ast.ArgumentList {
	if !p.skip('(') {
		return nil
	}
	if p.kind == ')' {
		p.fail()
	}
	m := p.argList.mark()
	for p.kind != ')' && !p.failed {
		a := p.args.new()
		a.Position = p.newPos()
		a.Name = p.name()
		p.expect(':')
		a.Value = p.value()
		p.argList.push(a)
	}
	p.next()
	return p.argList.take(m)
}

// value parses a constant value.
func (p *fastParser) value() *ast.Value {
	var kind ast.ValueKind
	switch p.kind {
	case '[', '{':
		if p.depth++; p.depth > maxFastDepth {
			p.fail()
			return nil
		}
		defer func() { p.depth-- }()
		list := p.kind == '['
		end := byte('}')
		v := p.values.new()
		v.Kind, v.Position = ast.ObjectValue, p.newPos()
		if list {
			v.Kind, end = ast.ListValue, ']'
		}
		p.next()
		m := p.childList.mark()
		for p.kind != end && !p.failed {
			c := p.children.new()
			if !list {
				c.Position = p.newPos()
				c.Name = p.name()
				p.expect(':')
			}
			c.Value = p.value()
			p.childList.push(c)
		}
		v.Children = p.childList.take(m)
		p.next()
		p.depth--
		return v
	case tokInt:
		kind = ast.IntValue
	case tokFloat:
		kind = ast.FloatValue
	case tokString:
		kind = ast.StringValue
	case tokName:
		switch p.val {
		case "true", "false":
			kind = ast.BooleanValue
		case "null":
			kind = ast.NullValue
		default:
			kind = ast.EnumValue
		}
	default:
		p.fail()
		return nil
	}
	v := p.values.new()
	v.Kind, v.Raw, v.Position = kind, p.val, p.newPos()
	p.next()
	return v
}
