package schemachange

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
)

// GSIMessage is what CloudFormation answers when one update creates or
// deletes more than one global secondary index on a table.
const GSIMessage = "Cannot perform more than one GSI creation or deletion in a single update"

// Effect is what a change does to a table.
type Effect string

// Effects.
const (
	// EffectDeleted: the @model type is gone, the table is deleted.
	EffectDeleted Effect = "deleted"
	// EffectReplaced: the primary key changes, the table is replaced.
	EffectReplaced Effect = "replaced"
	// EffectIndexes: only the table's global secondary indexes change.
	EffectIndexes Effect = "indexes"
)

// IndexOp is what happens to one index.
type IndexOp string

// Index operations.
const (
	IndexCreate IndexOp = "create"
	IndexDelete IndexOp = "delete"
	// IndexReplace: the index keeps its name but its key changes. DynamoDB
	// cannot change a key in place: it is a deletion and a creation, two
	// GSI operations.
	IndexReplace IndexOp = "replace"
)

// IndexKey is an index's key: the partition key attribute and the sort
// key attributes.
type IndexKey = amplifyschema.IndexKey

// IndexChange is one global secondary index created, deleted or replaced.
type IndexChange struct {
	Op   IndexOp `json:"op"`
	Name string  `json:"name"`
	// Source says what creates the index, in the schema it comes from
	// (desired for create and replace, live for delete): "@index on
	// Comment.postID", "@hasMany on Post.comments".
	Source string `json:"source"`
	// Before is the live key (delete, replace), After the desired key
	// (create, replace); nil where the index does not exist.
	Before *IndexKey `json:"before"`
	After  *IndexKey `json:"after"`
}

// GSIOps is how many GSI creations and deletions the change takes.
func (c IndexChange) GSIOps() int {
	if c.Op == IndexReplace {
		return 2
	}
	return 1
}

// Table is what the schema change does to one table.
type Table struct {
	// Type is the GraphQL type: the desired one, or the live one when the
	// type is removed. This is the name --allow-destructive takes.
	Type string `json:"type"`
	// Table is the model name the DynamoDB table is named after (the type
	// name, or the one @mapsTo gives); the table itself is TableTable.
	Table  string `json:"table"`
	Effect Effect `json:"effect"`
	// Destructive is true when the table's data is lost (deleted or
	// replaced).
	Destructive bool `json:"destructive"`
	// Message says what happens, in a sentence.
	Message string `json:"message"`
	// Hints are further warnings and suggestions: a @mapsTo that would
	// keep the table, a key change on a related model that fails even when
	// allowed, how to deploy more than one index change.
	Hints []string `json:"hints"`
	// Indexes are the index changes, deletions first, then creations, then
	// replacements, each by name. Empty for a deleted or replaced table
	// (its indexes go and come with it).
	Indexes []IndexChange `json:"indexes"`
	// GSIOps counts the GSI creations and deletions Indexes take.
	GSIOps int `json:"gsi_operations"`
}

// OverBudget reports whether the table's index changes exceed the one
// GSI creation or deletion CloudFormation allows per table and update.
func (t Table) OverBudget() bool { return t.GSIOps > 1 }

// Report is what a TransformSchema change does to the tables.
type Report struct {
	// Tables lists the tables deleted, replaced or whose indexes change,
	// by table name.
	Tables []Table `json:"tables"`
	// Steps is the estimated number of deployments the change needs when
	// each may create or delete one GSI per table: the most GSI operations
	// on any one table, and at least 1.
	Steps int `json:"deployment_steps"`
	// Unsplittable says why Stages cannot split a change of more than one
	// step (the indexes of a @manyToMany join table); empty when it can.
	Unsplittable string `json:"unsplittable,omitempty"`
	// Unanalysed says what the analysis does not cover in these schemas:
	// transformer v1's @key and @connection, whose keys and indexes it
	// does not read. Empty when it covers everything.
	Unanalysed string `json:"unanalysed,omitempty"`
}

// Destructive returns the tables whose data the change loses.
func (r Report) Destructive() []Table {
	var out []Table
	for _, t := range r.Tables {
		if t.Destructive {
			out = append(out, t)
		}
	}
	return out
}

