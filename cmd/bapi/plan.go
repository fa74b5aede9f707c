package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/internal/version"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

// planOptions are bapi plan's parsed flags.
type planOptions struct {
	Paths            []string
	Format           string
	Out              string
	DetailedExitcode bool
	NoColor          bool
	StdinFilename    string
	Config           string
	AllowDestructive []string
	AWS              awsOptions
}

func planCommand(e *env) *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: output.DefaultPlanFormat, Usage: "output `FORMAT`: " + strings.Join(output.PlanFormatNames(), ", ")},
		&cli.StringFlag{Name: "out", Usage: "save the plan to `FILE` (JSON) for bapi apply FILE"},
		&cli.BoolFlag{Name: "detailed-exitcode", Usage: "exit 0 with no changes, 1 on error, 2 when there are changes"},
		noColorFlag(),
		&cli.StringFlag{Name: "stdin-filename", Usage: "`NAME` to give standard input (\"-\") in findings, e.g. the path it came from"},
		configFlag(),
		allowDestructiveFlag(),
	}
	return &cli.Command{
		Name:      "plan",
		Usage:     "show what apply would change: read each spec's current state and compare",
		ArgsUsage: "PATH...",
		Description: "Validates the specs (files, or directories searched for *.yaml and *.yml), reads each\n" +
			"resource with GetBackendAPI and prints what would be created or updated.\n\n" +
			"Exit codes: 0 success (with --detailed-exitcode: no changes), 1 error or invalid specs,\n" +
			"2 changes present (with --detailed-exitcode only).",
		Flags: append(flags, awsCLIFlags()...),
		// A usage error must not exit 2, which --detailed-exitcode reserves
		// for "changes present".
		OnUsageError: usageExitsOne("plan"),
		Action: func(c *cli.Context) error {
			o := planOptions{
				Paths:            c.Args().Slice(),
				Format:           c.String("format"),
				Out:              c.String("out"),
				DetailedExitcode: c.Bool("detailed-exitcode"),
				NoColor:          c.Bool("no-color"),
				StdinFilename:    c.String("stdin-filename"),
				Config:           c.String("config"),
			}
			aws, err := awsOptionsFrom(c)
			if err != nil {
				return usageAsFailure(err)
			}
			o.AWS = aws
			if o.AllowDestructive, err = plan.ParseAllowDestructive(c.StringSlice("allow-destructive")); err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			return runPlan(c.Context, e, o)
		},
	}
}

// allowDestructiveFlag is --allow-destructive, as plan and apply have it.
func allowDestructiveFlag() cli.Flag {
	return &cli.StringSliceFlag{Name: "allow-destructive", Usage: "allow the change that deletes or replaces the table of GraphQL type Type in the resource ADDRESS (`ADDRESS:Type`, e.g. d2x4example7q1/staging/blogapi:Post); repeat for each. A saved plan records it"}
}

// noColorFlag is --no-color as plan and apply have it.
func noColorFlag() cli.Flag {
	return &cli.BoolFlag{Name: "no-color", Usage: "never colour the output (colour is used on a terminal unless NO_COLOR is set)"}
}

// configFlag is --config, as bapi validate has it: plan and apply validate
// the specs with the same rule settings and ignored paths.
func configFlag() cli.Flag {
	return &cli.StringFlag{Name: "config", Value: "",
		Usage: "read rule severities, ignored paths and min-severity from `FILE` (default: the first .bapi.yaml in the working directory or a parent, up to the git repository's root)"}
}

// usageExitsOne is the OnUsageError of plan and apply: a flag parse error
// exits 1 with one line naming the command's help, instead of printing the
// whole help. plan keeps 2 for "changes present" (--detailed-exitcode), and
// DESIGN.md gives apply no exit code 2.
func usageExitsOne(command string) cli.OnUsageErrorFunc {
	return func(c *cli.Context, err error, isSubcommand bool) error {
		return &exitError{code: exitFailure, err: fmt.Errorf("%w; see bapi %s --help", err, command)}
	}
}

// usageAsFailure turns a usage error into exit code 1, for plan and apply
// (see usageExitsOne).
func usageAsFailure(err error) error {
	var ee *exitError
	if errors.As(err, &ee) && ee.code == exitUsage {
		return &exitError{code: exitFailure, err: ee.err}
	}
	return err
}

