package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestEmulatorCommandServesAndStops runs `bapi emulator` in process: it
// prints one "listening on" line, serves, logs each request as JSON, and
// exits 0 when its context is cancelled (SIGINT/SIGTERM in main).
func TestEmulatorCommandServesAndStops(t *testing.T) {
	state := filepath.Join(t.TempDir(), "emu.db")
	url, out, stderr, stop := startEmulatorCommand(t, "--state", state, "--log-format", "json")

	resp, err := http.Post(url+"/backend/app1/api", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Amzn-ErrorType") != "MissingAuthenticationTokenException" {
		t.Errorf("unsigned request = %d %s, want 403 MissingAuthenticationTokenException", resp.StatusCode, resp.Header.Get("X-Amzn-ErrorType"))
	}
	resp, err = http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Requests map[string]map[string]int `json:"requests"`
	}
	err = json.NewDecoder(resp.Body).Decode(&m)
	resp.Body.Close()
	if err != nil || m.Requests["CreateBackendAPI"]["403"] != 1 {
		t.Errorf("metrics = %+v, %v; want one CreateBackendAPI 403", m, err)
	}

	if c := stop(); c != exitOK {
		t.Errorf("exit code %d after cancel, want 0 (stderr %s)", c, stderr.String())
	}
	rest, _ := io.ReadAll(out)
	if len(rest) != 0 {
		t.Errorf("stdout after the listening line: %q, want nothing", rest)
	}
	var entry map[string]any
	first, _, _ := strings.Cut(stderr.String(), "\n")
	if err := json.Unmarshal([]byte(first), &entry); err != nil || entry["operation"] != "CreateBackendAPI" || entry["status"] != float64(403) || entry["request_id"] == "" {
		t.Errorf("first log line %q: want JSON with operation, status and request_id (%v)", first, err)
	}
	if strings.Contains(stderr.String(), "bapi-emulator-secret") {
		t.Errorf("log holds the secret access key")
	}
}

// startEmulatorCommand runs `bapi emulator --addr 127.0.0.1:0 args...` in
// process and returns its URL, the rest of its stdout, its stderr, and stop,
// which cancels it (as SIGINT does) and returns its exit code.
func startEmulatorCommand(t *testing.T, args ...string) (url string, out *bufio.Reader, stderr *syncBuffer, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	outR, outW := io.Pipe()
	stderr = &syncBuffer{}
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, append([]string{"bapi", "emulator", "--addr", "127.0.0.1:0"}, args...), strings.NewReader(""), outW, stderr)
		outW.Close()
	}()
	out = bufio.NewReader(outR)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("no listening line: %v (stderr %s)", err, stderr.String())
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Fatalf("first line %q, want listening on http://127.0.0.1:PORT", line)
	}
	return url, out, stderr, func() int { cancel(); return <-code }
}

