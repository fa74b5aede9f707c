package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/urfave/cli/v2"
)

// Flags shared by the commands that talk to the service (plan, apply).
const (
	flagProfile          = "profile"
	flagRegion           = "region"
	flagEndpointURL      = "endpoint-url"
	flagMaxAttempts      = "max-attempts"
	flagCallTimeout      = "call-timeout"
	flagLocal            = "local"
	flagLocalJobDuration = "local-job-duration"
	flagParallelism      = "parallelism"
)

// localStateDir and localStateFile hold the --local emulator's state, under
// the working directory.
const (
	localStateDir  = ".bapi"
	localStateFile = "emulator.db"
	// localRegion is the region when --local is given without --region.
	localRegion = "us-east-1"
	// defaultLocalJobDuration keeps local jobs short, so a demo is quick.
	defaultLocalJobDuration = 300 * time.Millisecond
	defaultParallelism      = 4
)

// awsOptions are the parsed shared flags.
type awsOptions struct {
	Profile          string
	Region           string
	EndpointURL      string
	MaxAttempts      int
	CallTimeout      time.Duration
	Local            bool
	LocalJobDuration time.Duration
	Parallelism      int
	Verbose          bool
	// LocalApps are the apps and environments (app ID -> environments) the
	// --local emulator creates at start: those the specs or the plan name.
	// CreateBackendAPI needs them, and against AWS they come first from
	// the Amplify console or CreateBackend.
	LocalApps map[string][]string
}

// localApps lists the apps and environments of addrs, for the --local
// emulator to create.
func localApps(addrs []plan.Address) map[string][]string {
	out := map[string][]string{}
	for _, a := range addrs {
		if !slices.Contains(out[a.AppId], a.BackendEnvironmentName) {
			out[a.AppId] = append(out[a.AppId], a.BackendEnvironmentName)
		}
	}
	return out
}

// localAppsLine is the one line --local prints about the apps and
// environments it has for the specs (it makes those missing; its state
// keeps those of earlier runs, so the line does not say "created").
func localAppsLine(apps map[string][]string) string {
	var pairs []string
	for app, envs := range apps {
		for _, env := range envs {
			pairs = append(pairs, app+"/"+env)
		}
	}
	slices.Sort(pairs)
	list := strings.Join(pairs, ", ")
	if len(pairs) > 5 {
		list = strings.Join(pairs[:5], ", ") + fmt.Sprintf(" and %d more", len(pairs)-5)
	}
	return fmt.Sprintf("Local emulator: has the apps and environments the specs name (%s), created when missing; on AWS, create them first (Amplify console, or aws amplifybackend create-backend)", list)
}

// awsCLIFlags are the flags every command that calls the service takes.
func awsCLIFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagProfile, Usage: "AWS shared config `PROFILE` (default: AWS_PROFILE, or default)"},
		&cli.StringFlag{Name: flagRegion, Usage: "AWS `REGION` (default: AWS_REGION or the profile's; us-east-1 with --local)"},
		&cli.StringFlag{Name: flagEndpointURL, Usage: "send API calls to `URL` (e.g. a bapi emulator); also AWS_ENDPOINT_URL_AMPLIFYBACKEND, AWS_ENDPOINT_URL"},
		&cli.IntFlag{Name: flagMaxAttempts, Usage: fmt.Sprintf("make at most `N` HTTP attempts per API call, the first included, retrying throttling, gateway time-outs and lost connections (0: the AWS config's max_attempts, else %d)", amplifybackend.DefaultMaxAttempts)},
		&cli.DurationFlag{Name: flagCallTimeout, Value: amplifybackend.DefaultCallTimeout, Usage: "wait at most `DURATION` for the answer to each HTTP attempt of an API call; an attempt with none is retried (see --max-attempts)"},
		&cli.BoolFlag{Name: flagLocal, Usage: "start an in-process emulator with its state in " + filepath.Join(localStateDir, localStateFile) + " under the working directory, and use it instead of AWS"},
		&cli.DurationFlag{Name: flagLocalJobDuration, Value: defaultLocalJobDuration, Usage: "each job of the --local emulator takes `DURATION`"},
		&cli.IntFlag{Name: flagParallelism, Value: defaultParallelism, Usage: "run at most `N` API calls or jobs at once"},
		verboseFlag(),
	}
}

// awsOptionsFrom reads the shared flags, rejecting bad combinations as
// usage errors.
func awsOptionsFrom(c *cli.Context) (awsOptions, error) {
	o := awsOptions{
		Profile:          c.String(flagProfile),
		Region:           c.String(flagRegion),
		EndpointURL:      c.String(flagEndpointURL),
		MaxAttempts:      c.Int(flagMaxAttempts),
		CallTimeout:      c.Duration(flagCallTimeout),
		Local:            c.Bool(flagLocal),
		LocalJobDuration: c.Duration(flagLocalJobDuration),
		Parallelism:      c.Int(flagParallelism),
		Verbose:          c.Bool(flagVerbose),
	}
	if o.Region != "" {
		if err := checkRegion("--region", o.Region); err != nil {
			return o, err
		}
	}
	if o.Local && o.EndpointURL != "" {
		return o, usageError("--local and --endpoint-url both choose the endpoint; give one of them")
	}
	if o.Local && o.Profile != "" {
		return o, usageError("--local uses the emulator's own credentials; drop --profile")
	}
	if o.MaxAttempts < 0 {
		return o, usageError("--max-attempts %d is negative; give 1 or more (0 for the default)", o.MaxAttempts)
	}
	if o.CallTimeout <= 0 {
		return o, usageError("--call-timeout %v is too small; give a positive duration such as 30s", o.CallTimeout)
	}
	if o.Parallelism < 1 {
		return o, usageError("--parallelism %d is too small; give 1 or more", o.Parallelism)
	}
	if o.LocalJobDuration < 0 {
		return o, usageError("--local-job-duration %v is negative; give 0 or more", o.LocalJobDuration)
	}
	return o, nil
}

