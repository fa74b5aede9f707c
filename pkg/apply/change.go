package apply

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// run is the state of one change while it is worked on.
type run struct {
	a   *applier
	ch  *plan.Change
	res Result
	// jobErr is the error the last job followed to its end reported.
	jobErr string
}

// counted returns a context that makes the client record the call's HTTP
// attempts (its retries of 429/504 included), and a func to call when the
// call returned, which adds them to the result.
func (r *run) counted(ctx context.Context) (context.Context, func()) {
	info := &amplifybackend.CallInfo{}
	return amplifybackend.WithCallInfo(ctx, info), func() { r.res.Attempts += max(info.Attempts, 1) }
}

// change works one change to its end. It never returns without a Result.
func (a *applier) change(ctx context.Context, ch *plan.Change) Result {
	r := &run{a: a, ch: ch, res: Result{Address: ch.Address, Action: ch.Action, Start: a.opts.Now()}}
	a.rep.ChangeStarted(ch.Address, ch.Action)
	r.do(ctx)
	r.res.Duration = a.opts.Now().Sub(r.res.Start)
	a.rep.ChangeDone(r.res)
	return r.res
}

func (r *run) fail(st Status, format string, args ...any) {
	r.res.Status = st
	r.res.Error = fmt.Sprintf(format, args...)
}

// ctxFail records why the run ended when ctx was cancelled.
func (r *run) ctxFail() {
	if r.res.JobID != "" {
		r.fail(StatusCancelled, "apply was interrupted while following job %s (last status %q); check it with aws amplifybackend get-backend-job and run bapi apply again", r.res.JobID, r.res.JobStatus)
		return
	}
	r.fail(StatusSkipped, "interrupted before any job was started")
}

func (r *run) do(ctx context.Context) {
	addr := r.ch.Address
	transient, wait := 0, r.a.opts.backoff()
	// retry reports whether a transient error (see amplifybackend.IsTransient) should be
	// tried again, from the top, after a backoff: the loop checks for a
	// pending job and the live state before it mutates, so a mutation the
	// service accepted despite the error is adopted, never made twice.
	retry := func(err error) bool {
		if !amplifybackend.IsTransient(err) || transient >= transientRetries || ctx.Err() != nil {
			return false
		}
		transient++
		return r.a.opts.Sleep(ctx, wait.step()) == nil
	}
	for attempt := 0; ; attempt++ {
		// 1. Wait for any job still pending on the pair: ours from an
		// interrupted run, or someone else's.
		waited, st, ok := r.waitPending(ctx)
		if !ok {
			return
		}
		// 2. Re-read the resource: adopt it when it already matches.
		live, exists, err := r.getLive(ctx)
		if err != nil {
			if retry(err) {
				continue
			}
			if ctx.Err() != nil {
				r.ctxFail()
				return
			}
			r.fail(StatusError, "%v", err)
			return
		}
		if exists && plan.Matches(live, r.ch.After) {
			r.res.Status = StatusAdopted
			r.res.JobID = waited
			r.res.JobStatus = st
			return
		}
		if exists && r.ch.Fingerprint != "" && plan.Fingerprint(live) != r.ch.Fingerprint {
			// The live config moved since the plan was made (for example
			// by the job just waited for): what was checked against the
			// planned one is checked again against it.
			if err := r.a.recheck(r.ch, live); err != nil {
				r.fail(StatusError, "the live config of %s changed since the plan was made (by another job or person), and against it the planned update is one apply refuses: %v\nrun bapi plan again to see the change against the live config", addr, err)
				return
			}
		}
		// 3. Mutate, unless told to stop starting new work.
		if r.a.stopped() || ctx.Err() != nil {
			r.fail(StatusSkipped, "not started: apply was interrupted")
			return
		}
		op := OpCreate
		if exists {
			op = OpUpdate
		}
		r.res.Operation = op
		jobID, err := r.mutate(ctx, op)
		if err != nil {
			if ctx.Err() != nil {
				r.ctxFail()
				return
			}
			if amplifybackend.IsPendingJob(err) && attempt < r.a.opts.PendingRetries {
				continue
			}
			if retry(err) {
				continue
			}
			r.fail(StatusError, "%v", err)
			return
		}
		if jobID == "" {
			r.fail(StatusError, "%s answered without a job ID; check the resource with bapi plan", op)
			return
		}
		r.res.JobID = jobID
		r.res.JobStatus = ""
		r.a.rep.JobStarted(addr, op, jobID)
		r.follow(ctx, jobRef{id: jobID, operation: op, created: r.a.opts.Now()})
		return
	}
}

