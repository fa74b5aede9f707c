package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/bapi-dev/bapi/internal/editdist"
	"github.com/bapi-dev/bapi/internal/version"
	"github.com/urfave/cli/v2"
)

// Exit codes (documented in README.md).
const (
	exitOK = 0
	// exitFailure: validation errors found, a plan/apply error, a failed job.
	exitFailure = 1
	// exitUsage: bad usage, unreadable input or an internal failure
	// (validate); changes present with --detailed-exitcode (plan).
	exitUsage   = 2
	exitChanges = 2
)

// exitError carries an exit code out of an action. Its message, if any, has
// already been printed or is printed once by run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// exitCode returns an error that makes run exit with code without printing
// anything more.
func exitCode(code int) error { return &exitError{code: code} }

// usageError marks err as bad usage (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// env holds the process's streams and environment, so commands never touch
// os.Stdout or os.Getenv directly and can run in process in tests.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	// args is the command line run was given, program name first; shell
	// completion reads the word before the one being completed from it.
	args []string
}

// run is the whole CLI: it returns the exit code instead of exiting.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, args: args}
	app := newApp(e)
	err := app.RunContext(ctx, flagsFirst(app, args))
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "bapi: %v\n", ee.err)
		}
		return ee.code
	}
	fmt.Fprintf(stderr, "bapi: %v\n", err)
	return exitFailure
}

func newApp(e *env) *cli.App {
	v := version.Get()
	app := &cli.App{
		Name:                 "bapi",
		Usage:                "keep AWS Amplify backend GraphQL APIs as YAML specs: validate, plan, apply",
		Version:              v.Version,
		Reader:               e.stdin,
		Writer:               e.stdout,
		ErrWriter:            e.stderr,
		EnableBashCompletion: true,
		// urfave/cli adds --help only with its own help command.
		Flags:          []cli.Flag{cli.HelpFlag},
		ExitErrHandler: func(*cli.Context, error) {}, // run decides exit codes; never os.Exit
		Commands: []*cli.Command{
			validateCommand(e),
			rulesCommand(e),
			schemaCommand(e),
			directivesCommand(e),
			planCommand(e),
			applyCommand(e),
			emulatorCommand(e),
			initCommand(e),
			importCommand(e),
			lspCommand(e),
			gen2Command(e),
			versionCommand(e),
			completionCommand(e),
			helpCommand(),
		},
		// Without a command: the help, or an unknown command's error.
		Action: func(c *cli.Context) error {
			if c.Args().Present() {
				return unknownCommand(c.App, c.Args().First())
			}
			return cli.ShowAppHelp(c)
		},
		OnUsageError: onUsageError("bapi"),
	}
	// urfave/cli gives the app's OnUsageError to the root only; a command
	// without its own would print "Incorrect Usage" and its whole help on
	// stdout. plan and apply keep theirs (exit 1).
	for _, c := range app.Commands {
		if c.OnUsageError == nil {
			c.OnUsageError = onUsageError("bapi " + c.Name)
		}
		// No command has subcommands: urfave/cli's "help" subcommand would
		// only be offered by completion where a file belongs (--help stays).
		c.HideHelpCommand = true
		if c.BashComplete == nil {
			c.BashComplete = completeFlagValues(e, c)
		}
	}
	return app
}

// onUsageError turns a flag parse error into one line on stderr and exit 2,
// instead of urfave/cli's "Incorrect Usage" and the whole help on stdout.
func onUsageError(helpName string) cli.OnUsageErrorFunc {
	return func(_ *cli.Context, err error, _ bool) error {
		return &exitError{code: exitUsage, err: fmt.Errorf("%w; see %s --help", err, helpName)}
	}
}

// helpCommand replaces urfave/cli's help command so that help for an unknown
// command is a usage error like any other (its own exits 3).
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Aliases:   []string{"h"},
		Usage:     "show the list of commands, or one command's help",
		ArgsUsage: "[COMMAND]",
		HideHelp:  true,
		// Completion offers the command names (one COMMAND only).
		BashComplete: func(c *cli.Context) {
			if c.NArg() > 0 {
				return
			}
			for _, cmd := range c.App.Commands {
				if !cmd.Hidden && cmd.Name != "help" {
					fmt.Fprintln(c.App.Writer, cmd.Name)
				}
			}
		},
		Action: func(c *cli.Context) error {
			switch c.NArg() {
			case 0:
				return cli.ShowAppHelp(c)
			case 1:
				name := c.Args().First()
				if c.App.Command(name) == nil {
					return unknownCommand(c.App, name)
				}
				return cli.ShowCommandHelp(c, name)
			default:
				return usageError("help takes at most one COMMAND, got %d arguments; see bapi --help", c.NArg())
			}
		},
	}
}

// unknownCommand is the usage error for a command name bapi does not have:
// it suggests a close one, or else lists them all.
func unknownCommand(app *cli.App, name string) error {
	var names []string
	for _, c := range app.Commands {
		if !c.Hidden {
			names = append(names, c.Name)
		}
	}
	if s := closestName(name, names); s != "" {
		return usageError("unknown command %q; did you mean %q? see bapi --help", name, s)
	}
	return usageError("unknown command %q; use one of %s", name, strings.Join(names, ", "))
}

// closestName returns the candidate that given most likely misspells (a
// unique prefix, or within a small edit distance), or "".
func closestName(given string, candidates []string) string {
	if given == "" {
		return ""
	}
	var prefixed []string
	for _, c := range candidates {
		if strings.HasPrefix(c, given) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	best, bestDist := "", 1+len(given)/4
	for _, c := range candidates {
		if d := editdist.Distance(given, c, 0); d <= bestDist && (best == "" || d < editdist.Distance(given, best, 0)) {
			best = c
		}
	}
	return best
}

// useColor decides whether output to w is coloured, the same way for every
// command: only on a terminal, when NO_COLOR is unset and --no-color
// (noColor) is not given.
func (e *env) useColor(w io.Writer, noColor bool) bool {
	return !noColor && e.getenv("NO_COLOR") == "" && isTerminal(w)
}
