package apply_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// writeSpecs writes n resources over pairs apps into dir, each resource in
// an environment of its own (an environment holds one GraphQL API).
func writeSpecs(t *testing.T, dir string, pairs, n int) []string {
	t.Helper()
	var addrs []string
	for i := range n {
		app := fmt.Sprintf("dkill%02d", i%pairs)
		env := "env" + string(rune('a'+i/pairs))
		name := fmt.Sprintf("api%03d", i)
		addrs = append(addrs, app+"/"+env+"/"+name)
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
`, app, env, name, name)
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return addrs
}

// killSetup builds bapi, writes n specs over pairs app/env pairs and starts
// a `bapi emulator` subprocess with jobDuration and extra flags. It returns
// the test's directory, the binary, the specs directory, the specs'
// addresses and the emulator's URL.
func killSetup(t *testing.T, pairs, n int, jobDuration time.Duration, extra ...string) (dir, bin, specs string, addrs []string, url string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds bapi and runs subprocesses")
	}
	dir = t.TempDir()
	bin = emutest.BuildBapi(t, dir)
	specs = filepath.Join(dir, "specs")
	if err := os.Mkdir(specs, 0o755); err != nil {
		t.Fatal(err)
	}
	addrs = writeSpecs(t, specs, pairs, n)
	args := []string{"--state", filepath.Join(dir, "emulator.db"), "--job-duration", jobDuration.String()}
	envs := map[string][]string{}
	for _, a := range addrs {
		parts := strings.Split(a, "/")
		envs[parts[0]] = append(envs[parts[0]], parts[1])
	}
	for app, list := range envs {
		args = append(args, "--app", app+"="+strings.Join(list, ","))
	}
	args = append(args, extra...)
	url, _ = emutest.StartEmulatorProcess(t, bin, nil, args...)
	return dir, bin, specs, addrs, url
}

// bapiEnv is the environment of a bapi subprocess talking to the emulator.
func bapiEnv(dir string) []string {
	return emutest.ProcessEnv(dir, emulator.DefaultAccessKeyID, emulator.DefaultSecretAccessKey)
}

// TestKill9Converges kills bapi apply at several points and checks that
// reruns converge with exactly one accepted CreateBackendAPI per resource.
func TestKill9Converges(t *testing.T) {
	dir, bin, specs, addrs, url := killSetup(t, 2, 8, 300*time.Millisecond)

	env := bapiEnv(dir)
	apply := func(ctx context.Context) *exec.Cmd {
		cmd := exec.CommandContext(ctx, bin, "apply", "--auto-approve", "--endpoint-url", url,
			"--poll-initial", "50ms", "--poll-max", "100ms", "--report-format", "json", specs)
		cmd.Env = env
		cmd.Dir = dir
		return cmd
	}
	for _, after := range []time.Duration{100 * time.Millisecond, 300 * time.Millisecond, 600 * time.Millisecond, 900 * time.Millisecond, 1300 * time.Millisecond} {
		cmd := apply(context.Background())
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(after)
		cmd.Process.Signal(os.Kill)
		cmd.Wait()
	}
	converged := false
	for range 5 {
		cmd := apply(context.Background())
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err == nil {
			converged = true
			break
		}
		t.Logf("rerun did not converge yet: %v\n%s\n%s", err, out, stderr.String())
	}
	if !converged {
		t.Fatal("apply did not converge after kills")
	}
	// The JSON report alone is on stdout; "No changes." goes to stderr.
	final := apply(context.Background())
	var stderr strings.Builder
	final.Stderr = &stderr
	out, err := final.Output()
	var rep struct {
		OK     bool `json:"ok"`
		Totals struct {
			Changes int `json:"changes"`
		} `json:"totals"`
	}
	if err != nil || json.Unmarshal(out, &rep) != nil || !rep.OK || rep.Totals.Changes != 0 || !strings.Contains(stderr.String(), "No changes.") {
		t.Errorf("final run: err %v, stdout %s, stderr %s; want an empty OK JSON report and No changes", err, out, stderr.String())
	}
	m := emutest.Metrics(t, url)
	for _, a := range addrs {
		if n := m.AcceptedCreates[a]; n != 1 {
			t.Errorf("%s: %d accepted CreateBackendAPI, want exactly 1", a, n)
		}
	}
}

// TestKill9RerunFollowsPendingJobs kills apply once its jobs have started
// (jobs that will all fail); the rerun plans no changes, because the
// pending creates already show, but must follow those jobs and fail with
// them instead of saying "No changes".
func TestKill9RerunFollowsPendingJobs(t *testing.T) {
	dir, bin, specs, addrs, url := killSetup(t, 2, 2, 2*time.Second, "--fault-job-failure", "1")
	apply := func() *exec.Cmd {
		cmd := exec.Command(bin, "apply", "--auto-approve", "--endpoint-url", url,
			"--poll-initial", "50ms", "--poll-max", "100ms", "--report-format", "json", specs)
		cmd.Env = bapiEnv(dir)
		cmd.Dir = dir
		return cmd
	}
	first := apply()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait (bounded) until both pairs' first create was accepted.
	for range 200 {
		if len(emutest.Metrics(t, url).AcceptedCreates) >= 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(os.Kill)
	first.Wait()
	if n := len(emutest.Metrics(t, url).AcceptedCreates); n != 2 {
		t.Fatalf("%d creates accepted before the kill, want 2 (one per pair)", n)
	}

	rerun := apply()
	var stderr strings.Builder
	rerun.Stderr = &stderr
	out, err := rerun.Output()
	var rep struct {
		OK   bool `json:"ok"`
		Jobs []struct {
			Status string `json:"status"`
			JobID  string `json:"job_id"`
		} `json:"jobs"`
	}
	if jerr := json.Unmarshal(out, &rep); jerr != nil {
		t.Fatalf("rerun stdout is not the JSON report (%v): %s\nstderr: %s", jerr, out, stderr.String())
	}
	if err == nil || rep.OK {
		t.Errorf("rerun: err %v, ok %v; want exit 1 since the pending jobs failed\n%s", err, rep.OK, out)
	}
	failed := 0
	for _, j := range rep.Jobs {
		if j.Status == "FAILED" && j.JobID != "" {
			failed++
		}
	}
	if failed < 2 {
		t.Errorf("%d FAILED jobs with IDs in the rerun's report, want the 2 pending ones\n%s", failed, out)
	}
	if strings.Contains(stderr.String(), "No changes.") {
		t.Errorf("rerun said No changes while jobs were pending: %s", stderr.String())
	}
	m := emutest.Metrics(t, url)
	for _, a := range addrs {
		if n := m.AcceptedCreates[a]; n > 1 {
			t.Errorf("%s: %d accepted creates, want at most 1", a, n)
		}
	}
}
