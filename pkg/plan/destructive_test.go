package plan

import (
	"errors"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
)

func schemaCfg(schema string) *amplifybackend.BackendAPIResourceConfig {
	return &amplifybackend.BackendAPIResourceConfig{ApiName: "blogapi", TransformSchema: schema}
}

// destructivePlan plans an update that removes Tag and changes Post's key,
// and a create (never destructive).
func destructivePlan() *Plan {
	addr := Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "blogapi"}
	live := `type Post @model { id: ID! slug: String! } type Tag @model { id: ID! }`
	desired := `type Post @model { id: ID! slug: String! @primaryKey }`
	return Compute(
		[]Desired{
			desiredOf(addr, schemaCfg(desired)),
			desiredOf(Address{AppId: "dapp2", BackendEnvironmentName: "dev", ResourceName: "other"}, schemaCfg(desired)),
		},
		[]Observed{{Address: addr, Config: schemaCfg(live)}},
		nil,
	)
}

func TestComputeRecordsSchemaChange(t *testing.T) {
	t.Parallel()
	p := destructivePlan()
	up := p.Changes[0]
	if up.Action != ActionUpdate || up.SchemaChange == nil {
		t.Fatalf("update change = %+v, want a schema change", up)
	}
	var got []string
	for _, tb := range up.SchemaChange.Tables {
		got = append(got, tb.Type+" "+string(tb.Effect))
	}
	if diff := cmp.Diff([]string{"Post replaced", "Tag deleted"}, got); diff != "" {
		t.Errorf("tables (-want +got):\n%s", diff)
	}
	if p.Changes[1].Action != ActionCreate || p.Changes[1].SchemaChange != nil {
		t.Errorf("create change has schema change %+v, want nil", p.Changes[1].SchemaChange)
	}
	var keys []string
	for _, d := range p.Destructive() {
		keys = append(keys, d.Key())
	}
	if diff := cmp.Diff([]string{"dapp1/dev/blogapi:Post", "dapp1/dev/blogapi:Tag"}, keys); diff != "" {
		t.Errorf("destructive (-want +got):\n%s", diff)
	}
}

// TestNoSchemaKeepsTheLiveOne: an update that leaves TransformSchema out
// keeps the live schema (UpdateBackendAPI merges), so it loses no table.
func TestNoSchemaKeepsTheLiveOne(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "blogapi"}
	p := Compute([]Desired{desiredOf(addr, &amplifybackend.BackendAPIResourceConfig{ApiName: "blogapi", DefaultAuthType: &amplifybackend.BackendAPIAuthType{Mode: amplifybackend.ModeAWSIAM}})},
		[]Observed{{Address: addr, Config: schemaCfg(`type Post @model { id: ID! }`)}}, nil)
	if c := p.Changes[0]; c.Action != ActionUpdate || c.SchemaChange != nil {
		t.Fatalf("change %s with schema change %+v, want an update without one", c.Action, c.SchemaChange)
	}
	if err := p.CheckDestructive(nil); err != nil {
		t.Errorf("CheckDestructive = %v, want nil", err)
	}
}

