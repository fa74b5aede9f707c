package output

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzPlanLineDiff checks that the edit script rebuilds both sides and is as
// short as the longest common subsequence allows, that hunks never lose a
// changed line, and that applying the hunks to the old text gives the new.
func FuzzPlanLineDiff(f *testing.F) {
	f.Add("a\nb\nc", "a\nB\nc\nd")
	f.Add("", "x")
	f.Add("type T {\n  id: ID!\n}", "type T {\n  id: ID!\n  n: Int\n}")
	f.Add("a\nb\nc\na\nb\nb\na", "c\nb\na\nb\na\nc")
	f.Add("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11", "1\nX\n3\n4\n5\n6\n7\n8\n9\nY\n11")
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
		if want := len(a) + len(b) - 2*lcsLen(a, b); changed != want {
			t.Fatalf("edit script has %d changes, a shortest one has %d:\na=%q\nb=%q", changed, want, a, b)
		}
		hunks := planHunks(script)
		inHunks := 0
		for _, l := range hunks {
			if l.Kind == '-' || l.Kind == '+' {
				inHunks++
			}
		}
		if inHunks != changed {
			t.Fatalf("hunks hold %d changed lines, want %d", inHunks, changed)
		}
		got, err := applyHunks(a, hunks)
		if err != nil {
			t.Fatalf("apply hunks: %v\na=%q\nb=%q\nhunks=%v", err, a, b, hunks)
		}
		if !slices.Equal(got, b) {
			t.Fatalf("applying the hunks to a gives %q, want %q", got, b)
		}
	})
}

// TestPlanLineDiffLarge checks that two one-line edits far apart in a large
// schema give two small hunks, not a rewrite.
func TestPlanLineDiffLarge(t *testing.T) {
	const n = 12000
	a := make([]string, n)
	for i := range a {
		a[i] = fmt.Sprintf("  field%d: String", i)
	}
	b := slices.Clone(a)
	b[100] = "  field100: Int"
	b[11000] = "  field11000: ID!"

	hunks := planHunks(planLineDiff(a, b))
	var headers []string
	changed := 0
	for _, l := range hunks {
		switch l.Kind {
		case '@':
			headers = append(headers, l.Text)
		case '-', '+':
			changed++
		}
	}
	want := []string{"@@ -98,7 +98,7 @@", "@@ -10998,7 +10998,7 @@"}
	if diff := cmp.Diff(want, headers); diff != "" {
		t.Errorf("hunk headers (-want +got):\n%s", diff)
	}
	if changed != 4 {
		t.Errorf("changed lines = %d, want 4", changed)
	}
	if len(hunks) != 2*(1+7+1) {
		t.Errorf("hunk lines = %d, want %d", len(hunks), 2*(1+7+1))
	}
	got, err := applyHunks(a, hunks)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, b) {
		t.Error("applying the hunks does not give the new schema")
	}
}

// TestPlanLineDiffRewrite checks that a diff with nothing in common is all
// removed then all added.
func TestPlanLineDiffRewrite(t *testing.T) {
	a := []string{"a", "b", "c"}
	b := []string{"x", "y"}
	got := planLineDiff(a, b)
	want := []planDiffLine{{'-', "a"}, {'-', "b"}, {'-', "c"}, {'+', "x"}, {'+', "y"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// lcsLen is the length of a longest common subsequence of a and b, by the
// textbook dynamic programme: the reference the Myers diff must match.
func lcsLen(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// applyHunks applies unified-diff hunks to a as patch would: each header
// gives where the hunk starts in a and how many lines it covers on each
// side, context and removed lines must match a there, and lines between
// hunks are copied.
func applyHunks(a []string, hunks []planDiffLine) ([]string, error) {
	var out []string
	next := 0 // index in a of the first line not yet copied
	for k := 0; k < len(hunks); {
		h := hunks[k]
		if h.Kind != '@' {
			return nil, fmt.Errorf("line %d: want a hunk header, got %q", k, h.Kind)
		}
		var aRange, bRange string
		if _, err := fmt.Sscanf(h.Text, "@@ -%s +%s @@", &aRange, &bRange); err != nil {
			return nil, fmt.Errorf("header %q: %w", h.Text, err)
		}
		aStart, aCount, err := parseRange(aRange)
		if err != nil {
			return nil, err
		}
		_, bCount, err := parseRange(bRange)
		if err != nil {
			return nil, err
		}
		// A hunk that removes from an empty range starts after line aStart.
		from := aStart - 1
		if aCount == 0 {
			from = aStart
		}
		if from < next || from > len(a) {
			return nil, fmt.Errorf("header %q: start %d out of order", h.Text, aStart)
		}
		out = append(out, a[next:from]...)
		i := from
		gotA, gotB := 0, 0
		for k++; k < len(hunks) && hunks[k].Kind != '@'; k++ {
			l := hunks[k]
			if l.Kind != '+' {
				if i >= len(a) || a[i] != l.Text {
					return nil, fmt.Errorf("header %q: line %d does not match", h.Text, i+1)
				}
				i++
				gotA++
			}
			if l.Kind != '-' {
				out = append(out, l.Text)
				gotB++
			}
		}
		if gotA != aCount || gotB != bCount {
			return nil, fmt.Errorf("header %q: hunk has %d,%d lines", h.Text, gotA, gotB)
		}
		next = i
	}
	return append(out, a[next:]...), nil
}

func parseRange(s string) (start, count int, err error) {
	first, rest, ok := strings.Cut(s, ",")
	if start, err = strconv.Atoi(first); err != nil {
		return 0, 0, fmt.Errorf("range %q: %w", s, err)
	}
	count = 1
	if ok {
		if count, err = strconv.Atoi(rest); err != nil {
			return 0, 0, fmt.Errorf("range %q: %w", s, err)
		}
	}
	return start, count, nil
}

// BenchmarkPlanLineDiff measures a 12,000-line schema with two edits and with
// every line changed (D = N+M, the worst case for Myers).
func BenchmarkPlanLineDiff(b *testing.B) {
	const n = 12000
	old := make([]string, n)
	for i := range old {
		old[i] = fmt.Sprintf("  field%d: String", i)
	}
	twoEdits := slices.Clone(old)
	twoEdits[100], twoEdits[11000] = "x", "y"
	rewrite := make([]string, n)
	for i := range rewrite {
		rewrite[i] = fmt.Sprintf("  other%d: Int", i)
	}
	b.Run("two_edits", func(b *testing.B) {
		for b.Loop() {
			planHunks(planLineDiff(old, twoEdits))
		}
	})
	b.Run("rewrite", func(b *testing.B) {
		for b.Loop() {
			planHunks(planLineDiff(old, rewrite))
		}
	})
	// One line in common defeats the nothing-in-common shortcut.
	almost := slices.Clone(rewrite)
	almost[n/2] = old[n/3]
	b.Run("rewrite_one_common", func(b *testing.B) {
		for b.Loop() {
			planHunks(planLineDiff(old, almost))
		}
	})
}
