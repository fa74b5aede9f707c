package emulator

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Default credentials for local use.
const (
	DefaultAccessKeyID     = "AKIDBAPIEMULATOR"
	DefaultSecretAccessKey = "bapi-emulator-secret"
	DefaultRegion          = "us-east-1"
	// DefaultJobDuration is how long a job stays RUNNING by default.
	DefaultJobDuration = 2 * time.Second
)

// Job statuses the emulator answers. Clients must treat any status other
// than COMPLETED and FAILED as still running.
const (
	StatusInProgress = "IN_PROGRESS" // in the Create/Update/Delete answer
	StatusRunning    = "RUNNING"     // in GetBackendJob/ListBackendJobs while pending
	StatusCompleted  = "COMPLETED"
	StatusFailed     = "FAILED"
)

// Operation names, as used in job records, logs and metrics.
const (
	OpCreateBackend    = "CreateBackend"
	OpGetBackend       = "GetBackend"
	OpCreateBackendAPI = "CreateBackendAPI"
	OpGetBackendAPI    = "GetBackendAPI"
	OpUpdateBackendAPI = "UpdateBackendAPI"
	OpDeleteBackendAPI = "DeleteBackendAPI"
	OpGetBackendJob    = "GetBackendJob"
	OpListBackendJobs  = "ListBackendJobs"
	// OpGetApp is the Amplify service's GetApp (apps.go).
	OpGetApp  = "GetApp"
	opUnknown = "Unknown"
	opMetrics = "Metrics"
)

// Operations lists the service operations the emulator answers, in the
// order its help gives them. Every exported Op constant is in it (a test
// checks), so the help never misses one.
func Operations() []string {
	return []string{
		OpCreateBackend, OpGetBackend,
		OpCreateBackendAPI, OpGetBackendAPI, OpUpdateBackendAPI, OpDeleteBackendAPI,
		OpGetBackendJob, OpListBackendJobs,
		OpGetApp,
	}
}

