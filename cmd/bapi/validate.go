package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func validateCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "validate",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("validate: not implemented yet")
		},
	}
}
