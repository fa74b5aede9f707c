package main

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
)

// fakeClock is a settable clock.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func livePlan(names ...string) *plan.Plan {
	p := &plan.Plan{FormatVersion: plan.FormatVersion}
	for _, n := range names {
		p.Changes = append(p.Changes, plan.Change{
			Address: plan.Address{AppId: "d1app", BackendEnvironmentName: "dev", ResourceName: n},
			Action:  plan.ActionCreate,
		})
	}
	// A no-op gets no line.
	p.Changes = append(p.Changes, plan.Change{
		Address: plan.Address{AppId: "d1app", BackendEnvironmentName: "dev", ResourceName: "same"},
		Action:  plan.ActionNoOp,
	})
	return p
}

var reCursorUp = regexp.MustCompile(`\x1b\[(\d+)A`)

// frames splits live view output at each cursor-up sequence. The first
// element is what came before the first one.
func frames(out string) (first string, rest []string, ups []string) {
	idx := reCursorUp.FindAllStringSubmatchIndex(out, -1)
	if len(idx) == 0 {
		return out, nil, nil
	}
	first = out[:idx[0][0]]
	for i, m := range idx {
		end := len(out)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		ups = append(ups, out[m[2]:m[3]])
		rest = append(rest, out[m[1]:end])
	}
	return first, rest, ups
}

// frameLines checks that a frame is made of whole cleared lines and returns
// their text.
func frameLines(t *testing.T, frame string) []string {
	t.Helper()
	if !strings.HasSuffix(frame, "\n") {
		t.Fatalf("frame %q does not end its last line", frame)
	}
	var out []string
	for line := range strings.Lines(frame) {
		text, ok := strings.CutPrefix(line, ansiClearLine)
		if !ok {
			t.Fatalf("line %q of frame %q does not start with carriage return and clear-line", line, frame)
		}
		out = append(out, strings.TrimSuffix(text, "\n"))
	}
	return out
}

func TestLiveViewRedrawsInPlace(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	clock := &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	long := "a-resource-name-long-enough-to-be-cut-at-the-terminal-width-" + strings.Repeat("x", 5)
	p := livePlan("alpha", "beta", long)
	v := newLiveView(&out, p, liveViewOptions{Width: 90, Height: 24, Now: clock.Now})
	a, b := p.Changes[0].Address, p.Changes[1].Address

	v.redraw() // frame 1: all pending
	v.ChangeStarted(a, plan.ActionCreate)
	v.JobStarted(a, apply.OpCreate, "job-0001")
	clock.Add(3 * time.Second)
	v.redraw() // frame 2: alpha creating for 3s
	v.ChangeDone(apply.Result{Address: a, Action: plan.ActionCreate, Operation: apply.OpCreate, JobID: "job-0001", Status: apply.StatusCompleted})
	v.ChangeStarted(b, plan.ActionCreate)
	v.Println("Interrupt received: finishing 1 jobs in flight; press Ctrl-C again to exit now")
	v.Close() // final frame

	s := out.String()
	for _, bad := range []string{"\x1b[2J", "\x1b[H", "\x1bc", "\x1b[3J"} {
		if strings.Contains(s, bad) {
			t.Errorf("output clears the screen (%q):\n%q", bad, s)
		}
	}
	first, rest, ups := frames(s)
	lines := frameLines(t, first)
	if len(lines) != 3 {
		t.Fatalf("first frame has %d lines, want one per change (3): %q", len(lines), lines)
	}
	for _, l := range lines {
		if !strings.Contains(l, "pending") {
			t.Errorf("first frame line %q is not pending", l)
		}
		if n := len([]rune(l)); n > 89 {
			t.Errorf("line %q is %d cells, wider than the terminal allows (89)", l, n)
		}
	}
	if n := len([]rune(lines[2])); n != 89 {
		t.Errorf("the long line is %d cells, want it cut to 89: %q", n, lines[2])
	}
	// Frame 2 moves up over frame 1 and redraws each line.
	if len(rest) < 2 || ups[0] != "3" {
		t.Fatalf("want a redraw moving up 3 lines, got ups %q in %q", ups, s)
	}
	f2 := frameLines(t, rest[0])
	if len(f2) != 3 {
		t.Fatalf("second frame has %d lines, want 3: %q", len(f2), f2)
	}
	if want := regexp.MustCompile(`^… d1app/dev/alpha +creating +3s  job job-0001$`); !want.MatchString(f2[0]) {
		t.Errorf("second frame line 1 = %q, want alpha creating for 3s with its job", f2[0])
	}
	// Println erases the frame (up, clear each line, up again), prints the
	// message, and draws the view below it.
	var printed bool
	for i, r := range rest {
		if strings.HasPrefix(r, "Interrupt received:") {
			printed = true
			msg, frame, _ := strings.Cut(r, "\n")
			if !strings.HasSuffix(msg, "press Ctrl-C again to exit now") || strings.Contains(msg, "\x1b") {
				t.Errorf("message line %q", msg)
			}
			if got := frameLines(t, frame); len(got) != 3 {
				t.Errorf("frame after the message has %d lines, want 3", len(got))
			}
			if i == 0 || frameLines(t, rest[i-1]) == nil || ups[i] != ups[i-1] {
				t.Errorf("message is not printed where the erased frame was (ups %q)", ups)
			}
		}
	}
	if !printed {
		t.Errorf("the message is not printed on a line of its own: %q", rest)
	}
	last := frameLines(t, rest[len(rest)-1])
	if len(last) != 3 {
		t.Fatalf("final frame has %d lines, want 3: %q", len(last), last)
	}
	if !strings.HasPrefix(last[0], "✓ d1app/dev/alpha") || !strings.Contains(last[0], "COMPLETED") || !strings.Contains(last[0], "job job-0001") {
		t.Errorf("final frame line 1 = %q, want alpha ✓ COMPLETED with its job", last[0])
	}
	if !strings.HasPrefix(last[1], "… d1app/dev/beta") || !strings.Contains(last[1], "checking") {
		t.Errorf("final frame line 2 = %q, want beta checking", last[1])
	}
}

