package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/internal/version"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

const validateDescription = `Checks spec files offline: YAML syntax and hostile input, the CreateBackendAPI
schema, and bapi's semantic rules (see "bapi rules"). Every finding of every
file is reported at once, as path:line:col, sorted by file and position.

PATH is a file, a directory (searched recursively for *.yaml and *.yml,
skipping hidden directories) or "-" for standard input.

Exit status: 0 no errors; 1 errors found, more warnings than --max-warnings, or
no spec file in the paths given; 2 bad usage or a file given by name that cannot
be read (an unreadable file found in a directory is a file-unreadable finding).
The first Ctrl-C (SIGINT or SIGTERM) stops the run; a second exits at once.

Examples:
   bapi validate specs/
   bapi validate api.yaml other.yaml
   bapi validate --format github specs/          (annotations in GitHub Actions)
   bapi validate --format sarif -o bapi.sarif .  (GitHub code scanning upload)
   bapi validate --format junit -o report.xml .
   cat api.yaml | bapi validate --stdin-filename api.yaml -
   bapi validate --max-warnings 0 specs/         (warnings fail the run too)`

// validateOptions are the parsed flags of bapi validate.
type validateOptions struct {
	paths         []string
	format        string
	stdinFilename string
	maxFileSize   int64
	maxWarnings   int
	parallelism   int
	outputPath    string
	noColor       bool
	minSeverity   finding.Severity
	config        *validate.Config
	verbose       bool
}

func validateCommand(e *env) *cli.Command {
	formats := strings.Join(output.FindingsFormatNames(), ", ")
	return &cli.Command{
		Name:        "validate",
		Usage:       "check spec files offline and report every finding as path:line:col",
		ArgsUsage:   "PATH...",
		Description: validateDescription,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: output.DefaultFindingsFormat,
				Usage: "output `FORMAT`: " + formats},
			&cli.StringFlag{Name: "stdin-filename", Value: "",
				Usage: "`NAME` to give standard input (\"-\") in findings, e.g. the path it came from"},
			&cli.StringFlag{Name: "max-file-size", Value: "1MiB",
				Usage: "largest spec file accepted, a `SIZE` in bytes or with a suffix (KiB, MiB, KB, MB); bigger files are an error finding"},
			&cli.IntFlag{Name: "max-warnings", Value: -1,
				Usage: "fail (exit 1) when there are more than `N` warnings; -1 means no limit"},
			&cli.IntFlag{Name: "parallelism", Aliases: []string{"j"}, Value: 0,
				Usage: "check `N` files at once; 0 means one per CPU"},
			&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Value: "",
				Usage: "write the report to `FILE` (atomically) instead of standard output"},
			&cli.BoolFlag{Name: "no-color",
				Usage: "never colour the text output (colour is used only on a terminal, and never when NO_COLOR is set)"},
			&cli.StringFlag{Name: "config", Value: "",
				Usage: "read rule severities, ignored paths and flag defaults from `FILE` (default: the first .bapi.yaml in the working directory or a parent, up to the git repository's root)"},
			&cli.StringFlag{Name: "min-severity", Value: "error",
				Usage: "lowest `SEVERITY` that fails the run (exit 1): error, warning or info"},
			verboseFlag(),
		},
		Action: func(c *cli.Context) error {
			opts, err := parseValidateFlags(c)
			if err != nil {
				return err
			}
			return runValidate(c, e, opts)
		},
	}
}

