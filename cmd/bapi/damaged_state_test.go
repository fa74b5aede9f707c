package main

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/emulator"
)

// damagedState writes to path an emulator state file with an app in it and
// random bytes in one of its data pages, one that the emulator refuses.
func damagedState(t *testing.T, path string) {
	t.Helper()
	srv, err := emulator.New(emulator.Options{StatePath: path, Apps: map[string][]string{"d1dmg": {"dev"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	for pg := 2; pg < len(good)/4096; pg++ {
		bad := append([]byte(nil), good...)
		for i := range 256 {
			bad[pg*4096+16+i] = byte(rng.IntN(256))
		}
		if err := os.WriteFile(path, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		srv, err := emulator.New(emulator.Options{StatePath: path})
		if err == nil {
			srv.Close()
			continue
		}
		if errors.Is(err, emulator.ErrDamagedState) {
			return
		}
		t.Fatalf("page %d: %v, want a damaged-state error", pg, err)
	}
	t.Fatal("no damaged page was refused")
}

// TestDamagedStateOneLine: bapi emulator --state and --local on a damaged
// state file exit 1 with one line that names the file and says what to do,
// not a trace.
func TestDamagedStateOneLine(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	damagedState(t, filepath.Join(localStateDir, localStateFile))
	if err := os.WriteFile("s.yaml", []byte("AppId: d1dmg\nBackendEnvironmentName: dev\nResourceName: x\nResourceConfig:\n  ApiName: x\n  Service: AppSync\n  TransformSchema: \"type T @model { id: ID! }\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"emulator", "--addr", "127.0.0.1:0", "--state", filepath.Join(localStateDir, localStateFile)},
		{"plan", "--local", "s.yaml"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), append([]string{"bapi"}, args...), nil, &stdout, &stderr)
		lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
		last := lines[len(lines)-1]
		if code != exitFailure || strings.Contains(stderr.String(), "goroutine") || !strings.Contains(last, "is damaged") || !strings.Contains(last, "delete it or move it away") {
			t.Errorf("bapi %s: exit %d, stderr:\n%s\nwant exit 1 and one line saying the state is damaged and what to do", strings.Join(args, " "), code, stderr.String())
		}
	}
}
