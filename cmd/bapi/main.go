// Command bapi keeps AWS Amplify backend GraphQL APIs as YAML specs: it
// validates them, plans changes against the AmplifyBackend service, and
// applies the plan as CreateBackendAPI/UpdateBackendAPI jobs.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"

	"github.com/bapi-dev/bapi/pkg/validate"
)

func main() {
	if os.Getenv("GOGC") == "" {
		// See validate.GCPercent: set here, by the process's owner.
		debug.SetGCPercent(validate.GCPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// See validate.MemoryLimit: it bounds what GCPercent lets grow.
		debug.SetMemoryLimit(validate.MemoryLimit)
	}
	ctx, cancel := context.WithCancelCause(context.Background())
	router := &signalRouter{cancel: cancel, stderr: os.Stderr, exit: os.Exit}
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	var routing sync.WaitGroup
	routing.Go(func() { router.route(sigs, done) })
	code := run(withSignalRouter(ctx, router), os.Args, os.Stdin, os.Stdout, os.Stderr)
	signal.Stop(sigs)
	close(done)
	routing.Wait()
	cancel(nil)
	os.Exit(code)
}

// signalRouter is the process's one receiver of SIGINT and SIGTERM, so
// each signal is counted once. While no command has claimed the signals, a
// signal cancels the command's context (as signal.NotifyContext would).
// While one has (apply, for its two-stage interrupt), every signal goes to
// the claimant's channel only, and the context is left alone: a single
// Ctrl-C can then never be seen both as the context ending and as a signal.
//
// A second signal while no command has claimed them exits the process at
// once (exit 2), as apply's second signal does: the first asked the run to
// stop, and a user pressing again must not wait on it (a rule in a long
// pass, a read that will not end).
type signalRouter struct {
	cancel context.CancelCauseFunc
	stderr io.Writer
	exit   func(code int)

	mu       sync.Mutex
	claim    chan<- os.Signal
	received int // signals that cancelled the context
}

// route delivers the signals from sigs until done is closed.
func (r *signalRouter) route(sigs <-chan os.Signal, done <-chan struct{}) {
	for {
		select {
		case <-done:
			return
		case s := <-sigs:
			r.deliver(s)
		}
	}
}

// deliver hands s to the claimant, or cancels the context when there is
// none.
func (r *signalRouter) deliver(s os.Signal) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.claim != nil {
		select {
		case r.claim <- s:
		default: // the claimant has not taken the last two yet: one more changes nothing
		}
		return
	}
	r.received++
	if r.received > 1 {
		fmt.Fprintf(r.stderr, "bapi: second %s signal: exiting now\n", s)
		r.exit(exitUsage)
		return
	}
	r.cancel(fmt.Errorf("%s signal received", s))
}

// Claim sends every later signal to ch instead of cancelling the context,
// until the returned release is called. A signal that came before Claim
// has already cancelled the context; the claimant checks ctx for it.
func (r *signalRouter) Claim(ch chan<- os.Signal) (release func()) {
	r.mu.Lock()
	r.claim = ch
	r.mu.Unlock()
	return func() {
		r.mu.Lock()
		r.claim = nil
		r.mu.Unlock()
	}
}

// signalRouterKey is the context key of the process's signalRouter.
type signalRouterKey struct{}

func withSignalRouter(ctx context.Context, r *signalRouter) context.Context {
	return context.WithValue(ctx, signalRouterKey{}, r)
}

// signalRouterFrom returns the signalRouter main put in ctx, or nil (in
// tests that call run directly).
func signalRouterFrom(ctx context.Context) *signalRouter {
	r, _ := ctx.Value(signalRouterKey{}).(*signalRouter)
	return r
}
