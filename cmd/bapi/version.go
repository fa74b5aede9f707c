package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "version",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("version: not implemented yet")
		},
	}
}
