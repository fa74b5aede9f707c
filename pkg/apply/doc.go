// Package apply executes a plan: every create or update change becomes a
// CreateBackendAPI or UpdateBackendAPI job, followed with GetBackendJob until
// it ends, and the outcome of each is collected in a Report (data; pkg/output
// renders it).
//
// The service allows one pending job per app and backend environment, so the
// changes of one pair (plan.Address.Pair) run one after another, while
// different pairs run in parallel, bounded by Options.Parallelism.
//
// Nothing is done twice: before mutating a resource, Apply waits for any job
// still pending on the pair (ListBackendJobs) and re-reads the resource
// (GetBackendAPI); a resource that already has the desired config is adopted
// instead of created again. A run killed at any moment therefore converges
// when run again, without a second CreateBackendAPI.
//
// Apply emits events to a Reporter (a live view or log lines) and prints
// nothing itself.
package apply
