package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/plan"
	"golang.org/x/term"
)

// isTerminal reports whether w is a terminal (an *os.File on a tty).
func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// terminalSize returns the terminal's width and height, or 80x24.
func terminalSize(w io.Writer) (int, int) {
	if f, ok := w.(*os.File); ok {
		if wd, ht, err := term.GetSize(int(f.Fd())); err == nil && wd > 0 && ht > 0 {
			return wd, ht
		}
	}
	return 80, 24
}

// ANSI sequences for redrawing in place: move the cursor up n lines, and
// clear the current line. No full-screen clear, so nothing flickers.
const (
	ansiUp        = "\x1b[%dA"
	ansiClearLine = "\r\x1b[2K"
)

type liveRow struct {
	addr    plan.Address
	state   string // pending, waiting, creating, ... or the final status
	jobID   string
	start   time.Time
	end     time.Time
	done    bool
	failed  bool
	message string
}

// liveView shows one line per resource with its status and elapsed time,
// redrawn in place on every tick (ten times a second on a terminal). It
// implements apply.Reporter.
type liveView struct {
	w    io.Writer
	now  func() time.Time
	tick <-chan time.Time

	mu     sync.Mutex
	rows   []*liveRow
	index  map[plan.Address]*liveRow
	drawn  int // lines drawn by the last frame
	width  int
	height int
	stop   chan struct{}
	done   chan struct{}
}

var _ apply.ProgressReporter = (*liveView)(nil)

// liveViewOptions say where and how often the live view draws.
type liveViewOptions struct {
	// Width and Height are the terminal's size in cells; lines are cut to
	// Width-1 and at most Height-2 rows are shown.
	Width, Height int
	// Now is the clock for elapsed times.
	Now func() time.Time
	// Tick redraws the view on every value received.
	Tick <-chan time.Time
}

// newTerminalLiveView draws on the terminal w: its size, the real clock and
// a redraw every 100ms. Call Close when apply returns.
func newTerminalLiveView(w io.Writer, p *plan.Plan) *liveView {
	width, height := terminalSize(w)
	t := time.NewTicker(100 * time.Millisecond)
	v := newLiveView(w, p, liveViewOptions{Width: width, Height: height, Now: time.Now, Tick: t.C})
	go func() {
		<-v.done
		t.Stop()
	}()
	return v
}

// newLiveView lists every change of p as pending and starts redrawing on
// o.Tick. Call Close when apply returns.
func newLiveView(w io.Writer, p *plan.Plan, o liveViewOptions) *liveView {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Width <= 0 || o.Height <= 0 {
		o.Width, o.Height = 80, 24
	}
	v := &liveView{w: w, now: o.Now, tick: o.Tick, width: o.Width, height: o.Height,
		index: make(map[plan.Address]*liveRow), stop: make(chan struct{}), done: make(chan struct{})}
	for _, ch := range p.Changes {
		if ch.Action == plan.ActionNoOp {
			continue
		}
		r := &liveRow{addr: ch.Address, state: "pending"}
		v.rows = append(v.rows, r)
		v.index[ch.Address] = r
	}
	go v.loop()
	return v
}

func (v *liveView) loop() {
	defer close(v.done)
	for {
		select {
		case <-v.stop:
			v.redraw()
			return
		case <-v.tick:
			v.redraw()
		}
	}
}

// redraw draws one frame over the previous one.
func (v *liveView) redraw() {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.draw()
}

// Close draws the final frame and stops redrawing.
func (v *liveView) Close() {
	close(v.stop)
	<-v.done
}

// Println prints a message above the view (it stays; the view is redrawn
// below it).
func (v *liveView) Println(msg string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.erase()
	fmt.Fprintln(v.w, msg)
	v.draw()
}

// erase moves the cursor to the top of the last frame and clears the lines
// on the way, so the next write starts where the frame was.
func (v *liveView) erase() {
	if v.drawn == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, ansiUp, v.drawn)
	for range v.drawn {
		b.WriteString(ansiClearLine + "\n")
	}
	fmt.Fprintf(&b, ansiUp, v.drawn)
	io.WriteString(v.w, b.String())
	v.drawn = 0
}

// draw writes one frame over the previous one: cursor up, then each line
// cleared and rewritten. Lines are cut to the terminal width so none wraps
// (a wrapped line would break the cursor arithmetic), and at most a
// screenful of rows is shown: running rows first, the rest summarised.
func (v *liveView) draw() {
	now := v.now()
	rows := v.rows
	maxRows := max(v.height-2, 3)
	var summary string
	if len(rows) > maxRows {
		var active []*liveRow
		done, pending := 0, 0
		for _, r := range rows {
			switch {
			case r.done:
				done++
			case r.state == "pending":
				pending++
			default:
				active = append(active, r)
			}
		}
		if len(active) > maxRows-1 {
			active = active[:maxRows-1]
		}
		rows = active
		summary = fmt.Sprintf("… %d done, %d pending, %d running", done, pending, len(active))
	}
	var b strings.Builder
	if v.drawn > 0 {
		fmt.Fprintf(&b, ansiUp, v.drawn)
	}
	lines := 0
	line := func(s string) {
		if w := v.width - 1; w > 0 && len([]rune(s)) > w {
			s = string([]rune(s)[:w])
		}
		b.WriteString(ansiClearLine + s + "\n")
		lines++
	}
	for _, r := range rows {
		line(r.text(now))
	}
	if summary != "" {
		line(summary)
	}
	// Clear lines left over from a taller previous frame.
	for i := lines; i < v.drawn; i++ {
		b.WriteString(ansiClearLine + "\n")
	}
	if extra := v.drawn - lines; extra > 0 {
		fmt.Fprintf(&b, ansiUp, extra)
	}
	io.WriteString(v.w, b.String())
	v.drawn = lines
}

