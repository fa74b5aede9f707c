package main

import (
	"fmt"

	"github.com/bapi-dev/bapi/schema"
	"github.com/urfave/cli/v2"
)

func schemaCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "schema",
		Usage: "print the JSON Schema of a spec document, for editors and other tools",
		Description: `Prints the JSON Schema (draft 2020-12) that every spec document must match:
one CreateBackendAPI request with the API's own member names.

Examples:
   bapi schema > backend-api.schema.json
   # In a spec file, for editors with the YAML language server:
   # yaml-language-server: $schema=./backend-api.schema.json`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("schema takes no arguments; run bapi schema > FILE to save it")
			}
			if _, err := e.stdout.Write(schema.JSON()); err != nil {
				return fmt.Errorf("write schema: %w", err)
			}
			return nil
		},
	}
}
