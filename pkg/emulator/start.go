package emulator

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultAddr is where `bapi emulator` listens by default.
const DefaultAddr = "127.0.0.1:4599"

// Running is an emulator serving HTTP on a real TCP port, for embedding (for
// example `bapi apply --local`) and for the `bapi emulator` command.
type Running struct {
	srv  *Server
	hs   *http.Server
	url  string
	done chan error

	stopOnce sync.Once
	stopErr  error
}

// Start opens the emulator's state, listens on addr ("" means DefaultAddr;
// port 0 picks a free port) and serves in the background until Close or
// Shutdown. ctx bounds the start only.
func Start(ctx context.Context, opts Options, addr string) (*Running, error) {
	if addr == "" {
		addr = DefaultAddr
	}
	srv, err := New(opts)
	if err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		srv.Close()
		return nil, fmt.Errorf("listen on %s: %w (pick another --addr, or port 0 for a free one)", addr, err)
	}
	r := &Running{
		srv: srv,
		hs: &http.Server{
			Handler:           srv.Handler(),
			ReadHeaderTimeout: 10 * time.Second,
		},
		url:  "http://" + ln.Addr().String(),
		done: make(chan error, 1),
	}
	go func() {
		err := r.hs.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		r.done <- err
	}()
	return r, nil
}

// URL is the emulator's endpoint, e.g. http://127.0.0.1:4599.
func (r *Running) URL() string { return r.url }

// Server is the emulator behind the listener (for Metrics and Credentials).
func (r *Running) Server() *Server { return r.srv }

// Shutdown stops accepting requests, waits for those in flight until ctx is
// done, and closes the state.
func (r *Running) Shutdown(ctx context.Context) error {
	r.stopOnce.Do(func() { r.stopErr = r.shutdown(ctx) })
	return r.stopErr
}

func (r *Running) shutdown(ctx context.Context) error {
	err := r.hs.Shutdown(ctx)
	if err != nil {
		r.hs.Close()
	}
	if serr := <-r.done; serr != nil && err == nil {
		err = serr
	}
	if cerr := r.srv.Close(); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("stop emulator: %w", err)
	}
	return nil
}

// Close is Shutdown with a five-second grace period.
func (r *Running) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return r.Shutdown(ctx)
}
