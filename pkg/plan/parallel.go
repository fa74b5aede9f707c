package plan

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// forEach calls fn(ctx, i) for every i in [0, n), at most parallelism calls
// at a time (0 or less means DefaultParallelism). It starts no further call
// once one has failed or ctx has ended, and returns the first error. Every
// read of live state in this package (GetBackend, GetBackendAPI,
// ListBackendJobs) fans out through it.
func forEach(ctx context.Context, n, parallelism int, fn func(ctx context.Context, i int) error) error {
	if parallelism <= 0 {
		parallelism = DefaultParallelism
	}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(parallelism)
	for i := range n {
		if gctx.Err() != nil {
			break
		}
		g.Go(func() error { return fn(gctx, i) })
	}
	return g.Wait()
}