func (r *liveRow) text(now time.Time) string {
	elapsed := ""
	switch {
	case r.start.IsZero():
	case r.done:
		elapsed = output.HumanDuration(r.end.Sub(r.start))
	default:
		elapsed = now.Sub(r.start).Round(time.Second).String()
	}
	mark := "  "
	switch {
	case r.done && r.failed:
		mark = "✗ "
	case r.done:
		mark = "✓ "
	case r.state != "pending":
		mark = "… "
	}
	s := fmt.Sprintf("%s%-40s %-12s %8s", mark, r.addr, r.state, elapsed)
	if r.jobID != "" {
		s += "  job " + r.jobID
	}
	if r.message != "" {
		s += "  " + r.message
	}
	return s
}

func (v *liveView) row(addr plan.Address) *liveRow {
	r, ok := v.index[addr]
	if !ok {
		r = &liveRow{addr: addr, state: "pending"}
		v.rows = append(v.rows, r)
		v.index[addr] = r
	}
	return r
}

func (v *liveView) ChangeStarted(addr plan.Address, action plan.Action) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.row(addr)
	r.start = v.now()
	r.state = "checking"
	// apply --staged works a change as several: each starts the row again.
	r.done, r.failed, r.end = false, false, time.Time{}
}

func (v *liveView) JobStarted(addr plan.Address, op, jobID string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.row(addr)
	r.jobID = jobID
	switch op {
	case apply.OpCreate:
		r.state = "creating"
	case apply.OpUpdate:
		r.state = "updating"
	default:
		r.state = "waiting"
	}
}

func (v *liveView) JobStatus(addr plan.Address, jobID, status string) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.row(addr)
	if r.state == "waiting" {
		return
	}
	r.message = strings.ToLower(status)
}

// JobRunning names, on the row of a resource waiting for another's job,
// that job's operation; the row's elapsed time already shows progress.
func (v *liveView) JobRunning(addr plan.Address, job apply.RunningJob) {
	if !job.Foreign {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.row(addr)
	r.message = fmt.Sprintf("%s, running for %s", job.Operation, job.Elapsed.Round(time.Second))
}

func (v *liveView) ChangeDone(res apply.Result) {
	v.mu.Lock()
	defer v.mu.Unlock()
	r := v.row(res.Address)
	if r.start.IsZero() {
		r.start = v.now()
	}
	r.end = v.now()
	r.done = true
	r.failed = !res.Status.OK()
	r.state = string(res.Status)
	r.jobID = res.JobID
	r.message = ""
}

// logReporter writes one plain line per event, for logs and pipes.
type logReporter struct {
	mu  sync.Mutex
	w   io.Writer
	now func() time.Time
}

var _ apply.ProgressReporter = (*logReporter)(nil)

func (l *logReporter) printf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fmt.Fprintf(l.w, format+"\n", args...)
}

// Println prints a message line.
func (l *logReporter) Println(msg string) { l.printf("%s", msg) }

func (l *logReporter) ChangeStarted(addr plan.Address, action plan.Action) {
	verb := "creating"
	switch action {
	case plan.ActionUpdate:
		verb = "updating"
	case plan.ActionNoOp:
		verb = "no change planned; a job is pending on " + addr.Pair()
	}
	l.printf("%s: %s", addr, verb)
}

// StageStarted says which step of a --staged change the next job is: each
// step is a change of its own to ChangeStarted and ChangeDone.
func (l *logReporter) StageStarted(addr plan.Address, step, steps int) {
	l.printf("%s: --staged step %d of %d (one UpdateBackendAPI job, at most one index change per table)", addr, step, steps)
}

func (l *logReporter) JobStarted(addr plan.Address, op, jobID string) {
	if op == "" {
		l.printf("%s: waiting for pending job %s on %s", addr, jobID, addr.Pair())
		return
	}
	l.printf("%s: %s started job %s", addr, op, jobID)
}

func (l *logReporter) JobStatus(addr plan.Address, jobID, status string) {
	l.printf("%s: job %s is %s", addr, jobID, status)
}

// JobRunning prints a line for a job still running: every
// apply.Options.ProgressEvery for one apply started, as terraform's "Still
// creating... [30s elapsed]", and for a job apply waits for, also naming
// its operation and how long it has run.
func (l *logReporter) JobRunning(addr plan.Address, job apply.RunningJob) {
	op := job.Operation
	if op == "" {
		op = "operation unknown"
	}
	elapsed := job.Elapsed.Round(time.Second)
	if job.Foreign {
		l.printf("%s: waiting for job %s (%s, %s) on %s, running for %s; bapi starts no job there until it ends", addr, job.JobID, op, strings.ToLower(job.Status), addr.Pair(), elapsed)
		return
	}
	l.printf("%s: still running %s job %s [%s elapsed]", addr, op, job.JobID, elapsed)
}

func (l *logReporter) ChangeDone(res apply.Result) {
	s := fmt.Sprintf("%s: %s", res.Address, res.Status)
	switch {
	case res.Status == apply.StatusAdopted && res.JobID != "":
		s += " (waited for pending job " + res.JobID + ")"
	case res.JobID != "":
		s += " (job " + res.JobID + ")"
	}
	if res.Duration > 0 {
		s += " after " + output.HumanDuration(res.Duration)
	}
	if res.Error != "" {
		s += ": " + res.Error
	}
	if res.Status == apply.StatusAdopted {
		s += ": it already has the desired config, so nothing was sent"
	}
	l.printf("%s", s)
}
