package oracle

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/internal/gencorpus/schemagen"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/google/go-cmp/cmp"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/parser"
)

// gsiLimit is DynamoDB's default quota of GSIs per table, the limit
// graphql-gsi-limit holds a table to.
const gsiLimit = 20

// TestIndexViewsAgree checks, over the generated corpus, that the three
// views of a table's indexes come from the one model (pkg/amplifyschema)
// and agree where they can still diverge:
//
//   - validate builds the model from its own parse (FromDocument, with
//     `extend type` merged into copies) and only when a cheap bound
//     (MayExceedIndexes) says a table may be over the limit;
//     schemachange builds it with Parse (extensions folded into the
//     document). Both give every table the same indexes.
//   - validate's graphql-gsi-limit: padding every table with @index fields
//     to exactly the limit gives no finding; padding one table to one more
//     gives one finding, counting the model's indexes plus the padding.
//   - schemachange's plan and the emulator's GSI check (which calls
//     schemachange.CheckUpdate): adding one index to a table is one GSI
//     creation on the model's table, within CloudFormation's budget;
//     adding two fails the update naming the model's table (@mapsTo's
//     name, not the type's).
func TestIndexViewsAgree(t *testing.T) {
	n := *generatedFlag
	if testing.Short() {
		n = 300
	}
	type variant struct {
		typ, table string
		indexes    int // the model's
	}
	var specs strings.Builder
	var files []string
	dir := t.TempDir()
	docs, serial := 0, 0 // documents in the file being written, in all
	flush := func(i int) {
		if specs.Len() == 0 {
			return
		}
		docs = 0
		f := filepath.Join(dir, fmt.Sprintf("views-%05d.yaml", i))
		if err := os.WriteFile(f, []byte(specs.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
		specs.Reset()
	}
	// want[file][document] lists the tables graphql-gsi-limit must report
	// in that document (nil: none).
	want := map[string]map[int][]variant{}
	checked, tables := 0, 0
	for i := range n {
		c := schemagen.Generate(*seedFlag, i)
		doc, err := parser.ParseSchema(&ast.Source{Name: c.Name, Input: c.Schema})
		if err != nil {
			continue // a case with broken syntax has no model
		}
		fromDoc := amplifyschema.FromDocument(doc)
		parsed, err := amplifyschema.Parse(c.Name, c.Schema)
		if err != nil {
			t.Fatalf("%s: Parse fails where parser.ParseSchema does not: %v", c.Name, err)
		}
		if diff := cmp.Diff(indexesByTable(parsed), indexesByTable(fromDoc)); diff != "" {
			t.Errorf("%s: validate's model (FromDocument) and schemachange's (Parse) differ (-Parse +FromDocument):\n%s\n%s", c.Name, diff, c.Schema)
			continue
		}
		if len(parsed.V1) > 0 {
			continue // v1's @key indexes are not modelled
		}
		checked++
		var vs []variant
		for _, m := range parsed.SortedModels() {
			if len(m.Indexes) < gsiLimit {
				vs = append(vs, variant{m.Type, m.Table, len(m.Indexes)})
			}
		}
		tables += len(vs)
		if len(vs) == 0 {
			continue
		}
		// schemachange and the emulator: one index more on a table is
		// one creation; two more fail the update on the model's table.
		for _, v := range vs {
			live := pad(t, c.Schema, nil)
			one := pad(t, c.Schema, map[string]int{v.typ: 1})
			r, err := schemachange.Analyze(live, one)
			if err != nil {
				t.Fatalf("%s: Analyze: %v", c.Name, err)
			}
			if len(r.Tables) != 1 || r.Tables[0].Table != v.table || r.Tables[0].GSIOps != 1 || len(r.Tables[0].Indexes) != 1 || r.Tables[0].Indexes[0].Name != "bapiPad0" {
				t.Errorf("%s: adding bapiPad0 to %s: schemachange reports %+v, want one creation on table %s", c.Name, v.typ, r.Tables, v.table)
			}
			if err := schemachange.CheckUpdate(live, one); err != nil {
				t.Errorf("%s: adding one index to %s: the emulator's check fails the update: %v", c.Name, v.typ, err)
			}
			err = schemachange.CheckUpdate(live, pad(t, c.Schema, map[string]int{v.typ: 2}))
			if err == nil || !strings.Contains(err.Error(), "resource "+v.table+"Table ") {
				t.Errorf("%s: adding two indexes to %s: the emulator's check says %v, want a failure naming %sTable", c.Name, v.typ, err, v.table)
			}
		}
		// validate: every table padded to the limit, no finding; one
		// table padded to one more (alone, so that no other table's bound
		// builds the model), one finding.
		type padded struct {
			schema string
			over   []variant
		}
		toLimit := map[string]int{}
		for _, v := range vs {
			toLimit[v.typ] = gsiLimit - v.indexes
		}
		ds := []padded{{pad(t, c.Schema, toLimit), nil}}
		for _, v := range vs {
			ds = append(ds, padded{pad(t, c.Schema, map[string]int{v.typ: gsiLimit + 1 - v.indexes}), []variant{v}})
		}
		name := filepath.Join(dir, fmt.Sprintf("views-%05d.yaml", len(files)))
		if want[name] == nil {
			want[name] = map[int][]variant{}
		}
		for _, d := range ds {
			if docs > 0 {
				specs.WriteString("---\n")
			}
			c.Schema = d.schema
			specs.WriteString(specYAML(c, serial))
			want[name][docs] = d.over
			docs++
			serial++
		}
		if docs >= 100 {
			flush(len(files))
		}
	}
	flush(len(files))
	if checked < n/2 || tables < n {
		t.Fatalf("only %d of %d generated schemas with %d tables checked: the corpus no longer exercises the views", checked, n, tables)
	}
	var sources []spec.Source
	for _, f := range files {
		sources = append(sources, spec.Source{Path: f, Name: f})
	}
	res, err := validate.Run(context.Background(), sources, validate.Options{Rules: validate.All()})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]map[int][]string{}
	// A schema gqlparser's validation refuses (a generated mistake) gets
	// no transformer checks: its documents are not judged.
	invalid := map[string]map[int]bool{}
	for _, f := range res.Findings {
		if f.Rule == validate.RuleGraphQLValid {
			if invalid[f.File] == nil {
				invalid[f.File] = map[int]bool{}
			}
			invalid[f.File][f.Document] = true
		}
		if f.Rule != validate.RuleGSILimit {
			continue
		}
		if got[f.File] == nil {
			got[f.File] = map[int][]string{}
		}
		got[f.File][f.Document] = append(got[f.File][f.Document], f.Message)
	}
	judged := 0
	for file, docs := range want {
		for d, vs := range docs {
			if invalid[file][d] {
				continue
			}
			judged++
			msgs := got[file][d]
			if len(msgs) != len(vs) {
				t.Errorf("%s, document %d: graphql-gsi-limit reports %d tables, want %d (%v):\n%s", filepath.Base(file), d, len(msgs), len(vs), vs, strings.Join(msgs, "\n"))
				continue
			}
			for _, v := range vs {
				w := fmt.Sprintf("the table of %s would have %d global secondary indexes", v.typ, gsiLimit+1)
				if !slices.ContainsFunc(msgs, func(m string) bool { return strings.HasPrefix(m, w) }) {
					t.Errorf("%s, document %d: graphql-gsi-limit does not say %q:\n%s", filepath.Base(file), d, w, strings.Join(msgs, "\n"))
				}
			}
		}
	}
	if judged < serial*3/4 {
		t.Errorf("validate judged %d of the %d documents (the rest fail graphql-valid): the corpus no longer exercises graphql-gsi-limit", judged, serial)
	}
	t.Logf("%d generated schemas, %d tables: FromDocument and Parse agree on all, schemachange's plan and the emulator's check agree with the model on all; validate's graphql-gsi-limit on the %d documents (of %d) gqlparser validates", checked, tables, judged, serial)
}

// pad returns schema, formatted, with @index fields added to the
// definitions of the types n names: bapiPad0 to bapiPad<n-1>, each an
// index of its own name. The fields go into the type's own definition,
// not an extension, whose fields gqlparser's validation copies into the
// definition, so that validate would count them twice.
func pad(t *testing.T, schema string, n map[string]int) string {
	t.Helper()
	doc, err := parser.ParseSchema(&ast.Source{Name: "pad", Input: schema})
	if err != nil {
		t.Fatal(err)
	}
	for typ, k := range n {
		d := doc.Definitions.ForName(typ)
		for i := range k {
			name := fmt.Sprintf("bapiPad%d", i)
			d.Fields = append(d.Fields, &ast.FieldDefinition{
				Name: name, Type: ast.NamedType("String", nil),
				Directives: ast.DirectiveList{{Name: "index", Arguments: ast.ArgumentList{{
					Name: "name", Value: &ast.Value{Kind: ast.StringValue, Raw: name},
				}}}},
			})
		}
	}
	var b strings.Builder
	formatter.NewFormatter(&b).FormatSchemaDocument(doc)
	return b.String()
}

// indexesByTable is each table's index names and keys.
func indexesByTable(sc *amplifyschema.Schema) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, m := range sc.Tables() {
		ix := map[string]string{}
		for _, i := range m.SortedIndexes() {
			ix[i.Name] = i.Key.String() + " " + i.Source()
		}
		out[m.Table] = ix
	}
	return out
}
