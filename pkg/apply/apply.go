package apply

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/bapi-dev/bapi/internal/ctxtime"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// Defaults of Options.
const (
	DefaultParallelism    = 4
	DefaultJobTimeout     = 30 * time.Minute
	DefaultPollInitial    = 200 * time.Millisecond
	DefaultPollMax        = 5 * time.Second
	DefaultNotFoundWindow = 30 * time.Second
	DefaultPendingRetries = 20
	DefaultProgressEvery  = 30 * time.Second
)

// Options configure Apply. The zero value of each field takes its default.
type Options struct {
	// Parallelism bounds how many app/environment pairs are worked on at
	// once (DefaultParallelism).
	Parallelism int
	// JobTimeout is the longest a job is followed, from its start
	// (DefaultJobTimeout); past it the change ends TIMED_OUT.
	JobTimeout time.Duration
	// PollInitial is the wait before the first GetBackendJob; each further
	// wait doubles, up to PollMax.
	PollInitial time.Duration
	PollMax     time.Duration
	// NotFoundWindow is how long after a job started a NotFoundException from
	// GetBackendJob is taken as eventual consistency and polled again.
	NotFoundWindow time.Duration
	// PendingRetries bounds how often a mutation answered "already a pending
	// job" is retried after waiting for that job.
	PendingRetries int
	// Staged applies an update whose TransformSchema creates or deletes
	// more than one GSI on a table as one UpdateBackendAPI job per step,
	// each within CloudFormation's one GSI operation per table and update
	// (see changeStaged). Without it Apply refuses such a plan
	// (plan.Plan.CheckBudget): its job would fail.
	Staged bool
	// AllowDestructive names, as ADDRESS:Type, the destructive changes
	// allowed besides those the plan records (plan.Plan.CheckDestructive);
	// Apply refuses a plan with any other.
	AllowDestructive []string
	// ProgressEvery is how often a job still running is reported to a
	// ProgressReporter (DefaultProgressEvery), by the clock Now.
	ProgressEvery time.Duration
	// Stop, when closed, stops starting new changes; jobs already started
	// are still followed to their end (first interrupt). Cancelling Apply's
	// ctx returns at once (second interrupt). nil never stops.
	Stop <-chan struct{}
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	// Sleep waits d or until ctx is done (a real timer when nil).
	Sleep func(ctx context.Context, d time.Duration) error
}

func (o Options) withDefaults() Options {
	if o.Parallelism <= 0 {
		o.Parallelism = DefaultParallelism
	}
	if o.JobTimeout <= 0 {
		o.JobTimeout = DefaultJobTimeout
	}
	if o.PollInitial <= 0 {
		o.PollInitial = DefaultPollInitial
	}
	if o.PollMax <= 0 {
		o.PollMax = max(DefaultPollMax, o.PollInitial)
	}
	if o.PollMax < o.PollInitial {
		o.PollMax = o.PollInitial
	}
	if o.NotFoundWindow <= 0 {
		o.NotFoundWindow = DefaultNotFoundWindow
	}
	if o.PendingRetries <= 0 {
		o.PendingRetries = DefaultPendingRetries
	}
	if o.ProgressEvery <= 0 {
		o.ProgressEvery = DefaultProgressEvery
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = ctxtime.Sleep
	}
	return o
}

