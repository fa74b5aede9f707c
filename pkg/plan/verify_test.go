package plan

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

func writeSpec(t *testing.T, path, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	body := "AppId: app1\nBackendEnvironmentName: dev\nResourceName: " + name + "\nResourceConfig:\n  ApiName: " + name + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestCurrentInputsFindsAddedFiles checks that a saved plan's arguments are
// discovered again, so a spec file added to a directory since the plan is
// reported, as are changed and removed ones.
func TestCurrentInputsFindsAddedFiles(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "specs")
	single := filepath.Join(root, "one.yaml")
	writeSpec(t, filepath.Join(dir, "a.yaml"), "a")
	writeSpec(t, filepath.Join(dir, "b.yaml"), "b")
	writeSpec(t, single, "one")

	p := &Plan{FormatVersion: FormatVersion, Args: []string{dir, single}}
	var err error
	p.Inputs, err = CurrentInputs(ctx, p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Inputs) != 3 {
		t.Fatalf("inputs %v, want the 3 spec files", p.Inputs)
	}
	// Unchanged files: nothing moved.
	now, err := CurrentInputs(ctx, p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := DiffInputs(p.Inputs, now); len(got) != 0 {
		t.Fatalf("nothing changed, but DiffInputs = %v", got)
	}

	writeSpec(t, filepath.Join(dir, "nested", "new.yaml"), "new")   // added
	writeSpec(t, filepath.Join(dir, "b.yaml"), "b2")                // changed
	if err := os.Remove(filepath.Join(dir, "a.yaml")); err != nil { // removed
		t.Fatal(err)
	}
	if err := os.Remove(single); err != nil { // an argument itself removed
		t.Fatal(err)
	}
	now, err = CurrentInputs(ctx, p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []FileChange{ // sorted by name
		{Name: single, How: "removed"},
		{Name: filepath.Join(dir, "a.yaml"), How: "removed"},
		{Name: filepath.Join(dir, "b.yaml"), How: "changed"},
		{Name: filepath.Join(dir, "nested", "new.yaml"), How: "added"},
	}
	if diff := cmp.Diff(want, DiffInputs(p.Inputs, now)); diff != "" {
		t.Errorf("DiffInputs (-want +got):\n%s", diff)
	}

	// CheckStale says so; the plan has no changes, so no service call.
	err = CheckStale(ctx, nil, p, now, 0)
	var se *StaleError
	if !errors.As(err, &se) {
		t.Fatalf("CheckStale = %v, want *StaleError", err)
	}
	if msg := err.Error(); !strings.Contains(msg, filepath.Join(dir, "nested", "new.yaml")+" was added") ||
		!strings.Contains(msg, filepath.Join(dir, "b.yaml")+" was changed") ||
		!strings.Contains(msg, "run bapi plan again") {
		t.Errorf("message %q does not name the added and changed files", msg)
	}
}

// TestCurrentInputsIgnore checks that files the configuration ignores are
// left out, as LoadSpecs leaves them out, so a plan made with an
// ignore list is not stale because of an ignored file.
func TestCurrentInputsIgnore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	root := t.TempDir()
	dir := filepath.Join(root, "specs")
	writeSpec(t, filepath.Join(dir, "a.yaml"), "a")
	writeSpec(t, filepath.Join(dir, "legacy", "old.yaml"), "old")
	cfgPath := filepath.Join(root, "bapi-config.yaml")
	if err := os.WriteFile(cfgPath, []byte("ignore:\n  - specs/legacy/**\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lo := LoadOptions{ConfigPath: cfgPath}
	p := &Plan{FormatVersion: FormatVersion, Args: []string{dir}}
	var err error
	p.Inputs, err = CurrentInputs(ctx, p, lo)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Inputs) != 1 || p.Inputs[0].Name != filepath.Join(dir, "a.yaml") {
		t.Fatalf("inputs %v, want only a.yaml: legacy/old.yaml is ignored", p.Inputs)
	}
	now, err := CurrentInputs(ctx, p, lo)
	if err != nil {
		t.Fatal(err)
	}
	if got := DiffInputs(p.Inputs, now); len(got) != 0 {
		t.Errorf("nothing changed, but DiffInputs = %v (inputs %v, now %v)", got, p.Inputs, now)
	}
	// Without the configuration the ignored file is seen: the check is not
	// passing by accident.
	now, err = CurrentInputs(ctx, p, LoadOptions{ConfigDir: root})
	if err != nil {
		t.Fatal(err)
	}
	want := []FileChange{{Name: filepath.Join(dir, "legacy", "old.yaml"), How: "added"}}
	if diff := cmp.Diff(want, DiffInputs(p.Inputs, now)); diff != "" {
		t.Errorf("DiffInputs without the configuration (-want +got):\n%s", diff)
	}
}

// TestCurrentInputsFormat10 checks that a plan of format 1.0, which did not
// record its arguments, is checked against its recorded inputs only.
func TestCurrentInputsFormat10(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	writeSpec(t, a, "a")
	p := &Plan{FormatVersion: "1.0", Inputs: []Input{{Name: a}}}
	writeSpec(t, filepath.Join(dir, "new.yaml"), "new")
	now, err := CurrentInputs(ctx, p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(now) != 1 || now[0].Name != a || now[0].Digest == "" {
		t.Errorf("inputs %v, want only %s with its digest", now, a)
	}
}

// TestCheckStaleWrongDirectory: when none of the plan's spec files is
// found, the message points at the directory rather than saying every
// file was removed.
func TestCheckStaleWrongDirectory(t *testing.T) {
	p := &Plan{Inputs: []Input{{Name: "specs/a.yaml", Digest: "1"}, {Name: "specs/b.yaml", Digest: "2"}}}
	err := CheckStale(context.Background(), nil, p, nil, 0)
	if err == nil || !strings.Contains(err.Error(), "run bapi apply from that directory") || strings.Contains(err.Error(), "was removed") {
		t.Errorf("CheckStale = %v; want a hint to run apply from the plan's directory", err)
	}
	// One file of two gone is an ordinary stale plan.
	err = CheckStale(context.Background(), nil, p, []Input{{Name: "specs/a.yaml", Digest: "1"}}, 0)
	if err == nil || !strings.Contains(err.Error(), "specs/b.yaml was removed") {
		t.Errorf("CheckStale = %v; want specs/b.yaml reported removed", err)
	}
}

// TestCurrentInputsHashesBytes: inputs are hashed as bytes, without being
// parsed, so a file that no longer parses still gets its digest (and is
// reported changed, not missing).
func TestCurrentInputsHashesBytes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	a := filepath.Join(dir, "a.yaml")
	body := []byte("AppId: [unclosed\n")
	if err := os.WriteFile(a, body, 0o644); err != nil {
		t.Fatal(err)
	}
	p := &Plan{FormatVersion: FormatVersion, Inputs: []Input{{Name: a, Digest: "old"}}}
	now, err := CurrentInputs(context.Background(), p, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Input{{Name: a, Digest: spec.Digest(body)}}
	if diff := cmp.Diff(want, now); diff != "" {
		t.Errorf("CurrentInputs (-want +got):\n%s", diff)
	}
	if got := DiffInputs(p.Inputs, now); len(got) != 1 || got[0].How != "changed" {
		t.Errorf("DiffInputs = %v, want a.yaml changed", got)
	}
}
