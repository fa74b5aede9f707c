package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"strings"
	"time"

	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/urfave/cli/v2"
)

// emulatorDescription is bapi emulator's help; it lists every operation the
// emulator answers (emulator.Operations).
func emulatorDescription() string {
	return `Runs a local AmplifyBackend service that speaks the real REST-JSON wire protocol,
so bapi or the AWS CLI can be pointed at it. It answers ` + strings.Join(emulator.Operations(), ", ") + `:

   bapi plan --endpoint-url http://127.0.0.1:4599 ...
   AWS_ACCESS_KEY_ID=` + emulator.DefaultAccessKeyID + ` AWS_SECRET_ACCESS_KEY=` + emulator.DefaultSecretAccessKey + ` \
     aws --region us-east-1 --endpoint-url http://127.0.0.1:4599 amplifybackend list-backend-jobs ...

Requests must be SigV4-signed for --region with the emulator's key pair (default
` + emulator.DefaultAccessKeyID + ` / ` + emulator.DefaultSecretAccessKey + `; set --access-key-id and
--secret-access-key, or BAPI_EMULATOR_ACCESS_KEY_ID and BAPI_EMULATOR_SECRET_ACCESS_KEY).

Apps and backend environments must exist, as in the real service: CreateBackend
(aws amplifybackend create-backend) makes them, or --app APPID=ENV,ENV gives them at
start. API calls on a missing app or environment answer 404 NotFoundException.
GetBackend answers an environment's amplifyMetaConfig (its categories). An
environment holds one GraphQL API: a CreateBackendAPI of another one starts a job that
ends FAILED. UpdateBackendAPI applies only the non-empty DefaultAuthType,
AdditionalAuthTypes, ConflictResolution and TransformSchema it is given; ApiName never
changes. A change is visible in GetBackendAPI as soon as it is accepted; its job
answers RUNNING for --job-duration, then COMPLETED (or FAILED, rolling the change back,
for --fault-job-failure of jobs). One job may be pending per app and environment:
another answers 400 with the service's "There is already a pending job" message.
--seed-job starts a job of another operation at start (it is the pending job while it
runs); --restrict-categories gives an environment categories (function, geo, ...) that
make every API job there end FAILED, as Amplify Studio deployments do;
--lock-for-migration makes the Amplify service's GetApp answer an environment locked
for the move to Gen 2, as amplify gen2-migration lock leaves it; --transformer-v1
makes GetBackend's feature flags name GraphQL transformer v1 for an environment. See
docs/service-behaviour.md.

State is kept in --state (a bbolt file; every accepted change is on disk before it is
answered). Without --state, state lives in a temporary file removed on exit. A state
file that is damaged (bbolt's consistency check fails) is refused at start, exit 1:
delete it or move it away.
Faults are drawn from --seed, so a run can be replayed. GET /metrics answers request
counters as JSON, unauthenticated (no signature needed). Each request is logged to
stderr. The emulator prints "listening on http://HOST:PORT" on stdout when it is
ready, and stops on SIGINT/SIGTERM.

Its key pair is public, so anyone who reaches --addr can read and change its state:
keep --addr on a loopback address (127.0.0.1, ::1, localhost); it warns on stderr when
--addr is not one.`
}

func emulatorCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:        "emulator",
		Usage:       "run a local AmplifyBackend service for tests and demos",
		UsageText:   "bapi emulator [--addr 127.0.0.1:4599] [--state FILE] [--region us-east-1] [--access-key-id ID --secret-access-key SECRET] [--job-duration 2s] [--seed N] [--fault-throttle RATIO] [--fault-timeout RATIO] [--fault-job-failure RATIO] [--consistency-delay DURATION] [--latency DURATION] [--app APPID=ENV[,ENV]]... [--seed-job APPID/ENV=OPERATION:DURATION]... [--restrict-categories APPID/ENV=CATEGORY[,CATEGORY]]... [--lock-for-migration APPID=ENV]... [--transformer-v1 APPID/ENV]... [--missing-api-response 404|200-error] [--pending-job-code BadRequestException|ValidationException|alternate]",
		Description: emulatorDescription(),
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "addr", Value: emulator.DefaultAddr, Usage: "`HOST:PORT` to listen on (port 0 picks a free one)"},
			&cli.StringFlag{Name: "state", Usage: "bbolt `FILE` holding the state across restarts (default: a temporary file removed on exit)"},
			&cli.StringFlag{Name: "region", Value: emulator.DefaultRegion, Usage: "`REGION` requests must be signed for"},
			&cli.StringFlag{Name: "access-key-id", Usage: "access key `ID` requests must be signed with (env BAPI_EMULATOR_ACCESS_KEY_ID; default " + emulator.DefaultAccessKeyID + ")"},
			&cli.StringFlag{Name: "secret-access-key", Usage: "`SECRET` access key requests must be signed with (env BAPI_EMULATOR_SECRET_ACCESS_KEY; default " + emulator.DefaultSecretAccessKey + ")"},
			&cli.DurationFlag{Name: "job-duration", Value: emulator.DefaultJobDuration, Usage: "`DURATION` a job stays RUNNING (0 ends jobs at once)"},
			&cli.Int64Flag{Name: "seed", Usage: "seed `N` of the fault injection, to replay a run"},
			&cli.Float64Flag{Name: "fault-throttle", Usage: "`RATIO` of requests answered 429 TooManyRequestsException (0..1)"},
			&cli.Float64Flag{Name: "fault-timeout", Usage: "`RATIO` of requests answered 504 GatewayTimeoutException (0..1)"},
			&cli.Float64Flag{Name: "fault-job-failure", Usage: "`RATIO` of jobs that end FAILED (0..1)"},
			&cli.DurationFlag{Name: "consistency-delay", Usage: "`DURATION` GetBackendJob answers 404 NotFoundException after a job starts"},
			&cli.DurationFlag{Name: "latency", Usage: "`DURATION` added to every request"},
			&cli.StringFlag{Name: "log-format", Value: "text", Usage: "request log `FORMAT` on stderr: text or json"},
			&cli.GenericFlag{Name: "app", Value: &repeated{}, Usage: "create an app with its backend environments at start: `APPID=ENV[,ENV]` (repeatable)"},
			&cli.GenericFlag{Name: "seed-job", Value: &repeated{}, Usage: "start a job of another operation (RUNNING for DURATION, then COMPLETED): `APPID/ENV=OPERATION:DURATION` (repeatable)"},
			&cli.GenericFlag{Name: "restrict-categories", Value: &repeated{}, Usage: "give an environment's backend categories such as function,geo (any but auth and storage fail every API job there): `APPID/ENV=CATEGORY[,CATEGORY]` (repeatable)"},
			&cli.GenericFlag{Name: "transformer-v1", Value: &repeated{}, Usage: "answer an environment's feature flags with GraphQL transformer v1 (graphqltransformer.transformerversion 1), as a project never migrated to v2 has them: `APPID/ENV` (repeatable)"},
			&cli.GenericFlag{Name: "lock-for-migration", Value: &repeated{}, Usage: "start with an app's environment locked for the move to Gen 2, as amplify gen2-migration lock leaves it (GetApp answers GEN2_MIGRATION_ENVIRONMENT_NAME): `APPID=ENV` (repeatable, one per app)"},
			&cli.StringFlag{Name: "missing-api-response", Value: emulator.MissingAPINotFound, Usage: "how GetBackendAPI answers for a missing API, `MODE` 404 (NotFoundException) or 200-error (200 with an error member)"},
			&cli.StringFlag{Name: "pending-job-code", Value: emulator.PendingCodeBadRequest, Usage: "error `CODE` of the pending-job refusal: BadRequestException, ValidationException or alternate"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("emulator takes no arguments, got %q: give options as flags (see bapi emulator --help)", c.Args().First())
			}
			opts, err := emulatorOptions(c, e)
			if err != nil {
				return err
			}
			return runEmulator(c.Context, e, opts, c.String("addr"))
		},
	}
}

// emulatorOptions turns flags and environment into emulator options,
// refusing bad values as usage errors.
func emulatorOptions(c *cli.Context, e *env) (emulator.Options, error) {
	akid, secret := c.String("access-key-id"), c.String("secret-access-key")
	if akid == "" {
		akid = e.getenv("BAPI_EMULATOR_ACCESS_KEY_ID")
	}
	if secret == "" {
		secret = e.getenv("BAPI_EMULATOR_SECRET_ACCESS_KEY")
	}
	var handler slog.Handler
	switch f := c.String("log-format"); f {
	case "text":
		handler = slog.NewTextHandler(e.stderr, nil)
	case "json":
		handler = slog.NewJSONHandler(e.stderr, nil)
	default:
		return emulator.Options{}, usageError("emulator: --log-format %q is not known: use text or json", f)
	}
	jobDuration := c.Duration("job-duration")
	if c.String("region") == "" {
		return emulator.Options{}, usageError("emulator: --region is empty: give a region such as us-east-1")
	}
	start, err := emulatorStartState(c)
	if err != nil {
		return emulator.Options{}, err
	}
	opts := emulator.Options{
		Apps:             start.Apps,
		SeedJobs:         start.SeedJobs,
		Categories:       start.Categories,
		MigrationLocks:   start.MigrationLocks,
		TransformerV1:    start.TransformerV1,
		MissingAPI:       c.String("missing-api-response"),
		PendingJobCode:   c.String("pending-job-code"),
		StatePath:        c.String("state"),
		Region:           c.String("region"),
		AccessKeyID:      akid,
		SecretAccessKey:  secret,
		JobDuration:      jobDuration,
		InstantJobs:      jobDuration == 0,
		Seed:             c.Int64("seed"),
		FaultThrottle:    c.Float64("fault-throttle"),
		FaultTimeout:     c.Float64("fault-timeout"),
		FaultJobFailure:  c.Float64("fault-job-failure"),
		ConsistencyDelay: c.Duration("consistency-delay"),
		Latency:          c.Duration("latency"),
		Logger:           slog.New(handler),
	}
	if err := opts.Validate(); err != nil {
		return emulator.Options{}, usageError("emulator: %w", err)
	}
	return opts, nil
}

