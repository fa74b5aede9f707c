package lsp

import "testing"

func TestPositionEncodings(t *testing.T) {
	// "é" is one UTF-16 unit and two bytes; "😀" is two UTF-16 units and
	// four bytes; bapi's column 5 is the rune after them.
	ls := []string{"a:", "é😀 x"}
	tests := []struct {
		enc  string
		want int
	}{
		{enc: encodingUTF16, want: 4},
		{enc: encodingUTF8, want: 7},
		{enc: encodingUTF32, want: 3},
	}
	for _, tc := range tests {
		t.Run(tc.enc, func(t *testing.T) {
			got := position(ls, 2, 4, tc.enc)
			if got != (Position{Line: 1, Character: tc.want}) {
				t.Errorf("position = %+v, want line 1 character %d", got, tc.want)
			}
			if b := byteOfUnit(ls[1], tc.want, tc.enc); b != 7 {
				t.Errorf("byteOfUnit(%d) = %d, want 7", tc.want, b)
			}
		})
	}
	if got := chooseEncoding([]string{"utf-16", "utf-8"}); got != encodingUTF8 {
		t.Errorf("chooseEncoding = %q, want utf-8 when offered", got)
	}
	if got := chooseEncoding(nil); got != encodingUTF16 {
		t.Errorf("chooseEncoding(nil) = %q, want utf-16", got)
	}
}

func TestOffsetOfCRLF(t *testing.T) {
	text := "ab\r\ncd\r\n"
	if got := offsetOf(text, lines(text), Position{Line: 1, Character: 1}, encodingUTF16); got != 5 {
		t.Errorf("offsetOf = %d, want 5", got)
	}
}