// TestEmulatorCommandStartState: --app, --seed-job, --restrict-categories
// and --pending-job-code reach the emulator; a real client sees them.
func TestEmulatorCommandStartState(t *testing.T) {
	url, _, stderr, stop := startEmulatorCommand(t, "--job-duration", "0",
		"--app", "d1start=dev,prod", "--seed-job", "d1start/dev=GenerateBackendAPIModels:1h",
		"--restrict-categories", "d1start/prod=function,auth", "--pending-job-code", "ValidationException")
	defer func() {
		if c := stop(); c != exitOK {
			t.Errorf("exit code %d, want 0 (stderr %s)", c, stderr.String())
		}
	}()
	api := emutest.Client(t, emutest.Config(emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey, emulator.DefaultRegion), amplifybackend.Options{EndpointURL: url, MaxAttempts: 1})
	ctx := t.Context()

	backend, err := api.GetBackend(ctx, &amplifybackend.GetBackendRequest{AppId: "d1start", BackendEnvironmentName: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(backend.BackendEnvironmentList, []string{"dev", "prod"}) || !strings.Contains(backend.AmplifyMetaConfig, `"function"`) {
		t.Errorf("GetBackend = %+v, want environments dev and prod and a function category", backend)
	}

	req := func(env string) *amplifybackend.CreateBackendAPIRequest {
		return &amplifybackend.CreateBackendAPIRequest{AppId: "d1start", BackendEnvironmentName: env, ResourceName: "blogapi",
			ResourceConfig: &amplifybackend.BackendAPIResourceConfig{ApiName: "blogapi", Service: "AppSync", TransformSchema: "type Post @model { id: ID! }"}}
	}
	_, err = api.CreateBackendAPI(ctx, req("dev"))
	if !amplifybackend.IsPendingJob(err) || !amplifybackend.HasCode(err, "ValidationException") {
		t.Errorf("create while the seeded job runs = %v, want the pending-job refusal coded ValidationException", err)
	}
	jobs, err := api.ListBackendJobs(ctx, &amplifybackend.ListBackendJobsRequest{AppId: "d1start", BackendEnvironmentName: "dev"})
	if err != nil || len(jobs.Jobs) != 1 || jobs.Jobs[0].Operation != "GenerateBackendAPIModels" || jobs.Jobs[0].Status != emulator.StatusRunning {
		t.Errorf("jobs of d1start/dev = %+v, %v; want the seeded RUNNING GenerateBackendAPIModels", jobs, err)
	}

	created, err := api.CreateBackendAPI(ctx, req("prod"))
	if err != nil {
		t.Fatal(err)
	}
	job, err := api.GetBackendJob(ctx, &amplifybackend.GetBackendJobRequest{AppId: "d1start", BackendEnvironmentName: "prod", JobId: created.JobId})
	if err != nil || job.Status != emulator.StatusFailed || !strings.Contains(job.Error, "your app backend contains function. Amplify Studio only supports API, Auth, and Storage deployments") {
		t.Errorf("job on the restricted environment = %+v, %v; want FAILED naming function", job, err)
	}
}

// TestEmulatorHelpListsOperations: bapi help emulator names every
// operation the emulator answers and its unauthenticated GET /metrics.
func TestEmulatorHelpListsOperations(t *testing.T) {
	// Not parallel: run builds an urfave/cli App, and every App writes to
	// the package-level cli.HelpFlag when it parses flags (a data race
	// between two Apps running at once; a process runs one).
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"bapi", "help", "emulator"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("bapi help emulator: exit %d: %s", code, stderr.String())
	}
	help := strings.Join(strings.Fields(stdout.String()), " ")
	for _, op := range emulator.Operations() {
		if !regexp.MustCompile(`\b` + op + `\b`).MatchString(help) {
			t.Errorf("bapi help emulator does not name the operation %s", op)
		}
	}
	for _, want := range []string{"GET /metrics", "unauthenticated", "loopback"} {
		if !strings.Contains(help, want) {
			t.Errorf("bapi help emulator does not say %q", want)
		}
	}
}

func TestLoopbackAddr(t *testing.T) {
	t.Parallel()
	for addr, want := range map[string]bool{
		"127.0.0.1:4599": true, "127.0.0.1:0": true, "[::1]:4599": true, "localhost:4599": true, "127.1.2.3:80": true,
		":4599": false, "0.0.0.0:4599": false, "[::]:4599": false, "192.168.1.10:4599": false, "example.com:4599": false, "nonsense": false,
	} {
		if got := loopbackAddr(addr); got != want {
			t.Errorf("loopbackAddr(%q) = %v, want %v", addr, got, want)
		}
	}
}

// TestEmulatorWarnsOffLoopback: listening on every interface, the emulator
// warns on stderr that its public key pair lets anyone in; on loopback it
// does not.
func TestEmulatorWarnsOffLoopback(t *testing.T) {
	for _, tc := range []struct {
		addr string
		warn bool
	}{{addr: "0.0.0.0:0", warn: true}, {addr: "127.0.0.1:0", warn: false}} {
		ctx, cancel := context.WithCancel(t.Context())
		outR, outW := io.Pipe()
		stderr := &syncBuffer{}
		code := make(chan int, 1)
		go func() {
			code <- run(ctx, []string{"bapi", "emulator", "--addr", tc.addr}, strings.NewReader(""), outW, stderr)
			outW.Close()
		}()
		line, err := bufio.NewReader(outR).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "listening on ") {
			t.Fatalf("--addr %s: first line %q, %v (stderr %s)", tc.addr, line, err, stderr.String())
		}
		cancel()
		go func() { _, _ = io.Copy(io.Discard, outR) }()
		if c := <-code; c != exitOK {
			t.Errorf("--addr %s: exit %d", tc.addr, c)
		}
		if got := strings.Contains(stderr.String(), "is not a loopback address"); got != tc.warn {
			t.Errorf("--addr %s: warned %v, want %v; stderr:\n%s", tc.addr, got, tc.warn, stderr.String())
		}
	}
}
