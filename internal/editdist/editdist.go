// Package editdist is the one edit distance bapi's "did you mean"
// suggestions use: the unknown command of the CLI and the unknown key or
// enum value of a spec.
package editdist

// Distance is the optimal string alignment distance between a and b, by
// runes: insertions, deletions, substitutions and transpositions of two
// adjacent runes each cost 1. A distance of limit or more is returned as
// limit, and the computation stops as soon as it is certain to reach it; a
// limit of 0 or less means no limit.
func Distance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if limit <= 0 {
		limit = len(ra) + len(rb) + 1
	}
	if d := len(ra) - len(rb); d >= limit || -d >= limit {
		return limit
	}
	// Three rows: the one before the previous is for transpositions. The
	// smallest value of a row never falls from one row to the next, so a
	// row whose values are all at least limit ends the computation.
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin >= limit {
			return limit
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit)
}
