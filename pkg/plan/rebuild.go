package plan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// Rebuild makes the plan p again, as bapi plan would make it now: the spec
// files under p.Args are discovered, validated and decoded as LoadSpecs
// does (with opts.Load), and Make reads the live state of every resource
// they declare. The rebuilt plan carries p's Args and its AllowDestructive
// (sorted, as plan records them): these are the user's, not derived. A
// plan naming standard input or no arguments cannot be rebuilt.
func Rebuild(ctx context.Context, api amplifybackend.API, p *Plan, opts VerifyOptions) (*Plan, error) {
	if len(p.Args) == 0 {
		return nil, errors.New("it records no spec files or directories (args is empty), so it cannot be made again from them; make the plan again with bapi plan -out FILE")
	}
	if slices.Contains(p.Args, "-") {
		return nil, errors.New("it was made from standard input (-), which cannot be read again; make the plan again from spec files")
	}
	allowed, err := ParseAllowDestructive(p.AllowDestructive)
	if err != nil {
		return nil, fmt.Errorf("allow_destructive: %w; make the plan again", err)
	}
	specs, _, err := LoadSpecs(ctx, p.Args, opts.Load)
	if err != nil {
		return nil, fmt.Errorf("make the plan again from its spec files: %w", err)
	}
	q, err := Make(ctx, api, specs.Desired, specs.Inputs, opts.Parallelism)
	if err != nil {
		return nil, fmt.Errorf("make the plan again from its spec files and the live state: %w", err)
	}
	q.Args = p.Args
	if len(allowed) > 0 {
		q.AllowDestructive = allowed
	}
	return q, nil
}

// MismatchError is a saved plan that is not the plan its spec files and the
// live state make now, although neither moved since it was made: it was
// edited, or made by something else than bapi plan. Items say which change
// differs and where, in the order of the saved plan's changes.
type MismatchError struct {
	Items []string
}

// maxMismatches is how many differences a MismatchError names.
const maxMismatches = 10

func (e *MismatchError) Error() string {
	var b strings.Builder
	b.WriteString("the plan is not the one its spec files and the live state make (was it edited?): ")
	n := min(len(e.Items), maxMismatches)
	b.WriteString(strings.Join(e.Items[:n], "; "))
	if len(e.Items) > n {
		fmt.Fprintf(&b, "; and %d more", len(e.Items)-n)
	}
	b.WriteString("; make the plan again with bapi plan -out FILE and review that one")
	return b.String()
}

// checkRebuilt compares the saved plan p (raw: its file's bytes) with
// rebuilt (Rebuild). A resource whose live state moved since the plan (its
// rebuilt fingerprint is not the recorded one) is a *StaleError, as
// CheckStale reports it. Any other difference, down to the byte, is a
// *MismatchError naming the change and the field: an address no spec
// declares, a declared one the plan lacks, a field of a change, a
// top-level field, or bytes that differ in form only (reformatted JSON,
// fields bapi does not write).
func checkRebuilt(p *Plan, raw []byte, rebuilt *Plan) error {
	at := make(map[Address]int, len(rebuilt.Changes))
	for i, c := range rebuilt.Changes {
		at[c.Address] = i
	}
	se := &StaleError{Planned: len(p.Inputs)}
	var items []string
	seen := make(map[Address]bool, len(p.Changes))
	for i := range p.Changes {
		ch := &p.Changes[i]
		name := fmt.Sprintf("change %d (%s)", i, ch.Address)
		j, ok := at[ch.Address]
		switch {
		case !ok:
			items = append(items, name+" is declared by no spec")
			continue
		case seen[ch.Address]:
			items = append(items, name+" appears twice")
			continue
		}
		seen[ch.Address] = true
		re := &rebuilt.Changes[j]
		if re.Fingerprint != ch.Fingerprint {
			se.Drifts = append(se.Drifts, *driftOf(ch, re.Before))
			continue
		}
		paths, err := jsonDiff(ch, re)
		if err != nil {
			return err
		}
		if len(paths) > 0 {
			items = append(items, name+" differs in "+strings.Join(paths, ", "))
		}
	}
	for _, c := range rebuilt.Changes {
		if !seen[c.Address] {
			items = append(items, fmt.Sprintf("the specs declare %s (%s), which the plan lacks", c.Address, c.Source.File))
		}
	}
	if len(se.Drifts) > 0 {
		return se
	}
	if len(items) > 0 {
		return &MismatchError{Items: items}
	}
	want, err := Marshal(rebuilt)
	if err != nil {
		return err
	}
	if bytes.Equal(raw, want) {
		return nil
	}
	var got any
	if err := decodeNumbers(raw, &got); err != nil {
		return fmt.Errorf("read plan: %w", err)
	}
	var wantTree any
	if err := decodeNumbers(want, &wantTree); err != nil {
		return err
	}
	var paths []string
	diffTrees(got, wantTree, "", &paths)
	if len(paths) > 0 {
		return &MismatchError{Items: []string{"it differs in " + strings.Join(paths, ", ")}}
	}
	return &MismatchError{Items: []string{fmt.Sprintf("its bytes are not those bapi plan writes from line %d on (reformatted, a key given twice, or text added?)", firstDiffLine(raw, want))}}
}

