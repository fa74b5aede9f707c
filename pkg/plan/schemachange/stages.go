package schemachange

import (
	"github.com/bapi-dev/bapi/pkg/amplifyschema"

	"fmt"
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
)

// gsiOp is one GSI creation or deletion on a table.
type gsiOp struct {
	create bool
	name   string
}

// Stages splits the change from live to desired into schemas to deploy one
// after the other, each creating or deleting at most one GSI per table
// from the one before; the last is desired itself. A change within budget
// is one stage, desired. Every other change (types, fields, resolvers,
// deleted and replaced tables) is in the first stage: the later ones only
// add and remove indexes. Within a table, deletions come first (as
// Amplify CLI's iterative deployment orders them), then creations, then
// replaced keys as a deletion and a creation.
//
// An intermediate stage is desired with the indexes not yet created taken
// out (their @index directive, or the @hasMany field that creates them)
// and those not yet deleted put back from live. Stages checks its own
// result: it returns an error when a stage would still exceed the budget
// or the change cannot be split (the indexes of a @manyToMany join table).
func Stages(live, desired string) ([]string, error) {
	l, err := amplifyschema.Parse("live", live)
	if err != nil {
		return nil, err
	}
	d, err := amplifyschema.Parse("desired", desired)
	if err != nil {
		return nil, err
	}
	r := analyze(l, d)
	if r.Steps <= 1 {
		return []string{desired}, nil
	}
	ops := map[string][]gsiOp{}
	for _, t := range r.Tables {
		for _, c := range t.Indexes {
			switch c.Op {
			case IndexDelete:
				ops[t.Table] = append(ops[t.Table], gsiOp{name: c.Name})
			case IndexCreate:
				ops[t.Table] = append(ops[t.Table], gsiOp{create: true, name: c.Name})
			case IndexReplace:
				ops[t.Table] = append(ops[t.Table], gsiOp{name: c.Name}, gsiOp{create: true, name: c.Name})
			}
		}
	}
	stages := make([]string, 0, r.Steps)
	for k := 1; k < r.Steps; k++ {
		s, err := stage(l, desired, ops, k)
		if err != nil {
			return nil, fmt.Errorf("split the schema change into single-index steps: step %d: %w", k, err)
		}
		stages = append(stages, s)
	}
	stages = append(stages, desired)
	prev := l
	for i, s := range stages {
		next, err := amplifyschema.Parse("stage", s)
		if err != nil {
			return nil, fmt.Errorf("split the schema change into single-index steps: step %d does not parse: %w", i+1, err)
		}
		for _, t := range analyze(prev, next).OverBudget() {
			return nil, fmt.Errorf("split the schema change into single-index steps: step %d still takes %d GSI operations on table %sTable (%s); deploy the index changes in separate changes", i+1, t.GSIOps, t.Table, t.Message)
		}
		prev = next
	}
	return stages, nil
}

// stage is the schema after the first k GSI operations of every table.
func stage(l *amplifyschema.Schema, desired string, ops map[string][]gsiOp, k int) (string, error) {
	d, err := amplifyschema.Parse("desired", desired)
	if err != nil {
		return "", err
	}
	// Take out what is not created yet, then put back what is not deleted
	// yet (a replaced index is both).
	var adds []func() error
	for _, table := range amplifyschema.SortedKeys(ops) {
		pending := ops[table][min(k, len(ops[table])):]
		for _, op := range pending {
			if op.create {
				if err := remove(d, d.Models[table].Indexes[op.name]); err != nil {
					return "", err
				}
				continue
			}
			ix := l.Models[table].Indexes[op.name]
			adds = append(adds, func() error { return restore(d, l, table, ix) })
		}
	}
	for _, add := range adds {
		if err := add(); err != nil {
			return "", err
		}
	}
	return format(d.Doc), nil
}

// remove takes out of the schema sc what creates the index.
func remove(sc *amplifyschema.Schema, ix amplifyschema.Index) error {
	switch ix.Kind {
	case amplifyschema.KindIndex:
		f := sc.ByType[ix.Owner].Def.Fields.ForName(ix.Field)
		f.Directives = slices.DeleteFunc(f.Directives, func(d *ast.Directive) bool { return d == ix.Directive })
	case amplifyschema.KindHasMany:
		def := sc.ByType[ix.Owner].Def
		def.Fields = slices.DeleteFunc(def.Fields, func(f *ast.FieldDefinition) bool { return f.Name == ix.Field })
	default:
		return fmt.Errorf("index %s comes from %s: a join table's indexes cannot be deployed one at a time", ix.Name, ix.Source())
	}
	return nil
}

// restore puts back into sc, from the live schema l, what creates the live index
// ix of table.
func restore(sc, l *amplifyschema.Schema, table string, ix amplifyschema.Index) error {
	switch ix.Kind {
	case amplifyschema.KindIndex:
		lm := l.Models[table]
		def := sc.Models[table].Def // the table is in both: only kept tables have index operations
		lf := lm.Def.Fields.ForName(ix.Field)
		f := def.Fields.ForName(ix.Field)
		if f == nil {
			f = bareField(lf)
			def.Fields = append(def.Fields, f)
		}
		f.Directives = append(f.Directives, ix.Directive)
		for _, s := range ix.Key.Sort {
			if def.Fields.ForName(s) == nil {
				if lsf := lm.Def.Fields.ForName(s); lsf != nil {
					def.Fields = append(def.Fields, bareField(lsf))
				}
			}
		}
	case amplifyschema.KindHasMany:
		lp := l.ByType[ix.Owner]
		lf := lp.Def.Fields.ForName(ix.Field)
		var def *ast.Definition
		if dp, ok := sc.Models[lp.Table]; ok {
			def = dp.Def
		} else if def = sc.Doc.Definitions.ForName(lp.Type); def == nil {
			// The parent type is gone: keep it until the last step.
			sc.Doc.Definitions = append(sc.Doc.Definitions, lp.Def)
			return nil
		} else {
			// The parent loses @model: keep it until the last step.
			*def = *lp.Def
			return nil
		}
		if i := slices.IndexFunc(def.Fields, func(f *ast.FieldDefinition) bool { return f.Name == ix.Field }); i >= 0 {
			def.Fields[i] = lf
		} else {
			def.Fields = append(def.Fields, lf)
		}
	default:
		return fmt.Errorf("index %s comes from %s: a join table's indexes cannot be deployed one at a time", ix.Name, ix.Source())
	}
	return nil
}

// bareField is a copy of a field without its directives.
func bareField(f *ast.FieldDefinition) *ast.FieldDefinition {
	c := *f
	c.Directives = nil
	return &c
}

func format(doc *ast.SchemaDocument) string {
	var b strings.Builder
	formatter.NewFormatter(&b, formatter.WithIndent("  ")).FormatSchemaDocument(doc)
	return b.String()
}
