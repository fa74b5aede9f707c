package plan

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// countingClient is a real HTTP client that records the most requests in
// flight at once.
type countingClient struct {
	mu       sync.Mutex
	inFlight int
	most     int
}

func (c *countingClient) Do(r *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.inFlight++
	c.most = max(c.most, c.inFlight)
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.inFlight--
		c.mu.Unlock()
	}()
	return http.DefaultClient.Do(r)
}

// startEmulator serves pkg/emulator on httptest and returns a real client
// for it, signed with the emulator's credentials unless creds is given.
func startEmulator(t testing.TB, opts emulator.Options, creds aws.CredentialsProvider, hc aws.HTTPClient) *amplifybackend.Client {
	t.Helper()
	opts.StatePath = filepath.Join(t.TempDir(), "state.db")
	if opts.Apps == nil {
		opts.Apps = map[string][]string{"app1": {"dev"}, "app9": {"dev"}}
	}
	if opts.Apps == nil {
		opts.Apps = map[string][]string{"app1": {"dev"}, "app9": {"dev"}}
	}
	if opts.JobDuration == 0 {
		opts.InstantJobs = true // jobs end at once
	}
	srv, hs := emutest.Serve(t, opts)
	cfg := emutest.ServerConfig(srv)
	if creds != nil {
		cfg.Credentials = creds
	}
	return emutest.Client(t, cfg, amplifybackend.Options{EndpointURL: hs.URL, MaxAttempts: 10, HTTPClient: hc})
}

// create makes a resource through the API and waits for its job.
func create(ctx context.Context, t *testing.T, c amplifybackend.API, d Desired) {
	t.Helper()
	resp, err := c.CreateBackendAPI(ctx, d.Request)
	if err != nil {
		t.Fatalf("CreateBackendAPI: %v", err)
	}
	for {
		job, err := c.GetBackendJob(ctx, &amplifybackend.GetBackendJobRequest{AppId: d.Request.AppId, BackendEnvironmentName: d.Request.BackendEnvironmentName, JobId: resp.JobId})
		if err == nil && amplifybackend.IsTerminal(job.Status) {
			if job.Status != amplifybackend.StatusCompleted {
				t.Fatalf("create job ended %s: %s", job.Status, job.Error)
			}
			return
		}
		if err != nil && !amplifybackend.IsNotFound(err) {
			t.Fatalf("GetBackendJob: %v", err)
		}
		select {
		case <-ctx.Done():
			t.Fatalf("waiting for the create job: %v", ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestReadAgainstEmulator(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hc := &countingClient{}
	// Throttling and gateway time-outs are retried by the client; Read
	// still sees every resource.
	c := startEmulator(t, emulator.Options{Seed: 7, FaultThrottle: 0.2, FaultTimeout: 0.1, Latency: 5 * time.Millisecond}, nil, hc)

	existing := desiredOf(Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: "api"}, cfgYAML(t, baseYAML))
	create(ctx, t, c, existing)

	desired := []Desired{existing}
	for _, name := range []string{"n1", "n2", "n3", "n4", "n5", "n6"} {
		desired = append(desired, desiredOf(Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: name}, cfgYAML(t, "ApiName: "+name+"\n")))
	}
	hc.mu.Lock()
	hc.most = 0
	hc.mu.Unlock()
	const parallelism = 2
	obs, err := Read(ctx, c, desired, parallelism)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	if len(obs) != len(desired) {
		t.Fatalf("got %d observed, want %d", len(obs), len(desired))
	}
	if obs[0].Config == nil || !Equal(obs[0].Config, existing.Request.ResourceConfig) {
		t.Errorf("existing resource read back as %+v, want its config", obs[0].Config)
	}
	for i, o := range obs[1:] {
		if o.Config != nil {
			t.Errorf("%s: got a config for an absent resource", o.Address)
		}
		if o.Address != desired[i+1].Address() {
			t.Errorf("observed %d is %s, want %s", i+1, o.Address, desired[i+1].Address())
		}
	}
	if hc.most > parallelism {
		t.Errorf("%d requests were in flight at once, want at most %d", hc.most, parallelism)
	}

	// The whole plan: the existing resource is a no-op, the rest creates;
	// after a change to the spec it is an update whose fingerprint is the
	// live state's.
	p := Compute(desired, obs, nil)
	if got := p.Counts(); got != (Counts{Create: 6, NoOp: 1}) {
		t.Errorf("counts = %+v, want 6 creates and 1 no-op", got)
	}
	changed := desiredOf(existing.Address(), cfgYAML(t, strings.Replace(baseYAML, "ExpirationTime: 30", "ExpirationTime: 60", 1)))
	p, err = Make(ctx, c, []Desired{changed}, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	ch := p.Changes[0]
	if ch.Action != ActionUpdate || len(ch.Diffs) != 1 || ch.Diffs[0].Path != "/AdditionalAuthTypes/API_KEY/Settings/ExpirationTime" {
		t.Errorf("got %s with diffs %+v, want an update of the expiration", ch.Action, ch.Diffs)
	}
	live, err := ReadOne(ctx, c, existing.Address())
	if err != nil {
		t.Fatal(err)
	}
	if ch.Fingerprint != Fingerprint(live) || ch.Fingerprint == FingerprintAbsent {
		t.Errorf("fingerprint %s does not match the live state's %s", ch.Fingerprint, Fingerprint(live))
	}
}

func TestReadErrorNamesAddress(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// Wrong credentials: the emulator refuses the signature; that is an
	// error, not an absent resource.
	c := startEmulator(t, emulator.Options{}, credentials.NewStaticCredentialsProvider("AKIDWRONG", "wrong", ""), nil)
	addr := Address{AppId: "app9", BackendEnvironmentName: "dev", ResourceName: "api"}
	_, err := Read(ctx, c, []Desired{desiredOf(addr, cfgYAML(t, "ApiName: a\n"))}, 0)
	if err == nil {
		t.Fatal("Read succeeded with wrong credentials")
	}
	if !strings.Contains(err.Error(), "read current state of app9/dev/api") {
		t.Errorf("error %q does not name the address", err)
	}
	if !strings.Contains(err.Error(), "GetBackendAPI") || amplifybackend.IsNotFound(err) {
		t.Errorf("error %q: want the service's answer, not NotFound", err)
	}
}

// TestCheckStaleReadsInParallel: a saved plan's live state is read several
// resources at a time, at most parallelism.
func TestCheckStaleReadsInParallel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	hc := &countingClient{}
	c := startEmulator(t, emulator.Options{Latency: 50 * time.Millisecond}, nil, hc)
	var desired []Desired
	for _, name := range []string{"n1", "n2", "n3", "n4", "n5", "n6"} {
		desired = append(desired, desiredOf(Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: name}, cfgYAML(t, "ApiName: "+name+"\n")))
	}
	p, err := Make(ctx, c, desired, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	hc.mu.Lock()
	hc.most = 0
	hc.mu.Unlock()
	const parallelism = 3
	if err := CheckStale(ctx, c, p, p.Inputs, parallelism); err != nil {
		t.Fatalf("CheckStale of a fresh plan: %v", err)
	}
	hc.mu.Lock()
	defer hc.mu.Unlock()
	if hc.most < 2 || hc.most > parallelism {
		t.Errorf("%d reads were in flight at once, want 2 to %d", hc.most, parallelism)
	}
}
