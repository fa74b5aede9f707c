package apply

import (
	"testing"
	"time"
)

func TestBackoff(t *testing.T) {
	t.Parallel()
	b := Options{PollInitial: 100 * time.Millisecond, PollMax: 500 * time.Millisecond}.backoff()
	want := []time.Duration{100, 200, 400, 500, 500}
	for i, w := range want {
		if got := b.step(); got != w*time.Millisecond {
			t.Errorf("wait %d = %v, want %v", i, got, w*time.Millisecond)
		}
	}
}
