package spec

import (
	"encoding/binary"
	"unicode/utf8"
)

// Checking that a file is UTF-8 text YAML accepts.

// checkEncoding reports the first byte that makes the file not UTF-8 text:
// invalid UTF-8, a NUL or another control character YAML rejects.
func (l *loader) checkEncoding() bool {
	b := l.data
	if plainASCII(b) {
		return true
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
				i++
				continue
			case c == 0:
				l.add(0, line, col, RuleEncoding, "NUL byte: this looks like a binary file, not YAML text; give a UTF-8 YAML file")
				return false
			case c < 0x20 && c != '\t' && c != '\r', c == 0x7f:
				l.add(0, line, col, RuleEncoding, "control character U+%04X is not allowed in YAML; remove it or write it as an escape in a double-quoted string", c)
				return false
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			l.add(0, line, col, RuleEncoding, "invalid UTF-8 byte 0x%02X: spec files must be UTF-8 text; convert the file to UTF-8", c)
			return false
		}
		if (r >= 0x80 && r <= 0x9f && r != 0x85) || r == 0xfffe || r == 0xffff {
			l.add(0, line, col, RuleEncoding, "control character U+%04X is not allowed in YAML; remove it", r)
			return false
		}
		i += size
		col++
	}
	return true
}

// plainASCII reports whether b is printable ASCII with tabs and line ends
// only: the common case, checked without tracking positions. It reads eight
// bytes at a time: a word of printable bytes only (0x20 to 0x7e) passes at
// once, and a word with any other byte (most often a line end) is looked at
// byte by byte (TestPlainASCII holds it to plainByte; BenchmarkPlainASCII
// measures it).
func plainASCII(b []byte) bool {
	const (
		ones  = 0x0101010101010101
		highs = 0x8080808080808080
	)
	for len(b) >= 8 {
		w := binary.LittleEndian.Uint64(b)
		// A byte with its high bit set, a byte below 0x20 (w - 0x20 per
		// byte borrows into a high bit that w lacks) or 0x7f (plus one
		// reaches a high bit): the standard word-at-a-time tests, which
		// never miss such a byte.
		if (w|(w+ones))&highs != 0 || (w-0x20*ones)&^w&highs != 0 {
			for _, c := range b[:8] {
				if !plainByte(c) {
					return false
				}
			}
		}
		b = b[8:]
	}
	for _, c := range b {
		if !plainByte(c) {
			return false
		}
	}
	return true
}

// plainByte reports whether c is printable ASCII, a tab or a line end.
func plainByte(c byte) bool {
	return (c >= 0x20 || c == '\n' || c == '\t' || c == '\r') && c < 0x7f
}
