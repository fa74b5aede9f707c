package editdist

import "testing"

func TestDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		a, b  string
		limit int
		want  int
	}{
		{name: "equal", a: "plan", b: "plan", want: 0},
		{name: "empty", a: "", b: "abc", want: 3},
		{name: "insertion", a: "ApiNme", b: "ApiName", want: 1},
		{name: "substitution", a: "plam", b: "plan", want: 1},
		{name: "transposition", a: "aplpy", b: "apply", want: 1},
		{name: "runes", a: "héllo", b: "hello", want: 1},
		{name: "kitten", a: "kitten", b: "sitting", want: 3},
		{name: "capped", a: "kitten", b: "sitting", limit: 2, want: 2},
		{name: "lengths past the limit", a: "a", b: "abcdef", limit: 3, want: 3},
		{name: "under the limit", a: "Servce", b: "Service", limit: 3, want: 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := Distance(tc.a, tc.b, tc.limit); got != tc.want {
				t.Errorf("Distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
			}
			if got := Distance(tc.b, tc.a, tc.limit); got != tc.want {
				t.Errorf("Distance(%q, %q, %d) = %d, want %d", tc.b, tc.a, tc.limit, got, tc.want)
			}
		})
	}
}
