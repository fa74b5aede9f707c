package lsp

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// serverEnv makes the test binary a language server on its standard
// streams (TestMain), so that a real editor can start it as a command.
const serverEnv = "BAPI_LSP_TEST_SERVE"

func TestMain(m *testing.M) {
	if os.Getenv(serverEnv) == "1" {
		if err := Serve(context.Background(), os.Stdin, os.Stdout, Options{}); err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestNeovim opens a spec with a mistake in headless Neovim with its
// built-in LSP client and reads back bapi's diagnostic at the right line
// and column; then it makes a change with a second mistake and logs how
// long its diagnostic took to arrive, applies the quick fix of the first
// (which goes), and asks for completion inside the TransformSchema block.
func TestNeovim(t *testing.T) {
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim not found: install Neovim (Debian's neovim package; .ci/run does) to run the end-to-end editor test")
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	root := workspace(t)
	spec := writeFile(t, root, "blog.yaml", quotedNumberSpec)
	out := filepath.Join(root, "results.json")
	cmdJSON, err := json.Marshal([]string{"env", serverEnv + "=1", self})
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs("testdata/nvim_e2e.lua")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "--clean", "-n", "-c", "luafile "+script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "BAPI_LSP_CMD="+string(cmdJSON), "BAPI_SPEC="+spec, "BAPI_OUT="+out, "XDG_STATE_HOME="+root, "XDG_DATA_HOME="+root)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote no results: %v", err)
	}
	var res struct {
		Error    string  `json:"error"`
		ChangeMS float64 `json:"change_ms"`
		Open     []struct {
			Lnum   int    `json:"lnum"`
			Col    int    `json:"col"`
			EndCol int    `json:"end_col"`
			Code   string `json:"code"`
			Source string `json:"source"`
		} `json:"open"`
		Changed []struct {
			Lnum int    `json:"lnum"`
			Col  int    `json:"col"`
			Code string `json:"code"`
		} `json:"changed"`
		FixedLine  string            `json:"fixed_line"`
		AfterFix   []json.RawMessage `json:"after_fix"`
		Completion []string          `json:"completion"`
	}
	if err := json.Unmarshal(b, &res); err != nil {
		t.Fatalf("results %s: %v", b, err)
	}
	if res.Error != "" {
		t.Fatalf("in nvim: %s", res.Error)
	}
	// bapi validate reports blog.yaml:10:23; Neovim counts from 0.
	if len(res.Open) != 1 || res.Open[0].Lnum != 9 || res.Open[0].Col != 22 || res.Open[0].EndCol != 25 || res.Open[0].Code != "schema" || res.Open[0].Source != "bapi" {
		t.Errorf("diagnostics on open = %+v, want one schema finding at line 9, columns 22 to 25", res.Open)
	}
	found := false
	for _, d := range res.Changed {
		if d.Code == "service-appsync" && d.Lnum == 5 && d.Col == 11 {
			found = true
		}
	}
	if !found {
		t.Errorf("diagnostics after the change = %+v, want service-appsync at line 5, column 11", res.Changed)
	}
	if res.FixedLine != "      ExpirationTime: 7" {
		t.Errorf("line 10 after the quick fix = %q, want the number unquoted", res.FixedLine)
	}
	if len(res.AfterFix) != 1 {
		t.Errorf("diagnostics after the quick fix = %s, want only service-appsync", res.AfterFix)
	}
	if !slices.Contains(res.Completion, "model") || !slices.Contains(res.Completion, "auth") {
		t.Errorf("completion after @ in the TransformSchema block = %v, want Amplify's directives", res.Completion)
	}
	t.Logf("Neovim: change to diagnostics in %.1f ms", res.ChangeMS)
}
