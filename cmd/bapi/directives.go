package main

import (
	"fmt"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"io"
	"os"

	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

func directivesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "directives",
		Usage: "print the Amplify and AppSync directive and scalar definitions, for GraphQL editors",
		Description: `Prints the GraphQL definitions (directives, their input types and enums, and
AppSync's scalars) that bapi checks TransformSchema against, for the transformer
version the project declares (transformer-version in .bapi.yaml; default 2).
Save them beside your schema files and name them in .graphqlrc.yml, so that the
GraphQL language server understands @model, @auth and the rest (see README).

Examples:
   bapi directives > bapi/amplify-directives.graphql
   bapi directives --transformer-version 1`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "transformer-version", Value: 0,
				Usage: "the Amplify GraphQL transformer `VERSION` (1 or 2); default: the project's .bapi.yaml, else 2"},
			configFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("directives takes no arguments; run bapi directives > FILE to save them")
			}
			v := c.Int("transformer-version")
			if c.IsSet("transformer-version") && v != 1 && v != 2 {
				return usageError("invalid --transformer-version %d: give 1 or 2", v)
			}
			if !c.IsSet("transformer-version") {
				wd, err := os.Getwd()
				if err != nil {
					wd = "."
				}
				cfg, _, err := validate.LoadConfig(c.Context, wd, c.String("config"))
				if err != nil {
					return usageError("%w", err)
				}
				v = cfg.Transformer()
			}
			if _, err := io.WriteString(e.stdout, amplifyschema.DirectiveSDL(v)); err != nil {
				return fmt.Errorf("write directives: %w", err)
			}
			return nil
		},
	}
}
