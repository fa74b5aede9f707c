package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/urfave/cli/v2"
)

// applyOptions are apply's parsed flags.
type applyOptions struct {
	aws          awsOptions
	autoApprove  bool
	jobTimeout   time.Duration
	pollInitial  time.Duration
	pollMax      time.Duration
	progress     time.Duration
	reportFormat string
	reportFile   string
	config       string
	// allowDestructive are the destructive changes allowed (ADDRESS:Type).
	allowDestructive []string
	staged           bool
	noColor          bool
}

// confirmPrompt is asked on a terminal before applying a fresh plan.
const confirmPrompt = "Do you want to apply these changes? Only 'yes' will be accepted: "

func applyCommand(e *env) *cli.Command {
	flags := []cli.Flag{
		&cli.BoolFlag{Name: "auto-approve", Usage: "apply without asking for confirmation (needed when standard input is not a terminal, unless a saved plan is given)"},
		&cli.DurationFlag{Name: "job-timeout", Value: apply.DefaultJobTimeout, Usage: "follow one job for at most `DURATION`; past it the job is reported TIMED_OUT"},
		&cli.DurationFlag{Name: "poll-initial", Value: apply.DefaultPollInitial, Usage: "wait `DURATION` before the first GetBackendJob of a job; each further wait doubles"},
		&cli.DurationFlag{Name: "poll-max", Value: apply.DefaultPollMax, Usage: "wait at most `DURATION` between two GetBackendJob calls"},
		&cli.DurationFlag{Name: "progress-interval", Value: apply.DefaultProgressEvery, Usage: "without a terminal, print a line every `DURATION` for each job still running, and for each job of another's apply waits for"},
		&cli.StringFlag{Name: "report-format", Value: output.DefaultReportFormat, Usage: "job report `FORMAT`: " + strings.Join(output.ReportFormatNames(), ", ")},
		&cli.StringFlag{Name: "report-file", Usage: "write the job report to `FILE` (the text table still goes to standard output)"},
		configFlag(),
		allowDestructiveFlag(),
		noColorFlag(),
		&cli.BoolFlag{Name: "staged", Usage: "apply an update that creates or deletes more than one index on a table as a series of UpdateBackendAPI jobs, one index per table each (CloudFormation allows no more per update); rerun after an interruption to go on"},
	}
	return &cli.Command{
		Name:      "apply",
		Usage:     "apply a saved plan, or plan and apply spec files, as CreateBackendAPI/UpdateBackendAPI jobs",
		ArgsUsage: "PLANFILE | PATH...",
		Description: "bapi apply plan.json executes exactly that saved plan, after refusing it if the spec files\n" +
			"or the live state moved since it was made. bapi apply PATH... plans the specs, shows the plan\n" +
			"and asks for confirmation (or takes --auto-approve). Changes to one app/environment run one\n" +
			"after another; different pairs run in parallel (--parallelism). The first Ctrl-C stops\n" +
			"starting new changes and keeps following the jobs in flight; the second exits at once.\n" +
			"Exit status: 0 when every job COMPLETED, 1 otherwise.",
		Flags:        append(flags, awsCLIFlags()...),
		OnUsageError: usageExitsOne("apply"),
		// Bad usage is an error, exit 1: DESIGN.md gives apply no exit 2.
		Action: func(c *cli.Context) error { return usageAsFailure(applyAction(e, c)) },
	}
}

