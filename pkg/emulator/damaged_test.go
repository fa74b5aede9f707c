package emulator

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDamagedStateIsRefused writes random bytes into each page of a state
// file with an app, an API and jobs in it, one page at a time, and opens it:
// the emulator either opens it and answers every request without a panic,
// or refuses it with one line that names the file and says what to do.
// Some page must be refused, or the test damages nothing.
func TestDamagedStateIsRefused(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	srv0, hs, clk := startTest(t, Options{StatePath: good, Apps: map[string][]string{"d1dmg": {"dev", "prod"}}, JobDuration: 1})
	c := newClient(hs.URL, clk.Now)
	for _, env := range []string{"dev", "prod"} {
		r := c.do(t, http.MethodPost, "/backend/d1dmg/api", map[string]any{
			"backendEnvironmentName": env, "resourceName": "blogapi",
			"resourceConfig": map[string]any{"apiName": "blogapi", "service": "AppSync", "transformSchema": strings.Repeat("type Post @model { id: ID! }\n", 200)},
		})
		if r.status != http.StatusOK {
			t.Fatalf("create in %s: %d %s", env, r.status, r.body)
		}
	}
	hs.Close()
	if err := srv0.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	const pageSize = 4096
	rng := rand.New(rand.NewPCG(1, 2))
	refused := 0
	for pg := 2; pg < len(data)/pageSize; pg++ {
		bad := append([]byte(nil), data...)
		off := pg*pageSize + rng.IntN(64)
		for i := range 256 {
			bad[off+i] = byte(rng.IntN(256))
		}
		p := filepath.Join(dir, "bad.db")
		if err := os.WriteFile(p, bad, 0o600); err != nil {
			t.Fatal(err)
		}
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("page %d damaged: panic %v", pg, r)
				}
			}()
			srv, err := New(Options{StatePath: p})
			if err != nil {
				refused++
				msg := err.Error()
				if !errors.Is(err, ErrDamagedState) || strings.Contains(msg, "\n") || !strings.Contains(msg, p) || !strings.Contains(msg, "delete it or move it away") {
					t.Errorf("page %d damaged: error %q, want one line wrapping ErrDamagedState, naming %s and saying what to do", pg, msg, p)
				}
				return
			}
			defer srv.Close()
			hs := httptest.NewServer(srv.Handler())
			defer hs.Close()
			c := newClient(hs.URL, clk.Now)
			for _, path := range []string{"/backend/d1dmg/details", "/backend/d1dmg/api/dev/details", "/backend/d1dmg/job/dev", "/backend/d1dmg/job/prod"} {
				r := c.do(t, http.MethodPost, path, map[string]any{"backendEnvironmentName": "dev", "resourceName": "blogapi"})
				if r.status == http.StatusInternalServerError && !strings.Contains(string(r.body), "damaged") {
					t.Errorf("page %d damaged: POST %s: 500 %s, want a message that the state is damaged", pg, path, r.body)
				}
			}
		}()
	}
	if refused == 0 {
		t.Errorf("no damaged page was refused: the test damages nothing bbolt reads")
	}
}
