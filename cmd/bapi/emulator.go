package main

import (
	"errors"

	"github.com/urfave/cli/v2"
)

func emulatorCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "emulator",
		Usage: "(not yet implemented)",
		Action: func(c *cli.Context) error {
			return errors.New("emulator: not implemented yet")
		},
	}
}