func runPlan(ctx context.Context, e *env, o planOptions) error {
	if len(o.Paths) == 0 {
		return &exitError{code: exitFailure, err: errors.New("no specs given; run bapi plan PATH... with spec files or directories")}
	}
	if o.Out != "" {
		if slices.Contains(o.Paths, "-") {
			return &exitError{code: exitFailure, err: errors.New("--out cannot save a plan of standard input (-): apply checks a saved plan against its spec files, which it cannot read again; save the spec to a file and plan that")}
		}
		if err := atomicfile.CheckWritable(o.Out); err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("--out: %w", err)}
		}
	}
	f, err := output.NewPlanFormatter(o.Format, output.PlanOptions{Color: e.useColor(e.stdout, o.NoColor)})
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	lo := plan.LoadOptions{Load: spec.Options{Stdin: e.stdin, StdinFilename: o.StdinFilename, Root: "."}, ConfigPath: o.Config}
	p, api, cleanup, err := makePlan(ctx, e, o.Paths, lo, o.AWS, o.NoColor)
	if err != nil {
		return err
	}
	defer cleanup()
	p.AllowDestructive = o.AllowDestructive
	for _, a := range p.UnusedAllowances(o.AllowDestructive) {
		fmt.Fprintf(e.stderr, "Warning: --allow-destructive %s names no change that deletes or replaces a table in this plan; check the address and the type name\n", a)
	}
	if err := f.Format(e.stdout, p); err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("write the plan: %w", err)}
	}
	// A job still running (from an apply that was killed, say) may change
	// the state the plan shows: say so, on stderr in every format.
	pending, err := plan.PendingJobs(ctx, api, p, o.AWS.Parallelism)
	if err != nil {
		fmt.Fprintf(e.stderr, "Warning: could not check for pending jobs: %v\n", err)
	}
	for _, j := range pending {
		fmt.Fprintf(e.stderr, "Note: job %s (%s, %s) is still running on %s; the state shown may change when it ends (bapi apply waits for it).\n", j.JobID, j.Operation, j.Status, j.Pair)
	}
	warnMigrationLocks(ctx, e, api, p)
	if o.Out != "" {
		if err := plan.Write(o.Out, p); err != nil {
			return &exitError{code: exitFailure, err: err}
		}
		fmt.Fprintf(e.stderr, "Saved the plan to %s; apply exactly this plan with: bapi apply %s\n", o.Out, o.Out)
	}
	if o.DetailedExitcode && p.HasChanges() {
		return exitCode(exitChanges)
	}
	return nil
}

// makePlan validates the specs under paths, builds the client the shared
// flags describe (after validation, so invalid specs need no AWS access),
// reads the current state and computes the plan. Validation findings are
// printed to stderr; failing findings stop it with exit 1 (an *exitError).
// It returns the client for the caller to go on with; the caller must call
// cleanup (never nil) once done with it.
func makePlan(ctx context.Context, e *env, paths []string, lo plan.LoadOptions, o awsOptions, noColor bool) (*plan.Plan, amplifybackend.API, func() error, error) {
	noop := func() error { return nil }
	specs, err := loadSpecs(ctx, e, paths, lo, noColor)
	if err != nil {
		return nil, nil, noop, err
	}
	if o.Verbose {
		fmt.Fprintln(e.stderr, configLine(ctx, specs.ConfigPath, lo.ConfigPath != ""))
	}
	if o.Local {
		addrs := make([]plan.Address, 0, len(specs.Desired))
		for _, d := range specs.Desired {
			addrs = append(addrs, d.Address())
		}
		o.LocalApps = localApps(addrs)
	}
	api, cleanup, err := e.newAPI(ctx, o)
	if err != nil {
		return nil, nil, noop, &exitError{code: exitFailure, err: err}
	}
	p, err := plan.Make(ctx, api, specs.Desired, specs.Inputs, o.Parallelism)
	if err != nil {
		cleanup()
		return nil, nil, noop, &exitError{code: exitFailure, err: fmt.Errorf("plan: %w", err)}
	}
	p.Args = paths
	return p, api, cleanup, nil
}

// loadSpecs runs plan.LoadSpecs for plan and apply: the specs are
// validated with .bapi.yaml (or --config) applied. Findings go to stderr in
// the text format; failing findings and every other error exit 1.
func loadSpecs(ctx context.Context, e *env, paths []string, lo plan.LoadOptions, noColor bool) (*plan.Specs, error) {
	specs, res, err := plan.LoadSpecs(ctx, paths, lo)
	if res != nil && len(res.Findings) > 0 {
		if perr := printFindings(e, res, noColor); perr != nil {
			return nil, &exitError{code: exitFailure, err: perr}
		}
	}
	if err != nil {
		return nil, &exitError{code: exitFailure, err: err}
	}
	return specs, nil
}

// printFindings writes validation findings to stderr in the text format.
func printFindings(e *env, res *validate.Result, noColor bool) error {
	f, err := output.NewFindingsFormatter("text", output.FindingsOptions{
		Color:       e.useColor(e.stderr, noColor),
		ToolName:    "bapi",
		ToolVersion: version.Get().Version,
	})
	if err != nil {
		return err
	}
	return f.Format(e.stderr, output.FromValidate(res))
}
