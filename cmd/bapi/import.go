package main

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bapi-dev/bapi/pkg/importer"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

// importOptions are bapi import's parsed flags.
type importOptions struct {
	AppID       string
	Envs        []string
	Out         string
	FromProject string
	UserPoolIDs map[string]string
	// Live: with --from-project, read each environment's amplify-meta
	// from the service (credentials or an endpoint were given).
	Live bool
	AWS  awsOptions
}

func importCommand(e *env) *cli.Command {
	flags := []cli.Flag{
		&cli.StringSliceFlag{Name: "env", Usage: "import only backend environment `ENV` (repeat for several; default: every environment)"},
		&cli.StringFlag{Name: "out", Value: "bapi", Usage: "write the specs and schemas into `DIR`"},
		&cli.StringFlag{Name: "from-project", Usage: "read the APIs offline from the Amplify Gen 1 project in `DIR` (the directory holding amplify/) instead of the service"},
		&cli.StringFlag{Name: "app-id", Usage: "with --from-project: the Amplify app `APPID` of the environments the project's files give none for (a fresh clone lacks team-provider-info.json when the Amplify CLI keeps it out of git)"},
		&cli.StringSliceFlag{Name: "user-pool-id", Usage: "with --from-project: the Cognito user pool ID of environment ENV (`[ENV=]ID`; without ENV=, of every environment), which only the git-ignored amplify-meta.json holds otherwise; repeat for several"},
		noColorFlag(),
	}
	return &cli.Command{
		Name:      "import",
		Usage:     "write specs for an app's existing GraphQL APIs, from the service or a local Amplify project",
		ArgsUsage: "APPID [--env ENV]... [--out DIR] | --from-project DIR [--app-id APPID] [--env ENV]... [--user-pool-id [ENV=]ID]...",
		Description: "import adopts the AppSync APIs of an Amplify Gen 1 app. From the service (APPID), it\n" +
			"reads the app's environments and the APIs of each with GetBackend, and each API with\n" +
			"GetBackendAPI. With --from-project DIR it reads them offline from the project's\n" +
			"amplify/ directory (team-provider-info.json, backend-config.json, each API's schema,\n" +
			"cli-inputs.json or parameters.json, cli.json). What a fresh clone lacks (the files the\n" +
			"Amplify CLI keeps out of git) comes from --app-id, --env and --user-pool-id, each named\n" +
			"by the message that needs it, or, with --profile or --endpoint-url, from the service\n" +
			"(GetBackend's amplifyMetaConfig of each environment). An environment that cannot be\n" +
			"imported is skipped with its reason; what import changes (an API key expiry the\n" +
			"service refuses) is printed as a warning with the fix.\n\n" +
			"It writes one spec per API into --out (default bapi/), a document per environment,\n" +
			"and the schema into a .graphql file beside it (a schema/ folder stays a list of\n" +
			"files), and, for a project on the GraphQL transformer v1, a .bapi.yaml that says so.\n" +
			"It never overwrites a file: if one exists it writes nothing and exits 1. Then bapi\n" +
			"validate is clean and bapi plan shows no changes: the last line says how to run them.\n\n" +
			"Examples:\n" +
			"   bapi import d2x4example7q1\n" +
			"   bapi import d2x4example7q1 --env prod --out infra/bapi\n" +
			"   bapi import --from-project .\n" +
			"   bapi import --from-project . --app-id d2x4example7q1 --env dev --user-pool-id us-east-1_AbCdEf123",
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
			case o.FromProject == "" && (c.IsSet("app-id") || c.IsSet("user-pool-id")):
				return usageError("--app-id and --user-pool-id go with --from-project; from the service, give the app ID as the argument")
			}
			o.AppID = c.Args().First()
			if o.FromProject != "" {
				o.AppID = c.String("app-id")
				pools, err := parseUserPoolIDs(c.StringSlice("user-pool-id"))
				if err != nil {
					return err
				}
				o.UserPoolIDs = pools
				o.Live = c.IsSet(flagProfile) || c.IsSet(flagEndpointURL)
			}
			aws, err := awsOptionsFrom(c)
			if err != nil {
				return err
			}
			o.AWS = aws
			return runImport(c, e, o)
		},
	}
}

