package output

import "fmt"

// A small line diff for multi-line values (the GraphQL TransformSchema).
// No module in go.mod computes one (go-cmp's Diff is for tests and its
// output is deliberately unstable), so this is a longest-common-subsequence
// diff: the common prefix and suffix are trimmed, the middle is solved by
// dynamic programming, and a middle too large for that (more than
// planDiffMaxCells line pairs) is shown as all removed then all added. The
// output is unified-diff hunks with planDiffContext lines of context.

const (
	planDiffContext  = 3
	planDiffMaxCells = 1 << 21
)

// planDiffLine is one line of a line diff: Kind is ' ' (both), '-' (only
// before) or '+' (only after).
type planDiffLine struct {
	Kind byte
	Text string
}

// planLineDiff returns the edit script from a to b.
func planLineDiff(a, b []string) []planDiffLine {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	out := make([]planDiffLine, 0, len(a)+len(b))
	for _, l := range a[:pre] {
		out = append(out, planDiffLine{' ', l})
	}
	out = append(out, planLCSDiff(a[pre:len(a)-suf], b[pre:len(b)-suf])...)
	for _, l := range a[len(a)-suf:] {
		out = append(out, planDiffLine{' ', l})
	}
	return out
}

func planLCSDiff(a, b []string) []planDiffLine {
	n, m := len(a), len(b)
	var out []planDiffLine
	if n == 0 || m == 0 || (n+1)*(m+1) > planDiffMaxCells {
		for _, l := range a {
			out = append(out, planDiffLine{'-', l})
		}
		for _, l := range b {
			out = append(out, planDiffLine{'+', l})
		}
		return out
	}
	// lcs[i][j] is the LCS length of a[i:] and b[j:].
	w := m + 1
	lcs := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, planDiffLine{' ', a[i]})
			i++
			j++
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out = append(out, planDiffLine{'-', a[i]})
			i++
		default:
			out = append(out, planDiffLine{'+', b[j]})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, planDiffLine{'-', a[i]})
	}
	for ; j < m; j++ {
		out = append(out, planDiffLine{'+', b[j]})
	}
	return out
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
