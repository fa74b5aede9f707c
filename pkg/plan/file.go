package plan

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"

	"github.com/bapi-dev/bapi/internal/atomicfile"
)

// Marshal encodes the plan as indented JSON (the plan file format; see
// docs/plan-format.md). Empty lists are written as [], never null.
func Marshal(p *Plan) ([]byte, error) {
	b, err := json.MarshalIndent(withEmptyLists(p), "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode plan: %w", err)
	}
	return append(b, '\n'), nil
}

// withEmptyLists returns a shallow copy of p whose nil lists are empty.
func withEmptyLists(p *Plan) *Plan {
	q := *p
	if q.Args == nil {
		q.Args = []string{}
	}
	if q.Inputs == nil {
		q.Inputs = []Input{}
	}
	if q.AllowDestructive == nil {
		q.AllowDestructive = []string{}
	}
	q.Changes = append([]Change{}, p.Changes...)
	for i := range q.Changes {
		if q.Changes[i].Diffs == nil {
			q.Changes[i].Diffs = []FieldDiff{}
		}
	}
	return &q
}

// Write saves the plan to path (mode 0644) atomically: a reader never sees
// half a plan.
func Write(path string, p *Plan) error {
	b, err := Marshal(p)
	if err != nil {
		return err
	}
	if err := atomicfile.Write(path, b, 0o644); err != nil {
		return fmt.Errorf("save plan: %w", err)
	}
	return nil
}

// VersionError is a plan file whose format_version this bapi cannot read.
type VersionError struct {
	Path    string
	Version string
}

func (e *VersionError) Error() string {
	if e.Version == "" {
		return fmt.Sprintf("plan %s has no format_version; is it a bapi plan file (bapi plan -out FILE)?", e.Path)
	}
	return fmt.Sprintf("plan %s has format_version %q, but this bapi applies format %s only, the one it writes; make the plan again with this bapi (bapi plan -out FILE) or use the bapi that made it", e.Path, e.Version, FormatVersion)
}

// Unmarshal decodes a plan file's bytes; path names it in errors. It refuses
// a format_version other than FormatVersion, the one bapi writes
// (*VersionError): apply makes the plan again and compares it byte for
// byte (Verify), which an older or newer format can never pass. It refuses
// a plan without inputs_digest or whose inputs do not match it, a change
// with an action other than create, update and no-op, an address that
// breaks the name rules (Address.Check), a create or update without an
// "after" config, and a plan with no inputs (nothing to make it again
// from).
func Unmarshal(path string, b []byte) (*Plan, error) {
	var head struct {
		FormatVersion string `json:"format_version"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("read plan %s: not a plan file (invalid JSON: %w); give a file written by bapi plan -out FILE", path, err)
	}
	if head.FormatVersion != FormatVersion {
		return nil, &VersionError{Path: path, Version: head.FormatVersion}
	}
	var p Plan
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("read plan %s: %w; give a file written by bapi plan -out FILE", path, err)
	}
	if p.InputsDigest == "" {
		return nil, fmt.Errorf("read plan %s: it has no inputs_digest, so it cannot be checked against the spec files; give a file written by bapi plan -out FILE", path)
	}
	if d := InputsDigest(p.Inputs); d != p.InputsDigest {
		return nil, fmt.Errorf("read plan %s: its inputs do not match its inputs_digest (the file was edited by hand?); make the plan again with bapi plan -out FILE", path)
	}
	for i := range p.Changes {
		c := &p.Changes[i]
		switch c.Action {
		case ActionCreate, ActionUpdate, ActionNoOp:
		default:
			return nil, fmt.Errorf("read plan %s: change %d (%s) has unknown action %q (only create, update and no-op are allowed); make the plan again", path, i, c.Address, c.Action)
		}
		if err := c.Address.Check(); err != nil {
			return nil, fmt.Errorf("read plan %s: change %d: %w; make the plan again", path, i, err)
		}
		if c.Action != ActionNoOp && c.After == nil {
			return nil, fmt.Errorf("read plan %s: change %d (%s) has no \"after\" config; make the plan again", path, i, c.Address)
		}
		if c.Diffs == nil {
			c.Diffs = []FieldDiff{}
		}
	}
	if len(p.Inputs) == 0 {
		return nil, fmt.Errorf("read plan %s: it records no inputs (no spec file was read), so apply cannot check it against the spec files; make the plan again with bapi plan -out FILE", path)
	}
	if len(p.Args) == 0 {
		p.Args = nil // not recorded (format 1.0) and [] mean the same
	}
	if len(p.AllowDestructive) == 0 {
		p.AllowDestructive = nil // not recorded (before 1.2) and [] mean the same
	}
	if p.Changes == nil {
		p.Changes = []Change{}
	}
	return &p, nil
}

// ReadFile reads a plan file written by Write.
func ReadFile(path string) (*Plan, error) {
	p, _, err := ReadFileBytes(path)
	return p, err
}

// ReadFileBytes is ReadFile that also returns the file's bytes, for
// Verify (VerifyOptions.Raw).
func ReadFileBytes(path string) (*Plan, []byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil, fmt.Errorf("read plan %s: file does not exist; make one with bapi plan -out %s: %w", path, path, err)
		}
		return nil, nil, fmt.Errorf("read plan %s: %w", path, err)
	}
	p, err := Unmarshal(path, b)
	if err != nil {
		return nil, nil, err
	}
	return p, b, nil
}