func TestLiveViewRedrawsOnTick(t *testing.T) {
	t.Parallel()
	var out syncBuffer
	tick := make(chan time.Time)
	clock := &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	v := newLiveView(&out, livePlan("alpha", "beta"), liveViewOptions{Width: 100, Height: 24, Now: clock.Now, Tick: tick})
	// A send returns once the view has taken the tick; the second waits
	// until the first frame is drawn.
	tick <- clock.Now()
	tick <- clock.Now()
	v.Close()
	first, rest, ups := frames(out.String())
	if got := frameLines(t, first); len(got) != 2 {
		t.Errorf("first frame has %d lines, want 2", len(got))
	}
	// Two ticks and the final frame on Close: three frames, each over the
	// last.
	if len(rest) != 2 || ups[0] != "2" || ups[1] != "2" {
		t.Errorf("frames after the first: %d, moving up %q; want 2, each up 2 lines", len(rest), ups)
	}
}

func TestLiveViewSummarisesPastTheScreen(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	var names []string
	for i := range 30 {
		names = append(names, fmt.Sprintf("api%02d", i))
	}
	p := livePlan(names...)
	v := newLiveView(&out, p, liveViewOptions{Width: 80, Height: 10, Now: time.Now})
	v.ChangeStarted(p.Changes[0].Address, plan.ActionCreate)
	v.Close()
	lines := frameLines(t, out.String())
	if len(lines) > 8 {
		t.Errorf("%d lines on a 10-line terminal, want at most 8", len(lines))
	}
	if want := "… 0 done, 29 pending, 1 running"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}
}

func TestLogReporterPlainLines(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	l := &logReporter{w: &out, now: time.Now}
	a := plan.Address{AppId: "d1app", BackendEnvironmentName: "dev", ResourceName: "alpha"}
	l.ChangeStarted(a, plan.ActionCreate)
	l.JobStarted(a, apply.OpCreate, "job-0001")
	l.JobStatus(a, "job-0001", "RUNNING")
	l.JobRunning(a, apply.RunningJob{JobID: "job-0001", Operation: apply.OpCreate, Status: "RUNNING", Elapsed: 30*time.Second + 200*time.Millisecond})
	l.JobRunning(a, apply.RunningJob{JobID: "job-0000", Operation: "GenerateBackendAPIModels", Status: "RUNNING", Elapsed: 3 * time.Hour, Foreign: true})
	l.ChangeDone(apply.Result{Address: a, JobID: "job-0001", Status: apply.StatusCompleted, Duration: 2 * time.Second})
	l.Println("Interrupt received: finishing 0 jobs in flight; press Ctrl-C again to exit now")
	want := `d1app/dev/alpha: creating
d1app/dev/alpha: CreateBackendAPI started job job-0001
d1app/dev/alpha: job job-0001 is RUNNING
d1app/dev/alpha: still running CreateBackendAPI job job-0001 [30s elapsed]
d1app/dev/alpha: waiting for job job-0000 (GenerateBackendAPIModels, running) on d1app/dev, running for 3h0m0s; bapi starts no job there until it ends
d1app/dev/alpha: COMPLETED (job job-0001) after 2s
Interrupt received: finishing 0 jobs in flight; press Ctrl-C again to exit now
`
	if out.String() != want {
		t.Errorf("log lines:\n%s\nwant:\n%s", out.String(), want)
	}
}

