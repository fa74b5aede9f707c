package lsp

import (
	"regexp"
	"strings"
)

// Finding the GraphQL under a position, and a tolerant scan of GraphQL that
// is being typed (so usually does not parse).

// gqlRegion is the GraphQL text around a position: a whole .graphql file, or
// the TransformSchema block scalar of a YAML spec with its indentation
// removed.
type gqlRegion struct {
	text   string
	cursor int // byte offset of the position in text
	// line0 is the document line of the text's first line, and indent
	// the bytes of indentation removed from each line.
	line0, indent int
}

// position is the document position of a byte offset in the region's
// text; ls are the document's lines.
func (r gqlRegion) position(ls []string, off int, enc string) Position {
	off = min(max(off, 0), len(r.text))
	line := strings.Count(r.text[:off], "\n")
	col := off - (strings.LastIndexByte(r.text[:off], '\n') + 1)
	l := r.line0 + line
	if l >= len(ls) {
		return Position{Line: l}
	}
	b := min(col+r.indent, len(ls[l]))
	return Position{Line: l, Character: units(ls[l][:b], enc)}
}

// transformSchemaKey matches the line that opens an inline schema block.
var transformSchemaKey = regexp.MustCompile(`^(\s*)TransformSchema:\s*[|>][-+0-9]*\s*(#.*)?$`)

// graphqlAt returns the GraphQL region holding pos in a document's text,
// and false when pos is in no GraphQL.
func graphqlAt(path, text string, pos Position, enc string) (gqlRegion, bool) {
	ls := lines(text)
	if strings.EqualFold(strings.TrimPrefix(pathExt(path), "."), "graphql") || strings.EqualFold(pathExt(path), ".gql") {
		return gqlRegion{text: text, cursor: offsetOf(text, ls, pos, enc)}, true
	}
	for i := 0; i < len(ls); i++ {
		m := transformSchemaKey.FindStringSubmatch(ls[i])
		if m == nil {
			continue
		}
		keyIndent := len(m[1])
		end := i + 1
		indent := -1
		for end < len(ls) {
			l := ls[end]
			t := strings.TrimLeft(l, " ")
			if t == "" {
				end++
				continue
			}
			ind := len(l) - len(t)
			if ind <= keyIndent {
				break
			}
			if indent < 0 {
				indent = ind
			}
			end++
		}
		if pos.Line <= i || pos.Line >= end {
			i = end - 1
			continue
		}
		if indent < 0 {
			indent = keyIndent + 2
		}
		var b strings.Builder
		cursor := 0
		for j := i + 1; j < end; j++ {
			l := ls[j]
			body := ""
			if len(l) >= indent {
				body = l[indent:]
			}
			if j == pos.Line {
				at := byteOfUnit(l, pos.Character, enc) - indent
				cursor = b.Len() + min(max(at, 0), len(body))
			}
			b.WriteString(body)
			b.WriteByte('\n')
		}
		return gqlRegion{text: b.String(), cursor: cursor, line0: i + 1, indent: indent}, true
	}
	return gqlRegion{}, false
}

func pathExt(p string) string {
	if i := strings.LastIndexByte(p, '.'); i >= 0 && !strings.ContainsAny(p[i:], `/\`) {
		return p[i:]
	}
	return ""
}

// token is one lexical token of GraphQL: a name, a punctuator, or a string
// (kept whole, quotes included).
type token struct {
	kind byte // 'n' name, 's' string, 'p' punctuator, 'v' other value (number)
	text string
	pos  int
	nl   bool // the first token of its line
}

func isNameByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// lex splits GraphQL into tokens, skipping comments, white space and
// commas; an unterminated string runs to the end.
func lex(s string) []token {
	var out []token
	nl := true
	emit := func(t token) {
		t.nl, nl = nl, false
		out = append(out, t)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\n' {
			nl = true
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == 0xEF:
			i++
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '"':
			start := i
			if strings.HasPrefix(s[i:], `"""`) {
				end := strings.Index(s[i+3:], `"""`)
				if end < 0 {
					i = len(s)
				} else {
					i += 3 + end + 3
				}
			} else {
				i++
				for i < len(s) && s[i] != '"' && s[i] != '\n' {
					if s[i] == '\\' {
						i++
					}
					i++
				}
				if i < len(s) && s[i] == '"' {
					i++
				}
			}
			emit(token{kind: 's', text: s[start:min(i, len(s))], pos: start})
		case isNameByte(c) && !(c >= '0' && c <= '9'):
			start := i
			for i < len(s) && isNameByte(s[i]) {
				i++
			}
			emit(token{kind: 'n', text: s[start:i], pos: start})
		case c >= '0' && c <= '9' || c == '-':
			start := i
			i++
			for i < len(s) && (isNameByte(s[i]) || s[i] == '.') {
				i++
			}
			emit(token{kind: 'v', text: s[start:i], pos: start})
		default:
			if strings.HasPrefix(s[i:], "...") {
				emit(token{kind: 'p', text: "...", pos: i})
				i += 3
				continue
			}
			emit(token{kind: 'p', text: s[i : i+1], pos: i})
			i++
		}
	}
	return out
}

// gqlType is an object type found by scan.
type gqlType struct {
	name   string
	model  bool
	fields []gqlField
}

type gqlField struct {
	name string
	typ  string // the named type, without list or non-null wrappers
}

// scanTypes finds the object types of GraphQL text that may not parse, with
// their fields and whether they are @model.
func scanTypes(toks []token) []*gqlType {
	var out []*gqlType
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.kind != 'n' || (t.text != "type" && t.text != "interface") || i+1 >= len(toks) || toks[i+1].kind != 'n' {
			continue
		}
		ty := &gqlType{name: toks[i+1].text}
		out = append(out, ty)
		j := i + 2
		hdrParen := 0
		for ; j < len(toks) && (toks[j].text != "{" || hdrParen > 0); j++ {
			switch toks[j].text {
			case "(":
				hdrParen++
			case ")":
				hdrParen = max(hdrParen-1, 0)
			}
			if toks[j].text == "@" && j+1 < len(toks) && toks[j+1].text == "model" {
				ty.model = true
			}
			if toks[j].kind == 'n' && (toks[j].text == "type" || toks[j].text == "input" || toks[j].text == "enum") && toks[j-1].text != "@" {
				break
			}
		}
		if j >= len(toks) || toks[j].text != "{" {
			i = j - 1
			continue
		}
		depth, paren := 1, 0
		for j++; j < len(toks) && depth > 0; j++ {
			// A name that starts a line followed by ":" is a field even
			// after brackets left open on an earlier line (the line being
			// typed), at the cost of counting a key of a directive's
			// arguments written on its own line.
			if toks[j].nl && toks[j].kind == 'n' && j+1 < len(toks) && toks[j+1].text == ":" && depth == 1 {
				paren = 0
			}
			switch toks[j].text {
			case "{":
				depth++
			case "}":
				depth--
			case "(":
				paren++
			case ")":
				paren = max(paren-1, 0)
			case ":":
				if depth == 1 && paren == 0 && toks[j-1].kind == 'n' && (j < 2 || toks[j-2].text != "@") {
					f := gqlField{name: toks[j-1].text}
					for k := j + 1; k < len(toks); k++ {
						if toks[k].kind == 'n' {
							f.typ = toks[k].text
							break
						}
						if toks[k].text != "[" {
							break
						}
					}
					ty.fields = append(ty.fields, f)
				}
			}
		}
		i = j - 1
	}
	return out
}

func findType(types []*gqlType, name string) *gqlType {
	for _, t := range types {
		if t.name == name {
			return t
		}
	}
	return nil
}
