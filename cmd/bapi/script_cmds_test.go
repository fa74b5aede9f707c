package main

import (
	"flag"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bapi-dev/bapi/pkg/emulator"
	"github.com/rogpeppe/go-internal/testscript"
)

// extraScriptCmds are custom testscript commands beyond the defaults:
//
//	emulator [-job-duration D] [-seed N] [-fault-throttle R] [-fault-timeout R]
//	         [-fault-job-failure R] [-consistency-delay D] [-latency D]
//	         [-state FILE] [-log FILE] [-app APPID=ENV[,ENV]]...
//	         [-seed-job APPID/ENV=OPERATION:DURATION]...
//	         [-restrict-categories APPID/ENV=CATEGORY[,CATEGORY]]...
//	         [-lock-for-migration APPID=ENV]...
//	         [-missing-api-response 404|200-error] [-pending-job-code CODE]
//	    starts pkg/emulator on httptest for the rest of the script. It exports
//	    BAPI_EMULATOR_URL and AWS_ENDPOINT_URL_AMPLIFYBACKEND (its URL), and
//	    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
//	    AWS_DEFAULT_REGION (its credentials and region). Jobs last 50ms unless
//	    -job-duration says otherwise (0 ends them at once). Apps and
//	    environments exist only as -app (or CreateBackend) makes them.
//	emulator-metrics OPERATION STATUS N
//	    asserts that the emulator answered OPERATION (CreateBackendAPI, ...)
//	    with HTTP STATUS exactly N times (with !, anything but N).
//	emulator-creates APPID/ENV/NAME N
//	    asserts that N CreateBackendAPI calls for that resource were accepted.
func extraScriptCmds() map[string]func(ts *testscript.TestScript, neg bool, args []string) {
	var servers sync.Map // *testscript.TestScript -> *emulator.Server
	get := func(ts *testscript.TestScript) *emulator.Server {
		v, ok := servers.Load(ts)
		if !ok {
			ts.Fatalf("no emulator running: start one with the emulator command first")
		}
		return v.(*emulator.Server)
	}
	assertCount := func(ts *testscript.TestScript, neg bool, what string, got int, wantArg string) {
		want, err := strconv.Atoi(wantArg)
		if err != nil {
			ts.Fatalf("count %q is not a number", wantArg)
		}
		if (got == want) == neg {
			if neg {
				ts.Fatalf("%s = %d, want anything but %d", what, got, want)
			}
			ts.Fatalf("%s = %d, want %d", what, got, want)
		}
	}
	return map[string]func(ts *testscript.TestScript, neg bool, args []string){
		"emulator": func(ts *testscript.TestScript, neg bool, args []string) {
			if neg {
				ts.Fatalf("unsupported: ! emulator")
			}
			if _, ok := servers.Load(ts); ok {
				ts.Fatalf("an emulator is already running in this script")
			}
			fs := flag.NewFlagSet("emulator", flag.ContinueOnError)
			fs.SetOutput(io.Discard)
			jobDuration := fs.Duration("job-duration", 50*time.Millisecond, "")
			seed := fs.Int64("seed", 0, "")
			throttle := fs.Float64("fault-throttle", 0, "")
			timeout := fs.Float64("fault-timeout", 0, "")
			jobFailure := fs.Float64("fault-job-failure", 0, "")
			consistency := fs.Duration("consistency-delay", 0, "")
			latency := fs.Duration("latency", 0, "")
			state := fs.String("state", "", "")
			logFile := fs.String("log", "", "")
			var apps, seedJobs, categories, locks scriptList
			fs.Var(&apps, "app", "")
			fs.Var(&locks, "lock-for-migration", "")
			fs.Var(&seedJobs, "seed-job", "")
			fs.Var(&categories, "restrict-categories", "")
			missingAPI := fs.String("missing-api-response", "", "")
			pendingCode := fs.String("pending-job-code", "", "")
			if err := fs.Parse(args); err != nil {
				ts.Fatalf("usage: emulator [-job-duration D] [-seed N] [-fault-throttle R] [-fault-timeout R] [-fault-job-failure R] [-consistency-delay D] [-latency D] [-state FILE] [-log FILE]: %v", err)
			}
			if fs.NArg() > 0 {
				ts.Fatalf("emulator takes no arguments, got %q", fs.Args())
			}
			opts := emulator.Options{
				MissingAPI:       *missingAPI,
				PendingJobCode:   *pendingCode,
				Seed:             *seed,
				JobDuration:      *jobDuration,
				FaultThrottle:    *throttle,
				FaultTimeout:     *timeout,
				FaultJobFailure:  *jobFailure,
				ConsistencyDelay: *consistency,
				Latency:          *latency,
			}
			if opts.JobDuration == 0 {
				opts.InstantJobs = true
			}
			for _, a := range apps {
				app, envs, err := emulator.ParseApp(a)
				ts.Check(err)
				if opts.Apps == nil {
					opts.Apps = map[string][]string{}
				}
				opts.Apps[app] = append(opts.Apps[app], envs...)
			}
			for _, j := range seedJobs {
				job, err := emulator.ParseSeedJob(j)
				ts.Check(err)
				opts.SeedJobs = append(opts.SeedJobs, job)
			}
			for _, c := range categories {
				cat, err := emulator.ParseCategories(c)
				ts.Check(err)
				opts.Categories = append(opts.Categories, cat)
			}
			for _, l := range locks {
				app, env, err := emulator.ParseMigrationLock(l)
				ts.Check(err)
				if opts.MigrationLocks == nil {
					opts.MigrationLocks = map[string]string{}
				}
				opts.MigrationLocks[app] = env
			}
			if *state != "" {
				opts.StatePath = ts.MkAbs(*state)
			}
			if *logFile != "" {
				w, err := openLog(ts.MkAbs(*logFile))
				ts.Check(err)
				ts.Defer(func() { w.Close() })
				opts.Logger = slog.New(slog.NewTextHandler(w, nil))
			}
			srv, err := emulator.New(opts)
			ts.Check(err)
			hs := httptest.NewServer(srv.Handler())
			servers.Store(ts, srv)
			ts.Defer(func() {
				hs.Close()
				srv.Close()
				servers.Delete(ts)
			})
			akid, secret := srv.Credentials()
			ts.Setenv("BAPI_EMULATOR_URL", hs.URL)
			ts.Setenv("AWS_ENDPOINT_URL_AMPLIFYBACKEND", hs.URL)
			ts.Setenv("AWS_ACCESS_KEY_ID", akid)
			ts.Setenv("AWS_SECRET_ACCESS_KEY", secret)
			ts.Setenv("AWS_REGION", srv.Region())
			ts.Setenv("AWS_DEFAULT_REGION", srv.Region())
		},
		"emulator-metrics": func(ts *testscript.TestScript, neg bool, args []string) {
			if len(args) != 3 {
				ts.Fatalf("usage: emulator-metrics OPERATION STATUS N")
			}
			status, err := strconv.Atoi(args[1])
			if err != nil {
				ts.Fatalf("status %q is not a number", args[1])
			}
			got := get(ts).Metrics().Count(args[0], status)
			assertCount(ts, neg, args[0]+" answered "+args[1], got, args[2])
		},
		"emulator-creates": func(ts *testscript.TestScript, neg bool, args []string) {
			if len(args) != 2 {
				ts.Fatalf("usage: emulator-creates APPID/ENV/NAME N")
			}
			got := get(ts).Metrics().AcceptedCreates[args[0]]
			assertCount(ts, neg, "accepted creates of "+args[0], got, args[1])
		},
	}
}

func openLog(path string) (io.WriteCloser, error) {
	return os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}

// scriptList is a repeatable flag of the emulator script command.
type scriptList []string

func (l *scriptList) String() string     { return strings.Join(*l, " ") }
func (l *scriptList) Set(v string) error { *l = append(*l, v); return nil }