// TestApplyNotATerminal runs bapi apply in process with buffers for its
// streams: no live view, no escape codes, plain log lines on stderr.
func TestApplyNotATerminal(t *testing.T) {
	srv, hs := emutest.Serve(t, emulator.Options{InstantJobs: true, Apps: signalApps("dlive")})
	dir := t.TempDir()
	writeSignalSpecs(t, dir, "dlive")
	home := t.TempDir()
	for _, kv := range signalTestEnv(home) {
		name, value, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || name == "HOME" {
			t.Setenv(name, value)
		}
	}
	id, secret := srv.Credentials()
	t.Setenv("AWS_ACCESS_KEY_ID", id)
	t.Setenv("AWS_SECRET_ACCESS_KEY", secret)
	t.Setenv("AWS_REGION", srv.Region())
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"bapi", "apply", "--auto-approve", "--endpoint-url", hs.URL,
		"--poll-initial", "5ms", "--poll-max", "10ms", dir}, strings.NewReader(""), &stdout, &stderr)
	if code != exitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
	}
	if strings.Contains(stdout.String(), "\x1b") || strings.Contains(stderr.String(), "\x1b") {
		t.Errorf("escape codes without a terminal:\nstdout %q\nstderr %q", stdout.String(), stderr.String())
	}
	if n := strings.Count(stderr.String(), ": CreateBackendAPI started job "); n != 6 {
		t.Errorf("stderr has %d job-started lines, want 6:\n%s", n, stderr.String())
	}
	if !strings.Contains(stdout.String(), "Apply: 6 completed") {
		t.Errorf("stdout lacks the report summary:\n%s", stdout.String())
	}
}

// TestApplyReportsAdopted executes a plan whose create is already under
// way: a run killed after its CreateBackendAPI left a job pending on the
// pair. apply waits for that job, finds the desired config, and reports the
// resource ADOPTED with that job, without a second CreateBackendAPI. The
// emulator's clock is moved on once apply waits, so nothing depends on
// timing.
func TestApplyReportsAdopted(t *testing.T) {
	t.Parallel()
	var offset atomic.Int64
	srv, api := emutest.StartWith(t, emulator.Options{
		Apps:        map[string][]string{"dadopt": {"dev"}},
		JobDuration: time.Minute,
		Now:         func() time.Time { return time.Now().Add(time.Duration(offset.Load())) },
	}, amplifybackend.Options{})
	ctx := context.Background()
	var desired []plan.Desired
	for _, name := range []string{"api0"} {
		desired = append(desired, plan.Desired{Request: &amplifybackend.CreateBackendAPIRequest{
			AppId: "dadopt", BackendEnvironmentName: "dev", ResourceName: name,
			ResourceConfig: &amplifybackend.BackendAPIResourceConfig{ApiName: name, Service: "AppSync",
				DefaultAuthType: &amplifybackend.BackendAPIAuthType{Mode: amplifybackend.ModeAPIKey}},
		}})
	}
	p, err := plan.Make(ctx, api, desired, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	// The killed run's create of api0, exactly as planned, still pending.
	resp, err := api.CreateBackendAPI(ctx, desired[0].Request)
	if err != nil {
		t.Fatal(err)
	}
	pending := resp.JobId
	addr := p.Changes[0].Address.String()

	stdout, stderr := newLineWatcher(), newLineWatcher()
	e := &env{stdin: strings.NewReader(""), stdout: stdout, stderr: stderr, getenv: func(string) string { return "" }}
	o := applyOptions{aws: awsOptions{Parallelism: 2}, jobTimeout: time.Hour, pollInitial: 5 * time.Millisecond, pollMax: 20 * time.Millisecond, reportFormat: "text"}
	done := make(chan error, 1)
	go func() {
		done <- e.execute(ctx, api, p, o, o.humanWriter(e))
		stdout.close()
		stderr.close()
	}()
	stderr.waitFor(t, regexp.MustCompile(regexp.QuoteMeta(addr+": waiting for pending job "+pending)))
	offset.Store(int64(2 * time.Minute)) // the pending job ends
	select {
	case err = <-done:
	case <-time.After(signalTestGuard):
		t.Fatalf("apply did not finish\n%s\n%s", stdout.String(), stderr.String())
	}
	if err != nil {
		t.Errorf("apply = %v, want success: an adopted resource is done\n%s\n%s", err, stdout.String(), stderr.String())
	}
	wantLog := addr + ": ADOPTED (waited for pending job " + pending + ")"
	if !strings.Contains(stderr.String(), wantLog) || !strings.Contains(stderr.String(), "it already has the desired config, so nothing was sent") {
		t.Errorf("stderr does not explain the adoption (want %q):\n%s", wantLog, stderr.String())
	}
	row := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(addr) + ` +- +` + regexp.QuoteMeta(pending) + ` +ADOPTED `)
	if !row.MatchString(stdout.String()) {
		t.Errorf("report has no ADOPTED row for %s with job %s:\n%s", addr, pending, stdout.String())
	}
	if !strings.Contains(stdout.String(), "Apply: 1 adopted (1 change in") {
		t.Errorf("summary does not count the adopted resource:\n%s", stdout.String())
	}
	if n := srv.Metrics().AcceptedCreates[addr]; n != 1 {
		t.Errorf("%s: %d accepted CreateBackendAPI, want 1", addr, n)
	}
}