// Options configure an emulator. The zero value of each field takes the
// documented default.
type Options struct {
	// StatePath is the bbolt file; "" keeps state in a temporary file removed
	// on Close.
	StatePath string
	// Region is the region requests must be signed for (default us-east-1).
	Region string
	// AccessKeyID and SecretAccessKey are the only credentials accepted
	// (default DefaultAccessKeyID / DefaultSecretAccessKey).
	AccessKeyID     string
	SecretAccessKey string
	// JobDuration is how long a job stays non-terminal (0 means
	// DefaultJobDuration); it is never negative.
	JobDuration time.Duration
	// InstantJobs ends every job as soon as it is accepted, whatever
	// JobDuration says (bapi emulator --job-duration 0).
	InstantJobs bool
	// Seed makes fault injection replayable.
	Seed int64
	// FaultThrottle, FaultTimeout: share of requests answered 429 / 504,
	// each in [0, 1].
	FaultThrottle float64
	FaultTimeout  float64
	// FaultJobFailure: share of jobs that end FAILED, in [0, 1].
	FaultJobFailure float64
	// ConsistencyDelay: after a job is created, GetBackendJob answers 404
	// NotFoundException for this long.
	ConsistencyDelay time.Duration
	// Latency is added to every API request.
	Latency time.Duration
	// Apps are created at start, with their backend environments (added
	// to an app the state already holds): app ID -> environment names. An
	// app so made is named after its ID. Other apps and environments exist
	// only once CreateBackend makes them.
	Apps map[string][]string
	// AllowManyAPIs lets an environment hold more than one GraphQL API,
	// which the real service refuses (the job of a second API ends
	// FAILED). It is a test-only option, not a behaviour of the service
	// and not on the emulator's command line: tests and benchmarks of
	// apply's scheduling (changes on one pair run one at a time, pairs in
	// parallel, storms of faults over many resources) set it to put many
	// APIs on a few pairs.
	AllowManyAPIs bool
	// MissingAPI is how GetBackendAPI answers for an API that the
	// environment lacks: MissingAPINotFound (""; 404 NotFoundException) or
	// MissingAPIError (200 with an error member and no resourceConfig).
	MissingAPI string
	// PendingJobCode is the error code (X-Amzn-ErrorType) of the 400 that
	// refuses a job while another is pending: PendingCodeBadRequest ("";
	// BadRequestException), PendingCodeValidation (ValidationException) or
	// PendingCodeAlternate (BadRequestException, then ValidationException,
	// and so on).
	PendingJobCode string
	// Categories record categories that environments' backends hold
	// besides the GraphQL API. They show in GetBackend's amplifyMetaConfig;
	// any but auth and storage make every API job there end FAILED, as
	// Amplify Studio deployments do. The environments must exist (Apps).
	Categories []Categories
	// SeedJobs are jobs of other operations started at start (after Apps
	// and Categories), each the pending job of its environment while it
	// runs.
	SeedJobs []SeedJob
	// MigrationLocks start apps with an environment locked for the move to
	// Gen 2, as `amplify gen2-migration lock` leaves them: app ID ->
	// environment, answered by GetApp as the app's environment variable
	// GEN2_MIGRATION_ENVIRONMENT_NAME. The apps must exist (Apps).
	MigrationLocks map[string]string
	// TransformerV1 are the environments ("APPID/ENV") whose feature flags,
	// as GetBackend answers them, name GraphQL transformer v1 (a project
	// never migrated to v2); every other names v2.
	TransformerV1 map[string]bool
	// Logger receives one line per request; nil discards.
	Logger *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Values of Options.MissingAPI.
const (
	MissingAPINotFound = "404"
	MissingAPIError    = "200-error"
)

// Values of Options.PendingJobCode.
const (
	PendingCodeBadRequest = "BadRequestException"
	PendingCodeValidation = "ValidationException"
	PendingCodeAlternate  = "alternate"
)

// Validate reports the first option out of range.
func (o Options) Validate() error {
	switch o.MissingAPI {
	case "", MissingAPINotFound, MissingAPIError:
	default:
		return fmt.Errorf("missing-api-response %q is not known: use %s or %s", o.MissingAPI, MissingAPINotFound, MissingAPIError)
	}
	switch o.PendingJobCode {
	case "", PendingCodeBadRequest, PendingCodeValidation, PendingCodeAlternate:
	default:
		return fmt.Errorf("pending-job-code %q is not known: use %s, %s or %s", o.PendingJobCode, PendingCodeBadRequest, PendingCodeValidation, PendingCodeAlternate)
	}
	for _, j := range o.SeedJobs {
		if j.Operation == "" || j.Duration < 0 {
			return fmt.Errorf("seed job on %s/%s needs an operation and a duration of 0 or more", j.AppID, j.BackendEnvironmentName)
		}
	}
	// The names are bapi emulator's flags, which hold these options.
	for _, r := range []struct {
		name string
		v    float64
	}{{"fault-throttle", o.FaultThrottle}, {"fault-timeout", o.FaultTimeout}, {"fault-job-failure", o.FaultJobFailure}} {
		if !(r.v >= 0 && r.v <= 1) {
			return fmt.Errorf("--%s %v is out of range: give a ratio between 0 and 1", r.name, r.v)
		}
	}
	if o.FaultThrottle+o.FaultTimeout > 1 {
		return fmt.Errorf("fault-throttle %v plus fault-timeout %v exceed 1: lower one of them", o.FaultThrottle, o.FaultTimeout)
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"job-duration", o.JobDuration}, {"consistency-delay", o.ConsistencyDelay}, {"latency", o.Latency}} {
		if d.v < 0 {
			return fmt.Errorf("--%s %v is negative: give 0 or more", d.name, d.v)
		}
	}
	if (o.AccessKeyID == "") != (o.SecretAccessKey == "") {
		return errors.New("give both --access-key-id and --secret-access-key (or BAPI_EMULATOR_ACCESS_KEY_ID and BAPI_EMULATOR_SECRET_ACCESS_KEY), or neither for the defaults")
	}
	return nil
}

// Server is an emulator instance. Its methods are safe for concurrent use.
type Server struct {
	opts    Options
	db      *bolt.DB
	tempDir string // removed on Close when the state is temporary
	log     *slog.Logger
	now     func() time.Time

	rngMu sync.Mutex
	rng   *rand.Rand

	pendingCount int // pending-job refusals so far, under rngMu

	metricsMu sync.Mutex
	requests  map[string]map[int]int
	creates   map[string]int

	closeOnce sync.Once
	closeErr  error
}

