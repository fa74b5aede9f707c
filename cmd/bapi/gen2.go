package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/internal/version"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/gen2"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

func gen2Command(e *env) *cli.Command {
	return &cli.Command{
		Name:  "gen2",
		Usage: "move the APIs to Amplify Gen 2 keeping their data: check readiness, export amplify/data/resource.ts",
		Description: "Amplify Gen 1 reaches end of life on 2027-05-01. Gen 2 keeps a Gen 1 API's data only by importing\n" +
			"each model's DynamoDB table on its first deploy. bapi gen2 check says, offline, what blocks that\n" +
			"and what behaves differently; bapi gen2 export writes the Gen 2 data resource. See docs/gen2.md.",
		Subcommands: []*cli.Command{gen2CheckCommand(e), gen2ExportCommand(e)},
	}
}

func gen2CheckCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "offline readiness findings for the move to Gen 2, and each model's table as Gen 1 made it and Gen 2 expects it",
		ArgsUsage: "PATH...",
		Description: "Findings with positions and rule IDs, as bapi validate's, in every format; errors block the move\n" +
			"(the first Gen 2 deploy fails, or data is lost), warnings are changes in behaviour.\n\n" +
			"Exit codes: 0 no errors, 1 errors (or invalid specs), 2 bad usage.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: output.DefaultFindingsFormat, Usage: "output `FORMAT`: " + strings.Join(output.FindingsFormatNames(), ", ")},
			&cli.BoolFlag{Name: "tables", Usage: "after the findings, print every model's table as Gen 1 made it and as Gen 2 expects it (text)"},
			&cli.BoolFlag{Name: "live", Usage: "also read each model's real table (DynamoDB DescribeTable, DescribeContinuousBackups; endpoint AWS_ENDPOINT_URL_DYNAMODB), compare it with the one Gen 2 expects and report deletion protection and point-in-time recovery off; the API IDs come from GetBackend's amplifyMetaConfig, or --api-id"},
			&cli.StringSliceFlag{Name: "api-id", Usage: "`ENV=ID` (or APPID/ENV=ID): the AppSync API ID of environment ENV, whose tables --live reads (<model>-<apiId>-<env>)"},
			noColorFlag(),
			configFlag(),
		}, awsCLIFlags()...),
		Action: func(c *cli.Context) error {
			o := gen2CheckOptions{Paths: c.Args().Slice(), Format: c.String("format"), Tables: c.Bool("tables"), NoColor: c.Bool("no-color"), Config: c.String("config"), Live: c.Bool("live")}
			var err error
			if o.APIIDs, err = gen2.ParseAPIIDs(c.StringSlice("api-id")); err != nil {
				return usageError("%w", err)
			}
			if o.AWS, err = awsOptionsFrom(c); err != nil {
				return err
			}
			return runGen2Check(c.Context, e, o)
		},
	}
}

func gen2ExportCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "export",
		Usage:     "write amplify/data/resource.ts (and auth, backend) per app, importing the Gen 1 tables on each mapped branch",
		ArgsUsage: "PATH...",
		Description: "Writes OUT/<AppId>/amplify/data/resource.ts, auth/resource.ts (referenceAuth, when the API uses a\n" +
			"user pool or IAM) and backend.ts. Never overwrites a file. Offline, unless --live: then it reads each\n" +
			"environment's amplifyMetaConfig (GetBackend) for the API IDs --api-id does not give and referenceAuth's\n" +
			"values. Exit codes: 0 written, 1 an error.",
		Flags: append([]cli.Flag{
			&cli.StringSliceFlag{Name: "branch", Usage: "`ENV=BRANCH`: the Gen 2 branch that takes over the tables of Gen 1 environment ENV; repeat for each"},
			&cli.StringSliceFlag{Name: "api-id", Usage: "`ENV=ID` (or APPID/ENV=ID): the AppSync API ID of environment ENV (tables are <model>-<apiId>-<env>); one for each --branch"},
			&cli.StringFlag{Name: "out", Value: "gen2", Usage: "write the files under `DIR`/<AppId>/amplify/"},
			&cli.BoolFlag{Name: "live", Usage: "read each environment's amplifyMetaConfig (GetBackend): the API IDs --api-id does not give, and referenceAuth's user pool, client, identity pool and role ARNs"},
			configFlag(),
		}, awsCLIFlags()...),
		OnUsageError: usageExitsOne("gen2 export"),
		Action: func(c *cli.Context) error {
			branches, err := gen2.ParseBranches(c.StringSlice("branch"))
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			ids, err := gen2.ParseAPIIDs(c.StringSlice("api-id"))
			if err != nil {
				return &exitError{code: exitFailure, err: err}
			}
			o := gen2ExportOptions{Paths: c.Args().Slice(), Config: c.String("config"), Live: c.Bool("live"),
				Export: gen2.ExportOptions{Branches: branches, APIIDs: ids, Out: c.String("out")}}
			if o.AWS, err = awsOptionsFrom(c); err != nil {
				return err
			}
			return runGen2Export(c.Context, e, o)
		},
	}
}

// loadGen2 validates the specs (as plan does: findings on stderr, failing
// ones stop it) and models them as APIs.
func loadGen2(ctx context.Context, e *env, paths []string, config string, noColor bool) ([]*gen2.API, *validate.Result, error) {
	if len(paths) == 0 {
		return nil, nil, &exitError{code: exitFailure, err: fmt.Errorf("no specs given; give spec files or directories")}
	}
	lo := plan.LoadOptions{Load: spec.Options{Stdin: e.stdin, Root: "."}, ConfigPath: config}
	_, res, err := plan.LoadSpecs(ctx, paths, lo)
	if res != nil && len(res.Findings) > 0 {
		if perr := printFindings(e, res, noColor); perr != nil {
			return nil, nil, &exitError{code: exitFailure, err: perr}
		}
	}
	if err != nil {
		return nil, nil, &exitError{code: exitFailure, err: err}
	}
	apis, err := gen2.APIs(ctx, res.Docs)
	if err != nil {
		return nil, nil, &exitError{code: exitFailure, err: err}
	}
	return apis, res, nil
}

