package output

import (
	"slices"
	"strings"
	"testing"
)

// FuzzPlanLineDiff checks that the edit script rebuilds both sides, and that
// hunks never lose a changed line.
func FuzzPlanLineDiff(f *testing.F) {
	f.Add("a\nb\nc", "a\nB\nc\nd")
	f.Add("", "x")
	f.Add("type T {\n  id: ID!\n}", "type T {\n  id: ID!\n  n: Int\n}")
	f.Fuzz(func(t *testing.T, x, y string) {
		a, b := strings.Split(x, "\n"), strings.Split(y, "\n")
		if len(a) > 200 || len(b) > 200 {
			return
		}
		script := planLineDiff(a, b)
		var gotA, gotB []string
		changed := 0
		for _, l := range script {
			switch l.Kind {
			case ' ':
				gotA, gotB = append(gotA, l.Text), append(gotB, l.Text)
			case '-':
				gotA = append(gotA, l.Text)
				changed++
			case '+':
				gotB = append(gotB, l.Text)
				changed++
			default:
				t.Fatalf("unexpected kind %q", l.Kind)
			}
		}
		if !slices.Equal(gotA, a) || !slices.Equal(gotB, b) {
			t.Fatalf("edit script does not rebuild the inputs:\na=%q\nb=%q\nscript=%v", a, b, script)
		}
		inHunks := 0
		for _, l := range planHunks(script) {
			if l.Kind == '-' || l.Kind == '+' {
				inHunks++
			}
		}
		if inHunks != changed {
			t.Fatalf("hunks hold %d changed lines, want %d", inHunks, changed)
		}
	})
}