// New opens the state and returns a server. Close it when done.
func New(opts Options) (*Server, error) {
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("emulator options: %w", err)
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.AccessKeyID == "" {
		opts.AccessKeyID = DefaultAccessKeyID
		opts.SecretAccessKey = DefaultSecretAccessKey
	}
	switch {
	case opts.InstantJobs:
		opts.JobDuration = 0
	case opts.JobDuration == 0:
		opts.JobDuration = DefaultJobDuration
	}
	s := &Server{
		opts:     opts,
		log:      opts.Logger,
		now:      opts.Now,
		rng:      rand.New(rand.NewPCG(uint64(opts.Seed), 0x62617069)), // "bapi"
		requests: map[string]map[int]int{},
		creates:  map[string]int{},
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	path := opts.StatePath
	if path == "" {
		dir, err := os.MkdirTemp("", "bapi-emulator-")
		if err != nil {
			return nil, fmt.Errorf("create temporary state directory: %w", err)
		}
		s.tempDir = dir
		path = dir + string(os.PathSeparator) + "state.db"
	}
	db, err := openState(path)
	if err != nil {
		if s.tempDir != "" {
			os.RemoveAll(s.tempDir)
		}
		return nil, err
	}
	s.db = db
	if err := s.startState(); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Handler serves the AmplifyBackend API (and /metrics).
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Region is the region requests must be signed for.
func (s *Server) Region() string { return s.opts.Region }

// Credentials returns the access key pair requests must be signed with.
func (s *Server) Credentials() (accessKeyID, secretAccessKey string) {
	return s.opts.AccessKeyID, s.opts.SecretAccessKey
}

// Close closes the state file (and removes it when it is temporary). Call it
// after the HTTP server in front has stopped.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		if err := s.db.Close(); err != nil {
			s.closeErr = fmt.Errorf("close emulator state: %w", err)
		}
		if s.tempDir != "" {
			if err := os.RemoveAll(s.tempDir); err != nil && s.closeErr == nil {
				s.closeErr = fmt.Errorf("remove temporary emulator state: %w", err)
			}
		}
	})
	return s.closeErr
}

// fault is what the random source decided for one request.
type fault int

const (
	faultNone fault = iota
	faultThrottle
	faultTimeout
)

// drawFault draws the request's fault. One number is drawn per API request
// whatever the ratios, so a seed replays the same sequence.
func (s *Server) drawFault() fault {
	s.rngMu.Lock()
	x := s.rng.Float64()
	s.rngMu.Unlock()
	switch {
	case x < s.opts.FaultThrottle:
		return faultThrottle
	case x < s.opts.FaultThrottle+s.opts.FaultTimeout:
		return faultTimeout
	}
	return faultNone
}

// drawJobFailure decides whether a new job will end FAILED.
func (s *Server) drawJobFailure() bool {
	s.rngMu.Lock()
	x := s.rng.Float64()
	s.rngMu.Unlock()
	return x < s.opts.FaultJobFailure
}

// Metrics are counters since the server was made (not persisted).
type Metrics struct {
	// Requests counts answers per operation and HTTP status. Operations are
	// named as in the model ("CreateBackendAPI"); unknown routes count as
	// "Unknown".
	Requests map[string]map[int]int `json:"requests"`
	// AcceptedCreates counts CreateBackendAPI calls answered 200 that
	// stored their API, per resource address
	// AppId/BackendEnvironmentName/ResourceName. A create answered 200
	// whose job is bound to fail (another API in the environment, or
	// categories Amplify Studio cannot deploy) stores nothing and is not
	// counted.
	AcceptedCreates map[string]int `json:"acceptedCreates"`
}

// Count returns how many op requests were answered with status.
func (m Metrics) Count(op string, status int) int { return m.Requests[op][status] }

// Metrics returns a copy of the counters.
func (s *Server) Metrics() Metrics {
	s.metricsMu.Lock()
	defer s.metricsMu.Unlock()
	m := Metrics{Requests: map[string]map[int]int{}, AcceptedCreates: map[string]int{}}
	for op, byStatus := range s.requests {
		c := map[int]int{}
		for st, n := range byStatus {
			c[st] = n
		}
		m.Requests[op] = c
	}
	for k, v := range s.creates {
		m.AcceptedCreates[k] = v
	}
	return m
}

func (s *Server) count(op string, status int, createdAddress string) {
	s.metricsMu.Lock()
	defer s.metricsMu.Unlock()
	if s.requests[op] == nil {
		s.requests[op] = map[int]int{}
	}
	s.requests[op][status]++
	if createdAddress != "" {
		s.creates[createdAddress]++
	}
}