// applyAction parses apply's flags and runs it.
func applyAction(e *env, c *cli.Context) error {
	ao, err := awsOptionsFrom(c)
	if err != nil {
		return err
	}
	o := applyOptions{
		aws:          ao,
		autoApprove:  c.Bool("auto-approve"),
		jobTimeout:   c.Duration("job-timeout"),
		pollInitial:  c.Duration("poll-initial"),
		pollMax:      c.Duration("poll-max"),
		progress:     c.Duration("progress-interval"),
		reportFormat: c.String("report-format"),
		reportFile:   c.String("report-file"),
		config:       c.String("config"),
		staged:       c.Bool("staged"),
		noColor:      c.Bool("no-color"),
	}
	if o.allowDestructive, err = plan.ParseAllowDestructive(c.StringSlice("allow-destructive")); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if ao.Local {
		// Local jobs take a fraction of a second: poll to match.
		if !c.IsSet("poll-initial") {
			o.pollInitial = 50 * time.Millisecond
		}
		if !c.IsSet("poll-max") {
			o.pollMax = 100 * time.Millisecond
		}
	}
	if _, ok := output.ReportFormats()[o.reportFormat]; !ok {
		return usageError("unknown --report-format %q; use one of %s", o.reportFormat, strings.Join(output.ReportFormatNames(), ", "))
	}
	if o.jobTimeout <= 0 || o.pollInitial <= 0 || o.pollMax <= 0 || o.progress <= 0 {
		return usageError("--job-timeout, --poll-initial, --poll-max and --progress-interval must be positive durations")
	}
	if c.NArg() == 0 {
		return usageError("apply needs a saved plan file or spec files and directories; for example bapi apply plan.json, or bapi apply specs/")
	}
	if o.reportFile != "" {
		// Refuse a report path that cannot be written before any job runs,
		// so the report of the jobs is never lost.
		if err := atomicfile.CheckWritable(o.reportFile); err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("--report-file: %w", err)}
		}
	}
	return e.runApply(c.Context, o, c.Args().Slice())
}

// isPlanFile reports whether args name one saved plan (a .json file).
func isPlanFile(args []string) bool {
	if len(args) != 1 || !strings.EqualFold(filepath.Ext(args[0]), ".json") {
		return false
	}
	info, err := os.Stat(args[0])
	return err == nil && !info.IsDir()
}

func (e *env) runApply(ctx context.Context, o applyOptions, args []string) error {
	// The report owns standard output when it is machine-readable and has
	// no file of its own: the plan, prompts and progress go to stderr then.
	human := o.humanWriter(e)
	if !isPlanFile(args) {
		lo := plan.LoadOptions{Load: spec.Options{Stdin: e.stdin, Root: "."}, ConfigPath: o.config}
		p, api, cleanup, err := makePlan(ctx, e, args, lo, o.aws, o.noColor)
		if err != nil {
			return err
		}
		defer cleanup()
		p.AllowDestructive = o.allowDestructive
		if p.HasChanges() {
			f, err := output.NewPlanFormatter("text", output.PlanOptions{Color: e.useColor(human, o.noColor)})
			if err != nil {
				return err
			}
			if err := f.Format(human, p); err != nil {
				return err
			}
			if err := p.CheckApplicable(nil, o.staged); err != nil {
				return &exitError{code: exitFailure, err: fmt.Errorf("refusing to apply: %w", err)}
			}
			if !o.autoApprove {
				if err := e.confirm(human); err != nil {
					return err
				}
			}
		}
		// Even with no changes, apply runs: it checks every app/environment
		// of the plan for a job still pending (from a killed run, say) and
		// follows it, so "No changes" is never said while a job may still
		// undo it.
		return e.execute(ctx, api, p, o, human)
	}

	p, raw, err := plan.ReadFileBytes(args[0])
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if o.aws.Local {
		addrs := make([]plan.Address, 0, len(p.Changes))
		for _, ch := range p.Changes {
			addrs = append(addrs, ch.Address)
		}
		o.aws.LocalApps = localApps(addrs)
	}
	api, cleanup, err := e.newAPI(ctx, o.aws)
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	defer cleanup()
	verify := plan.VerifyOptions{
		Load:             plan.LoadOptions{Load: spec.Options{Stdin: e.stdin, Root: "."}, ConfigPath: o.config},
		Parallelism:      o.aws.Parallelism,
		AllowDestructive: o.allowDestructive,
		Staged:           o.staged,
		Raw:              raw,
	}
	if o.aws.Verbose {
		// The configuration Verify validates the plan's specs with.
		if _, path, err := plan.LoadConfig(ctx, verify.Load); err == nil {
			fmt.Fprintln(e.stderr, configLine(ctx, path, o.config != ""))
		}
	}
	if err := plan.Verify(ctx, api, p, verify); err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("refusing to apply %s: %w", args[0], err)}
	}
	if p.HasChanges() {
		fmt.Fprintf(human, "Applying saved plan %s. %s\n", args[0], output.PlanSummary(p))
	}
	return e.execute(ctx, api, p, o, human)
}