func parseValidateFlags(c *cli.Context) (validateOptions, error) {
	opts := validateOptions{
		paths:         c.Args().Slice(),
		format:        c.String("format"),
		stdinFilename: c.String("stdin-filename"),
		maxWarnings:   c.Int("max-warnings"),
		parallelism:   c.Int("parallelism"),
		outputPath:    c.String("output"),
		noColor:       c.Bool("no-color"),
	}
	if len(opts.paths) == 0 {
		return opts, usageError("validate needs at least one PATH (a file, a directory, or - for standard input); see bapi validate --help")
	}
	size, err := parseSize(c.String("max-file-size"))
	if err != nil {
		return opts, usageError("invalid --max-file-size: %w", err)
	}
	opts.maxFileSize = size
	if opts.maxWarnings < -1 {
		return opts, usageError("invalid --max-warnings %d: give a count of 0 or more, or -1 for no limit", opts.maxWarnings)
	}
	if opts.parallelism < 0 {
		return opts, usageError("invalid --parallelism %d: give 1 or more, or 0 for one per CPU", opts.parallelism)
	}
	if err := applyConfig(c, &opts); err != nil {
		return opts, err
	}
	return opts, nil
}

// applyConfig loads .bapi.yaml (or --config) and fills in the flags the
// command line did not set; it parses --min-severity.
func applyConfig(c *cli.Context, opts *validateOptions) error {
	wd, err := os.Getwd()
	if err != nil {
		wd = "."
	}
	cfg, cfgPath, err := validate.LoadConfig(c.Context, wd, c.String("config"))
	if err != nil {
		return usageError("%w", err)
	}
	opts.config = cfg
	if opts.verbose = c.Bool(flagVerbose); opts.verbose {
		fmt.Fprintln(c.App.ErrWriter, configLine(c.Context, cfgPath, c.String("config") != ""))
	}
	minSev := c.String("min-severity")
	if cfg != nil {
		if cfg.Format != "" && !c.IsSet("format") {
			opts.format = cfg.Format
		}
		if cfg.MaxWarnings != nil && !c.IsSet("max-warnings") {
			opts.maxWarnings = *cfg.MaxWarnings
		}
		if cfg.Parallelism != 0 && !c.IsSet("parallelism") {
			opts.parallelism = cfg.Parallelism
		}
		if cfg.MinSeverity != 0 && !c.IsSet("min-severity") {
			minSev = cfg.MinSeverity.String()
		}
	}
	sev, err := finding.ParseSeverity(minSev)
	if err != nil {
		return usageError("invalid --min-severity: %w", err)
	}
	opts.minSeverity = sev
	return nil
}

func runValidate(c *cli.Context, e *env, opts validateOptions) error {
	ctx := c.Context
	v := version.Get()
	formatter, err := output.NewFindingsFormatter(opts.format, output.FindingsOptions{
		Color:          opts.outputPath == "" && e.useColor(e.stdout, opts.noColor),
		ToolName:       "bapi",
		ToolVersion:    v.Version,
		InformationURI: "https://github.com/bapi-dev/bapi",
	})
	if err != nil {
		return usageError("%w", err)
	}
	load := spec.Options{MaxFileSize: opts.maxFileSize, Stdin: e.stdin, StdinFilename: opts.stdinFilename, Root: "."}
	sources, err := spec.Discover(ctx, spec.SchemaArgs(opts.paths), load)
	var res *validate.Result
	if err == nil && len(sources) == 0 {
		// A mistyped path must not pass CI: exit 1, as plan does. (The
		// pre-commit hook runs only when spec files changed, so it never
		// gets here.)
		return &exitError{code: exitFailure, err: &plan.NoSpecsError{Paths: opts.paths}}
	}
	if err == nil {
		// More workers than files would only cost memory (each is a
		// goroutine with its stack; -j 100000 took 307 MB for one file).
		par := min(opts.parallelism, max(len(sources), 1))
		res, err = validate.Run(ctx, sources, validate.Options{Load: load, Parallelism: par, Config: opts.config})
	}
	if err != nil {
		return validateFailure(e, opts, formatter, err)
	}
	unnamedSchemas(e, opts.paths, res)
	out := output.FromValidate(res)
	if opts.config != nil {
		out.Config = relPath(opts.config.Path)
	}
	if err := writeOutput(e.stdout, opts.outputPath, func(w io.Writer) error { return formatter.Format(w, out) }); err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	counts := res.Counts()
	if res.Fails(opts.minSeverity) {
		return exitCode(exitFailure)
	}
	if opts.maxWarnings >= 0 && counts.Warnings > opts.maxWarnings {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s, more than --max-warnings %d allows; fix them or raise the limit", countNoun(counts.Warnings, "warning"), opts.maxWarnings)}
	}
	return nil
}

