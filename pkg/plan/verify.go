package plan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// VerifyOptions are Verify's options.
type VerifyOptions struct {
	// Load says how the plan's inputs are found and read again: the
	// configuration (ConfigPath, else .bapi.yaml from ConfigDir up) and
	// the loader's options.
	Load LoadOptions
	// Parallelism is how many GetBackendAPI calls are made at once; 0
	// means DefaultParallelism.
	Parallelism int
	// AllowDestructive are the destructive changes allowed now (apply
	// --allow-destructive), besides those the plan records; Staged is
	// apply --staged (CheckApplicable).
	AllowDestructive []string
	Staged           bool
	// Raw is the plan file's bytes (ReadFileBytes): Verify refuses the plan
	// unless they are, byte for byte, what Marshal writes of the plan made
	// again. Nil means Marshal(p), for a plan that never was a file.
	Raw []byte
}

// Verify is the one check of a saved plan before it is applied. It refuses
// a plan that no longer describes the world: its spec inputs, hashed again
// as they are now (CurrentInputs), differ from those it recorded, or the
// live state of a resource it lists no longer matches the fingerprint it
// recorded; that is a *StaleError saying what moved. It then refuses a
// plan that is not, byte for byte, the plan its spec files and the live
// state make now (Rebuild; read at most opts.Parallelism at a time), so
// that apply sends only what a spec declares: a *MismatchError naming the
// change and the field that differ. Last it refuses a plan apply must not
// run (CheckApplicable: a *DestructiveError or *BudgetError). Another
// error says the inputs or the live state cannot be read.
func Verify(ctx context.Context, api amplifybackend.API, p *Plan, opts VerifyOptions) error {
	inputs, err := CurrentInputs(ctx, p, opts.Load)
	if err != nil {
		return err
	}
	if len(DiffInputs(p.Inputs, inputs)) > 0 {
		return CheckStale(ctx, api, p, inputs, opts.Parallelism)
	}
	rebuilt, err := Rebuild(ctx, api, p, opts)
	if err != nil {
		// The live state may have moved so that the plan cannot be made
		// (an app removed, an update no longer possible): say what moved,
		// as for any stale plan, when that is what happened.
		if serr := CheckStale(ctx, api, p, inputs, opts.Parallelism); serr != nil {
			return serr
		}
		return err
	}
	raw := opts.Raw
	if raw == nil {
		if raw, err = Marshal(p); err != nil {
			return err
		}
	}
	if err := checkRebuilt(p, raw, rebuilt); err != nil {
		return err
	}
	return p.CheckApplicable(opts.AllowDestructive, opts.Staged)
}

// FileChange is one spec input that moved since the plan was made.
type FileChange struct {
	Name string `json:"name"`
	// How is "changed", "added" or "removed".
	How string `json:"how"`
}

// Drift is one resource whose live state no longer matches the fingerprint
// the plan recorded.
type Drift struct {
	Address Address `json:"address"`
	// Detail says what was seen (e.g. "now exists", "no longer exists",
	// "config changed").
	Detail string `json:"detail"`
	// Applied is true when the live config already is the plan's "after":
	// the plan (or the same change) was applied already.
	Applied bool `json:"applied"`
}

// StaleError says why a saved plan cannot be applied any more.
type StaleError struct {
	Files  []FileChange
	Drifts []Drift
	// Planned is how many inputs the plan recorded.
	Planned int
}

// AlreadyApplied reports whether the only thing that moved is that every
// changed resource already has its planned config.
func (e *StaleError) AlreadyApplied() bool {
	if len(e.Files) > 0 || len(e.Drifts) == 0 {
		return false
	}
	for _, d := range e.Drifts {
		if !d.Applied {
			return false
		}
	}
	return true
}

// wrongDirectory reports whether every one of the plan's inputs is
// missing, which is what running apply from another directory looks like:
// the plan records paths relative to where it was made.
func (e *StaleError) wrongDirectory() bool {
	removed := 0
	for _, f := range e.Files {
		if f.How == "removed" {
			removed++
		}
	}
	return e.Planned > 0 && removed == e.Planned
}

func (e *StaleError) Error() string {
	var b strings.Builder
	if e.AlreadyApplied() {
		b.WriteString("the plan was already applied: ")
		for i, d := range e.Drifts {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.Address.String())
		}
		b.WriteString(" already " + plural(len(e.Drifts), "has", "have") + " the planned config; there is nothing left to apply (run bapi plan to check)")
		return b.String()
	}
	if e.wrongDirectory() {
		fmt.Fprintf(&b, "the plan is stale or applied from the wrong directory: none of its %d spec files is found (such as %s); the plan records paths relative to the directory it was made in, so run bapi apply from that directory, or run bapi plan again", e.Planned, e.firstRemoved())
		return b.String()
	}
	b.WriteString("the plan is stale")
	if len(e.Files) > 0 {
		b.WriteString(": the spec files changed since the plan was made (")
		for i, f := range e.Files {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s was %s", f.Name, f.How)
		}
		b.WriteString(")")
	}
	if len(e.Drifts) > 0 {
		if len(e.Files) > 0 {
			b.WriteString(", and")
		} else {
			b.WriteString(":")
		}
		b.WriteString(" the live state changed since the plan was made (")
		for i, d := range e.Drifts {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", d.Address, d.Detail)
		}
		b.WriteString("), by someone else or by an earlier apply that was stopped part way (such as a --staged one)")
	}
	b.WriteString("; run bapi plan again")
	return b.String()
}

