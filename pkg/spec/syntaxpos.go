package spec

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	goyaml "github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
)

// Positions of syntax errors. yaml.v3 is the parser of record, but its
// errors name a line only, and for a construct left open the line where it
// gave up (an unclosed "[" on line 1 is blamed on the last line of the
// file). On that error path only, the file is tokenized and parsed again by
// github.com/goccy/go-yaml, whose errors carry the token they stopped at.

// syntaxPos is where a syntax error is reported, and what it says.
type syntaxPos struct {
	line, col int
	msg       string
	// fix says what to do; empty means the generic advice.
	fix string
}

// maxNesting bounds the nesting the second parser is given: it recurses
// without a limit of its own. yaml.v3 refuses more than 10,000 levels.
const maxNesting = 10_000

var v3LineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxPosition finds where the YAML in data first breaks. v3err is
// yaml.v3's error; documents ending on or before line prevEnd parsed, so a
// position there is not believed.
func syntaxPosition(data []byte, v3err error, prevEnd int) (p syntaxPos) {
	// yaml.v3's own account, used when the second parser disagrees or
	// finds nothing: its line (if any) and the first token on it.
	fallback := syntaxPos{line: min(prevEnd+1, lineCount(data)), msg: strings.TrimPrefix(v3err.Error(), "yaml: ")}
	if m := v3LineRE.FindStringSubmatch(v3err.Error()); m != nil {
		fallback.line, _ = strconv.Atoi(m[1])
		fallback.msg = m[2]
	}
	defer func() {
		if r := recover(); r != nil {
			p = fallback
		}
		if p.col == 0 {
			p.col = 1
		}
	}()
	toks := lexer.Tokenize(string(data))
	fallback.col = firstTokenColumn(toks, fallback.line)

	// Only the failing document is parsed again (go-yaml's parser slows
	// down with the number of documents): it starts at the first "---"
	// after the documents that parsed.
	base := 0 // lines before it
	if prevEnd > 0 {
		for _, tk := range toks {
			if tk.Type == token.DocumentHeaderType && tk.Position != nil && tk.Position.Line > prevEnd {
				base = tk.Position.Line - 1
				break
			}
		}
	}
	doc := data
	if base > 0 {
		doc = data[lineStart(data, base+1):]
		toks = lexer.Tokenize(string(doc))
	}
	e, ok := docSyntaxPosition(doc, toks)
	e.line += base
	if !ok || e.line <= prevEnd {
		return fallback
	}
	return e
}

// docSyntaxPosition finds where the YAML of doc breaks, from its tokens;
// false when go-yaml finds nothing wrong or the input is too deep for it.
func docSyntaxPosition(doc []byte, toks token.Tokens) (syntaxPos, bool) {
	if open, depth := unclosedFlow(toks); depth > maxNesting {
		// Nesting too deep for yaml.v3: name where it passes the limit.
		return syntaxPos{line: open.Position.Line, col: open.Position.Column,
			msg: fmt.Sprintf("flow collections nested deeper than %d levels", maxNesting)}, true
	} else if open != nil {
		// A "[" or "{" never closed, or closed by the other bracket. The
		// parser is not given the rest (it is slow on a long unclosed
		// flow): only the lines before, where an earlier error would be.
		if before := lineStart(doc, open.Position.Line); before > 0 {
			if e, ok := parseError(doc[:before]); ok {
				return e, true
			}
		}
		fix := `close the list with "]" and separate its items with ","`
		if open.Value == "{" {
			fix = `close the mapping with "}" and separate its pairs with ","`
		}
		return syntaxPos{line: open.Position.Line, col: open.Position.Column, msg: fmt.Sprintf("%q is not closed", open.Value), fix: fix}, true
	}
	if maxColumn(toks) > 2*maxNesting {
		return syntaxPos{}, false // block nesting too deep to parse again
	}
	return parseTokens(toks)
}

// unclosedFlow returns the flow-collection start token that is not closed:
// the one a wrong bracket closes, else the outermost one still open at the
// end. depth is the greatest nesting seen; past maxNesting, open is the
// token where it was passed.
func unclosedFlow(toks token.Tokens) (open *token.Token, depth int) {
	var stack []*token.Token
	for _, tk := range toks {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			stack = append(stack, tk)
			if len(stack) > maxNesting {
				return tk, len(stack)
			}
			depth = max(depth, len(stack))
		case token.SequenceEndType, token.MappingEndType:
			if len(stack) == 0 {
				continue // a stray closer: the parser reports it
			}
			top := stack[len(stack)-1]
			if (top.Type == token.SequenceStartType) != (tk.Type == token.SequenceEndType) {
				return top, depth
			}
			stack = stack[:len(stack)-1]
		case token.InvalidType:
			// The scanner stopped here (an unclosed quote, a reserved
			// character): the parser names this token.
			return nil, depth
		}
	}
	if len(stack) > 0 {
		return stack[0], depth
	}
	return nil, depth
}

func parseError(data []byte) (syntaxPos, bool) {
	return parseTokens(lexer.Tokenize(string(data)))
}

// parseTokens parses with go-yaml and returns its error's position.
func parseTokens(toks token.Tokens) (syntaxPos, bool) {
	_, err := parser.Parse(toks, 0, parser.AllowDuplicateMapKey())
	var ye goyaml.Error
	if err == nil || !errors.As(err, &ye) {
		return syntaxPos{}, false
	}
	tk := ye.GetToken()
	if tk == nil || tk.Position == nil {
		return syntaxPos{}, false
	}
	msg := ye.GetMessage()
	if tk.Next != nil && tk.Next.Type == token.MappingValueType && strings.Contains(msg, "mapping value is not allowed") {
		// "a: b: c": the second ":" is what is not allowed.
		tk = tk.Next
	}
	return syntaxPos{line: tk.Position.Line, col: tk.Position.Column, msg: msg}, true
}

// firstTokenColumn is the column of the first token on a line, or 0.
func firstTokenColumn(toks token.Tokens, line int) int {
	for _, tk := range toks {
		if tk.Position != nil && tk.Position.Line == line && tk.Type != token.CommentType {
			return tk.Position.Column
		}
		if tk.Position != nil && tk.Position.Line > line {
			break
		}
	}
	return 0
}

func maxColumn(toks token.Tokens) int {
	m := 0
	for _, tk := range toks {
		if tk.Position != nil {
			m = max(m, tk.Position.Column)
		}
	}
	return m
}

// lineStart is the byte offset where 1-based line n starts.
func lineStart(b []byte, n int) int {
	off := 0
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(b[off:], '\n')
		if j < 0 {
			return len(b)
		}
		off += j + 1
	}
	return off
}

func lineCount(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return max(n, 1)
}