// unnamedSchemas notes on stderr each .graphql file given (as the
// pre-commit hook passes a changed one) that no spec read names with
// TransformSchemaFile: it is checked only through a spec, so it was not
// checked at all, and a passing run must not look as if it had been.
func unnamedSchemas(e *env, paths []string, res *validate.Result) {
	read := map[string]bool{}
	for _, in := range res.Inputs {
		read[filepath.Clean(in.Name)] = true
	}
	for _, p := range paths {
		if !strings.EqualFold(filepath.Ext(p), ".graphql") || read[filepath.Clean(p)] {
			continue
		}
		if info, err := os.Stat(p); err != nil || info.IsDir() {
			continue
		}
		fmt.Fprintf(e.stderr, "bapi: %s is named by no spec's TransformSchemaFile, so it was not checked; name it in a spec, or delete it\n", p)
	}
}

// validateFailure ends a run that failed (an unreadable input, an
// interruption) with exit 2 and the error on stderr, after writing a report
// that carries the error: the machine formats still give CI a whole
// document (text and compact write nothing; the error on stderr is theirs).
func validateFailure(e *env, opts validateOptions, formatter output.FindingsFormatter, err error) error {
	fail := inputFailure(err)
	te := output.ToolError{Message: fail.err.Error()}
	var ie *spec.InputError
	if errors.As(err, &ie) {
		te.File = ie.Path
	}
	out := &output.FindingsResult{Findings: []finding.Finding{}, Rules: output.ValidateRules(), Errors: []output.ToolError{te}}
	var buf bytes.Buffer
	if rerr := formatter.Format(&buf, out); rerr != nil {
		return &exitError{code: exitUsage, err: errors.Join(fail.err, rerr)}
	}
	if buf.Len() > 0 {
		if werr := writeOutput(e.stdout, opts.outputPath, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err }); werr != nil {
			return &exitError{code: exitUsage, err: errors.Join(fail.err, werr)}
		}
	}
	return fail
}

// inputFailure turns a failure to read input into exit 2. An *InputError
// already names the path ("read PATH: ...").
func inputFailure(err error) *exitError {
	var ie *spec.InputError
	if errors.As(err, &ie) {
		return &exitError{code: exitUsage, err: ie}
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return &exitError{code: exitUsage, err: fmt.Errorf("validate interrupted: %w", err)}
	}
	return &exitError{code: exitUsage, err: fmt.Errorf("validate: %w", err)}
}

// writeOutput renders to stdout through a buffer, or to path atomically
// (mode 0644), streamed into a temporary file renamed into place once
// rendering succeeded. Neither holds the whole report in memory.
func writeOutput(stdout io.Writer, path string, render func(io.Writer) error) error {
	if path == "" || path == "-" {
		bw := bufio.NewWriterSize(stdout, 64<<10)
		if err := render(bw); err != nil {
			return err
		}
		return bw.Flush()
	}
	return atomicfile.WriteFunc(path, 0o644, render)
}

// parseSize reads a byte count: "1048576", "512KiB", "1MiB", "2MB", "1M".
func parseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{
		{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
		{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
		{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30}, {"B", 1},
	}
	mult := int64(1)
	for _, u := range units {
		if len(t) > len(u.suffix) && strings.EqualFold(t[len(t)-len(u.suffix):], u.suffix) {
			mult = u.mult
			t = strings.TrimSpace(t[:len(t)-len(u.suffix)])
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size; give a positive number of bytes, optionally with KiB, MiB or MB", s)
	}
	if n > math.MaxInt64/mult {
		return 0, fmt.Errorf("%q is too large", s)
	}
	return n * mult, nil
}

func countNoun(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
