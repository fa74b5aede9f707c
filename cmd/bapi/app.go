package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

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
}

// run is the whole CLI: it returns the exit code instead of exiting.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv}
	app := newApp(e)
	err := app.RunContext(ctx, args)
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
	if isUsage(err) {
		return exitUsage
	}
	return exitFailure
}

// isUsage recognises urfave/cli's own parse errors.
func isUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"flag provided but not defined", "invalid value", "Required flag", "flag needs an argument", "No help topic"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
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
		HideHelpCommand:      false,
		ExitErrHandler:       func(*cli.Context, error) {}, // run decides exit codes; never os.Exit
		Commands: []*cli.Command{
			validateCommand(e),
			rulesCommand(e),
			schemaCommand(e),
			planCommand(e),
			applyCommand(e),
			emulatorCommand(e),
			initCommand(e),
			versionCommand(e),
		},
		OnUsageError: func(c *cli.Context, err error, isSubcommand bool) error {
			return &exitError{code: exitUsage, err: err}
		},
	}
	return app
}
