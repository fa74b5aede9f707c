package emutest

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/emulator"
)

// Guard bounds every wait on a subprocess, so a broken build fails instead
// of hanging. It is not an assertion on speed.
const Guard = 60 * time.Second

// BuildBapi compiles cmd/bapi into dir and returns the binary's path. It
// skips t when there is no go command on PATH.
func BuildBapi(t testing.TB, dir string) string {
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

// StartEmulatorProcess runs `bin emulator --addr 127.0.0.1:0 args...` with
// env (nil: this process's environment) and returns the URL from its
// "listening on" line, and stop, which interrupts it and waits for it to
// exit (killing it after Guard). t.Cleanup calls stop too; calling it more
// than once is fine.
func StartEmulatorProcess(t testing.TB, bin string, env []string, args ...string) (url string, stop func()) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"emulator", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start bapi emulator: %v", err)
	}
	exited := make(chan struct{})
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default:
			}
		}
		cmd.Wait()
		close(exited)
	}()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			cmd.Process.Signal(os.Interrupt)
			select {
			case <-exited:
			case <-time.After(Guard):
				cmd.Process.Kill()
				<-exited
			}
		})
	}
	t.Cleanup(stop)
	select {
	case line := <-lines:
		u, ok := strings.CutPrefix(line, "listening on ")
		if !ok {
			t.Fatalf("emulator's first line %q, want listening on URL", line)
		}
		return strings.TrimSpace(u), stop
	case <-exited:
		t.Fatal("emulator exited without a listening line")
	case <-time.After(Guard):
		t.Fatal("emulator printed no listening line")
	}
	return "", stop
}

// ProcessEnv is the environment for a bapi subprocess talking to an
// emulator: this process's own without AWS, HOME or NO_COLOR settings
// (unset, not set empty: the AWS CLI reads an empty AWS_PROFILE as a
// profile named ""), plus home as HOME, AWS config files under it that do
// not exist, the given static credentials and us-east-1.
func ProcessEnv(home, keyID, secret string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "AWS_") || name == "NO_COLOR" || name == "HOME" {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		"HOME="+home,
		"AWS_CONFIG_FILE="+filepath.Join(home, "aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(home, "aws-credentials"),
		"AWS_ACCESS_KEY_ID="+keyID,
		"AWS_SECRET_ACCESS_KEY="+secret,
		"AWS_REGION="+emulator.DefaultRegion,
		"AWS_EC2_METADATA_DISABLED=true",
	)
}

// Metrics reads the /metrics document of the emulator at url.
func Metrics(t testing.TB, url string) emulator.Metrics {
	t.Helper()
	resp, err := http.Get(url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m emulator.Metrics
	if err := json.NewDecoder(resp.Body).Decode(&m); err != nil {
		t.Fatalf("decode %s/metrics: %v", url, err)
	}
	return m
}
