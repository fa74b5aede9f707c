package apply

import "time"

// backoff is the one wait schedule of apply's polling and retries
// (following a job, asking a ListBackendJobs page again, starting a change
// over after a transient error): Options.PollInitial, doubling each time up
// to Options.PollMax.
type backoff struct {
	next, max time.Duration
}

func (o Options) backoff() *backoff { return &backoff{next: o.PollInitial, max: o.PollMax} }

// step returns the wait to make now and doubles the next one, up to max.
func (b *backoff) step() time.Duration {
	d := b.next
	b.next = min(b.next*2, b.max)
	return d
}
