package spec

import (
	"sort"
	"sync"
	"unicode/utf8"
)

// Lines indexes the lines of a text once, so that mapping a position to an
// offset and back costs a binary search, not a scan from the start: a
// hostile schema can hold tens of thousands of findings. A line ends at
// "\n", "\r\n" or a lone "\r", as YAML and GraphQL both define it, so a
// file with CR-only line endings has the same lines as with LF.
//
// Columns are 1-based and counted in runes. On a line of ASCII text they are
// computed; on any other line Lines remembers the last column it counted, so
// positions met in order along one long line cost a scan of it once. That
// memory makes Offset and Position unsafe for concurrent use.
type Lines struct {
	text   string
	starts []int  // byte offset where each line starts
	ends   []int  // byte offset where each line's break (or the text) starts
	ascii  []bool // whether each line is ASCII
	// memo is the last rune column counted on a non-ASCII line.
	memo struct{ line, col, off int }
}

// NewLines indexes text.
func NewLines(text string) *Lines {
	x := &Lines{text: text, starts: []int{0}}
	ascii := true
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '\n' || c == '\r':
			x.ends = append(x.ends, i)
			x.ascii = append(x.ascii, ascii)
			ascii = true
			if c == '\r' && i+1 < len(text) && text[i+1] == '\n' {
				i++
			}
			x.starts = append(x.starts, i+1)
		case c >= utf8.RuneSelf:
			ascii = false
		}
	}
	x.ends = append(x.ends, len(text))
	x.ascii = append(x.ascii, ascii)
	return x
}

// Count is the number of lines (a text ending in a line break has an empty
// last line).
func (x *Lines) Count() int { return len(x.starts) }

// Line is the text of 1-based line n without its line break, and whether
// the text has that line.
func (x *Lines) Line(n int) (string, bool) {
	if n < 1 || n > len(x.starts) {
		return "", false
	}
	return x.text[x.starts[n-1]:x.ends[n-1]], true
}

// Start is the byte offset where 1-based line n starts (clamped to the
// text).
func (x *Lines) Start(n int) int {
	switch {
	case n < 1:
		return 0
	case n > len(x.starts):
		return len(x.text)
	}
	return x.starts[n-1]
}

// Offset is the byte offset of a 1-based line and rune column; a column
// past the end of the line gives the line's end, a line past the end of
// the text the text's end.
func (x *Lines) Offset(line, col int) int {
	if line > len(x.starts) {
		return len(x.text)
	}
	line = max(line, 1)
	col = max(col, 1)
	start, end := x.starts[line-1], x.ends[line-1]
	if x.ascii[line-1] {
		return min(start+col-1, end)
	}
	c, off := 1, start
	if m := x.memo; m.line == line && m.col <= col {
		c, off = m.col, m.off
	}
	for ; c < col && off < end; c++ {
		_, size := utf8.DecodeRuneInString(x.text[off:end])
		off += size
	}
	x.memo.line, x.memo.col, x.memo.off = line, c, off
	return off
}

// Position is the 1-based line and rune column of a byte offset (clamped
// to the text).
func (x *Lines) Position(off int) (line, col int) {
	off = min(max(off, 0), len(x.text))
	line = sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off })
	start := x.starts[line-1]
	if off > x.ends[line-1] {
		off = x.ends[line-1] // inside a "\r\n": at the break
	}
	if x.ascii[line-1] {
		return line, 1 + off - start
	}
	c, at := 1, start
	if m := x.memo; m.line == line && m.off <= off {
		c, at = m.col, m.off
	}
	for at < off {
		_, size := utf8.DecodeRuneInString(x.text[at:off])
		at += size
		c++
	}
	x.memo.line, x.memo.col, x.memo.off = line, c, at
	return line, c
}

// sharedLines indexes a file's bytes once for every document of the file,
// on first use.
type sharedLines struct {
	once  sync.Once
	src   []byte
	lines *Lines
}

func (s *sharedLines) get() *Lines {
	s.once.Do(func() { s.lines = NewLines(string(s.src)) })
	return s.lines
}

// SourceLine is 1-based line n of the document's file (Source) without its
// line break, and whether the file has that line. The file is indexed once
// for all its documents, so rules mapping positions in many documents do not
// split the file once per document.
func (d *Document) SourceLine(n int) (string, bool) {
	if d.lines == nil {
		if d.Source == nil {
			return "", false
		}
		// A Document made outside the loader (tests): index it now.
		d.lines = &sharedLines{src: d.Source}
	}
	return d.lines.get().Line(n)
}
