package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func initCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "init",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("init: not implemented yet")
		},
	}
}
