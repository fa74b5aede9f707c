package plan

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// Desired is one spec document: the resource as it should be.
type Desired struct {
	Request *amplifybackend.CreateBackendAPIRequest
	Source  Source
	// Transformer is the GraphQL transformer version the spec was checked
	// for (.bapi.yaml's transformer-version, else 2); 0 means not known.
	Transformer int
}

// Address is the resource's address.
func (d Desired) Address() Address {
	if d.Request == nil {
		return Address{}
	}
	return Address{AppId: d.Request.AppId, BackendEnvironmentName: d.Request.BackendEnvironmentName, ResourceName: d.Request.ResourceName}
}

// Observed is a resource's current state as the service reports it.
type Observed struct {
	Address Address
	// Config is the current config; nil when the resource does not exist.
	Config *amplifybackend.BackendAPIResourceConfig
}

// Counts tallies a plan's changes by action.
type Counts struct {
	Create int `json:"create"`
	Update int `json:"update"`
	NoOp   int `json:"no_op"`
}

// Changes is the number of changes that do something (create + update).
func (c Counts) Changes() int { return c.Create + c.Update }

// Counts tallies the plan's changes by action.
func (p *Plan) Counts() Counts {
	var c Counts
	for i := range p.Changes {
		switch p.Changes[i].Action {
		case ActionCreate:
			c.Create++
		case ActionUpdate:
			c.Update++
		case ActionNoOp:
			c.NoOp++
		}
	}
	return c
}

// HasChanges reports whether applying the plan would do anything.
func (p *Plan) HasChanges() bool { return p.Counts().Changes() > 0 }

// DesiredFromDocuments decodes validated spec documents. Validate first: a
// document that does not have the model's shape is an error naming it.
func DesiredFromDocuments(docs []*spec.Document) ([]Desired, error) {
	out := make([]Desired, 0, len(docs))
	for _, d := range docs {
		req, err := d.Decode()
		if err != nil {
			return nil, fmt.Errorf("decode %s document %d: %w; run bapi validate on it", d.File, d.Index+1, err)
		}
		line := 0
		if d.Root != nil {
			line = d.Root.Line
		}
		out = append(out, Desired{Request: req, Source: Source{File: d.File, Document: d.Index, Line: line}})
	}
	return out, nil
}

// InputsFromValidate converts validate's inputs to the plan's.
func InputsFromValidate(in []validate.Input) []Input {
	out := make([]Input, 0, len(in))
	for _, i := range in {
		out = append(out, Input{Name: i.Name, Digest: i.Digest})
	}
	return out
}

// Compute decides, for every desired resource, whether to create it (not
// observed, or observed absent), update it (observed, and different from
// what UpdateBackendAPI would leave: see Merged) or leave it (no-op). A
// member the spec leaves out keeps its live value, so it is no diff; what
// UpdateBackendAPI cannot do at all is Check's to report. It is pure: no I/O. Changes come sorted by
// address; a desired resource with no Observed entry counts as absent.
func Compute(desired []Desired, observed []Observed, inputs []Input) *Plan {
	current := make(map[Address]*amplifybackend.BackendAPIResourceConfig, len(observed))
	for _, o := range observed {
		current[o.Address] = o.Config
	}
	ins := append([]Input{}, inputs...)
	slices.SortFunc(ins, func(a, b Input) int {
		return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.Digest, b.Digest))
	})
	p := &Plan{
		FormatVersion: FormatVersion,
		InputsDigest:  InputsDigest(ins),
		Inputs:        ins,
		Changes:       make([]Change, 0, len(desired)),
	}
	for _, d := range desired {
		addr := d.Address()
		var after *amplifybackend.BackendAPIResourceConfig
		if d.Request != nil {
			after = d.Request.ResourceConfig
		}
		if after == nil {
			after = &amplifybackend.BackendAPIResourceConfig{}
		}
		before := current[addr]
		c := Change{
			Address:     addr,
			Source:      d.Source,
			Before:      before,
			After:       after,
			Diffs:       diffConfigs(before, Merged(before, after)),
			Fingerprint: Fingerprint(before),
		}
		switch {
		case before == nil:
			c.Action = ActionCreate
		case len(c.Diffs) > 0:
			c.Action = ActionUpdate
			c.SchemaChange = schemaChange(before, after)
		default:
			c.Action = ActionNoOp
		}
		p.Changes = append(p.Changes, c)
	}
	slices.SortStableFunc(p.Changes, func(a, b Change) int {
		return cmp.Or(
			cmp.Compare(a.Address.AppId, b.Address.AppId),
			cmp.Compare(a.Address.BackendEnvironmentName, b.Address.BackendEnvironmentName),
			cmp.Compare(a.Address.ResourceName, b.Address.ResourceName),
		)
	})
	return p
}

// Check refuses a plan that holds a change UpdateBackendAPI cannot make
// (see Impossible): it returns an *ImpossibleError listing every one, or nil.
func Check(p *Plan) error {
	var items []Impossibility
	for _, c := range p.Changes {
		items = append(items, Impossible(c.Address, c.Source, c.Before, c.After)...)
	}
	if len(items) == 0 {
		return nil
	}
	return &ImpossibleError{Items: items}
}

// Satisfies reports whether the live config already is what applying
// desired would make it (see Merged): nothing is left to send. A nil live
// config (absent) satisfies nothing.
func Satisfies(live, desired *amplifybackend.BackendAPIResourceConfig) bool {
	if live == nil || desired == nil {
		return false
	}
	return Equal(live, Merged(live, desired))
}
