// Package emulator is a local AmplifyBackend service speaking the real
// REST-JSON wire protocol, for tests, demos and trying bapi without an AWS
// account. State lives in a bbolt file; requests must be SigV4-signed.
package emulator

import (
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// Default credentials for local use.
const (
	DefaultAccessKeyID     = "AKIDBAPIEMULATOR"
	DefaultSecretAccessKey = "bapi-emulator-secret"
	DefaultRegion          = "us-east-1"
)

// Options configure an emulator. The zero value of each field takes the
// documented default.
type Options struct {
	// StatePath is the bbolt file; "" keeps state in a temporary file removed
	// on Close.
	StatePath       string
	Region          string
	AccessKeyID     string
	SecretAccessKey string
	// JobDuration is how long a job stays non-terminal (default 2s).
	JobDuration time.Duration
	// Seed makes fault injection replayable.
	Seed int64
	// FaultThrottle, FaultTimeout: share of requests answered 429 / 504.
	FaultThrottle float64
	FaultTimeout  float64
	// FaultJobFailure: share of jobs that end FAILED.
	FaultJobFailure float64
	// ConsistencyDelay: after a create, GetBackendJob answers 404 this long.
	ConsistencyDelay time.Duration
	// Latency is added to every request.
	Latency time.Duration
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server is an emulator instance.
type Server struct{}

// New opens the state and returns a server. Close it when done.
func New(opts Options) (*Server, error) { return nil, errors.New("not implemented") }

// Handler serves the AmplifyBackend API (and /metrics).
func (s *Server) Handler() http.Handler { return http.NotFoundHandler() }

// Close stops job processing and closes the state file.
func (s *Server) Close() error { return nil }
