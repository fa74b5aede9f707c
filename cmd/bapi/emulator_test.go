package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
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
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	outR, outW := io.Pipe()
	var stderr syncBuffer
	state := filepath.Join(t.TempDir(), "emu.db")
	code := make(chan int, 1)
	go func() {
		code <- run(ctx, []string{"bapi", "emulator", "--addr", "127.0.0.1:0", "--state", state, "--log-format", "json"}, strings.NewReader(""), outW, &stderr)
		outW.Close()
	}()
	out := bufio.NewReader(outR)
	line, err := out.ReadString('\n')
	if err != nil {
		t.Fatalf("no listening line: %v (stderr %s)", err, stderr.String())
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening on ")
	if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") || strings.HasSuffix(url, ":0") {
		t.Fatalf("first line %q, want listening on http://127.0.0.1:PORT", line)
	}

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

	cancel()
	if c := <-code; c != exitOK {
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
