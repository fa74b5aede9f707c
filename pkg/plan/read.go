package plan

import (
	"context"
	"fmt"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// DefaultParallelism is the number of GetBackendAPI calls Read makes at once
// when given 0.
const DefaultParallelism = 4

// Read asks the service for the current state of every desired resource with
// GetBackendAPI, at most parallelism calls at a time (0 means
// DefaultParallelism). A NotFoundException, or an answer without a
// ResourceConfig, means the resource is absent (Observed.Config nil). Any
// other error stops the read; the error names the resource's address. The
// result has one entry per desired resource, in the same order.
func Read(ctx context.Context, api amplifybackend.API, desired []Desired, parallelism int) ([]Observed, error) {
	out := make([]Observed, len(desired))
	for i, d := range desired {
		out[i].Address = d.Address()
	}
	err := forEach(ctx, len(out), parallelism, func(ctx context.Context, i int) error {
		cfg, err := ReadOne(ctx, api, out[i].Address)
		if err != nil {
			return err
		}
		out[i].Config = cfg
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("read current state: %w", err)
	}
	return out, nil
}

// ReadOne reads one resource's current config; nil means it does not exist.
// apply uses it to re-read live state and compare Fingerprints. The service
// answers a missing API either with NotFoundException or with 200, an error
// member and no resourceConfig: both are absent. An answer naming another
// resource (the environment's one API is another) is an *OtherAPIError.
func ReadOne(ctx context.Context, api amplifybackend.API, addr Address) (*amplifybackend.BackendAPIResourceConfig, error) {
	resp, err := api.GetBackendAPI(ctx, &amplifybackend.GetBackendAPIRequest{
		AppId:                  addr.AppId,
		BackendEnvironmentName: addr.BackendEnvironmentName,
		ResourceName:           addr.ResourceName,
	})
	if amplifybackend.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read current state of %s: %w", addr, err)
	}
	if resp == nil || resp.ResourceConfig == nil {
		return nil, nil
	}
	if resp.ResourceName != "" && resp.ResourceName != addr.ResourceName {
		return nil, &OtherAPIError{Address: addr, Live: resp.ResourceName}
	}
	if resp.Error != "" {
		return nil, fmt.Errorf("read current state of %s: the service answered with a config and the error %q; check the API in the Amplify console and run bapi plan again", addr, resp.Error)
	}
	return resp.ResourceConfig, nil
}

// Make reads the current state of every desired resource and computes the
// plan. First GetBackend of every app/environment pair (ReadBackends): a
// missing app or environment is a *MissingError, a spec checked for
// another GraphQL transformer version than its environment's feature flags
// name a *TransformerMismatchError, a spec naming another API than the one
// live in its environment an *OtherAPIError, and categories
// the service refuses to deploy a Warning in the plan. Then Read, Compute,
// and Check, which refuses changes UpdateBackendAPI cannot make (an
// *ImpossibleError).
func Make(ctx context.Context, api amplifybackend.API, desired []Desired, inputs []Input, parallelism int) (*Plan, error) {
	backends, err := ReadBackends(ctx, api, desired, parallelism)
	if err != nil {
		return nil, err
	}
	warns, err := checkBackends(desired, backends)
	if err != nil {
		return nil, err
	}
	observed, err := Read(ctx, api, desired, parallelism)
	if err != nil {
		return nil, err
	}
	p := Compute(desired, observed, inputs)
	p.Warnings = warns
	if err := Check(p); err != nil {
		return nil, err
	}
	return p, nil
}

// PendingJob is a job that has not ended on one of a plan's app/environment
// pairs. While it runs, the state a plan was computed from may still change
// (a create that fails is rolled back, for example).
type PendingJob struct {
	Pair      string // AppId/BackendEnvironmentName
	JobID     string
	Operation string
	Status    string
}

// PendingJobs lists, with ListBackendJobs, the jobs that have not ended on
// the app/environment pairs of p's changes, at most parallelism calls at a
// time (0 means DefaultParallelism). A pair whose app or environment does
// not exist has none. Results are in the order of the pairs in p.
func PendingJobs(ctx context.Context, api amplifybackend.API, p *Plan, parallelism int) ([]PendingJob, error) {
	var pairs []Address
	seen := make(map[string]bool)
	for _, ch := range p.Changes {
		if k := ch.Address.Pair(); !seen[k] {
			seen[k] = true
			pairs = append(pairs, ch.Address)
		}
	}
	found := make([][]PendingJob, len(pairs))
	err := forEach(ctx, len(pairs), parallelism, func(ctx context.Context, i int) error {
		a := pairs[i]
		jobs, err := amplifybackend.ListAllBackendJobs(ctx, api, &amplifybackend.ListBackendJobsRequest{
			AppId: a.AppId, BackendEnvironmentName: a.BackendEnvironmentName,
		})
		if amplifybackend.IsNotFound(err) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("list the jobs of %s: %w", a.Pair(), err)
		}
		for _, j := range jobs {
			if j.JobId != "" && !amplifybackend.IsTerminal(j.Status) {
				found[i] = append(found[i], PendingJob{Pair: a.Pair(), JobID: j.JobId, Operation: j.Operation, Status: j.Status})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var all []PendingJob
	for _, f := range found {
		all = append(all, f...)
	}
	return all, nil
}
