package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("rules: not implemented yet")
		},
	}
}