// parseUserPoolIDs parses --user-pool-id [ENV=]ID values; "" is the key of
// the one for every environment.
func parseUserPoolIDs(vals []string) (map[string]string, error) {
	out := map[string]string{}
	for _, v := range vals {
		env, id, ok := strings.Cut(v, "=")
		if !ok {
			env, id = "", v
		}
		if !importer.ValidUserPoolID(id) {
			return nil, usageError("--user-pool-id %q: %q is not a Cognito user pool ID (REGION_ID, such as us-east-1_AbCdEf123); give [ENV=]ID", v, id)
		}
		if old, dup := out[env]; dup && old != id {
			return nil, usageError("--user-pool-id gives two pools for %s (%s and %s); give one", cmp.Or(env, "every environment"), old, id)
		}
		out[env] = id
	}
	return out, nil
}

func runImport(c *cli.Context, e *env, o importOptions) error {
	ctx := c.Context
	var reqs []*model.CreateBackendAPIRequest
	var source string
	lo := importer.LayoutOptions{}
	var notes []importer.Note
	version := 0
	if o.FromProject != "" {
		po := importer.ProjectOptions{Envs: o.Envs, AppID: o.AppID, UserPoolIDs: o.UserPoolIDs}
		if o.Live {
			api, cleanup, err := e.newAPI(ctx, o.AWS)
			if err != nil {
				return err
			}
			defer cleanup()
			po.Live = api
		}
		proj, err := importer.FromProject(ctx, o.FromProject, po)
		if err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("import the Amplify project in %s: %w", o.FromProject, err)}
		}
		reqs, notes, version = proj.Requests, proj.Notes, proj.TransformerVersion
		lo.SchemaFiles = proj.SchemaFiles
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
	lo.Source = source
	files, err := importer.Layout(reqs, lo)
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("import: %w", err)}
	}
	if info, err := os.Stat(o.Out); err == nil && !info.IsDir() {
		return &exitError{code: exitFailure, err: fmt.Errorf("the output directory %s is a file; give --out a directory (it is created if missing)", o.Out)}
	}
	cfgFile, cfgNote, err := importer.TransformerConfig(o.Out, version)
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("import: %w", err)}
	}
	if cfgFile != nil {
		files = append(files, *cfgFile)
	}
	if cfgNote != nil {
		notes = append(notes, *cfgNote)
	}
	for _, n := range notes {
		fmt.Fprintf(e.stderr, "bapi: warning: %s\n", n)
	}
	written, err := importer.Write(ctx, o.Out, files)
	for _, p := range written {
		fmt.Fprintf(e.stderr, "bapi: wrote %s\n", p)
	}
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	plural := "s"
	if len(reqs) == 1 {
		plural = ""
	}
	fmt.Fprintf(e.stderr, "bapi: imported %d API configuration%s into %s; next: %s\n", len(reqs), plural, filepath.Clean(o.Out), nextCommand(o.Out, cfgFile != nil))
	return nil
}

// nextCommand is the command that validates and plans the imported specs
// from the working directory. bapi reads schema files only under the
// working directory, so for a directory outside it the command changes into
// it first; a .bapi.yaml written beside the specs is named with --config
// unless the command runs in that directory.
func nextCommand(out string, config bool) string {
	dir := filepath.Clean(out)
	if wd, err := os.Getwd(); err == nil {
		if abs, err := filepath.Abs(out); err == nil {
			if rel, err := filepath.Rel(wd, abs); err == nil {
				dir = rel
			}
		}
	}
	if dir == ".." || strings.HasPrefix(dir, ".."+string(filepath.Separator)) || filepath.IsAbs(dir) {
		if filepath.IsAbs(out) {
			dir = filepath.Clean(out) // as the user wrote it, rather than ../../..
		}
		return fmt.Sprintf("cd %s && bapi validate . && bapi plan .", shellQuote(dir))
	}
	args := shellQuote(dir)
	if config && dir != "." {
		args = "--config " + shellQuote(filepath.Join(dir, validate.ConfigFileName)) + " " + args
	}
	return fmt.Sprintf("bapi validate %s && bapi plan %s", args, args)
}

// shellQuote quotes s for a POSIX shell when it holds anything but the
// characters of a plain path.
func shellQuote(s string) string {
	plain := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/._-+:@%,=", r)) {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
