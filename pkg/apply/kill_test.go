package apply_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/emulator"
)

// buildBapi compiles the bapi command into dir.
func buildBapi(t *testing.T, dir string) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command on PATH to build bapi")
	}
	bin := filepath.Join(dir, "bapi")
	out, err := exec.Command(goBin, "build", "-o", bin, "github.com/bapi-dev/bapi/cmd/bapi").CombinedOutput()
	if err != nil {
		t.Fatalf("go build bapi: %v\n%s", err, out)
	}
	return bin
}

// writeSpecs writes n resources over pairs app/env pairs into dir.
func writeSpecs(t *testing.T, dir string, pairs, n int) []string {
	t.Helper()
	var addrs []string
	for i := range n {
		app := fmt.Sprintf("dkill%02d", i%pairs)
		name := fmt.Sprintf("api%03d", i)
		addrs = append(addrs, app+"/env/"+name)
		doc := fmt.Sprintf(`AppId: %s
BackendEnvironmentName: env
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
`, app, name, name)
		if err := os.WriteFile(filepath.Join(dir, name+".yaml"), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return addrs
}

// startEmulatorProcess runs `bapi emulator` and returns its URL.
func startEmulatorProcess(t *testing.T, bin, state string, jobDuration time.Duration, extra ...string) string {
	t.Helper()
	args := append([]string{"emulator", "--addr", "127.0.0.1:0", "--state", state, "--job-duration", jobDuration.String()}, extra...)
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if u, ok := strings.CutPrefix(sc.Text(), "listening on "); ok {
			go func() {
				for sc.Scan() {
				}
			}()
			return strings.TrimSpace(u)
		}
	}
	t.Fatalf("emulator exited without a listening line: %v", sc.Err())
	return ""
}

func metrics(t *testing.T, url string) emulator.Metrics {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m emulator.Metrics
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// bapiEnv is the environment of a bapi subprocess talking to the emulator.
// AWS settings are unset, not set empty (the AWS CLI reads an empty
// AWS_PROFILE as a profile named "").
func bapiEnv(dir string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "HOME=") {
			env = append(env, kv)
		}
	}
	return append(env,
		"HOME="+dir,
		"AWS_CONFIG_FILE="+filepath.Join(dir, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "aws-credentials"),
		"AWS_ACCESS_KEY_ID="+emulator.DefaultAccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+emulator.DefaultSecretAccessKey,
		"AWS_REGION="+emulator.DefaultRegion,
		"AWS_EC2_METADATA_DISABLED=true",
	)
}

// TestKill9Converges kills bapi apply at several points and checks that
// reruns converge with exactly one accepted CreateBackendAPI per resource.
func TestKill9Converges(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bapi and runs subprocesses")
	}
	dir := t.TempDir()
	bin := buildBapi(t, dir)
	specs := filepath.Join(dir, "specs")
	if err := os.Mkdir(specs, 0o755); err != nil {
		t.Fatal(err)
	}
	addrs := writeSpecs(t, specs, 2, 8)
	url := startEmulatorProcess(t, bin, filepath.Join(dir, "emulator.db"), 300*time.Millisecond)

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
	m := metrics(t, url)
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
	if testing.Short() {
		t.Skip("builds bapi and runs subprocesses")
	}
	dir := t.TempDir()
	bin := buildBapi(t, dir)
	specs := filepath.Join(dir, "specs")
	if err := os.Mkdir(specs, 0o755); err != nil {
		t.Fatal(err)
	}
	addrs := writeSpecs(t, specs, 2, 2)
	url := startEmulatorProcess(t, bin, filepath.Join(dir, "emulator.db"), 2*time.Second, "--fault-job-failure", "1")
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
		if len(metrics(t, url).AcceptedCreates) >= 2 {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	first.Process.Signal(os.Kill)
	first.Wait()
	if n := len(metrics(t, url).AcceptedCreates); n != 2 {
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
	m := metrics(t, url)
	for _, a := range addrs {
		if n := m.AcceptedCreates[a]; n > 1 {
			t.Errorf("%s: %d accepted creates, want at most 1", a, n)
		}
	}
}