// OverBudget returns the tables with more than one GSI operation.
func (r Report) OverBudget() []Table {
	var out []Table
	for _, t := range r.Tables {
		if t.OverBudget() {
			out = append(out, t)
		}
	}
	return out
}

// Analyze compares the live TransformSchema with the desired one. An empty
// live schema (an API being created) changes no table.
func Analyze(live, desired string) (Report, error) {
	l, err := amplifyschema.Parse("live", live)
	if err != nil {
		return Report{}, err
	}
	d, err := amplifyschema.Parse("desired", desired)
	if err != nil {
		return Report{}, err
	}
	r := analyze(l, d)
	if v1 := append(l.V1, d.V1...); len(v1) > 0 {
		slices.Sort(v1)
		r.Unanalysed = fmt.Sprintf("the schema uses transformer v1 directives (%s): the keys and indexes they define are not analysed, so a table they replace or an index they add is not shown here", strings.Join(slices.Compact(v1), ", "))
	}
	if r.Steps > 1 {
		if _, err := Stages(live, desired); err != nil {
			r.Unsplittable = err.Error()
		}
	}
	return r, nil
}

func analyze(l, d *amplifyschema.Schema) Report {
	r := Report{Tables: []Table{}, Steps: 1}
	if len(l.Models) == 0 {
		return r
	}
	for _, name := range amplifyschema.SortedKeys(l.Models) {
		lm := l.Models[name]
		dm, ok := d.Models[name]
		switch {
		case !ok:
			r.Tables = append(r.Tables, deleted(lm, l, d))
		case !slices.Equal(lm.Key, dm.Key):
			r.Tables = append(r.Tables, replaced(lm, dm))
		default:
			if t, ok := indexChanges(lm, dm); ok {
				r.Tables = append(r.Tables, t)
				r.Steps = max(r.Steps, t.GSIOps)
			}
		}
	}
	return r
}

func deleted(lm *amplifyschema.Model, l, d *amplifyschema.Schema) Table {
	t := Table{Type: lm.Type, Table: lm.Table, Effect: EffectDeleted, Destructive: true, Hints: []string{}, Indexes: []IndexChange{}}
	if lm.Def == nil {
		t.Message = fmt.Sprintf("the @manyToMany relation %s is removed: Amplify deletes its join table %sTable; ALL DATA IN TABLE %s WILL BE LOST", lm.Type, lm.Table, lm.Table)
		return t
	}
	if dd := d.Doc.Definitions.ForName(lm.Type); dd != nil {
		t.Message = fmt.Sprintf("type %s loses @model: Amplify deletes its table %sTable; ALL DATA IN TABLE %s WILL BE LOST", lm.Type, lm.Table, lm.Table)
	} else {
		t.Message = fmt.Sprintf("@model type %s is removed: Amplify deletes its table %sTable; ALL DATA IN TABLE %s WILL BE LOST", lm.Type, lm.Table, lm.Table)
	}
	// A removed type and an added one with the same fields is most likely
	// a rename: @mapsTo keeps the old table.
	want := fieldSet(lm)
	for _, name := range amplifyschema.SortedKeys(d.Models) {
		dm := d.Models[name]
		if _, existed := l.Models[name]; existed || dm.Def == nil {
			continue
		}
		if fieldSet(dm) == want {
			t.Hints = append(t.Hints, fmt.Sprintf("%s has the same fields as %s: if it is a rename, keep the table and its data with type %s @model @mapsTo(name: %q)", dm.Type, lm.Type, dm.Type, lm.Table))
		}
	}
	return t
}

// fieldSet is a model's fields and their types, sorted, as one string.
func fieldSet(m *amplifyschema.Model) string {
	fs := make([]string, 0, len(m.Def.Fields))
	for _, f := range m.Def.Fields {
		fs = append(fs, f.Name+": "+f.Type.String())
	}
	sort.Strings(fs)
	return strings.Join(fs, ", ")
}