// waitPending waits for every non-terminal job on the pair to end. It
// returns the last job waited for and its final status; ok is false when the
// change ended (its result is set).
func (r *run) waitPending(ctx context.Context) (jobID, status string, ok bool) {
	// The first interrupt (Options.Stop) ends the wait too: the change
	// would not start its job after it anyway, and the job waited for is
	// not ours to finish.
	if stop := r.a.opts.Stop; stop != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		go func() {
			select {
			case <-stop:
				cancel()
			case <-ctx.Done():
			}
		}()
	}
	for range 100 {
		job, err := r.pendingJob(ctx)
		if err != nil {
			if ctx.Err() != nil {
				r.ctxFail()
				return "", "", false
			}
			r.fail(StatusError, "list pending jobs on %s: %v", r.ch.Address.Pair(), err)
			return "", "", false
		}
		if job == nil {
			return jobID, status, true
		}
		jobID = job.JobId
		r.a.rep.JobStarted(r.ch.Address, "", jobID)
		st, end := r.poll(ctx, jobRef{id: jobID, operation: job.Operation, created: jobCreated(job.CreateTime, r.a.opts.Now())}, false)
		if end != nil {
			end()
			return "", "", false
		}
		status = st
	}
	r.fail(StatusError, "pair %s kept having pending jobs; run bapi apply again later", r.ch.Address.Pair())
	return "", "", false
}

// listRetries bounds how often one ListBackendJobs page is asked again after
// a transient error (see amplifybackend.IsTransient).
const listRetries = 10

// transientRetries bounds how often one change starts over after a
// transient error reading its live state or mutating it.
const transientRetries = 20

// pendingJob lists the pair's jobs (every page) and returns one that has not
// ended, or nil.
func (r *run) pendingJob(ctx context.Context) (*amplifybackend.BackendJobRespObj, error) {
	addr := r.ch.Address
	pages := amplifybackend.NewListBackendJobsPaginator(r.a.api, &amplifybackend.ListBackendJobsRequest{
		AppId: addr.AppId, BackendEnvironmentName: addr.BackendEnvironmentName,
	})
	wait, tries := r.a.opts.backoff(), 0
	for n := 0; pages.HasMorePages(); {
		if n == 1000 {
			return nil, errors.New("ListBackendJobs returned more than 1000 pages")
		}
		cctx, done := r.counted(ctx)
		out, err := pages.NextPage(cctx)
		done()
		if amplifybackend.IsTransient(err) && ctx.Err() == nil && tries < listRetries {
			// Throttled or no answer after the client's retries: the
			// paginator asks for the same page again, after a backoff.
			tries++
			if serr := r.a.opts.Sleep(ctx, wait.step()); serr != nil {
				return nil, serr
			}
			continue
		}
		tries = 0
		if amplifybackend.IsNotFound(err) {
			// The app or environment does not exist yet: no jobs.
			return nil, nil
		}
		if out != nil {
			for i := range out.Jobs {
				if !amplifybackend.IsTerminal(out.Jobs[i].Status) && out.Jobs[i].JobId != "" {
					return &out.Jobs[i], nil
				}
			}
		}
		if err != nil {
			return nil, err
		}
		n++
	}
	return nil, nil
}

func (r *run) getLive(ctx context.Context) (*amplifybackend.BackendAPIResourceConfig, bool, error) {
	cctx, done := r.counted(ctx)
	cfg, err := plan.ReadOne(cctx, r.a.api, r.ch.Address)
	done()
	if err != nil {
		return nil, false, err
	}
	return cfg, cfg != nil, nil
}

