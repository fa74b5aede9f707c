package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
)

// TestSignalRouterSecondSignalExits: with no claimant (validate, plan,
// import), the first signal cancels the context and the second exits at
// once with exit 2, saying so: a run deaf to its context cannot hold the
// user.
func TestSignalRouterSecondSignalExits(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	var stderr bytes.Buffer
	var exits []int
	r := &signalRouter{cancel: cancel, stderr: &stderr, exit: func(code int) { exits = append(exits, code) }}
	r.deliver(os.Interrupt)
	if ctx.Err() == nil || len(exits) != 0 {
		t.Fatalf("first signal: context err %v, exits %v; want cancelled, no exit", ctx.Err(), exits)
	}
	r.deliver(syscall.SIGTERM)
	if len(exits) != 1 || exits[0] != exitUsage {
		t.Fatalf("second signal: exits %v, want [%d]", exits, exitUsage)
	}
	if !strings.Contains(stderr.String(), "second terminated signal: exiting now") {
		t.Errorf("stderr %q", stderr.String())
	}
}
