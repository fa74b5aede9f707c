// Package plan compares desired specs with the service's current state and
// records what would change. The plan is data: it can be written to a file,
// read back, rendered and applied. Computing a plan is a pure function
// (Compute); reading current state (Read), loading specs (LoadSpecs) and
// the plan file (Write, ReadFile) and checking a saved plan (Verify: still
// current, and byte for byte the plan its specs make again, Rebuild) are
// the only I/O.
package plan
