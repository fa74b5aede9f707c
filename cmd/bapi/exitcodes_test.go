package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeExitCodesListEveryCommand: README's exit-code table has a row
// for every command (help aside), so a script can rely on each command's
// codes.
func TestReadmeExitCodesListEveryCommand(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, after, ok := strings.Cut(string(b), "\n### Exit codes\n")
	if !ok {
		t.Fatal("README.md has no ### Exit codes section")
	}
	listed := map[string]bool{}
	inTable := false
	for _, line := range strings.Split(after, "\n") {
		if !strings.HasPrefix(line, "|") {
			if inTable {
				break
			}
			continue
		}
		inTable = true
		cells := strings.Split(line, "|")
		for _, name := range strings.Split(cells[1], ",") {
			name = strings.Trim(strings.TrimSpace(name), "`")
			// A row of a subcommand ("gen2 check") lists its command.
			cmd, _, _ := strings.Cut(name, " ")
			listed[name], listed[cmd] = true, true
		}
	}
	for _, c := range newApp(&env{getenv: os.Getenv}).Commands {
		if c.Name != "help" && !listed[c.Name] {
			t.Errorf("README.md's exit-code table has no row for %s", c.Name)
		}
	}
}

// TestExitCodesImportEmulatorInit pins the codes README's table gives for
// import, emulator and init.
func TestExitCodesImportEmulatorInit(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.MkdirAll(filepath.Join("taken", "bapi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("taken", initSpecPath), []byte("x: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want int
	}{
		{args: []string{"import"}, want: exitUsage},
		{args: []string{"import", "--bogus", "x"}, want: exitUsage},
		{args: []string{"import", "--local", "--local-job-duration", "0", "d1nosuchapp1"}, want: exitFailure},
		{args: []string{"emulator", "x"}, want: exitUsage},
		{args: []string{"emulator", "--fault-throttle", "2"}, want: exitUsage},
		{args: []string{"emulator", "--addr", "256.1.1.1:1"}, want: exitFailure},
		{args: []string{"init", "a", "b"}, want: exitUsage},
		{args: []string{"init", "taken"}, want: exitFailure},
		{args: []string{"init", "fresh"}, want: exitOK},
	} {
		var stdout, stderr bytes.Buffer
		if got := run(context.Background(), append([]string{"bapi"}, tc.args...), nil, &stdout, &stderr); got != tc.want {
			t.Errorf("bapi %s: exit %d, want %d\n%s", strings.Join(tc.args, " "), got, tc.want, stderr.String())
		}
	}
}