// Apply executes the create and update changes of p and reports every one.
// It returns an error only for a plan it cannot execute (nil plan, a change
// without an address or config); failed jobs are results, not errors. When
// ctx is cancelled it returns at once with every started job listed.
func Apply(ctx context.Context, api amplifybackend.API, p *plan.Plan, opts Options, rep Reporter) (*Report, error) {
	if p == nil {
		return nil, errors.New("apply: no plan given")
	}
	if api == nil {
		return nil, errors.New("apply: no client given")
	}
	if rep == nil {
		rep = NopReporter{}
	}
	if err := p.CheckApplicable(opts.AllowDestructive, opts.Staged); err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	if err := checkLocks(ctx, api, p); err != nil {
		return nil, fmt.Errorf("apply: %w", err)
	}
	opts = opts.withDefaults()

	type item struct {
		idx int
		ch  *plan.Change
	}
	type pairWork struct {
		items []item // creates and updates, in plan order
		noops []item // no-op changes, checked for a pending job first
	}
	var order []string
	pairs := make(map[string]*pairWork)
	n := 0
	for i := range p.Changes {
		ch := &p.Changes[i]
		switch ch.Action {
		case plan.ActionCreate, plan.ActionUpdate, plan.ActionNoOp:
		default:
			return nil, fmt.Errorf("apply: change %d (%s) has unknown action %q; make the plan again with bapi plan", i, ch.Address, ch.Action)
		}
		if ch.Address.AppId == "" || ch.Address.BackendEnvironmentName == "" || ch.Address.ResourceName == "" {
			return nil, fmt.Errorf("apply: change %d has an incomplete address %q; make the plan again with bapi plan", i, ch.Address)
		}
		if ch.Action != plan.ActionNoOp && ch.After == nil {
			return nil, fmt.Errorf("apply: change %s has no desired config; make the plan again with bapi plan", ch.Address)
		}
		k := ch.Address.Pair()
		w, ok := pairs[k]
		if !ok {
			w = &pairWork{}
			pairs[k] = w
			order = append(order, k)
		}
		if ch.Action == plan.ActionNoOp {
			w.noops = append(w.noops, item{idx: n, ch: ch})
		} else {
			w.items = append(w.items, item{idx: n, ch: ch})
		}
		n++
	}

	a := &applier{api: api, opts: opts, rep: rep, allowed: slices.Concat(p.AllowDestructive, opts.AllowDestructive)}
	start := opts.Now()
	results := make([]Result, n)
	done := make([]bool, n)
	var mu sync.Mutex
	set := func(idx int, r Result) {
		mu.Lock()
		results[idx] = r
		done[idx] = true
		mu.Unlock()
	}

	sem := make(chan struct{}, opts.Parallelism)
	var wg sync.WaitGroup
	interrupted := false
loop:
	for _, k := range order {
		select {
		case sem <- struct{}{}:
		case <-opts.Stop:
			interrupted = true
			break loop
		case <-ctx.Done():
			interrupted = true
			break loop
		}
		if a.stopped() || ctx.Err() != nil {
			<-sem
			interrupted = true
			break
		}
		w := pairs[k]
		wg.Go(func() {
			defer func() { <-sem }()
			if len(w.noops) > 0 {
				chs := make([]*plan.Change, len(w.noops))
				for i, it := range w.noops {
					chs[i] = it.ch
				}
				for i, r := range a.settle(ctx, chs) {
					if r != nil {
						set(w.noops[i].idx, *r)
					}
				}
			}
			for _, it := range w.items {
				if a.stopped() || ctx.Err() != nil {
					return
				}
				set(it.idx, a.changeStaged(ctx, it.ch))
			}
		})
	}
	wg.Wait()
	if a.stopped() || ctx.Err() != nil {
		interrupted = true
	}

	// Every change not run is listed as skipped; a no-op change is listed
	// only when a pending job on its pair was followed.
	out := make([]Result, 0, n)
	for _, k := range order {
		for _, it := range pairs[k].items {
			if !done[it.idx] {
				r := Result{Address: it.ch.Address, Action: it.ch.Action, Status: StatusSkipped, Error: "not started: apply was interrupted"}
				results[it.idx] = r
				done[it.idx] = true
				rep.ChangeDone(r)
			}
		}
	}
	for i := range results {
		if done[i] {
			out = append(out, results[i])
		}
	}
	results = out
	r := &Report{Results: results, Interrupted: interrupted, Duration: opts.Now().Sub(start)}
	r.Sum()
	return r, nil
}

type applier struct {
	api  amplifybackend.API
	opts Options
	rep  Reporter
	// allowed are the destructive changes allowed, by the plan and by
	// Options.AllowDestructive (see recheck).
	allowed []string
}

func (a *applier) stopped() bool {
	if a.opts.Stop == nil {
		return false
	}
	select {
	case <-a.opts.Stop:
		return true
	default:
		return false
	}
}
