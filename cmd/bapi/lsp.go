package main

import (
	"errors"
	"fmt"

	"github.com/bapi-dev/bapi/internal/version"
	"github.com/bapi-dev/bapi/pkg/lsp"
	"github.com/urfave/cli/v2"
)

func lspCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "lsp",
		Usage: "run the language server on standard input and output, for editors",
		Description: `Speaks the Language Server Protocol on standard input and output: an editor
starts it and gets bapi's findings as diagnostics while the user types (every
rule, across the whole workspace), quick fixes, and completion and hover for the
Amplify directives in TransformSchema blocks and .graphql files. It reads no
network and no credentials. See docs/editors.md for VS Code, Neovim, Helix and Zed.

Exit status: 0 after the editor's shutdown and exit; 1 when the editor exits
without shutdown or the stream breaks.`,
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "stdio", Usage: "use standard input and output (the default and only transport; editors pass it)"},
			&cli.DurationFlag{Name: "debounce", Value: lsp.DefaultDebounce,
				Usage: "wait `DURATION` after a change before validating"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("lsp takes no arguments; an editor starts it as bapi lsp")
			}
			err := lsp.Serve(c.Context, e.stdin, e.stdout, lsp.Options{Debounce: c.Duration("debounce"), Version: version.Get().Version})
			if errors.Is(err, lsp.ErrExitWithoutShutdown) {
				return exitCode(exitFailure)
			}
			if err != nil {
				return fmt.Errorf("language server: %w", err)
			}
			return nil
		},
	}
}
