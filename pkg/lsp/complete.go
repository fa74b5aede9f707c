package lsp

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// frame is one open bracket before the cursor.
type frame struct {
	kind byte   // 'D' directive arguments, 'O' input object, 'L' list value, 'B' type body, 'P' other parentheses, 'T' list type
	dir  string // the directive a D, O or L frame is inside
	key  string // the last key seen in a D or O frame; the key a L frame is the value of
}

// gqlContext is what the text before the cursor says is expected there.
type gqlContext struct {
	prefix    string // the part of a name (or string) typed so far
	inString  bool
	directive bool // a directive name after "@"
	onField   bool // the directive is on a field (in a type body), not a type
	frames    []frame
	last      string // the last token before the prefix
	fieldType bool   // the type of a field definition
	curType   string // the type whose body or header the cursor is in
	curField  string // the field whose directives the cursor is in
	curFType  string // that field's named type
}

// analyze reads the GraphQL before the cursor.
func analyze(text string, cursor int) gqlContext {
	before := text[:min(cursor, len(text))]
	var c gqlContext
	p := len(before)
	for p > 0 && isNameByte(before[p-1]) {
		p--
	}
	c.prefix = before[p:]
	if p > 0 && before[p-1] == '@' {
		c.directive = true
		p--
	}
	toks := lex(before[:p])
	if n := len(toks); n > 0 && toks[n-1].kind == 's' && !closedString(toks[n-1].text) {
		c.inString = true
		c.prefix = strings.TrimLeft(toks[n-1].text, `"`) + c.prefix
		toks = toks[:n-1]
	}
	if len(toks) > 0 {
		c.last = toks[len(toks)-1].text
	}
	pendingDir := ""
	fieldTypeNext := false
	for i, t := range toks {
		var top *frame
		if n := len(c.frames); n > 0 {
			top = &c.frames[n-1]
		}
		inValue := top != nil && (top.kind == 'D' || top.kind == 'O' || top.kind == 'L')
		switch t.text {
		case "@":
			if i+1 < len(toks) && toks[i+1].kind == 'n' {
				pendingDir = toks[i+1].text
			}
			continue
		case "(":
			if pendingDir != "" && i > 0 && toks[i-1].text == pendingDir {
				c.frames = append(c.frames, frame{kind: 'D', dir: pendingDir})
			} else {
				c.frames = append(c.frames, frame{kind: 'P'})
			}
		case "{":
			if inValue {
				c.frames = append(c.frames, frame{kind: 'O', dir: top.dir})
			} else {
				c.frames = append(c.frames, frame{kind: 'B'})
				c.curField, c.curFType = "", ""
			}
		case "[":
			switch {
			case inValue:
				c.frames = append(c.frames, frame{kind: 'L', dir: top.dir, key: top.key})
			default:
				c.frames = append(c.frames, frame{kind: 'T'})
			}
		case ")", "}", "]":
			if len(c.frames) > 0 {
				c.frames = c.frames[:len(c.frames)-1]
			}
			if t.text == "}" && len(c.frames) == 0 {
				c.curType = ""
			}
		case ":":
			if i > 0 && toks[i-1].kind == 'n' && top != nil {
				switch top.kind {
				case 'D', 'O':
					top.key = toks[i-1].text
				case 'B':
					c.curField, c.curFType = toks[i-1].text, ""
					fieldTypeNext = true
				}
			}
		default:
			if t.kind != 'n' {
				break
			}
			if len(c.frames) == 0 && i > 0 && (toks[i-1].text == "type" || toks[i-1].text == "interface") {
				c.curType = t.text
			}
			if fieldTypeNext && (top != nil && (top.kind == 'B' || top.kind == 'T')) {
				c.curFType = t.text
				fieldTypeNext = false
			}
		}
		if t.text != "@" && (i == 0 || toks[i-1].text != "@") && t.text != "(" {
			pendingDir = ""
		}
	}
	if fieldTypeNext && !c.directive {
		c.fieldType = true
	}
	for i := len(c.frames) - 1; i >= 0; i-- {
		if c.frames[i].kind == 'B' {
			c.onField = true
			break
		}
	}
	return c
}

func closedString(s string) bool {
	if strings.HasPrefix(s, `"""`) {
		return len(s) >= 6 && strings.HasSuffix(s, `"""`)
	}
	return len(s) >= 2 && strings.HasSuffix(s, `"`)
}

// fieldListArgs are the directive arguments whose values name fields.
var fieldListArgs = []string{"fields", "sortKeyFields", "references"}

