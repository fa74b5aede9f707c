package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("schema: not implemented yet")
		},
	}
}