// driftOf is how a change's resource moved, live being its config now
// (nil: absent). Only a create or update can be "already applied".
func driftOf(ch *Change, live *amplifybackend.BackendAPIResourceConfig) *Drift {
	d := &Drift{Address: ch.Address, Detail: "config changed"}
	switch {
	case ch.Action != ActionNoOp && Matches(live, ch.After):
		d.Detail, d.Applied = "already has the planned config (was the plan applied already?)", true
	case live == nil && ch.Before != nil:
		d.Detail = "no longer exists"
	case live != nil && ch.Before == nil:
		d.Detail = "now exists"
	}
	return d
}

// jsonDiff lists the JSON paths (after.transformSchema,
// after.defaultAuthType.settings.expirationTime) where two changes differ
// as the plan file writes them.
func jsonDiff(a, b *Change) ([]string, error) {
	var trees [2]any
	for i, c := range []*Change{a, b} {
		cc := *c
		if cc.Diffs == nil {
			cc.Diffs = []FieldDiff{}
		}
		raw, err := json.Marshal(&cc)
		if err != nil {
			return nil, fmt.Errorf("encode change %s: %w", c.Address, err)
		}
		if err := decodeNumbers(raw, &trees[i]); err != nil {
			return nil, err
		}
	}
	var paths []string
	diffTrees(trees[0], trees[1], "", &paths)
	return paths, nil
}

// decodeNumbers decodes JSON keeping numbers as written (json.Number), so
// 30 and 30.0 differ as their bytes do.
func decodeNumbers(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	return dec.Decode(v)
}

// diffTrees appends to out the paths where the decoded JSON values got and
// want differ: the deepest path that still has both sides of the same
// kind, members in sorted order.
func diffTrees(got, want any, path string, out *[]string) {
	name := path
	if name == "" {
		name = "the whole plan"
	}
	switch g := got.(type) {
	case map[string]any:
		w, ok := want.(map[string]any)
		if !ok {
			*out = append(*out, name)
			return
		}
		for _, k := range unionKeys(g, w) {
			p := k
			if path != "" {
				p = path + "." + k
			}
			gv, gok := g[k]
			wv, wok := w[k]
			switch {
			case !gok:
				*out = append(*out, p+" (missing)")
			case !wok:
				*out = append(*out, p+" (added)")
			default:
				diffTrees(gv, wv, p, out)
			}
		}
	case []any:
		w, ok := want.([]any)
		if !ok || len(g) != len(w) {
			*out = append(*out, name)
			return
		}
		for i := range g {
			diffTrees(g[i], w[i], path+"["+strconv.Itoa(i)+"]", out)
		}
	default:
		if got != want {
			*out = append(*out, name)
		}
	}
}

// firstDiffLine is the 1-based line of the first byte where a and b differ.
func firstDiffLine(a, b []byte) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return bytes.Count(a[:n], []byte("\n")) + 1
}
