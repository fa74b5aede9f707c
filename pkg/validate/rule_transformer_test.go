package validate

import (
	"regexp"
	"strings"
	"testing"
)

// TestValidIndexName holds the loop to the transformer's own rule, the
// regexp ^[A-Za-z0-9_.-]{3,255}$.
func TestValidIndexName(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`^[A-Za-z0-9_.-]{3,255}$`)
	names := []string{"", "ab", "abc", "by-Owner.v2_x", "byÖwner", "by owner", "a\x00b", "ab/", "a:b",
		strings.Repeat("a", 255), strings.Repeat("a", 256), "AZaz09_.-"}
	for c := 0; c < 256; c++ {
		names = append(names, "ab"+string(rune(c)), "ab"+string([]byte{byte(c)}))
	}
	for _, n := range names {
		if got, want := validIndexName(n), re.MatchString(n); got != want {
			t.Errorf("validIndexName(%q) = %v, the transformer's regexp says %v", n, got, want)
		}
	}
}