func (r *run) mutate(ctx context.Context, op string) (string, error) {
	addr := r.ch.Address
	ctx, done := r.counted(ctx)
	defer done()
	var (
		out *amplifybackend.BackendAPIJobResponse
		err error
	)
	if op == OpCreate {
		out, err = r.a.api.CreateBackendAPI(ctx, &amplifybackend.CreateBackendAPIRequest{
			AppId: addr.AppId, BackendEnvironmentName: addr.BackendEnvironmentName,
			ResourceName: addr.ResourceName, ResourceConfig: r.ch.After,
		})
	} else {
		out, err = r.a.api.UpdateBackendAPI(ctx, &amplifybackend.UpdateBackendAPIRequest{
			AppId: addr.AppId, BackendEnvironmentName: addr.BackendEnvironmentName,
			ResourceName: addr.ResourceName, ResourceConfig: r.ch.After,
		})
	}
	if err != nil {
		return "", err
	}
	return out.JobId, nil
}

// jobRef is a job being followed: its ID, operation and when it started.
type jobRef struct {
	id        string
	operation string
	created   time.Time
}

// jobCreated reads a job's createTime: epoch milliseconds as the service
// writes them, or RFC 3339. A time it cannot read is now.
func jobCreated(s string, now time.Time) time.Time {
	if ms, err := strconv.ParseInt(s, 10, 64); err == nil && ms > 0 {
		return time.UnixMilli(ms)
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	return now
}

// follow polls the job this change started to its end and sets the result.
func (r *run) follow(ctx context.Context, job jobRef) {
	st, end := r.poll(ctx, job, true)
	if end != nil {
		end()
		return
	}
	r.res.JobStatus = st
	if st == amplifybackend.StatusCompleted {
		r.res.Status = StatusCompleted
		return
	}
	r.res.Status = StatusFailed
	if r.res.Error == "" {
		r.res.Error = "job ended FAILED"
	}
}

// poll follows a job with GetBackendJob until it is COMPLETED or FAILED.
// It returns the final status, or a non-nil end that records why following
// stopped (timeout, error, interrupt) on the change's result.
func (r *run) poll(ctx context.Context, job jobRef, ours bool) (string, func()) {
	o := r.a.opts
	addr := r.ch.Address
	jobID := job.id
	start := o.Now()
	deadline := start.Add(o.JobTimeout)
	// lastTold is when the job was last reported still running; a job
	// apply waits for is reported at its first answer, naming what it is.
	lastTold := start
	if !ours {
		lastTold = start.Add(-o.ProgressEvery)
	}
	interval := o.backoff()
	last := ""
	var lastErr error
	// told holds the transient errors already reported for this job, so
	// each distinct one is said once.
	told := map[string]bool{}
	for {
		wait := min(interval.step(), deadline.Sub(o.Now()))
		if err := o.Sleep(ctx, max(wait, 0)); err != nil {
			return "", r.ctxEnd(jobID, last, ours, lastErr)
		}
		r.res.Polls++
		cctx, done := r.counted(ctx)
		out, err := r.a.api.GetBackendJob(cctx, &amplifybackend.GetBackendJobRequest{
			AppId: addr.AppId, BackendEnvironmentName: addr.BackendEnvironmentName, JobId: jobID,
		})
		done()
		now := o.Now()
		switch {
		case err == nil:
			// The service answered: an earlier transient error is over,
			// and must not be named as the last one if following stops.
			lastErr = nil
			if out.Status != last {
				last = out.Status
				r.a.rep.JobStatus(addr, jobID, last)
			}
			if ours {
				r.res.JobStatus = last
			}
			if out.Operation != "" {
				job.operation = out.Operation
			}
			if !amplifybackend.IsTerminal(out.Status) && now.Sub(lastTold) >= o.ProgressEvery {
				lastTold = now
				if pr, ok := r.a.rep.(ProgressReporter); ok {
					pr.JobRunning(addr, RunningJob{JobID: jobID, Operation: job.operation, Status: out.Status,
						Elapsed: now.Sub(job.created), Foreign: !ours})
				}
			}
			if amplifybackend.IsTerminal(out.Status) {
				r.jobErr = out.Error
				if ours && out.Status == amplifybackend.StatusFailed && out.Error != "" {
					r.res.Error = "job ended FAILED: " + out.Error
				}
				return out.Status, nil
			}
		case ctx.Err() != nil:
			return "", r.ctxEnd(jobID, last, ours, lastErr)
		case amplifybackend.IsNotFound(err) && now.Sub(start) < o.NotFoundWindow:
			// Eventual consistency just after the job started.
		case amplifybackend.IsTransient(err):
			// Throttled, timed out or no answer after the client's own
			// retries: the job is still running as far as we know; poll
			// again after the next backoff, until the job timeout. Say
			// so, once per distinct error, so a user sees why it waits.
			lastErr = err
			if k := errorKey(err); !told[k] {
				told[k] = true
				if rr, ok := r.a.rep.(RetryReporter); ok {
					rr.JobRetrying(addr, jobID, err)
				}
			}
		default:
			return "", func() {
				r.res.JobID = jobID
				r.fail(StatusError, "follow job %s: %v", jobID, err)
			}
		}
		if !now.Before(deadline) {
			return "", func() {
				r.res.JobID = jobID
				r.res.JobStatus = last
				why := ""
				if lastErr != nil {
					why = fmt.Sprintf("; last GetBackendJob error: %v", lastErr)
				}
				if !ours {
					op := job.operation
					if op == "" {
						op = "unknown operation"
					}
					r.fail(StatusTimedOut, "job %s (%s) was still %s on %s after waiting %s for it (--job-timeout; it has run %s%s), so no job was started for %s: wait for it to end (aws amplifybackend get-backend-job --app-id %s --backend-environment-name %s --job-id %s) and run bapi apply again, or give a longer --job-timeout",
						jobID, op, strings.ToLower(cmp.Or(last, "pending")), addr.Pair(), o.JobTimeout, now.Sub(job.created).Round(time.Second), why, addr, addr.AppId, addr.BackendEnvironmentName, jobID)
					return
				}
				r.fail(StatusTimedOut, "job %s did not end within %s (--job-timeout; last status %q%s); it may still finish: check it with aws amplifybackend get-backend-job --app-id %s --backend-environment-name %s --job-id %s, or run bapi apply again, which waits for it first; give a longer --job-timeout to wait longer",
					jobID, o.JobTimeout, last, why, addr.AppId, addr.BackendEnvironmentName, jobID)
			}
		}
	}
}

func (r *run) ctxEnd(jobID, last string, ours bool, lastErr error) func() {
	return func() {
		r.res.JobID = jobID
		r.res.JobStatus = last
		if ours {
			why := ""
			if lastErr != nil {
				why = fmt.Sprintf("; last GetBackendJob error: %v", lastErr)
			}
			r.fail(StatusCancelled, "apply was interrupted while following job %s (last status %q%s); check it with aws amplifybackend get-backend-job and run bapi apply again", jobID, last, why)
			return
		}
		r.fail(StatusSkipped, "interrupted while waiting for pending job %s on %s; no job was started", jobID, r.ch.Address.Pair())
	}
}

// errorKey identifies an error for "report once per distinct error": a
// service error by its HTTP status and code (its message may carry a
// request ID), any other error by its text.
func errorKey(err error) string {
	var ae *amplifybackend.APIError
	if errors.As(err, &ae) {
		return fmt.Sprintf("api %d %s", ae.HTTPStatusCode(), ae.ErrorCode())
	}
	return err.Error()
}

// recheck judges sending ch's desired config to the live config as the
// plan judged it against the config it read: a change UpdateBackendAPI
// cannot make (plan.Check), a destructive change not allowed, or, unless
// staged, more than one GSI operation per table (plan.CheckApplicable).
func (a *applier) recheck(ch *plan.Change, live *amplifybackend.BackendAPIResourceConfig) error {
	now := &plan.Plan{Changes: []plan.Change{{Address: ch.Address, Action: plan.ActionUpdate, Source: ch.Source, Before: live, After: ch.After}}}
	if err := plan.Check(now); err != nil {
		return err
	}
	return now.CheckApplicable(a.allowed, a.opts.Staged)
}