// humanWriter is where apply writes what people read (plan, prompts,
// progress): standard error when the report is machine-readable and goes to
// standard output, standard output otherwise.
func (o applyOptions) humanWriter(e *env) io.Writer {
	if o.reportFormat != "text" && o.reportFile == "" {
		return e.stderr
	}
	return e.stdout
}

// confirm asks for "yes" on a terminal; without one it refuses.
func (e *env) confirm(w io.Writer) error {
	if !isTerminal(e.stdin) {
		return &exitError{code: exitFailure, err: errors.New("standard input is not a terminal, so apply cannot ask for confirmation: pass --auto-approve, or save a plan with bapi plan -out plan.json and apply that")}
	}
	fmt.Fprint(w, "\n"+confirmPrompt)
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return &exitError{code: exitFailure, err: fmt.Errorf("read confirmation: %w", err)}
	}
	if strings.TrimSpace(line) != "yes" {
		fmt.Fprintln(w, "Apply cancelled.")
		return exitCode(exitFailure)
	}
	return nil
}

// progress is what apply reports to: a live view or log lines, plus
// messages such as the interrupt notice.
type progress interface {
	apply.Reporter
	Println(msg string)
}

// inFlight wraps a reporter and counts the jobs apply started and still
// follows, for the interrupt notice: a change that only waits for
// another's pending job has none (the first interrupt ends that wait).
type inFlight struct {
	progress
	mu   sync.Mutex
	jobs map[plan.Address]bool
}

func (f *inFlight) JobStarted(a plan.Address, op, jobID string) {
	if op != "" {
		f.mu.Lock()
		if f.jobs == nil {
			f.jobs = map[plan.Address]bool{}
		}
		f.jobs[a] = true
		f.mu.Unlock()
	}
	f.progress.JobStarted(a, op, jobID)
}

func (f *inFlight) ChangeDone(r apply.Result) {
	f.mu.Lock()
	delete(f.jobs, r.Address)
	f.mu.Unlock()
	f.progress.ChangeDone(r)
}

// JobRetrying prints a line when following a job hits a transient error
// (apply says each distinct error once per job), so a user whose endpoint
// is down sees why apply waits.
func (f *inFlight) JobRetrying(addr plan.Address, jobID string, err error) {
	f.progress.Println(fmt.Sprintf("%s: checking job %s failed, still following it until --job-timeout: %v", addr, jobID, err))
}

// JobRunning passes "still running" events on to a progress that hears
// them.
func (f *inFlight) JobRunning(addr plan.Address, job apply.RunningJob) {
	if pr, ok := f.progress.(apply.ProgressReporter); ok {
		pr.JobRunning(addr, job)
	}
}

// StageStarted passes a staged change's step on to a progress that hears
// it.
func (f *inFlight) StageStarted(addr plan.Address, step, steps int) {
	if sr, ok := f.progress.(apply.StageReporter); ok {
		sr.StageStarted(addr, step, steps)
	}
}

var (
	_ apply.RetryReporter    = (*inFlight)(nil)
	_ apply.ProgressReporter = (*inFlight)(nil)
	_ apply.StageReporter    = (*inFlight)(nil)
)

func (f *inFlight) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.jobs)
}

