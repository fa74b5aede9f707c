package output

import (
	"fmt"
	"slices"
)

// A line diff for multi-line values (the GraphQL TransformSchema). It is
// hand-written because no module in go.mod computes one: go-cmp's Diff is
// for tests and its output is deliberately unstable (google/go-cmp issues
// 344 and 366), so it must never reach users or goldens. The algorithm is
// Myers' O(ND) diff in its linear-space form (E. W. Myers, "An O(ND)
// Difference Algorithm and Its Variations", 1986, section 4b): find the
// middle snake of the edit graph, then solve both halves the same way. It
// takes O((N+M)·D) time and O(N+M) space, so a one-line edit in a 12,000-line
// schema costs a few passes over the lines, and even a full rewrite needs no
// quadratic table. The output is unified-diff hunks with planDiffContext
// lines of context.

const planDiffContext = 3

// planDiffLine is one line of a line diff: Kind is ' ' (both), '-' (only
// before) or '+' (only after).
type planDiffLine struct {
	Kind byte
	Text string
}

// planLineDiff returns a shortest edit script from a to b. Within a changed
// region the removed lines come before the added ones.
func planLineDiff(a, b []string) []planDiffLine {
	// Compare small integers instead of strings: equal lines get equal IDs.
	ids := make(map[string]int, len(a))
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	ia := intern(a)
	nA := len(ids) // IDs below nA occur in a
	ib := intern(b)
	d := &planMyers{
		a:       ia,
		b:       ib,
		removed: make([]bool, len(a)),
		added:   make([]bool, len(b)),
	}
	n := len(a) + len(b)
	d.vf = make([]int, n+4)
	d.vb = make([]int, n+4)
	if slices.ContainsFunc(ib, func(id int) bool { return id < nA }) {
		d.compare(0, len(a), 0, len(b))
	} else {
		// Nothing in common, the worst case for Myers (D = N+M): skip it.
		for i := range d.removed {
			d.removed[i] = true
		}
		for j := range d.added {
			d.added[j] = true
		}
	}

	out := make([]planDiffLine, 0, max(len(a), len(b)))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && d.removed[i]:
			out = append(out, planDiffLine{'-', a[i]})
			i++
		case j < len(b) && d.added[j]:
			out = append(out, planDiffLine{'+', b[j]})
			j++
		default: // a[i] and b[j] are the same line, kept
			out = append(out, planDiffLine{' ', a[i]})
			i++
			j++
		}
	}
	return out
}

// planMyers holds the state of one diff: the interned lines, which of them
// are removed from a or added in b, and the two furthest-reaching path
// vectors, reused by every middle-snake search.
type planMyers struct {
	a, b           []int
	removed, added []bool
	vf, vb         []int
}

// compare marks the edits between a[aLo:aHi] and b[bLo:bHi].
func (d *planMyers) compare(aLo, aHi, bLo, bHi int) {
	for {
		for aLo < aHi && bLo < bHi && d.a[aLo] == d.b[bLo] {
			aLo++
			bLo++
		}
		for aLo < aHi && bLo < bHi && d.a[aHi-1] == d.b[bHi-1] {
			aHi--
			bHi--
		}
		if aLo == aHi {
			for j := bLo; j < bHi; j++ {
				d.added[j] = true
			}
			return
		}
		if bLo == bHi {
			for i := aLo; i < aHi; i++ {
				d.removed[i] = true
			}
			return
		}
		// Both sides are non-empty and differ at both ends, so the edit
		// distance is at least 2 and every part below is strictly smaller.
		x0, y0, x1, y1 := d.middleSnake(aLo, aHi, bLo, bHi)
		if x0 == aLo && y0 == bLo && x1 == aHi && y1 == bHi {
			// Not expected (see middleSnake); never loop on it.
			for i := aLo; i < aHi; i++ {
				d.removed[i] = true
			}
			for j := bLo; j < bHi; j++ {
				d.added[j] = true
			}
			return
		}
		d.compare(aLo, x0, bLo, y0)
		d.compare(x0, x1, y0, y1)
		// The last part loops instead of recursing, so the recursion depth
		// stays near log(D) for evenly split edits.
		aLo, bLo = x1, y1
	}
}

