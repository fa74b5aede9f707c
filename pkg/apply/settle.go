package apply

import (
	"context"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// settle checks the pair of the no-op changes chs (all on one pair) for a
// job still pending, for example from an earlier run that was killed: the
// plan may show "no change" only because that job's config is visible while
// it runs. When there is none, nothing is reported and every result is nil.
// Otherwise settle follows the job to its end and reports every no-op
// resource: ADOPTED when it has its desired config, FAILED when the job
// failed and the resource lost it, ERROR when it changed otherwise.
func (a *applier) settle(ctx context.Context, chs []*plan.Change) []*Result {
	out := make([]*Result, len(chs))
	if len(chs) == 0 || a.stopped() || ctx.Err() != nil {
		return out
	}
	first := &run{a: a, ch: chs[0], res: Result{Address: chs[0].Address, Action: chs[0].Action, Start: a.opts.Now()}}
	job, err := first.pendingJob(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return out
		}
		first.fail(StatusError, "list pending jobs on %s: %v", chs[0].Address.Pair(), err)
		first.res.Duration = a.opts.Now().Sub(first.res.Start)
		a.rep.ChangeStarted(chs[0].Address, chs[0].Action)
		a.rep.ChangeDone(first.res)
		out[0] = &first.res
		return out
	}
	if job == nil {
		return out
	}
	for _, ch := range chs {
		a.rep.ChangeStarted(ch.Address, ch.Action)
	}
	jobID, status, ok := first.waitPending(ctx)
	if !ok {
		// Interrupted or an error while following the job: every no-op
		// resource of the pair shares that outcome.
		for i, ch := range chs {
			r := first.res
			r.Address, r.Action = ch.Address, ch.Action
			r.Duration = a.opts.Now().Sub(r.Start)
			a.rep.ChangeDone(r)
			out[i] = &r
		}
		return out
	}
	for i, ch := range chs {
		r := &run{a: a, ch: ch, res: Result{Address: ch.Address, Action: ch.Action, Start: first.res.Start,
			JobID: jobID, JobStatus: status}}
		if i == 0 {
			r.res.Attempts, r.res.Polls = first.res.Attempts, first.res.Polls
		}
		live, exists, err := r.getLive(ctx)
		switch {
		case err != nil && ctx.Err() != nil:
			r.fail(StatusCancelled, "interrupted after pending job %s on %s ended %s", jobID, ch.Address.Pair(), status)
		case err != nil:
			r.fail(StatusError, "%v", err)
		case exists && plan.Matches(live, ch.After):
			r.res.Status = StatusAdopted
		case status == amplifybackend.StatusFailed:
			msg := ""
			if first.jobErr != "" {
				msg = " (" + first.jobErr + ")"
			}
			r.fail(StatusFailed, "job %s, still pending on %s from an earlier run, ended FAILED%s and the resource no longer has its planned config; run bapi apply again", jobID, ch.Address.Pair(), msg)
		default:
			r.fail(StatusError, "after job %s on %s ended %s the resource no longer has its planned config; run bapi plan again", jobID, ch.Address.Pair(), status)
		}
		r.res.Duration = a.opts.Now().Sub(r.res.Start)
		a.rep.ChangeDone(r.res)
		out[i] = &r.res
	}
	return out
}