// runEmulator serves until ctx is cancelled (SIGINT/SIGTERM in main).
func runEmulator(ctx context.Context, e *env, opts emulator.Options, addr string) error {
	r, err := emulator.Start(ctx, opts, addr)
	if err != nil {
		return fmt.Errorf("start emulator: %w", err)
	}
	if !loopbackAddr(addr) {
		fmt.Fprintf(e.stderr, "bapi: warning: --addr %s is not a loopback address: anyone who reaches it can use the emulator, whose key pair is public, and read GET /metrics without one; use 127.0.0.1 unless other machines must reach it\n", addr)
	}
	fmt.Fprintf(e.stdout, "listening on %s\n", r.URL())
	<-ctx.Done()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return r.Shutdown(shutdownCtx)
}

// loopbackAddr reports whether the listen address addr (HOST:PORT) is on a
// loopback interface only: a loopback IP or localhost. An empty host (":4599")
// listens on every interface.
func loopbackAddr(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// emulatorStartState parses --app, --seed-job, --restrict-categories,
// --lock-for-migration and --transformer-v1.
func emulatorStartState(c *cli.Context) (emulator.Options, error) {
	var o emulator.Options
	for _, s := range repeatedValues(c, "app") {
		app, envs, err := emulator.ParseApp(s)
		if err != nil {
			return o, usageError("emulator: --app: %w", err)
		}
		if o.Apps == nil {
			o.Apps = map[string][]string{}
		}
		o.Apps[app] = append(o.Apps[app], envs...)
	}
	for _, s := range repeatedValues(c, "seed-job") {
		j, err := emulator.ParseSeedJob(s)
		if err != nil {
			return o, usageError("emulator: --seed-job: %w", err)
		}
		o.SeedJobs = append(o.SeedJobs, j)
	}
	for _, s := range repeatedValues(c, "restrict-categories") {
		cat, err := emulator.ParseCategories(s)
		if err != nil {
			return o, usageError("emulator: --restrict-categories: %w", err)
		}
		o.Categories = append(o.Categories, cat)
	}
	for _, s := range repeatedValues(c, "lock-for-migration") {
		app, env, err := emulator.ParseMigrationLock(s)
		if err != nil {
			return o, usageError("emulator: --lock-for-migration: %w", err)
		}
		if o.MigrationLocks == nil {
			o.MigrationLocks = map[string]string{}
		}
		if old, ok := o.MigrationLocks[app]; ok && old != env {
			return o, usageError("emulator: --lock-for-migration: app %s already has environment %s locked; amplify gen2-migration locks one environment per app", app, old)
		}
		o.MigrationLocks[app] = env
	}
	for _, s := range repeatedValues(c, "transformer-v1") {
		app, env, err := emulator.ParseEnvironment(s)
		if err != nil {
			return o, usageError("emulator: --transformer-v1: %w", err)
		}
		if o.TransformerV1 == nil {
			o.TransformerV1 = map[string]bool{}
		}
		o.TransformerV1[app+"/"+env] = true
	}
	return o, nil
}

// repeated is a flag value that may be given many times, each value kept
// whole (commas included, unlike cli.StringSliceFlag).
type repeated struct{ values []string }

func (r *repeated) Set(v string) error { r.values = append(r.values, v); return nil }

func (r *repeated) String() string {
	if r == nil {
		return ""
	}
	return strings.Join(r.values, " ")
}

func repeatedValues(c *cli.Context, name string) []string {
	if r, ok := c.Generic(name).(*repeated); ok && r != nil {
		return r.values
	}
	return nil
}
