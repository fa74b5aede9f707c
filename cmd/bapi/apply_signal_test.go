package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
)

// The two-stage interrupt, end to end: a built bapi applies specs against a
// `bapi emulator` subprocess and gets real SIGINTs. Time limits below only
// guard against a hung process; nothing asserts how long anything took.

// signalTestGuard bounds every wait, so a broken build fails instead of
// hanging. It is not an assertion on speed.
const signalTestGuard = emutest.Guard

// Credentials the emulator subprocess is started with and apply signs with.
const (
	signalTestKeyID  = "AKIDSIGNALTEST"
	signalTestSecret = "signal-test-secret"
)

// startEmulatorSubprocess runs `bapi emulator` on a free port and returns
// its URL. It is stopped with SIGINT when the test ends.
// It holds the apps and environments of writeSignalSpecs for app.
func startEmulatorSubprocess(t *testing.T, bin string, jobDuration time.Duration, app string) string {
	t.Helper()
	args := []string{"--job-duration", jobDuration.String(), "--access-key-id", signalTestKeyID, "--secret-access-key", signalTestSecret}
	for a, envs := range signalApps(app) {
		args = append(args, "--app", a+"="+strings.Join(envs, ","))
	}
	url, _ := emutest.StartEmulatorProcess(t, bin, signalTestEnv(t.TempDir()), args...)
	return url
}

// signalApps are the apps and environments writeSignalSpecs names for app.
func signalApps(app string) map[string][]string {
	return map[string][]string{app + "a": {"dev", "devtwo", "prod", "prodtwo"}, app + "b": {"dev", "devtwo"}}
}

// signalTestEnv is the environment of the subprocesses: the test's own,
// without AWS or colour settings (unset, not empty), plus the emulator's
// credentials and a home of its own.
func signalTestEnv(home string) []string {
	return emutest.ProcessEnv(home, signalTestKeyID, signalTestSecret)
}

// writeSignalSpecs writes six resources, each in an app/environment pair of
// its own (an environment holds one GraphQL API), and returns their
// addresses.
func writeSignalSpecs(t *testing.T, dir, app string) []string {
	t.Helper()
	var addrs []string
	for i, pair := range [][2]string{{app + "a", "dev"}, {app + "a", "prod"}, {app + "b", "dev"}} {
		for j := range 2 {
			name := fmt.Sprintf("api%d%d", i, j)
			env := pair[1]
			if j > 0 {
				env += "two"
			}
			addrs = append(addrs, pair[0]+"/"+env+"/"+name)
			doc := fmt.Sprintf(`AppId: %s
BackendEnvironmentName: %s
ResourceName: %s
ResourceConfig:
  ApiName: %s
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      Description: key
      ExpirationTime: 30
  TransformSchema: |
    type Post @model @auth(rules: [{ allow: public }]) {
      id: ID!
    }
`, pair[0], env, name, name)
			if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(doc), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	return addrs
}

// lineWatcher collects what a process writes to one stream (it is the
// process's io.Writer, so exec.Cmd.Wait returns only once all of it is in)
// and lets a test wait for a match.
type lineWatcher struct {
	mu      sync.Mutex
	text    strings.Builder
	changed chan struct{} // closed and replaced on every write
	closed  bool
}

func newLineWatcher() *lineWatcher { return &lineWatcher{changed: make(chan struct{})} }

func (w *lineWatcher) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.text.Write(p)
	close(w.changed)
	w.changed = make(chan struct{})
	return len(p), nil
}

// close marks the stream ended (the process exited).
func (w *lineWatcher) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.closed = true
		close(w.changed)
	}
}

func (w *lineWatcher) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.text.String()
}

// waitFor waits until the stream holds a match of re, and returns it.
func (w *lineWatcher) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	guard := time.After(signalTestGuard)
	for {
		w.mu.Lock()
		m := re.FindStringSubmatch(w.text.String())
		eof, changed := w.closed, w.changed
		w.mu.Unlock()
		if m != nil {
			return m
		}
		if eof {
			t.Fatalf("stream ended without a match of %s:\n%s", re, w.String())
		}
		select {
		case <-changed:
		case <-guard:
			t.Fatalf("no match of %s within the guard time:\n%s", re, w.String())
		}
	}
}

// jsonReport is the part of the JSON job report the test reads.
type jsonReport struct {
	OK          bool `json:"ok"`
	Interrupted bool `json:"interrupted"`
	Jobs        []struct {
		Address   string `json:"address"`
		Operation string `json:"operation"`
		JobID     string `json:"job_id"`
		Status    string `json:"status"`
		Error     string `json:"error"`
	} `json:"jobs"`
}

// applyRun is a bapi apply subprocess with its streams watched.
type applyRun struct {
	cmd    *exec.Cmd
	stdout *lineWatcher
	stderr *lineWatcher
	done   chan struct{}
	err    error
}