func (e *StaleError) firstRemoved() string {
	for _, f := range e.Files {
		if f.How == "removed" {
			return f.Name
		}
	}
	return ""
}

// Matches reports whether the live config already is what applying the
// desired one would make it, by the plan's comparison (Satisfies, the same
// one that decides "no change"): UpdateBackendAPI merges, so a member the
// spec leaves out keeps its live value.
func Matches(live, desired *amplifybackend.BackendAPIResourceConfig) bool {
	if live == nil || desired == nil {
		return false
	}
	return Satisfies(live, desired)
}

// CheckStale is Verify with the current inputs given: they differ from the
// plan's (by name and digest), or the live state of a resource the plan
// changes no longer matches the fingerprint recorded in the plan. The live
// state is read at most parallelism calls at a time (0 means
// DefaultParallelism); drifts are in the order of the plan's changes.
func CheckStale(ctx context.Context, api amplifybackend.API, p *Plan, currentInputs []Input, parallelism int) error {
	se := &StaleError{Files: DiffInputs(p.Inputs, currentInputs), Planned: len(p.Inputs)}
	drifts := make([]*Drift, len(p.Changes))
	err := forEach(ctx, len(p.Changes), parallelism, func(ctx context.Context, i int) error {
		ch := &p.Changes[i]
		if ch.Action == ActionNoOp {
			return nil
		}
		live, err := ReadOne(ctx, api, ch.Address)
		if err != nil {
			return fmt.Errorf("check the plan is still current: %w", err)
		}
		if Fingerprint(live) == ch.Fingerprint {
			return nil
		}
		drifts[i] = driftOf(ch, live)
		return nil
	})
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, d := range drifts {
		if d != nil {
			se.Drifts = append(se.Drifts, *d)
		}
	}
	if len(se.Files) == 0 && len(se.Drifts) == 0 {
		return nil
	}
	return se
}

// DiffInputs compares the plan's inputs with the current ones by name.
func DiffInputs(planned, current []Input) []FileChange {
	was := make(map[string]string, len(planned))
	for _, in := range planned {
		was[in.Name] = in.Digest
	}
	now := make(map[string]string, len(current))
	for _, in := range current {
		now[in.Name] = in.Digest
	}
	var out []FileChange
	for name, d := range was {
		nd, ok := now[name]
		switch {
		case !ok:
			out = append(out, FileChange{Name: name, How: "removed"})
		case nd != d:
			out = append(out, FileChange{Name: name, How: "changed"})
		}
	}
	for name := range now {
		if _, ok := was[name]; !ok {
			out = append(out, FileChange{Name: name, How: "added"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// CurrentInputs digests the spec files a saved plan describes, as they are
// now. It discovers the plan's Args again (format 1.1), so a spec file added
// to a directory since the plan is among them, and hashes every input the
// plan recorded. Files are hashed without parsing them; only a spec file
// that names schema files (TransformSchemaFile) is loaded, so that a schema
// file its pattern matches now but the plan did not record is an added
// input. A file or argument that no longer exists is left out (DiffInputs
// reports it removed). Standard input ("-") cannot be read again and is
// skipped. Relative paths are taken from the working directory, as when
// the plan was made. A plan of format 1.0 recorded no Args, so only its
// recorded inputs are checked.
//
// The configuration is read as LoadSpecs reads it (opts.ConfigPath, else
// .bapi.yaml from opts.ConfigDir up), and files it ignores are left out
// through the same FindSpecs, so a file the plan ignored is not reported
// added.
func CurrentInputs(ctx context.Context, p *Plan, opts LoadOptions) ([]Input, error) {
	cfg, _, err := LoadConfig(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("read the configuration the plan was made with: %w", err)
	}
	var names []string
	seen := make(map[string]bool)
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	for _, arg := range p.Args {
		if arg == "-" {
			continue
		}
		srcs, _, err := FindSpecs(ctx, []string{arg}, cfg, opts.Load)
		var ie *spec.InputError
		if errors.As(err, &ie) && ie.Path == arg {
			continue // the argument itself is gone: its files count as removed
		}
		if err != nil {
			return nil, fmt.Errorf("find the spec files the plan was made from (%s): %w", arg, err)
		}
		for _, s := range srcs {
			add(s.Name)
		}
	}
	for _, in := range p.Inputs {
		if !cfg.Ignored(in.Name) {
			add(in.Name)
		}
	}
	out := make([]Input, 0, len(names))
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		data, digest, err := spec.ReadDigest(name, opts.Load)
		var ie *spec.InputError
		if errors.As(err, &ie) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read spec file %s: %w", name, err)
		}
		out = append(out, Input{Name: name, Digest: digest})
		if digest == "" || !bytes.Contains(data, []byte(spec.SchemaFileKey)) {
			continue
		}
		// Schema files a spec names now but the plan did not record (a
		// pattern matching a new file) are added inputs; those it recorded
		// are among names and hashed as they are now.
		f, err := spec.Load(ctx, spec.Source{Path: name, Name: name}, opts.Load)
		if errors.As(err, &ie) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read spec file %s: %w", name, err)
		}
		for _, sc := range f.Schemas {
			if !seen[sc.Name] {
				seen[sc.Name] = true
				out = append(out, Input{Name: sc.Name, Digest: sc.Digest})
			}
		}
	}
	return out, nil
}