// regionPattern is the shape of an AWS region name: letters and digits in
// groups joined by single dashes, such as us-east-1.
var regionPattern = regexp.MustCompile(`^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$`)

// checkRegion rejects a region that is not letters, digits and dashes,
// before it ends up inside the service's URL; from names where it came from.
func checkRegion(from, region string) error {
	if !regionPattern.MatchString(region) {
		return usageError("%s %q is not a valid AWS region: use letters, digits and dashes, such as us-east-1", from, region)
	}
	return nil
}

// endpointOverridden reports whether API calls go to an endpoint URL
// (--endpoint-url, AWS_ENDPOINT_URL_AMPLIFYBACKEND or AWS_ENDPOINT_URL)
// rather than to AWS's.
func (e *env) endpointOverridden(o awsOptions) bool {
	return o.EndpointURL != "" || e.getenv("AWS_ENDPOINT_URL_AMPLIFYBACKEND") != "" || e.getenv("AWS_ENDPOINT_URL") != ""
}

// newAPI builds the AmplifyBackend client the options describe. With
// --local it first starts an emulator on a free loopback port; the returned
// cleanup stops it (and is a no-op otherwise). Call cleanup once done.
func (e *env) newAPI(ctx context.Context, o awsOptions) (amplifybackend.API, func() error, error) {
	noop := func() error { return nil }
	// --local uses only --region (or its own default): the environment's
	// region is checked only when the AWS client will use it.
	if o.Region == "" && !o.Local {
		for _, name := range []string{"AWS_REGION", "AWS_DEFAULT_REGION"} {
			if r := e.getenv(name); r != "" {
				if err := checkRegion(name, r); err != nil {
					return nil, noop, err
				}
				break
			}
		}
	}
	if !o.Local {
		c, err := amplifybackend.Load(ctx, amplifybackend.LoadOptions{
			Profile:     o.Profile,
			Region:      o.Region,
			EndpointURL: o.EndpointURL,
			MaxAttempts: o.MaxAttempts,
			Client:      amplifybackend.Options{Getenv: e.getenv, CallTimeout: o.CallTimeout},
			Log:         e.stderr,
		})
		var nc *amplifybackend.NoCredentialsError
		if errors.As(err, &nc) && e.endpointOverridden(o) {
			// --endpoint-url is what the message below suggests: the
			// emulator checks signatures, so it needs its key pair.
			return nil, noop, fmt.Errorf("%w: an endpoint URL needs credentials too: for a bapi emulator, set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY to its key pair (AKIDBAPIEMULATOR and bapi-emulator-secret, unless it was started with another), or use --local instead; for AWS, set AWS_PROFILE (or --profile) to a profile in ~/.aws/config", nc)
		}
		if errors.As(err, &nc) {
			return nil, noop, fmt.Errorf("%w: set AWS_PROFILE (or --profile) to a profile in ~/.aws/config, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; to try bapi without AWS, use --local, or --endpoint-url with a bapi emulator", nc)
		}
		if err != nil {
			return nil, noop, err
		}
		if o.Verbose {
			u, src := c.Endpoint()
			fmt.Fprintf(e.stderr, "bapi: endpoint: %s (%s), region %s\n", u, src, c.Region())
		}
		return c, noop, nil
	}
	region := o.Region
	if region == "" {
		region = localRegion
	}
	if err := os.MkdirAll(localStateDir, 0o755); err != nil {
		return nil, noop, fmt.Errorf("create %s for the local emulator's state: %w", localStateDir, err)
	}
	run, err := emulator.Start(ctx, emulator.Options{
		StatePath:   filepath.Join(localStateDir, localStateFile),
		Region:      region,
		JobDuration: o.LocalJobDuration,
		InstantJobs: o.LocalJobDuration == 0,
		Apps:        o.LocalApps,
	}, "127.0.0.1:0")
	if errors.Is(err, emulator.ErrDamagedState) {
		return nil, noop, fmt.Errorf("start the local emulator: %w", err)
	}
	if err != nil {
		return nil, noop, fmt.Errorf("start the local emulator (is another bapi --local running here?): %w", err)
	}
	if len(o.LocalApps) > 0 {
		fmt.Fprintln(e.stderr, localAppsLine(o.LocalApps))
	}
	if o.Verbose {
		fmt.Fprintf(e.stderr, "bapi: endpoint: %s (the --local emulator, state in %s), region %s\n", run.URL(), filepath.Join(localStateDir, localStateFile), region)
	}
	id, secret := run.Server().Credentials()
	cfg := aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(id, secret, ""),
	}
	c := amplifybackend.NewWithContext(ctx, cfg, amplifybackend.Options{
		EndpointURL: run.URL(),
		MaxAttempts: o.MaxAttempts,
		CallTimeout: o.CallTimeout,
		Getenv:      e.getenv,
	})
	if err := c.Err(); err != nil {
		run.Close()
		return nil, noop, err
	}
	return c, run.Close, nil
}
