package spec

import "bytes"

// Tabs in indentation, which YAML forbids.

// syntaxError reports a document yaml.v3 could not parse. yaml.v3's
// messages carry a line only, and for a construct left open it is often the
// wrong one (the line where parsing gave up), so the position comes from
// syntaxPosition, which asks a parser that reports one. A tab in the
// indentation at or before that position is the likely cause, and is named
// instead.
func (l *loader) syntaxError(doc int, err error, prevEnd int) {
	p := syntaxPosition(l.data, err, prevEnd)
	reported := false
	for _, t := range tabIndents(l.data) {
		if t.line > prevEnd && t.line <= p.line {
			l.add(doc, t.line, t.col, RuleYAMLTab, "tab character in indentation; YAML indents with spaces only, so replace the tab with spaces")
			reported = true
		}
	}
	if reported {
		return
	}
	if p.fix == "" {
		p.fix = "fix the YAML here"
	}
	l.add(doc, p.line, p.col, RuleYAMLSyntax, "YAML syntax error: %s; %s", p.msg, p.fix)
}

type pos struct{ line, col int }

// tabIndents finds tabs in the indentation of lines (including after "- "
// sequence indicators), skipping the content of block scalars, where tabs
// are text. The parser's error is then reported as the tab it stems from.
func tabIndents(b []byte) []pos {
	var out []pos
	block := -1 // indentation of the line that opened a block scalar
	for n := 0; len(b) > 0; n++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		spaces := 0
		for spaces < len(line) && line[spaces] == ' ' {
			spaces++
		}
		rest := line[spaces:]
		blank := len(bytes.TrimLeft(rest, " \t")) == 0
		if block >= 0 {
			if blank || spaces > block {
				continue
			}
			block = -1
		}
		if blank {
			continue
		}
		// Walk the indentation: spaces, tabs and "- " indicators.
		col := 1
		for j := 0; j < len(line); j++ {
			c := line[j]
			if c == '\t' {
				if !bytes.HasPrefix(bytes.TrimLeft(line[j:], " \t"), []byte("#")) {
					out = append(out, pos{n + 1, col})
				}
				break
			}
			if c == ' ' || (c == '-' && j+1 < len(line) && (line[j+1] == ' ' || line[j+1] == '\t')) {
				col++
				continue
			}
			break
		}
		if opensBlockScalar(line) {
			block = spaces
		}
	}
	return out
}

// opensBlockScalar reports whether a line ends in a block scalar header
// ("key: |", "- >-", "key: |2 # comment").
func opensBlockScalar(line []byte) bool {
	if bytes.IndexByte(line, '|') < 0 && bytes.IndexByte(line, '>') < 0 {
		return false
	}
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	line = bytes.TrimRight(line, "0123456789+-")
	n := len(line)
	if n == 0 || (line[n-1] != '|' && line[n-1] != '>') {
		return false
	}
	before := bytes.TrimRight(line[:n-1], " \t")
	if len(before) == 0 {
		return true
	}
	if len(before) == n-1 {
		return false // "a|" is plain text, not a header
	}
	c := before[len(before)-1]
	return c == ':' || c == '-'
}
