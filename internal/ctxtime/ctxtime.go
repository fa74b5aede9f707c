package ctxtime

import (
	"context"
	"time"
)

// Sleep waits d, or until ctx is done; then it returns ctx.Err() (nil when
// the full wait passed).
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