func startApply(t *testing.T, bin, url, specs string) *applyRun {
	t.Helper()
	cmd := exec.Command(bin, "apply", "--auto-approve", "--endpoint-url", url, "--parallelism", "1",
		"--poll-initial", "50ms", "--poll-max", "200ms", "--report-format", "json", specs)
	cmd.Env = signalTestEnv(t.TempDir())
	cmd.Dir = filepath.Dir(specs)
	r := &applyRun{cmd: cmd, stdout: newLineWatcher(), stderr: newLineWatcher(), done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = r.stdout, r.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		// Wait returns once the process exited and its output is copied.
		r.err = cmd.Wait()
		r.stdout.close()
		r.stderr.close()
		close(r.done)
	}()
	t.Cleanup(func() {
		select {
		case <-r.done:
		default:
			cmd.Process.Kill()
			<-r.done
		}
	})
	return r
}

// wait waits for the process to exit and returns its exit code.
func (r *applyRun) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(signalTestGuard):
		r.cmd.Process.Kill()
		<-r.done
		t.Fatalf("apply did not exit within the guard time\nstdout:\n%s\nstderr:\n%s", r.stdout, r.stderr)
	}
	var ee *exec.ExitError
	if r.err != nil && !errors.As(r.err, &ee) {
		t.Fatalf("apply: %v", r.err)
	}
	if ee != nil && !ee.Exited() {
		t.Fatalf("apply did not exit by itself: %v\nstderr:\n%s", r.err, r.stderr)
	}
	return r.cmd.ProcessState.ExitCode()
}

// report decodes the JSON job report from standard output, where it
// follows the plan.
func (r *applyRun) report(t *testing.T) jsonReport {
	t.Helper()
	out := r.stdout.String()
	start := strings.Index(out, "{\n  \"format_version\"")
	var rep jsonReport
	if start < 0 {
		t.Fatalf("no JSON report on stdout:\n%s\nstderr:\n%s", out, r.stderr)
	}
	if err := json.NewDecoder(strings.NewReader(out[start:])).Decode(&rep); err != nil {
		t.Fatalf("decode the JSON report: %v\n%s", err, out)
	}
	return rep
}

func acceptedCreates(t *testing.T, url string) map[string]int {
	t.Helper()
	return emutest.Metrics(t, url).AcceptedCreates
}

var (
	reJobStarted = regexp.MustCompile(`(?m)^(\S+): CreateBackendAPI started job (\S+)$`)
	reInterrupt  = regexp.MustCompile(`(?m)^Interrupt received: finishing 1 jobs in flight; press Ctrl-C again to exit now$`)
)

// interruptFirstJob starts a `bapi emulator` subprocess with jobDuration,
// writes specs for app and starts apply on them, and sends apply SIGINT once
// its first job has started. It returns the emulator's URL, the specs'
// addresses, the run, and the address and job ID of the started job.
func interruptFirstJob(t *testing.T, bin string, jobDuration time.Duration, app string) (url string, addrs []string, run *applyRun, started, jobID string) {
	t.Helper()
	url = startEmulatorSubprocess(t, bin, jobDuration, app)
	specs := filepath.Join(t.TempDir(), "specs")
	if err := os.Mkdir(specs, 0o755); err != nil {
		t.Fatal(err)
	}
	addrs = writeSignalSpecs(t, specs, app)
	run = startApply(t, bin, url, specs)
	m := run.stderr.waitFor(t, reJobStarted)
	if err := run.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	return url, addrs, run, m[1], m[2]
}

// interruptedReport decodes the JSON report and checks that it says the
// run was interrupted and not OK, and lists jobs jobs.
func (r *applyRun) interruptedReport(t *testing.T, jobs int) jsonReport {
	t.Helper()
	rep := r.report(t)
	if rep.OK || !rep.Interrupted {
		t.Errorf("report ok=%v interrupted=%v, want ok=false interrupted=true", rep.OK, rep.Interrupted)
	}
	if len(rep.Jobs) != jobs {
		t.Fatalf("report lists %d jobs, want %d:\n%s", len(rep.Jobs), jobs, r.stdout)
	}
	return rep
}

func TestApplyInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bapi and runs it with an emulator as subprocesses")
	}
	bin := emutest.BuildBapi(t, t.TempDir())

	// The first SIGINT: the job in flight is followed to COMPLETED, no new
	// change starts, the rest are SKIPPED, and apply exits 1.
	t.Run("first interrupt finishes the job in flight", func(t *testing.T) {
		url, addrs, run, started, jobID := interruptFirstJob(t, bin, 2*time.Second, "dsigone")
		code := run.wait(t)
		stderr := run.stderr.String()
		if code != exitFailure {
			t.Errorf("exit code %d, want %d\nstderr:\n%s", code, exitFailure, stderr)
		}
		if !reInterrupt.MatchString(stderr) {
			t.Errorf("stderr lacks the interrupt notice:\n%s", stderr)
		}
		// One SIGINT is one interrupt: it must not also count as the
		// second (main's context and apply's handler both seeing it).
		if strings.Contains(stderr, "Second interrupt") {
			t.Errorf("one SIGINT was taken as two:\n%s", stderr)
		}
		if !strings.Contains(stderr, started+": COMPLETED (job "+jobID+")") {
			t.Errorf("stderr does not show %s followed to COMPLETED:\n%s", started, stderr)
		}
		if n := len(reJobStarted.FindAllString(stderr, -1)); n != 1 {
			t.Errorf("%d jobs started, want only the one in flight:\n%s", n, stderr)
		}
		if n := strings.Count(stderr, ": creating\n"); n != 1 {
			t.Errorf("%d changes started, want 1:\n%s", n, stderr)
		}
		rep := run.interruptedReport(t, len(addrs))
		for _, j := range rep.Jobs {
			switch {
			case j.Address == started:
				if j.Status != "COMPLETED" || j.JobID != jobID || j.Operation != "CreateBackendAPI" {
					t.Errorf("%s: %s job %q op %q, want COMPLETED job %q CreateBackendAPI", j.Address, j.Status, j.JobID, j.Operation, jobID)
				}
			case j.Status != "SKIPPED" || j.JobID != "":
				t.Errorf("%s: %s job %q, want SKIPPED with no job", j.Address, j.Status, j.JobID)
			}
		}
		creates := acceptedCreates(t, url)
		for _, a := range addrs {
			want := 0
			if a == started {
				want = 1
			}
			if creates[a] != want {
				t.Errorf("%s: %d accepted CreateBackendAPI, want %d", a, creates[a], want)
			}
		}
	})

	// A second SIGINT after the first: apply exits at once, without
	// following the job to its end, and the report still names it.
	t.Run("second interrupt exits at once", func(t *testing.T) {
		// Jobs far longer than the guard: a run that waited for one would
		// fail the guard, not pass.
		_, addrs, run, started, jobID := interruptFirstJob(t, bin, 10*time.Minute, "dsigtwo")
		run.stderr.waitFor(t, reInterrupt)
		if err := run.cmd.Process.Signal(syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		code := run.wait(t)
		stderr := run.stderr.String()
		if code == exitOK {
			t.Errorf("exit code 0 after two interrupts, want non-zero\nstderr:\n%s", stderr)
		}
		if !strings.Contains(stderr, "Second interrupt: exiting now; the report lists every job started") {
			t.Errorf("stderr lacks the second interrupt notice:\n%s", stderr)
		}
		rep := run.interruptedReport(t, len(addrs))
		for _, j := range rep.Jobs {
			switch {
			case j.Address == started:
				if j.Status != "CANCELLED" || j.JobID != jobID {
					t.Errorf("%s: %s job %q, want CANCELLED with job %q", j.Address, j.Status, j.JobID, jobID)
				}
			case j.Status != "SKIPPED":
				t.Errorf("%s: %s, want SKIPPED", j.Address, j.Status)
			}
		}
	})
}

// TestSignalRouter: a signal cancels the context only while no command has
// claimed the signals; while claimed, it reaches the claimant alone.
func TestSignalRouter(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	r := &signalRouter{cancel: cancel}
	ctx = withSignalRouter(ctx, r)
	if signalRouterFrom(ctx) != r {
		t.Fatal("signalRouterFrom does not return the router put in the context")
	}
	if signalRouterFrom(context.Background()) != nil {
		t.Fatal("signalRouterFrom finds a router in a bare context")
	}

	ch := make(chan os.Signal, 2)
	release := r.Claim(ch)
	r.deliver(os.Interrupt)
	if ctx.Err() != nil {
		t.Fatal("a claimed signal cancelled the context as well")
	}
	select {
	case s := <-ch:
		if s != os.Interrupt {
			t.Errorf("claimant got %v, want interrupt", s)
		}
	default:
		t.Fatal("the claimant did not get the signal")
	}
	// More signals than the claimant's buffer holds are dropped, not
	// blocking the router.
	r.deliver(os.Interrupt)
	r.deliver(os.Interrupt)
	r.deliver(os.Interrupt)
	if len(ch) != 2 || ctx.Err() != nil {
		t.Fatalf("%d signals buffered, context err %v; want 2 and none", len(ch), ctx.Err())
	}

	release()
	r.deliver(syscall.SIGTERM)
	if ctx.Err() == nil {
		t.Fatal("an unclaimed signal did not cancel the context")
	}
	if cause := context.Cause(ctx); cause == nil || !strings.Contains(cause.Error(), "signal received") {
		t.Errorf("cause %v, want it to name the signal", cause)
	}
	if len(ch) != 2 {
		t.Errorf("the released claimant got another signal: %d buffered", len(ch))
	}
}
