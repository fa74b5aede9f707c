package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bapi-dev/bapi/pkg/importer"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/urfave/cli/v2"
)

// importOptions are bapi import's parsed flags.
type importOptions struct {
	AppID       string
	Envs        []string
	Out         string
	FromProject string
	AWS         awsOptions
}

func importCommand(e *env) *cli.Command {
	flags := []cli.Flag{
		&cli.StringSliceFlag{Name: "env", Usage: "import only backend environment `ENV` (repeat for several; default: every environment)"},
		&cli.StringFlag{Name: "out", Value: "bapi", Usage: "write the specs and schemas into `DIR`"},
		&cli.StringFlag{Name: "from-project", Usage: "read the APIs offline from the Amplify Gen 1 project in `DIR` (the directory holding amplify/) instead of the service"},
	}
	return &cli.Command{
		Name:      "import",
		Usage:     "write specs for an app's existing GraphQL APIs, from the service or a local Amplify project",
		ArgsUsage: "APPID [--env ENV]... [--out DIR] | --from-project DIR",
		Description: "import adopts the AppSync APIs of an Amplify Gen 1 app. From the service (APPID), it\n" +
			"reads the app's environments and the APIs of each with GetBackend, and each API with\n" +
			"GetBackendAPI. With --from-project DIR it reads them offline from the project's\n" +
			"amplify/ directory (team-provider-info.json, each API's schema and cli-inputs.json).\n\n" +
			"It writes one spec per API into --out (default bapi/), a document per environment,\n" +
			"and the schema into a .graphql file beside it, shared by the environments whose\n" +
			"schemas are the same. It never overwrites a file: if one exists it writes nothing\n" +
			"and exits 1. Then bapi validate DIR is clean and bapi plan DIR shows no changes.\n\n" +
			"Examples:\n" +
			"   bapi import d2x4example7q1\n" +
			"   bapi import d2x4example7q1 --env prod --out infra/bapi\n" +
			"   bapi import --from-project .",
		Flags: append(flags, awsCLIFlags()...),
		Action: func(c *cli.Context) error {
			o := importOptions{Envs: c.StringSlice("env"), Out: c.String("out"), FromProject: c.String("from-project")}
			switch {
			case o.FromProject != "" && c.NArg() > 0:
				return usageError("give an APPID or --from-project DIR, not both")
			case o.FromProject == "" && c.NArg() != 1:
				return usageError("import takes one APPID (or --from-project DIR), got %d arguments; see bapi import --help", c.NArg())
			case o.Out == "":
				return usageError("--out is empty; give the directory to write the specs into")
			}
			o.AppID = c.Args().First()
			aws, err := awsOptionsFrom(c)
			if err != nil {
				return err
			}
			o.AWS = aws
			return runImport(c, e, o)
		},
	}
}

func runImport(c *cli.Context, e *env, o importOptions) error {
	ctx := c.Context
	var reqs []*model.CreateBackendAPIRequest
	var source string
	if o.FromProject != "" {
		var err error
		reqs, err = importer.FromProject(ctx, o.FromProject, importer.ProjectOptions{Envs: o.Envs})
		if err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("import the Amplify project in %s: %w", o.FromProject, err)}
		}
		source = "the Amplify project's amplify/ directory"
	} else {
		api, cleanup, err := e.newAPI(ctx, o.AWS)
		if err != nil {
			return err
		}
		defer cleanup()
		reqs, err = importer.FromService(ctx, api, o.AppID, importer.ServiceOptions{Envs: o.Envs})
		if err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("import app %s: %w", o.AppID, err)}
		}
		source = "the AmplifyBackend service"
	}
	if len(reqs) == 0 {
		return &exitError{code: exitFailure, err: errors.New("import found no AppSync API to import; nothing was written")}
	}
	files, err := importer.Layout(reqs, source)
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("import: %w", err)}
	}
	if info, err := os.Stat(o.Out); err == nil && !info.IsDir() {
		return &exitError{code: exitFailure, err: fmt.Errorf("the output directory %s is a file; give --out a directory (it is created if missing)", o.Out)}
	}
	written, err := importer.Write(ctx, o.Out, files)
	for _, p := range written {
		fmt.Fprintf(e.stderr, "bapi: wrote %s\n", p)
	}
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	dir := filepath.Clean(o.Out)
	plural := "s"
	if len(reqs) == 1 {
		plural = ""
	}
	fmt.Fprintf(e.stderr, "bapi: imported %d API configuration%s into %s; next: bapi validate %s && bapi plan %s\n", len(reqs), plural, dir, dir, dir)
	return nil
}