func replaced(lm, dm *amplifyschema.Model) Table {
	t := Table{
		Type: dm.Type, Table: dm.Table, Effect: EffectReplaced, Destructive: true, Hints: []string{}, Indexes: []IndexChange{},
		Message: fmt.Sprintf("the primary key of %s changes from %s to %s: Amplify replaces its table %sTable; ALL DATA IN TABLE %s WILL BE LOST",
			dm.Type, keyString(lm.Key), keyString(dm.Key), dm.Table, dm.Table),
	}
	rels := append(slices.Clone(lm.Relations), dm.Relations...)
	slices.Sort(rels)
	rels = slices.Compact(rels)
	if len(rels) > 0 {
		t.Hints = append(t.Hints, fmt.Sprintf("%s is in a relation (%s): a primary key change on a related model fails to deploy even when destructive changes are allowed, because the related connection fields and indexes change key too; remove the relation in one update, change the key in the next, then restore the relation",
			dm.Type, strings.Join(rels, ", ")))
	}
	return t
}

func keyString(k []string) string { return "(" + strings.Join(k, ", ") + ")" }

// indexChanges compares a table's indexes; ok is false when none change.
func indexChanges(lm, dm *amplifyschema.Model) (Table, bool) {
	var dels, creates, repls []IndexChange
	for _, name := range amplifyschema.SortedKeys(lm.Indexes) {
		li := lm.Indexes[name]
		di, ok := dm.Indexes[name]
		switch {
		case !ok:
			dels = append(dels, IndexChange{Op: IndexDelete, Name: name, Source: li.Source(), Before: new(li.Key)})
		case !li.Key.Equal(di.Key):
			repls = append(repls, IndexChange{Op: IndexReplace, Name: name, Source: di.Source(), Before: new(li.Key), After: new(di.Key)})
		}
	}
	for _, name := range amplifyschema.SortedKeys(dm.Indexes) {
		if _, ok := lm.Indexes[name]; !ok {
			di := dm.Indexes[name]
			creates = append(creates, IndexChange{Op: IndexCreate, Name: name, Source: di.Source(), After: new(di.Key)})
		}
	}
	changes := slices.Concat(dels, creates, repls)
	if len(changes) == 0 {
		return Table{}, false
	}
	t := Table{Type: dm.Type, Table: dm.Table, Effect: EffectIndexes, Hints: []string{}, Indexes: changes}
	words := make([]string, 0, len(changes))
	for _, c := range changes {
		t.GSIOps += c.GSIOps()
		words = append(words, string(c.Op)+" "+c.Name)
	}
	t.Message = fmt.Sprintf("table %sTable: %s", dm.Table, strings.Join(words, ", "))
	for _, c := range repls {
		t.Hints = append(t.Hints, fmt.Sprintf("index %s changes its key from %s to %s: DynamoDB cannot change an index's key in place, so one update cannot do it; it takes a deletion and a creation, in two deployments",
			c.Name, c.Before, c.After))
	}
	if t.OverBudget() {
		t.Message += fmt.Sprintf(" (%d GSI creations and deletions)", t.GSIOps)
		t.Hints = append(t.Hints, fmt.Sprintf("CloudFormation creates or deletes at most one GSI per table in one update, so a single UpdateBackendAPI job fails with %q. Amplify CLI's iterative GSI deployment (enableIterativeGsiUpdates) splits such a push into one deployment per index; an AmplifyBackend job does not. Deploy it in %d steps: bapi apply --staged, or one index per change",
			GSIMessage, t.GSIOps))
	}
	return t, true
}

// CheckUpdate returns an error naming the first table on which an update
// from live to desired creates or deletes more than one GSI, worded as
// CloudFormation's; nil when no table does or either schema does not
// parse (that is for validation to say).
func CheckUpdate(live, desired string) error {
	r, err := Analyze(live, desired)
	if err != nil {
		return nil
	}
	for _, t := range r.Tables {
		if t.OverBudget() {
			return fmt.Errorf("resource %sTable (AWS::DynamoDB::Table) failed to update: %s", t.Table, GSIMessage)
		}
	}
	return nil
}
