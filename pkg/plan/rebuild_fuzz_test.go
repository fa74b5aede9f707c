package plan

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// FuzzVerifySavedPlan feeds arbitrary plan files to the saved-plan reader
// (Unmarshal) and Verify, against the spec files and emulator of
// savedPlanFixture: a plan that is not byte for byte the plan made again
// (Rebuild) is never accepted, and nothing panics. Seeds are the plan as
// saved and some edits of it; crashers found are kept in
// testdata/fuzz/FuzzVerifySavedPlan. The plan's arguments are relative to
// the fixture's directory, so a seed reproduces in any checkout. An input
// that reaches Verify costs a few emulator calls, so keep minimisation short
// (-fuzzminimizetime 50x, as .ci/run does).
func FuzzVerifySavedPlan(f *testing.F) {
	dir := f.TempDir()
	f.Chdir(dir)
	fx := newSavedPlanFixture(f, dir, "specs")
	f.Add(fx.raw)
	for _, edit := range [][2]string{
		{`"resource_name": "notesapi"`, `"resource_name": "notinanyspec"`},
		{`"expirationTime": 30`, `"expirationTime": 100000`},
		{`"action": "no-op"`, `"action": "update"`},
		{`"line": 1`, `"line": 2`},
		{`"format_version": "1.3"`, `"format_version": "1.2"`},
		{"\n  ", "\n   "},
	} {
		f.Add(bytes.Replace(fx.raw, []byte(edit[0]), []byte(edit[1]), 1))
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, raw []byte) {
		p, err := Unmarshal("fuzz.json", raw)
		if err != nil {
			return
		}
		// Verify discovers the plan's arguments and reads its inputs: keep
		// it inside the fixture's directory, not the machine's files.
		for _, a := range p.Args {
			if !filepath.IsLocal(a) {
				return
			}
		}
		for _, in := range p.Inputs {
			if !filepath.IsLocal(in.Name) {
				return
			}
		}
		opts := fx.opts
		opts.Raw = raw
		if err := Verify(ctx, fx.api, p, opts); err != nil {
			return
		}
		rebuilt, err := Rebuild(ctx, fx.api, p, fx.opts)
		if err != nil {
			t.Fatalf("Verify accepted a plan that cannot be made again: %v", err)
		}
		want, err := Marshal(rebuilt)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(raw, want) {
			t.Fatalf("Verify accepted a plan that is not the plan made again:\n%s\nwant:\n%s", raw, want)
		}
	})
}