func TestCheckDestructive(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		recorded  []string
		allowed   []string
		wantTypes []string // refused, by type; nil for no error
	}{
		{name: "none allowed", wantTypes: []string{"Post", "Tag"}},
		{name: "one allowed now", allowed: []string{"dapp1/dev/blogapi:Tag"}, wantTypes: []string{"Post"}},
		{name: "allowed for another resource", allowed: []string{"dapp1/dev/other:Post", "dapp1/dev/other:Tag"}, wantTypes: []string{"Post", "Tag"}},
		{name: "all allowed now", allowed: []string{"dapp1/dev/blogapi:Tag", "dapp1/dev/blogapi:Post"}},
		{name: "recorded at plan time and now", recorded: []string{"dapp1/dev/blogapi:Post"}, allowed: []string{"dapp1/dev/blogapi:Tag"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := destructivePlan()
			p.AllowDestructive = tc.recorded
			err := p.CheckDestructive(tc.allowed)
			if tc.wantTypes == nil {
				if err != nil {
					t.Fatalf("CheckDestructive = %v, want nil", err)
				}
				return
			}
			var de *DestructiveError
			if !errors.As(err, &de) {
				t.Fatalf("CheckDestructive = %v, want a *DestructiveError", err)
			}
			var got []string
			for _, d := range de.Refused {
				got = append(got, d.Type)
				for _, want := range []string{d.Key() + ": ", "--allow-destructive " + d.Key(), "WILL BE LOST"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error lacks %q:\n%s", want, err)
					}
				}
			}
			if diff := cmp.Diff(tc.wantTypes, got); diff != "" {
				t.Errorf("refused (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUnusedAllowances(t *testing.T) {
	t.Parallel()
	got := destructivePlan().UnusedAllowances([]string{"dapp1/dev/blogapi:Post", "dapp1/dev/blogapi:Tags", "dapp2/dev/other:Post"})
	if diff := cmp.Diff([]string{"dapp1/dev/blogapi:Tags", "dapp2/dev/other:Post"}, got); diff != "" {
		t.Errorf("unused (-want +got):\n%s", diff)
	}
}

func TestParseAllowDestructive(t *testing.T) {
	t.Parallel()
	got, err := ParseAllowDestructive([]string{"dapp1/dev/blogapi:Tag", "dapp1/dev/blogapi:Post", "dapp1/dev/blogapi:Tag"})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"dapp1/dev/blogapi:Post", "dapp1/dev/blogapi:Tag"}, got); diff != "" {
		t.Errorf("parsed (-want +got):\n%s", diff)
	}
	for _, bad := range []struct{ in, want string }{
		{"dapp1/dev/blogapi", "want APP/ENV/RESOURCE:Type"},
		{"dapp1/dev/blogapi:", "want APP/ENV/RESOURCE:Type"},
		{"dapp1/blogapi:Post", "want APP/ENV/RESOURCE:Type"},
		{"xapp/dev/blogapi:Post", "is not an Amplify app ID"},
	} {
		if _, err := ParseAllowDestructive([]string{bad.in}); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("ParseAllowDestructive(%q) = %v, want an error with %q", bad.in, err, bad.want)
		}
	}
}

func TestCheckBudget(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "blogapi"}
	live := `type Comment @model { id: ID! a: ID b: ID }`
	for _, tc := range []struct {
		name, desired string
		want          []string // in the error; nil for none
	}{
		{name: "one index", desired: `type Comment @model { id: ID! a: ID @index(name: "byA") b: ID }`},
		{name: "no index", desired: `type Comment @model { id: ID! a: ID b: ID c: String }`},
		{name: "two indexes", desired: `type Comment @model { id: ID! a: ID @index(name: "byA") b: ID @index(name: "byB") }`,
			want: []string{"1 update creates or deletes more than one GSI per table", "dapp1/dev/blogapi: table CommentTable: create byA, create byB", "dapp1/dev/blogapi needs 2 deployments", "--staged"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := Compute([]Desired{desiredOf(addr, schemaCfg(tc.desired))}, []Observed{{Address: addr, Config: schemaCfg(live)}}, nil)
			err := p.CheckBudget()
			if tc.want == nil {
				if err != nil {
					t.Errorf("CheckBudget = %v, want nil", err)
				}
				return
			}
			var be *BudgetError
			if !errors.As(err, &be) {
				t.Fatalf("CheckBudget = %v, want a *BudgetError", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

// TestCheckApplicable: destructive changes are refused first, and an
// update over one job's index budget unless staged.
func TestCheckApplicable(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "blogapi"}
	live := `type Comment @model { id: ID! a: ID b: ID }`
	twoIndexes := `type Comment @model { id: ID! a: ID @index(name: "byA") b: ID @index(name: "byB") }`
	over := Compute([]Desired{desiredOf(addr, schemaCfg(twoIndexes))}, []Observed{{Address: addr, Config: schemaCfg(live)}}, nil)
	var be *BudgetError
	if err := over.CheckApplicable(nil, false); !errors.As(err, &be) {
		t.Errorf("over budget, not staged: %v, want a *BudgetError", err)
	}
	if err := over.CheckApplicable(nil, true); err != nil {
		t.Errorf("over budget, staged: %v, want nil", err)
	}
	var de *DestructiveError
	if err := destructivePlan().CheckApplicable(nil, true); !errors.As(err, &de) {
		t.Errorf("destructive, staged: %v, want a *DestructiveError", err)
	}
	if err := destructivePlan().CheckApplicable([]string{"dapp1/dev/blogapi:Tag", "dapp1/dev/blogapi:Post"}, false); err != nil {
		t.Errorf("destructive, allowed: %v, want nil", err)
	}
}