// completeGraphQL lists the completions at the cursor of a GraphQL region.
func completeGraphQL(cat *catalog, r gqlRegion) []CompletionItem {
	c := analyze(r.text, r.cursor)
	items := []CompletionItem{}
	if c.directive {
		loc := ast.LocationObject
		if c.onField {
			loc = ast.LocationFieldDefinition
		}
		for _, d := range cat.doc.Directives {
			if !slices.Contains(d.Locations, loc) {
				continue
			}
			items = append(items, CompletionItem{
				Label: d.Name, Kind: kindKeyword, Detail: signature(d),
				Documentation: &markupContent{Kind: "markdown", Value: cat.directiveDoc(d)},
			})
		}
		return filterPrefix(items, c.prefix)
	}
	types := scanTypes(lex(r.text))
	if c.fieldType {
		for _, t := range types {
			if t.model {
				items = append(items, CompletionItem{Label: t.name, Kind: kindClass, Detail: "@model type"})
			}
		}
		return filterPrefix(items, c.prefix)
	}
	// Find the innermost directive's frames.
	start := -1
	for i := len(c.frames) - 1; i >= 0; i-- {
		if c.frames[i].kind == 'D' {
			start = i
			break
		}
		if c.frames[i].kind != 'O' && c.frames[i].kind != 'L' {
			break
		}
	}
	if start < 0 {
		return items
	}
	dir := cat.directive(c.frames[start].dir)
	if dir == nil {
		return items
	}
	// Walk the argument types down to the innermost frame.
	var in *ast.Definition
	curDir := dir
	named := ""
	fs := c.frames[start:]
	for i, f := range fs {
		if i == len(fs)-1 {
			break
		}
		switch f.kind {
		case 'D', 'O':
			named = cat.typeOf(curDir, in, f.key)
		case 'L':
			// a list's elements have its named type
		}
		if fs[i+1].kind == 'O' {
			in, curDir = cat.definition(named), nil
			if in == nil || in.Kind != ast.InputObject {
				return items
			}
		}
	}
	top := fs[len(fs)-1]
	// In a list, a value is expected; in arguments or an object, a value
	// after "key:", else a key.
	keyPos := top.kind != 'L' && c.last != ":"
	if keyPos {
		if curDir != nil {
			for _, a := range curDir.Arguments {
				items = append(items, CompletionItem{Label: a.Name, Kind: kindProperty, Detail: a.Type.String(), InsertText: a.Name + ": "})
			}
		} else if in != nil {
			for _, f := range in.Fields {
				items = append(items, CompletionItem{Label: f.Name, Kind: kindProperty, Detail: f.Type.String(), InsertText: f.Name + ": "})
			}
		}
		return filterPrefix(items, c.prefix)
	}
	key := top.key
	valueType := named
	if top.kind != 'L' {
		valueType = cat.typeOf(curDir, in, key)
	}
	if slices.Contains(fieldListArgs, key) {
		owner := c.curType
		if key == "references" && (dir.Name == "hasOne" || dir.Name == "hasMany") {
			owner = c.curFType
		}
		if t := findType(types, owner); t != nil {
			for _, f := range t.fields {
				if owner == c.curType && f.name == c.curField {
					continue
				}
				ins := `"` + f.name + `"`
				if c.inString {
					ins = f.name
				}
				items = append(items, CompletionItem{Label: f.name, Kind: kindField, Detail: owner + "." + f.name + ": " + f.typ, InsertText: ins})
			}
		}
		return filterPrefix(items, c.prefix)
	}
	if def := cat.definition(valueType); def != nil && def.Kind == ast.Enum && !c.inString {
		for _, v := range def.EnumValues {
			items = append(items, CompletionItem{Label: v.Name, Kind: kindEnumMember, Detail: def.Name})
		}
	}
	return filterPrefix(items, c.prefix)
}

func filterPrefix(items []CompletionItem, prefix string) []CompletionItem {
	if prefix == "" {
		return items
	}
	out := items[:0]
	for _, it := range items {
		if strings.HasPrefix(strings.ToLower(it.Label), strings.ToLower(prefix)) {
			out = append(out, it)
		}
	}
	return out
}

// hoverGraphQL documents the directive (or Amplify input or enum type)
// named at the cursor, and returns the byte range of the name in the
// region's text.
func hoverGraphQL(cat *catalog, r gqlRegion) (doc string, start, end int, ok bool) {
	s, e := r.cursor, r.cursor
	for s > 0 && isNameByte(r.text[s-1]) {
		s--
	}
	for e < len(r.text) && isNameByte(r.text[e]) {
		e++
	}
	if s == e {
		return "", 0, 0, false
	}
	word := r.text[s:e]
	if s > 0 && r.text[s-1] == '@' {
		if d := cat.directive(word); d != nil {
			return cat.directiveDoc(d), s - 1, e, true
		}
		return "", 0, 0, false
	}
	if def := cat.definition(word); def != nil && (def.Kind == ast.InputObject || def.Kind == ast.Enum) {
		return "```graphql\n" + renderDefinition(def) + "\n```\n", s, e, true
	}
	return "", 0, 0, false
}