// gen2CheckOptions are bapi gen2 check's parsed flags.
type gen2CheckOptions struct {
	Paths           []string
	Format, Config  string
	Tables, NoColor bool
	Live            bool
	APIIDs          map[string]string
	AWS             awsOptions
}

func runGen2Check(ctx context.Context, e *env, o gen2CheckOptions) error {
	f, err := output.NewFindingsFormatter(o.Format, output.FindingsOptions{
		Color:          e.useColor(e.stdout, o.NoColor),
		ToolName:       "bapi",
		ToolVersion:    version.Get().Version,
		InformationURI: "https://github.com/bapi-dev/bapi",
	})
	if err != nil {
		return usageError("%w", err)
	}
	apis, res, err := loadGen2(ctx, e, o.Paths, o.Config, o.NoColor)
	if err != nil {
		return err
	}
	r, err := gen2.Check(ctx, apis, gen2Options(ctx, e, o.Config))
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if o.Live {
		if err := gen2Live(ctx, e, o, apis, r); err != nil {
			return err
		}
	}
	out := gen2.FindingsResult(res, r)
	if err := f.Format(e.stdout, out); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	if o.Tables {
		if err := gen2.WriteTables(e.stdout, r); err != nil {
			return &exitError{code: exitFailure, err: err}
		}
	}
	if finding.Count(out.Findings).Errors > 0 {
		return exitCode(exitFailure)
	}
	return nil
}

// gen2Options are the check's options from the configuration (.bapi.yaml
// or --config): the declared transformer version. loadGen2 has read it
// once already; a failure there stopped the run.
func gen2Options(ctx context.Context, e *env, config string) gen2.CheckOptions {
	cfg, _, err := plan.LoadConfig(ctx, plan.LoadOptions{Load: spec.Options{Stdin: e.stdin, Root: "."}, ConfigPath: config})
	if err != nil {
		return gen2.CheckOptions{}
	}
	return gen2.CheckOptions{TransformerVersion: cfg.Transformer()}
}

// gen2Live reads the real tables for --live.
func gen2Live(ctx context.Context, e *env, o gen2CheckOptions, apis []*gen2.API, r *gen2.Report) error {
	api, cleanup, err := e.newAPI(ctx, o.AWS)
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	defer cleanup()
	tables, ok := api.(amplifybackend.TablesAPI)
	if !ok {
		return &exitError{code: exitFailure, err: fmt.Errorf("--live: this client cannot read DynamoDB tables")}
	}
	fromService, err := gen2.APIIDsFromService(ctx, api, apis)
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("--live: %w", err)}
	}
	ids := func(app, env string) string {
		if id := gen2.APIID(o.APIIDs, app, env); id != "" {
			return id
		}
		return gen2.APIID(fromService, app, env)
	}
	if err := gen2.CheckLive(ctx, r, apis, tables, ids); err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("--live: %w", err)}
	}
	return nil
}

// gen2ExportOptions are bapi gen2 export's parsed flags.
type gen2ExportOptions struct {
	Paths  []string
	Config string
	Live   bool
	Export gen2.ExportOptions
	AWS    awsOptions
}

func runGen2Export(ctx context.Context, e *env, o gen2ExportOptions) error {
	paths, config := o.Paths, o.Config
	apis, _, err := loadGen2(ctx, e, paths, config, false)
	if err != nil {
		return err
	}
	if o.Live {
		api, cleanup, err := e.newAPI(ctx, o.AWS)
		if err != nil {
			return &exitError{code: exitFailure, err: err}
		}
		o.Export.Meta, err = gen2.MetaFromService(ctx, api, apis)
		_ = cleanup()
		if err != nil {
			return &exitError{code: exitFailure, err: fmt.Errorf("--live: %w", err)}
		}
	}
	xs, err := gen2.Export(ctx, apis, o.Export)
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	written, err := gen2.Write(xs)
	for _, p := range written {
		fmt.Fprintf(e.stderr, "bapi: wrote %s\n", p)
	}
	if err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	writeExportSummary(e.stdout, xs)
	if r, err := gen2.Check(ctx, apis, gen2Options(ctx, e, config)); err == nil {
		if n := finding.Count(r.Findings).Errors; n > 0 {
			fmt.Fprintf(e.stderr, "Note: bapi gen2 check reports %s for these specs; fix them before the first Gen 2 deploy (bapi gen2 check %s)\n", countNoun(n, "error"), strings.Join(paths, " "))
		}
	}
	return nil
}

// writeExportSummary says what Gen 2 keeps and what it creates new.
func writeExportSummary(w io.Writer, xs []gen2.AppExport) {
	for _, x := range xs {
		fmt.Fprintf(w, "%s/%s:\n  Gen 2 keeps (imports on the branch's first deploy):\n", x.AppID, x.ResourceName)
		if len(x.Keeps) == 0 {
			fmt.Fprintln(w, "    nothing")
		}
		for _, k := range x.Keeps {
			fmt.Fprintf(w, "    %s: table %s (%s)\n", k.Branch, k.Table, k.Type)
		}
		fmt.Fprintln(w, "  Gen 2 creates new:")
		for _, n := range x.New {
			fmt.Fprintf(w, "    %s\n", n)
		}
	}
}
