package apply

import (
	"context"
	"fmt"

	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
)

// changeStaged works one change, as a series of UpdateBackendAPI jobs when
// Options.Staged is set and the change is an update whose TransformSchema
// creates or deletes more than one GSI on a table: one job per stage of
// schemachange.Stages, each at most one GSI operation per table, the last
// the planned config. Every stage is worked like a change of its own
// (pending jobs waited for, the live state read again and adopted when it
// already is the stage), so a run killed between stages converges when
// planned and applied again. The result is the last stage's, its Attempts
// and Polls summed over the stages and its Duration from the first; a
// stage that does not complete ends the change, its error naming the step.
func (a *applier) changeStaged(ctx context.Context, ch *plan.Change) Result {
	if !a.opts.Staged || ch.Action != plan.ActionUpdate || ch.Before == nil || ch.After.TransformSchema == "" {
		return a.change(ctx, ch)
	}
	r, err := schemachange.Analyze(ch.Before.TransformSchema, ch.After.TransformSchema)
	if err != nil || r.Steps <= 1 {
		return a.change(ctx, ch)
	}
	stages, err := schemachange.Stages(ch.Before.TransformSchema, ch.After.TransformSchema)
	if err != nil {
		res := Result{Address: ch.Address, Action: ch.Action, Status: StatusError, Start: a.opts.Now(),
			Error: fmt.Sprintf("--staged: %v", err)}
		a.rep.ChangeStarted(ch.Address, ch.Action)
		a.rep.ChangeDone(res)
		return res
	}
	var total Result
	for i, s := range stages {
		step := *ch
		if i < len(stages)-1 {
			after := *ch.After
			after.TransformSchema = s
			step.After = &after
		}
		if sr, ok := a.rep.(StageReporter); ok {
			sr.StageStarted(ch.Address, i+1, len(stages))
		}
		res := a.change(ctx, &step)
		if i == 0 {
			total.Start = res.Start
		}
		total.Attempts += res.Attempts
		total.Polls += res.Polls
		res.Start, res.Attempts, res.Polls = total.Start, total.Attempts, total.Polls
		res.Duration = a.opts.Now().Sub(total.Start)
		if res.Status != StatusCompleted && res.Status != StatusAdopted {
			res.Error = fmt.Sprintf("step %d of %d (--staged): %s", i+1, len(stages), res.Error)
			return res
		}
		if i == len(stages)-1 {
			return res
		}
		if a.stopped() || ctx.Err() != nil {
			res.Status = StatusSkipped
			res.Error = fmt.Sprintf("interrupted after step %d of %d (--staged): the live schema is an intermediate one; run bapi apply --staged again to go on", i+1, len(stages))
			return res
		}
	}
	return total // not reached: stages is never empty
}
