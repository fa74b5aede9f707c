// Command benchapply measures bapi apply's schedule against an emulator:
// wall time versus the ideal schedule (each app/environment pair's jobs back
// to back, pairs spread over the parallel slots) and API calls per resource.
// scripts/bench-apply.sh runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/plan"
)

type config struct {
	resources, pairs, parallelism int
	jobDuration, pollInitial      time.Duration
	pollMax                       time.Duration
	target                        float64
}

func main() {
	var c config
	flag.IntVar(&c.resources, "resources", 200, "resources to create")
	flag.IntVar(&c.pairs, "pairs", 20, "app/environment pairs they are spread over")
	flag.IntVar(&c.parallelism, "parallelism", 8, "pairs applied at once")
	flag.DurationVar(&c.jobDuration, "job-duration", 200*time.Millisecond, "emulator job duration")
	flag.DurationVar(&c.pollInitial, "poll-initial", 20*time.Millisecond, "first GetBackendJob wait")
	flag.DurationVar(&c.pollMax, "poll-max", 40*time.Millisecond, "longest wait between polls")
	flag.Float64Var(&c.target, "target", 1.25, "highest acceptable wall/ideal ratio")
	flag.Parse()
	ok, err := run(context.Background(), c, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchapply:", err)
		os.Exit(2)
	}
	if !ok {
		os.Exit(1)
	}
}

func total(m emulator.Metrics) int {
	n := 0
	for op, by := range m.Requests {
		if op == "Metrics" {
			continue
		}
		for _, v := range by {
			n += v
		}
	}
	return n
}

func run(ctx context.Context, c config, w io.Writer) (bool, error) {
	if c.resources < 1 || c.pairs < 1 || c.parallelism < 1 || c.pairs > c.resources {
		return false, fmt.Errorf("need 1 <= pairs <= resources and parallelism >= 1")
	}
	dir, err := os.MkdirTemp("", "benchapply-")
	if err != nil {
		return false, err
	}
	defer os.RemoveAll(dir)
	apps := map[string][]string{}
	for p := range c.pairs {
		apps[fmt.Sprintf("dbench%03d", p)] = []string{"env"}
	}
	// Several APIs per environment measure apply's per-pair scheduling;
	// the real service holds one (AllowManyAPIs is a test-only option).
	em, err := emulator.Start(ctx, emulator.Options{StatePath: dir + "/state.db", JobDuration: c.jobDuration, Apps: apps, AllowManyAPIs: true}, "127.0.0.1:0")
	if err != nil {
		return false, err
	}
	defer em.Close()
	id, secret := em.Server().Credentials()
	api := amplifybackend.New(aws.Config{
		Region:      emulator.DefaultRegion,
		Credentials: credentials.NewStaticCredentialsProvider(id, secret, ""),
	}, amplifybackend.Options{EndpointURL: em.URL(), Getenv: func(string) string { return "" }})
	if err := api.Err(); err != nil {
		return false, err
	}

	desired := make([]plan.Desired, 0, c.resources)
	for i := range c.resources {
		name := fmt.Sprintf("api%04d", i)
		desired = append(desired, plan.Desired{Request: &amplifybackend.CreateBackendAPIRequest{
			AppId: fmt.Sprintf("dbench%03d", i%c.pairs), BackendEnvironmentName: "env", ResourceName: name,
			ResourceConfig: &amplifybackend.BackendAPIResourceConfig{
				ApiName: name, Service: "AppSync",
				DefaultAuthType: &amplifybackend.BackendAPIAuthType{Mode: amplifybackend.ModeAWSIAM},
				TransformSchema: "type Post @model { id: ID! }\n",
			},
		}})
	}
	p, err := plan.Make(ctx, api, desired, nil, c.parallelism)
	if err != nil {
		return false, err
	}
	before := total(em.Server().Metrics())
	start := time.Now()
	rep, err := apply.Apply(ctx, api, p, apply.Options{
		Parallelism: c.parallelism, PollInitial: c.pollInitial, PollMax: c.pollMax,
	}, nil)
	if err != nil {
		return false, err
	}
	wall := time.Since(start)
	calls := total(em.Server().Metrics()) - before
	if !rep.OK() {
		return false, fmt.Errorf("apply did not complete every job: %+v", rep.Totals)
	}

	perPair := int(math.Ceil(float64(c.resources) / float64(c.pairs)))
	rounds := int(math.Ceil(float64(c.pairs) / float64(c.parallelism)))
	ideal := time.Duration(rounds*perPair) * c.jobDuration
	ratio := wall.Seconds() / ideal.Seconds()
	fmt.Fprintf(w, "resources %d, pairs %d, parallelism %d, job duration %s, polls %s..%s\n",
		c.resources, c.pairs, c.parallelism, c.jobDuration, c.pollInitial, c.pollMax)
	fmt.Fprintf(w, "ideal %s (%d rounds x %d jobs x %s)\n", ideal, rounds, perPair, c.jobDuration)
	fmt.Fprintf(w, "wall %s\n", wall.Round(time.Millisecond))
	fmt.Fprintf(w, "ratio %.3f (target <= %.2f)\n", ratio, c.target)
	fmt.Fprintf(w, "api calls %d, per resource %.2f (apply only, client retries included)\n", calls, float64(calls)/float64(c.resources))
	return ratio <= c.target, nil
}
