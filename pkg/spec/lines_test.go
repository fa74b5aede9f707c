package spec

import (
	"testing"
	"unicode/utf8"
)

// naivePosition is the line and rune column of off, counted from the start
// the slow way: what Lines must agree with.
func naivePosition(s string, off int) (int, int) {
	line, col := 1, 1
	for i := 0; i < off; {
		switch {
		case s[i] == '\r' && i+1 < len(s) && s[i+1] == '\n':
			if i+1 == off {
				return line, col // inside "\r\n": at the break
			}
			line, col, i = line+1, 1, i+2
		case s[i] == '\n' || s[i] == '\r':
			line, col, i = line+1, 1, i+1
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			i += size
			col++
		}
	}
	return line, col
}

func TestLinesEndings(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"ab\ncé\n\nd", "ab\rcé\r\rd", "ab\r\ncé\r\n\r\nd"} {
		x := NewLines(s)
		if x.Count() != 4 {
			t.Errorf("%q: %d lines, want 4", s, x.Count())
		}
		if l, _ := x.Line(2); l != "cé" {
			t.Errorf("%q: line 2 = %q", s, l)
		}
		off := x.Offset(2, 3)
		if line, col := x.Position(off); line != 2 || col != 3 || s[off-2:off] != "é" {
			t.Errorf("%q: Offset(2, 3) = %d, Position = %d:%d", s, off, line, col)
		}
	}
}

// FuzzLines checks Lines against a scan from the start: Position of every
// offset, and Offset of every position back.
func FuzzLines(f *testing.F) {
	for _, s := range []string{"", "a", "\n", "\r\n", "\r\r\n\n", "é\ré\r\néé\n", "type T {\r  f: String\r}\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		x := NewLines(s)
		for off := 0; off <= len(s); off++ {
			if off < len(s) && !utf8.RuneStart(s[off]) {
				continue
			}
			wl, wc := naivePosition(s, off)
			gl, gc := x.Position(off)
			if gl != wl || gc != wc {
				t.Fatalf("Position(%d) = %d:%d, want %d:%d", off, gl, gc, wl, wc)
			}
			if s[max(off-1, 0):off] == "\r" && off < len(s) && s[off] == '\n' {
				continue // inside "\r\n": no position maps back to it
			}
			if got := x.Offset(wl, wc); got != off {
				t.Fatalf("Offset(%d, %d) = %d, want %d", wl, wc, got, off)
			}
		}
	})
}
