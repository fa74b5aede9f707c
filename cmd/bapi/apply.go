package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func applyCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "apply",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("apply: not implemented yet")
		},
	}
}
