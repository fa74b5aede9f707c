package amplifybackend_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// blackHole listens on loopback, accepts every connection and never
// answers (nor closes) it, as a firewalled or hung endpoint does. It returns
// the endpoint URL and how many connections it accepted so far.
func blackHole(t *testing.T) (url string, accepted func() int) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String(), func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(conns)
	}
}

// TestCallTimeoutBlackHole: a call to an endpoint that accepts and never
// answers ends after its attempts, each cut at CallTimeout, with an error
// naming --call-timeout and --max-attempts, instead of hanging for ever.
func TestCallTimeoutBlackHole(t *testing.T) {
	t.Parallel()
	url, accepted := blackHole(t)
	c := newEmulatorClient(t, url, func(o *ab.Options) {
		o.CallTimeout = 50 * time.Millisecond
		o.MaxAttempts = 2
	})
	// The test's own deadline only stops a hang from hanging the test: the
	// call must end by itself, with its own error, long before it.
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	_, err := c.GetBackend(ctx, &ab.GetBackendRequest{AppId: "app", BackendEnvironmentName: "env"})
	if ctx.Err() != nil {
		t.Fatalf("the call hung until the test's deadline: %v", err)
	}
	var te *ab.ResponseTimeoutError
	if !errors.As(err, &te) || te.Timeout != 50*time.Millisecond {
		t.Fatalf("error = %v, want a *ResponseTimeoutError of 50ms", err)
	}
	for _, want := range []string{"GetBackend", "--call-timeout", "gave up after 2 attempts", "--max-attempts"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
	if !ab.IsTransient(err) {
		t.Errorf("IsTransient(%v) = false, want true (a caller following a job may try again)", err)
	}
	if n := accepted(); n != 2 {
		t.Errorf("the black hole accepted %d connections, want 2 (one per attempt)", n)
	}
}

// TestDefaultAttemptsOutlastFaults: against the real emulator answering
// 20% of requests 429 and 10% 504 (seeded, so the run is the same each
// time), the default number of attempts carries 500 calls through; 3
// attempts, the SDK standard mode's default, lose some, and their errors say
// --max-attempts.
func TestDefaultAttemptsOutlastFaults(t *testing.T) {
	t.Parallel()
	const calls = 500
	run := func(maxAttempts int) (failed int, firstErr error) {
		_, url := startEmulator(t, emulator.Options{FaultThrottle: 0.2, FaultTimeout: 0.1, Seed: 11})
		c := newEmulatorClient(t, url, func(o *ab.Options) { o.MaxAttempts = maxAttempts })
		for range calls {
			_, err := c.GetBackend(t.Context(), &ab.GetBackendRequest{AppId: "app", BackendEnvironmentName: "env"})
			if err != nil {
				if failed == 0 {
					firstErr = err
				}
				failed++
			}
		}
		return failed, firstErr
	}
	if failed, err := run(0); failed != 0 {
		t.Errorf("with the default %d attempts, %d of %d calls failed; first: %v", ab.DefaultMaxAttempts, failed, calls, err)
	}
	failed, err := run(3)
	if failed == 0 {
		t.Fatalf("with 3 attempts no call failed: the faults are too rare to tell the defaults apart")
	}
	if !strings.Contains(err.Error(), "--max-attempts") {
		t.Errorf("error %q does not name --max-attempts", err)
	}
	t.Logf("3 attempts: %d of %d calls failed", failed, calls)
}