// middleSnake finds the middle snake of an optimal path from (aLo, bLo) to
// (aHi, bHi): it runs from (x0, y0) to (x1, y1), one edit followed or
// preceded by a diagonal run of equal lines. Forward paths are tracked on
// diagonals k = x-y relative to (aLo, bLo), backward paths on diagonals
// c = k-delta relative to (aHi, bHi).
func (d *planMyers) middleSnake(aLo, aHi, bLo, bHi int) (x0, y0, x1, y1 int) {
	n, m := aHi-aLo, bHi-bLo
	delta := n - m
	odd := delta%2 != 0
	dmax := (n + m + 1) / 2
	// vf[off+k] is the furthest x (absolute) on forward diagonal k; vb[off+c]
	// the furthest-back y (absolute) on backward diagonal c.
	off := dmax + 1
	vf, vb := d.vf[:2*off+1], d.vb[:2*off+1]
	vf[off+1] = aLo
	vb[off+1] = bHi
	for D := 0; D <= dmax; D++ {
		for k := D; k >= -D; k -= 2 {
			var x, px int
			if k == -D || (k != D && vf[off+k-1] < vf[off+k+1]) {
				x = vf[off+k+1] // down: insert b[y-1]
				px = x
			} else {
				px = vf[off+k-1] // right: remove a[px]
				x = px + 1
			}
			y := bLo + (x - aLo) - k
			py := y
			if D != 0 && x == px {
				py = y - 1
			}
			for x < aHi && y < bHi && d.a[x] == d.b[y] {
				x++
				y++
			}
			vf[off+k] = x
			if c := k - delta; odd && c >= -(D-1) && c <= D-1 && y >= vb[off+c] {
				return px, py, x, y
			}
		}
		for c := D; c >= -D; c -= 2 {
			var y, py int
			if c == -D || (c != D && vb[off+c-1] > vb[off+c+1]) {
				y = vb[off+c+1] // left: remove a[x]
				py = y
			} else {
				py = vb[off+c-1] // up: insert b[py-1]
				y = py - 1
			}
			k := c + delta
			x := aLo + (y - bLo) + k
			px := x
			if D != 0 && y == py {
				px = x + 1
			}
			for x > aLo && y > bLo && d.a[x-1] == d.b[y-1] {
				x--
				y--
			}
			vb[off+c] = y
			if !odd && k >= -D && k <= D && x <= vf[off+k] {
				return x, y, px, py
			}
		}
	}
	// Unreachable: two paths of length at most dmax always meet. Treat the
	// whole box as one change rather than loop.
	return aLo, bLo, aHi, bHi
}

// planHunks groups an edit script into unified-diff hunks: a header
// "@@ -l,s +l,s @@" (Kind '@') followed by its lines, with up to
// planDiffContext unchanged lines around each change. An edit script with no
// change gives no hunk.
func planHunks(lines []planDiffLine) []planDiffLine {
	var out []planDiffLine
	n := len(lines)
	// Line numbers before each index, in a and in b.
	aNo := make([]int, n+1)
	bNo := make([]int, n+1)
	for k, l := range lines {
		aNo[k+1], bNo[k+1] = aNo[k], bNo[k]
		if l.Kind != '+' {
			aNo[k+1]++
		}
		if l.Kind != '-' {
			bNo[k+1]++
		}
	}
	k := 0
	for k < n {
		if lines[k].Kind == ' ' {
			k++
			continue
		}
		start := max(0, k-planDiffContext)
		end := k // exclusive; extend while changes are within 2*context
		for end < n {
			if lines[end].Kind != ' ' {
				end++
				continue
			}
			// Run of unchanged lines from end.
			r := end
			for r < n && lines[r].Kind == ' ' {
				r++
			}
			if r < n && r-end <= 2*planDiffContext {
				end = r
				continue
			}
			end = min(n, end+planDiffContext)
			break
		}
		out = append(out, planDiffLine{'@', fmt.Sprintf("@@ -%s +%s @@",
			planRange(aNo[start], aNo[end]-aNo[start]), planRange(bNo[start], bNo[end]-bNo[start]))})
		out = append(out, lines[start:end]...)
		k = end
	}
	return out
}

// planRange is a unified-diff range: start line (1-based) and count.
func planRange(before, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", before)
	}
	if count == 1 {
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, count)
}