// execute applies p with two-stage interrupts and writes the job report.
func (e *env) execute(ctx context.Context, api amplifybackend.API, p *plan.Plan, o applyOptions, human io.Writer) error {
	var prog progress
	var view *liveView
	if isTerminal(human) {
		view = newTerminalLiveView(human, p)
		prog = view
	} else {
		prog = &logReporter{w: e.stderr, now: time.Now}
	}
	rep := &inFlight{progress: prog}

	// apply must keep following jobs after the first SIGINT/SIGTERM, so it
	// runs on a context that only the second signal cancels.
	hard, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	stop := make(chan struct{})
	// Each signal must count once. Under main, apply claims the process's
	// signal router: from here every signal comes on sigs only, and ctx is
	// no longer cancelled by one, so ctx ending below means a signal that
	// came before the claim (or, in tests, a plain cancellation). Without
	// a router (run called directly), apply listens for itself.
	sigs := make(chan os.Signal, 2)
	if router := signalRouterFrom(ctx); router != nil {
		defer router.Claim(sigs)()
	} else {
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sigs)
	}
	finished := make(chan struct{})
	var watch sync.WaitGroup
	watch.Go(func() {
		outer := ctx.Done()
		first := false
		firstStage := func() {
			if !first {
				first = true
				close(stop)
				rep.Println(fmt.Sprintf("Interrupt received: finishing %d jobs in flight; press Ctrl-C again to exit now", rep.count()))
			}
		}
		for {
			select {
			case <-finished:
				return
			case <-outer:
				outer = nil
				firstStage()
			case <-sigs:
				if first {
					rep.Println("Second interrupt: exiting now; the report lists every job started")
					cancel()
					return
				}
				firstStage()
			}
		}
	})

	report, err := apply.Apply(hard, api, p, apply.Options{
		Parallelism:   o.aws.Parallelism,
		JobTimeout:    o.jobTimeout,
		PollInitial:   o.pollInitial,
		PollMax:       o.pollMax,
		ProgressEvery: o.progress,
		Stop:          stop,
		// The plan carries what was allowed at plan time; add what this
		// run allows.
		AllowDestructive: o.allowDestructive,
		Staged:           o.staged,
	}, rep)
	close(finished)
	watch.Wait()
	if view != nil {
		view.Close()
	}
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if len(report.Results) == 0 {
		// Nothing to do and nothing pending: say so; a machine-readable
		// report is still written, empty.
		fmt.Fprintln(human, output.PlanNoChanges)
		if o.reportFormat == "text" && o.reportFile == "" {
			return nil
		}
	}
	if err := e.writeReport(report, o, len(report.Results) > 0); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if !report.OK() {
		return exitCode(exitFailure)
	}
	return nil
}

// writeReport writes the report to standard output in the chosen format,
// or with --report-file to that file (atomically, mode 0644) with the text
// table on standard output (unless table is false: an empty report). If the
// file cannot be written after all, the table is still printed first, so
// the jobs' outcome is never lost.
func (e *env) writeReport(r *apply.Report, o applyOptions, table bool) error {
	format := o.reportFormat
	var fileErr error
	if o.reportFile != "" {
		f, err := output.NewReportFormatter(format, output.ReportOptions{})
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := f.Format(&buf, r); err != nil {
			fileErr = fmt.Errorf("write report %s: %w", o.reportFile, err)
		} else if err := atomicfile.Write(o.reportFile, buf.Bytes(), 0o644); err != nil {
			fileErr = fmt.Errorf("write report: %w", err)
		}
		if !table && fileErr == nil {
			return nil
		}
		format = "text"
	}
	f, err := output.NewReportFormatter(format, output.ReportOptions{Color: format == "text" && e.useColor(e.stdout, o.noColor)})
	if err != nil {
		return errors.Join(fileErr, err)
	}
	if format == "text" {
		fmt.Fprintln(e.stdout)
	}
	if err := f.Format(e.stdout, r); err != nil {
		return errors.Join(fileErr, err)
	}
	return fileErr
}
