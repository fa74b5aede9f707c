package emulator

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
)

// helperStateEnv makes the test binary run an emulator on that state file
// instead of the tests: the kill -9 test starts it as a subprocess.
const helperStateEnv = "BAPI_EMULATOR_TEST_HELPER_STATE"

func TestMain(m *testing.M) {
	if path := os.Getenv(helperStateEnv); path != "" {
		runHelper(path)
		return
	}
	os.Exit(m.Run())
}

// runHelper serves an emulator until the process is killed.
func runHelper(path string) {
	envs := make([]string, 20)
	for i := range envs {
		envs[i] = fmt.Sprintf("env%02d", i)
	}
	r, err := Start(context.Background(), Options{StatePath: path, JobDuration: time.Hour, Apps: map[string][]string{"app1": envs}}, "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("listening on %s\n", r.URL())
	select {}
}

func TestRestartKeepsState(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	clk := newClock()
	opts := Options{StatePath: path, JobDuration: time.Minute, Now: clk.Now, Apps: map[string][]string{"app1": {"dev"}}}

	r, err := Start(t.Context(), opts, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(r.URL(), clk.Now)
	var first ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "blog")).decode(t, &first)
	if err := r.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	r, err = Start(t.Context(), opts, "127.0.0.1:0")
	if err != nil {
		t.Fatalf("restart: %v", err)
	}
	defer r.Close()
	c = newClient(r.URL(), clk.Now)
	var got ab.GetBackendAPIResponse
	c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
	if d := cmp.Diff(sampleConfig("blog"), got.ResourceConfig); d != "" {
		t.Errorf("config after restart (-want +got):\n%s", d)
	}
	// The pending job survived too, and completes on time.
	if r := c.do(t, "POST", "/backend/app1/api", createBody("dev", "other")); r.status != 400 {
		t.Errorf("create while the old job is pending = %d, want 400", r.status)
	}
	clk.Advance(time.Minute)
	var job ab.BackendJobRespObj
	c.do(t, "GET", "/backend/app1/job/dev/"+first.JobId, nil).decode(t, &job)
	if job.Status != StatusCompleted {
		t.Errorf("job after restart = %s, want COMPLETED", job.Status)
	}
	var second ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", createBody("dev", "other")).decode(t, &second)
	if second.JobId == first.JobId {
		t.Errorf("job ID %s reused after restart", second.JobId)
	}
}

func TestKill9LosesNothingAccepted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "state.db")
	start := func() (*exec.Cmd, string) {
		cmd := exec.Command(exe, "-test.run=^$")
		cmd.Env = append(os.Environ(), helperStateEnv+"="+path)
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(out).ReadString('\n')
		if err != nil {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("emulator subprocess printed no address: %v", err)
		}
		return cmd, strings.TrimSpace(strings.TrimPrefix(line, "listening on "))
	}

	cmd, url := start()
	c := newClient(url, time.Now)
	var accepted []string
	for i := range 20 {
		env := fmt.Sprintf("env%02d", i) // one pending job per environment
		if r := c.do(t, "POST", "/backend/app1/api", createBody(env, "blog")); r.status == 200 {
			accepted = append(accepted, env)
		} else {
			t.Errorf("create in %s = %d %s", env, r.status, r.body)
		}
	}
	if err := cmd.Process.Kill(); err != nil { // SIGKILL: no chance to flush anything
		t.Fatal(err)
	}
	cmd.Wait()

	cmd, url = start()
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	c = newClient(url, time.Now)
	for _, env := range accepted {
		var got ab.GetBackendAPIResponse
		c.do(t, "POST", "/backend/app1/api/"+env+"/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
		if d := cmp.Diff(sampleConfig("blog"), got.ResourceConfig); d != "" {
			t.Errorf("%s after kill -9 (-want +got):\n%s", env, d)
		}
	}
	if len(accepted) != 20 {
		t.Errorf("accepted %d creates, want 20", len(accepted))
	}
}

func TestConcurrentClients(t *testing.T) {
	const clients = 200
	envs := make([]string, clients)
	for i := range envs {
		envs[i] = fmt.Sprintf("env%03d", i)
	}
	s, hs, clk := startTest(t, Options{InstantJobs: true, Apps: map[string][]string{"app1": envs}})
	var wg sync.WaitGroup
	errs := make(chan string, clients)
	for i := range clients {
		wg.Go(func() {
			c := newClient(hs.URL, clk.Now)
			env := envs[i] // one GraphQL API per environment
			name := fmt.Sprintf("api%03d", i)
			// Jobs end at once; a pending job would be a bug, but retry
			// one as a client would.
			for attempt := 0; ; attempt++ {
				r := c.do(t, "POST", "/backend/app1/api", createBody(env, name))
				if r.status == 200 {
					break
				}
				if r.status != 400 || !strings.Contains(string(r.body), "pending job") || attempt > 100 {
					errs <- fmt.Sprintf("create %s/%s = %d %s", env, name, r.status, r.body)
					return
				}
			}
			r := c.do(t, "POST", "/backend/app1/api/"+env+"/details", map[string]any{"resourceName": name})
			if r.status != 200 {
				errs <- fmt.Sprintf("get %s/%s = %d %s", env, name, r.status, r.body)
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	n, err := s.ResourceCount(t.Context())
	if err != nil || n != clients {
		t.Errorf("resources = %d, %v; want %d", n, err, clients)
	}
	total := 0
	for _, v := range s.Metrics().AcceptedCreates {
		total += v
	}
	if total != clients {
		t.Errorf("accepted creates = %d, want %d", total, clients)
	}
}

func TestConcurrentCreatesOnePending(t *testing.T) {
	const clients = 50
	s, hs, clk := startTest(t, Options{JobDuration: time.Minute})
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			c := newClient(hs.URL, clk.Now)
			c.do(t, "POST", "/backend/app1/api", createBody("dev", fmt.Sprintf("api%02d", i)))
		})
	}
	wg.Wait()
	m := s.Metrics()
	if ok, pending := m.Count(OpCreateBackendAPI, 200), m.Count(OpCreateBackendAPI, 400); ok != 1 || pending != clients-1 {
		t.Errorf("concurrent creates in one environment: %d accepted, %d refused; want 1 and %d", ok, pending, clients-1)
	}
	if n, _ := s.ResourceCount(t.Context()); n != 1 {
		t.Errorf("resources = %d, want 1", n)
	}
}
