package apply

import (
	"time"

	"github.com/bapi-dev/bapi/pkg/plan"
)

// Status is the final outcome of one change.
type Status string

// Outcomes. Only StatusCompleted and StatusAdopted count as success.
const (
	// StatusCompleted: the job ended COMPLETED.
	StatusCompleted Status = "COMPLETED"
	// StatusAdopted: the resource already had the desired config (for
	// example applied by an earlier, interrupted run); nothing was mutated.
	StatusAdopted Status = "ADOPTED"
	// StatusFailed: the job ended FAILED.
	StatusFailed Status = "FAILED"
	// StatusTimedOut: the job did not end within Options.JobTimeout.
	StatusTimedOut Status = "TIMED_OUT"
	// StatusError: a call failed (the error says which and why).
	StatusError Status = "ERROR"
	// StatusSkipped: the change was never started (interrupted run).
	StatusSkipped Status = "SKIPPED"
	// StatusCancelled: the change was started but its job was no longer
	// followed (second interrupt); the job ID, if any, tells what to check.
	StatusCancelled Status = "CANCELLED"
)

// OK reports whether the status counts as success.
func (s Status) OK() bool { return s == StatusCompleted || s == StatusAdopted }

// Operations.
const (
	OpCreate = "CreateBackendAPI"
	OpUpdate = "UpdateBackendAPI"
)

// Result is the outcome of one change.
type Result struct {
	Address plan.Address `json:"address"`
	// Action is what the plan asked for.
	Action plan.Action `json:"action"`
	// Operation is the call made: OpCreate, OpUpdate, or "" when nothing was
	// mutated (adopted, skipped, or failed before the call).
	Operation string `json:"operation"`
	// JobID is the job started, or for an adopted resource the pending job
	// that was waited for ("" when none).
	JobID string `json:"job_id"`
	// Status is the final outcome.
	Status Status `json:"status"`
	// JobStatus is the last status the service reported for the job.
	JobStatus string `json:"job_status,omitempty"`
	// Error explains a FAILED, TIMED_OUT, ERROR, SKIPPED or CANCELLED
	// outcome.
	Error string `json:"error,omitempty"`
	// Start is when the change started (zero for a skipped change).
	Start time.Time `json:"-"`
	// Duration is how long the change took, from its first call to its end.
	Duration time.Duration `json:"-"`
	// Attempts counts HTTP attempts of the calls made for this change,
	// including the client's retries; Polls counts GetBackendJob calls.
	Attempts int `json:"attempts"`
	Polls    int `json:"polls"`
}

// Totals counts results by outcome.
type Totals struct {
	Changes   int `json:"changes"`
	Completed int `json:"completed"`
	Adopted   int `json:"adopted"`
	Failed    int `json:"failed"`
	TimedOut  int `json:"timed_out"`
	Errored   int `json:"errored"`
	Skipped   int `json:"skipped"`
	Cancelled int `json:"cancelled"`
	// Attempts is the sum of every result's Attempts.
	Attempts int `json:"attempts"`
}

// Report is the outcome of an apply: one Result per create or update change
// of the plan, in plan order.
type Report struct {
	Results []Result `json:"jobs"`
	Totals  Totals   `json:"totals"`
	// Interrupted is true when the run was stopped by an interrupt.
	Interrupted bool `json:"interrupted"`
	// Duration is the wall time of the whole apply.
	Duration time.Duration `json:"-"`
}

// OK is true only when every change completed or was adopted.
func (r *Report) OK() bool {
	for _, res := range r.Results {
		if !res.Status.OK() {
			return false
		}
	}
	return true
}

// Sum recomputes Totals from Results.
func (r *Report) Sum() {
	t := Totals{Changes: len(r.Results)}
	for _, res := range r.Results {
		t.Attempts += res.Attempts
		switch res.Status {
		case StatusCompleted:
			t.Completed++
		case StatusAdopted:
			t.Adopted++
		case StatusFailed:
			t.Failed++
		case StatusTimedOut:
			t.TimedOut++
		case StatusError:
			t.Errored++
		case StatusSkipped:
			t.Skipped++
		case StatusCancelled:
			t.Cancelled++
		}
	}
	r.Totals = t
}

// Reporter receives apply events. Apply calls it from several goroutines at
// once, so implementations must be safe for concurrent use. Each method must
// return quickly.
type Reporter interface {
	// ChangeStarted: work on a change begins.
	ChangeStarted(addr plan.Address, action plan.Action)
	// JobStarted: a job was started (op is OpCreate or OpUpdate), or a
	// pending job found on the pair is being waited for (op "").
	JobStarted(addr plan.Address, op, jobID string)
	// JobStatus: a poll answered status for the job.
	JobStatus(addr plan.Address, jobID, status string)
	// ChangeDone: the change ended with this result.
	ChangeDone(res Result)
}

// RetryReporter is a Reporter that also hears when following a job hits a
// transient error (throttling, a 5xx answer, no answer at all) and keeps
// polling until the job timeout. Apply reports each distinct error once per
// job. A Reporter without this method hears nothing of it.
type RetryReporter interface {
	Reporter
	// JobRetrying: GetBackendJob for the job failed with err, which may go
	// away by itself; apply keeps following the job.
	JobRetrying(addr plan.Address, jobID string, err error)
}

// RunningJob is a job still running, as a ProgressReporter hears of it.
type RunningJob struct {
	JobID string
	// Operation is the job's operation (CreateBackendAPI, or for a job
	// apply waits for, whatever it is: GenerateBackendAPIModels,
	// DeleteBackend, ...); "" when the service did not say.
	Operation string
	// Status is the job's last status (IN_PROGRESS, RUNNING, ...).
	Status string
	// Elapsed is how long the job has run: since apply started it, or for
	// another's job since its createTime.
	Elapsed time.Duration
	// Foreign is true for a job apply did not start and waits for before
	// it mutates the pair.
	Foreign bool
}

// ProgressReporter is a Reporter that also hears, every
// Options.ProgressEvery while a job runs, that it still does: a log
// without a terminal prints a line for it, as terraform's "Still
// creating... [30s elapsed]". A Reporter without this method hears nothing
// of it.
type ProgressReporter interface {
	Reporter
	// JobRunning: job, followed for addr, is still running.
	JobRunning(addr plan.Address, job RunningJob)
}

// StageReporter is a Reporter that also hears when a change applied with
// Options.Staged starts one of its steps (each one UpdateBackendAPI job,
// each a change of its own to ChangeStarted and ChangeDone), so that a log
// can say which step a job is. A Reporter without this method hears
// nothing of it.
type StageReporter interface {
	Reporter
	// StageStarted: step (1-based) of steps of addr's change begins.
	StageStarted(addr plan.Address, step, steps int)
}

// NopReporter ignores every event.
type NopReporter struct{}

func (NopReporter) ChangeStarted(plan.Address, plan.Action) {}
func (NopReporter) JobStarted(plan.Address, string, string) {}
func (NopReporter) JobStatus(plan.Address, string, string)  {}
func (NopReporter) ChangeDone(Result)                       {}

var _ Reporter = NopReporter{}
