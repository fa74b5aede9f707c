package lsp

import (
	"strings"
	"unicode/utf8"
)

// Position encodings a client may offer (LSP 3.17 general.positionEncodings).
const (
	encodingUTF8  = "utf-8"
	encodingUTF16 = "utf-16"
	encodingUTF32 = "utf-32"
)

// chooseEncoding picks the encoding of Position.Character: UTF-8 or UTF-32
// when the client offers it (no conversion from bytes or runes is cheaper
// than none), else UTF-16, which every client must support.
func chooseEncoding(offered []string) string {
	for _, e := range offered {
		if e == encodingUTF8 || e == encodingUTF32 {
			return e
		}
	}
	return encodingUTF16
}

// lines splits text into lines without their line breaks ("\n" or "\r\n").
func lines(text string) []string {
	ls := strings.Split(text, "\n")
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\r")
	}
	return ls
}

// units is the length of s in the encoding's code units.
func units(s, enc string) int {
	switch enc {
	case encodingUTF8:
		return len(s)
	case encodingUTF32:
		return utf8.RuneCountInString(s)
	}
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// byteOfRune is the byte offset in line of 0-based rune index col, clamped
// to the line.
func byteOfRune(line string, col int) int {
	if col <= 0 {
		return 0
	}
	i := 0
	for b := range line {
		if i == col {
			return b
		}
		i++
	}
	return len(line)
}

// byteOfUnit is the byte offset in line of a Position.Character in the
// encoding, clamped to the line (a position inside a surrogate pair moves
// to the start of its character).
func byteOfUnit(line string, ch int, enc string) int {
	if enc == encodingUTF8 {
		return min(max(ch, 0), len(line))
	}
	n := 0
	for b, r := range line {
		w := 1
		if enc == encodingUTF16 && r >= 0x10000 {
			w = 2
		}
		if n+w > ch {
			return b
		}
		n += w
	}
	return len(line)
}

// position converts a bapi line and column (1-based; the column counts
// runes) to an LSP position in the encoding. Line or column 0 (unknown)
// becomes the start of the line or file.
func position(ls []string, line, col int, enc string) Position {
	if line <= 0 {
		return Position{}
	}
	l := line - 1
	if l >= len(ls) {
		return Position{Line: l}
	}
	b := byteOfRune(ls[l], col-1)
	return Position{Line: l, Character: units(ls[l][:b], enc)}
}

// tokenEnd is the byte offset where the token starting at byte b of line
// ends: a word, a quoted string, or at least one character.
func tokenEnd(line string, b int) int {
	if b >= len(line) {
		return len(line)
	}
	if q := line[b]; q == '"' || q == '\'' {
		if end := strings.IndexByte(line[b+1:], q); end >= 0 {
			return b + 1 + end + 1
		}
		return len(line)
	}
	e := b
	for e < len(line) {
		c := line[e]
		if c == ' ' || c == '\t' || c == ',' || c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}' || (c == ':' && e > b) {
			break
		}
		_, w := utf8.DecodeRuneInString(line[e:])
		e += w
	}
	if e == b {
		_, w := utf8.DecodeRuneInString(line[b:])
		e = b + max(w, 1)
	}
	return e
}
