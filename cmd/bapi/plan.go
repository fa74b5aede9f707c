package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func planCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "plan",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("plan: not implemented yet")
		},
	}
}
