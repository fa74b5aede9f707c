package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
)

// schemaChange is what an update's TransformSchema change does to the
// API's tables; nil when the schema does not change (an update without a
// TransformSchema keeps the live one: UpdateBackendAPI merges), for a
// create, or when either schema does not parse (validate reports the
// desired one; the live one the service accepted).
func schemaChange(before, after *amplifybackend.BackendAPIResourceConfig) *schemachange.Report {
	if before == nil || after == nil || after.TransformSchema == "" || before.TransformSchema == after.TransformSchema {
		return nil
	}
	r, err := schemachange.Analyze(before.TransformSchema, after.TransformSchema)
	if err != nil {
		return nil
	}
	return &r
}

// Destructive is one change that loses a table's data.
type Destructive struct {
	Address Address
	// Type is the GraphQL type whose table is deleted or replaced.
	Type    string
	Message string
}

// Key is the change as --allow-destructive names it: ADDRESS:Type.
func (d Destructive) Key() string { return d.Address.String() + ":" + d.Type }

// Destructive lists the plan's changes that delete or replace a table,
// by address and type. It analyses each update's before and after
// TransformSchema afresh rather than trusting the recorded schema_change,
// so a plan of an older format, or an edited one, is judged by what it
// would do.
func (p *Plan) Destructive() []Destructive {
	var out []Destructive
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action != ActionUpdate {
			continue
		}
		r := schemaChange(c.Before, c.After)
		if r == nil {
			continue
		}
		for _, t := range r.Destructive() {
			out = append(out, Destructive{Address: c.Address, Type: t.Type, Message: t.Message})
		}
	}
	return out
}

// ParseAllowDestructive checks --allow-destructive values, each
// APP/ENV/RESOURCE:Type, and returns them sorted without duplicates.
func ParseAllowDestructive(values []string) ([]string, error) {
	out := make([]string, 0, len(values))
	for _, v := range values {
		addr, typ, ok := strings.Cut(v, ":")
		parts := strings.Split(addr, "/")
		if !ok || typ == "" || len(parts) != 3 {
			return nil, fmt.Errorf("--allow-destructive %q: want APP/ENV/RESOURCE:Type, the address of the resource and the GraphQL type whose table may be lost, e.g. d2x4example7q1/staging/blogapi:Post", v)
		}
		a := Address{AppId: parts[0], BackendEnvironmentName: parts[1], ResourceName: parts[2]}
		if err := a.Check(); err != nil {
			return nil, fmt.Errorf("--allow-destructive %q: %w", v, err)
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// DestructiveError is a plan that would lose data it was not allowed to.
type DestructiveError struct {
	// Refused are the destructive changes not allowed.
	Refused []Destructive
}

func (e *DestructiveError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the plan deletes or replaces %d %s and was not allowed to:", len(e.Refused), plural(len(e.Refused), "table", "tables"))
	flags := make([]string, 0, len(e.Refused))
	for _, d := range e.Refused {
		fmt.Fprintf(&b, "\n  %s: %s", d.Key(), d.Message)
		flags = append(flags, "--allow-destructive "+d.Key())
	}
	fmt.Fprintf(&b, "\nback up the data, then allow each one by name: %s", strings.Join(flags, " "))
	return b.String()
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CheckDestructive returns a *DestructiveError when the plan deletes or
// replaces a table that neither the plan's AllowDestructive (recorded at
// plan time) nor allowed (given now) names.
func (p *Plan) CheckDestructive(allowed []string) error {
	ok := map[string]bool{}
	for _, a := range slices.Concat(p.AllowDestructive, allowed) {
		ok[a] = true
	}
	var refused []Destructive
	for _, d := range p.Destructive() {
		if !ok[d.Key()] {
			refused = append(refused, d)
		}
	}
	if len(refused) > 0 {
		return &DestructiveError{Refused: refused}
	}
	return nil
}

// UnusedAllowances returns the entries of allowed that name no destructive
// change of the plan (a typo, or a change that is no longer destructive).
func (p *Plan) UnusedAllowances(allowed []string) []string {
	used := map[string]bool{}
	for _, d := range p.Destructive() {
		used[d.Key()] = true
	}
	var out []string
	for _, a := range allowed {
		if !used[a] {
			out = append(out, a)
		}
	}
	return out
}

// BudgetError is a plan with an update that creates or deletes more GSIs on
// a table than one UpdateBackendAPI job can.
type BudgetError struct {
	// Changes are the updates that need more than one deployment, with
	// their schema change.
	Changes []BudgetChange
}

// BudgetChange is one update that needs more than one deployment.
type BudgetChange struct {
	Address Address
	Report  *schemachange.Report
}

func (e *BudgetError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s more than one GSI per table, which one UpdateBackendAPI job cannot do (CloudFormation fails it with %q, and a failed update can leave the environment stuck):",
		len(e.Changes), plural(len(e.Changes), "update creates or deletes", "updates create or delete"), schemachange.GSIMessage)
	for _, c := range e.Changes {
		for _, t := range c.Report.OverBudget() {
			fmt.Fprintf(&b, "\n  %s: %s", c.Address, t.Message)
		}
		fmt.Fprintf(&b, "\n  %s needs %d deployments", c.Address, c.Report.Steps)
		if c.Report.Unsplittable != "" {
			fmt.Fprintf(&b, "; --staged cannot split it (%s)", c.Report.Unsplittable)
		}
	}
	b.WriteString("\nrun apply with --staged to deploy one index per table per job, or split the change into several")
	return b.String()
}

// CheckBudget returns a *BudgetError when an update creates or deletes
// more than one GSI on a table, judged afresh from each update's before
// and after TransformSchema (as CheckDestructive).
func (p *Plan) CheckBudget() error {
	var over []BudgetChange
	for i := range p.Changes {
		c := &p.Changes[i]
		if c.Action != ActionUpdate {
			continue
		}
		if r := schemaChange(c.Before, c.After); r != nil && r.Steps > 1 {
			over = append(over, BudgetChange{Address: c.Address, Report: r})
		}
	}
	if len(over) > 0 {
		return &BudgetError{Changes: over}
	}
	return nil
}

// CheckApplicable refuses a plan that apply must not run: a destructive
// change that neither the plan nor allowed allows (CheckDestructive), or,
// unless staged, an update that one UpdateBackendAPI job cannot do
// (CheckBudget).
func (p *Plan) CheckApplicable(allowed []string, staged bool) error {
	if err := p.CheckDestructive(allowed); err != nil {
		return err
	}
	if staged {
		return nil
	}
	return p.CheckBudget()
}