// TestLiveViewChangeStartedAgain: apply --staged works one change as
// several; a row started again after it was done runs again, not done.
func TestLiveViewChangeStartedAgain(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	clock := &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	p := livePlan("alpha")
	v := newLiveView(&out, p, liveViewOptions{Width: 90, Height: 24, Now: clock.Now})
	a := p.Changes[0].Address
	v.ChangeStarted(a, plan.ActionUpdate)
	v.ChangeDone(apply.Result{Address: a, Action: plan.ActionUpdate, Operation: apply.OpUpdate, JobID: "job-0001", Status: apply.StatusCompleted})
	v.ChangeStarted(a, plan.ActionUpdate)
	v.JobStarted(a, apply.OpUpdate, "job-0002")
	v.Close()
	first, rest, _ := frames(out.String())
	final := first
	if len(rest) > 0 {
		final = rest[len(rest)-1]
	}
	last := frameLines(t, final)
	if len(last) != 1 || !strings.HasPrefix(last[0], "… d1app/dev/alpha") || !strings.Contains(last[0], "updating") || !strings.Contains(last[0], "job-0002") {
		t.Errorf("final frame %q, want alpha updating with job-0002", last)
	}
}

// TestLiveViewForeignJob: a resource waiting for another's job shows that
// job's operation and how long it has run; its own job's progress adds
// nothing (the row's elapsed time shows it).
func TestLiveViewForeignJob(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	clock := &fakeClock{now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	p := livePlan("alpha")
	v := newLiveView(&out, p, liveViewOptions{Width: 200, Height: 24, Now: clock.Now})
	a := p.Changes[0].Address
	v.ChangeStarted(a, plan.ActionCreate)
	v.JobStarted(a, "", "job-0000")
	v.JobRunning(a, apply.RunningJob{JobID: "job-0000", Operation: "GenerateBackendAPIModels", Status: "RUNNING", Elapsed: 2*time.Hour + 400*time.Millisecond, Foreign: true})
	v.redraw()
	v.JobRunning(a, apply.RunningJob{JobID: "job-0001", Operation: apply.OpCreate, Elapsed: time.Minute})
	v.Close()
	_, rest, _ := frames(out.String())
	last := frameLines(t, rest[len(rest)-1])
	if want := regexp.MustCompile(`^… d1app/dev/alpha +waiting .*job job-0000  GenerateBackendAPIModels, running for 2h0m0s$`); !want.MatchString(last[0]) {
		t.Errorf("row %q: want it waiting for job-0000, naming GenerateBackendAPIModels and 2h0m0s", last[0])
	}
}

// TestLogAndReportRoundDurationsAlike: apply's progress line for a finished
// change gives its duration as the job report's table does, for a job under
// a second, under a minute and longer.
func TestLogAndReportRoundDurationsAlike(t *testing.T) {
	t.Parallel()
	a := plan.Address{AppId: "d1app", BackendEnvironmentName: "dev", ResourceName: "alpha"}
	for _, d := range []time.Duration{812 * time.Millisecond, 45*time.Second + 678*time.Millisecond, 2*time.Minute + 3*time.Second + 456*time.Millisecond} {
		res := apply.Result{Address: a, Operation: apply.OpCreate, JobID: "job-1", Status: apply.StatusCompleted, Duration: d, Attempts: 1}
		var logOut, reportOut bytes.Buffer
		(&logReporter{w: &logOut, now: time.Now}).ChangeDone(res)
		f, err := output.NewReportFormatter("text", output.ReportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Format(&reportOut, &apply.Report{Results: []apply.Result{res}, Duration: d}); err != nil {
			t.Fatal(err)
		}
		_, logDur, _ := strings.Cut(strings.TrimSpace(logOut.String()), " after ")
		row := strings.Fields(strings.Split(reportOut.String(), "\n")[1])
		if len(row) < 2 || row[len(row)-2] != logDur {
			t.Errorf("duration %v: the log says %q, the report's row %q", d, logDur, row)
		}
	}
}
