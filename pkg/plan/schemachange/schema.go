package schemachange

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// indexKind is where an index comes from.
type indexKind int

const (
	// kindIndex is an explicit @index on a field of the table's own type.
	kindIndex indexKind = iota + 1
	// kindHasMany is the index a @hasMany field on another type creates on
	// this table (its related type), or a @hasOne(references:) field.
	kindHasMany
	// kindManyToMany is one of the two indexes of a @manyToMany join table.
	kindManyToMany
)

// index is one global secondary index of a table.
type index struct {
	name string
	key  IndexKey
	kind indexKind
	// owner and field are the type and field carrying the directive that
	// creates the index: the table's type and the indexed field for
	// @index, the parent type and its @hasMany field for kindHasMany.
	owner, field string
	// directive is the @index directive, or the relational one.
	directive *ast.Directive
}

// source says in words where the index comes from.
func (ix index) source() string {
	switch ix.kind {
	case kindIndex:
		return "@index on " + ix.owner + "." + ix.field
	case kindHasMany:
		return "@" + ix.directive.Name + " on " + ix.owner + "." + ix.field
	default:
		return "@manyToMany(relationName: " + ix.owner + ")"
	}
}

// model is one @model type, that is one table.
type model struct {
	typeName string
	table    string
	def      *ast.Definition // nil for a @manyToMany join table
	// key is the primary key: the partition key field, then the sort key
	// fields.
	key []string
	// relations names the relational fields the type takes part in, on
	// either side ("@hasMany on Blog.posts").
	relations []string
	indexes   map[string]index
}

// schema is what the analysis knows of one TransformSchema.
type schema struct {
	doc    *ast.SchemaDocument
	models map[string]*model // by table name
	byType map[string]*model // by GraphQL type name
	// v1 lists the transformer v1 directives used ("@key", "@connection").
	v1 []string
}

// parse parses a TransformSchema and finds its tables. An empty schema has
// no tables.
func parse(name, s string) (*schema, error) {
	sc := &schema{models: map[string]*model{}, byType: map[string]*model{}}
	if strings.TrimSpace(s) == "" {
		sc.doc = &ast.SchemaDocument{}
		return sc, nil
	}
	doc, err := parser.ParseSchema(&ast.Source{Name: name, Input: s})
	if err != nil {
		return nil, fmt.Errorf("parse %s TransformSchema: %w", name, err)
	}
	foldExtensions(doc)
	sc.doc = doc
	sc.build()
	return sc, nil
}

// foldExtensions merges `extend type` into the definitions they extend, so
// that a type's fields and directives are in one place.
func foldExtensions(doc *ast.SchemaDocument) {
	var rest ast.DefinitionList
	for _, ext := range doc.Extensions {
		d := doc.Definitions.ForName(ext.Name)
		if d == nil || d.Kind != ext.Kind {
			rest = append(rest, ext)
			continue
		}
		d.Directives = append(d.Directives, ext.Directives...)
		d.Fields = append(d.Fields, ext.Fields...)
		d.EnumValues = append(d.EnumValues, ext.EnumValues...)
	}
	doc.Extensions = rest
}

func (sc *schema) build() {
	for _, d := range sc.doc.Definitions {
		for _, dir := range d.Directives {
			if dir.Name == "key" {
				sc.v1 = appendUnique(sc.v1, "@key")
			}
		}
		for _, f := range d.Fields {
			if f.Directives.ForName("connection") != nil {
				sc.v1 = appendUnique(sc.v1, "@connection")
			}
		}
	}
	for _, d := range sc.doc.Definitions {
		if d.Kind != ast.Object || d.Directives.ForName("model") == nil {
			continue
		}
		m := &model{typeName: d.Name, table: tableName(d), def: d, key: primaryKey(d), indexes: map[string]index{}}
		if sc.models[m.table] != nil || sc.byType[m.typeName] != nil {
			// A type declared twice, or two types on one table: the
			// transformer refuses the schema; the first one counts.
			continue
		}
		sc.models[m.table] = m
		sc.byType[m.typeName] = m
	}
	// Explicit indexes.
	for _, m := range sc.sortedModels() {
		for _, f := range m.def.Fields {
			for _, dir := range f.Directives {
				if dir.Name != "index" {
					continue
				}
				sk := stringList(dir, "sortKeyFields")
				name := stringArg(dir, "name")
				if name == "" {
					name = amplifyname.IndexName(m.typeName, f.Name, sk)
				}
				m.indexes[name] = index{
					name: name, kind: kindIndex, owner: m.typeName, field: f.Name, directive: dir,
					key: IndexKey{Partition: f.Name, Sort: sk},
				}
			}
		}
	}
	// Relations and the indexes they create.
	manyToMany := map[string][]*model{}
	for _, m := range sc.sortedModels() {
		for _, f := range m.def.Fields {
			target := sc.byType[baseType(f.Type)]
			for _, dir := range f.Directives {
				switch dir.Name {
				case "hasMany", "hasOne", "belongsTo", "manyToMany":
				default:
					continue
				}
				rel := "@" + dir.Name + " on " + m.typeName + "." + f.Name
				m.relations = appendUnique(m.relations, rel)
				if target != nil && target != m {
					target.relations = appendUnique(target.relations, rel)
				}
				switch {
				case dir.Name == "manyToMany":
					if r := stringArg(dir, "relationName"); r != "" {
						manyToMany[r] = append(manyToMany[r], m)
					}
				case (dir.Name == "hasMany" || dir.Name == "hasOne") && target != nil:
					sc.addRelationIndex(m, f, dir, target)
				}
			}
		}
	}
	for _, r := range sortedKeys(manyToMany) {
		sides := manyToMany[r]
		if len(sides) != 2 {
			continue // the transformer refuses it
		}
		join := &model{typeName: amplifyname.UpperFirst(r), table: amplifyname.UpperFirst(r), key: []string{"id"}, indexes: map[string]index{}}
		if _, clash := sc.models[join.table]; clash {
			continue // the transformer refuses it
		}
		for _, side := range sides {
			join.relations = appendUnique(join.relations, "@manyToMany(relationName: "+r+")")
			field := amplifyname.LowerFirst(side.typeName)
			sk := make([]string, 0, len(side.key)-1)
			for _, s := range side.key[1:] {
				sk = append(sk, amplifyname.LowerFirst(side.table)+s)
			}
			name := "by" + side.table
			join.indexes[name] = index{
				name: name, kind: kindManyToMany, owner: r,
				key: IndexKey{Partition: field + amplifyname.UpperFirst(side.key[0]), Sort: sk},
			}
		}
		sc.models[join.table] = join
	}
}

// addRelationIndex records the index a @hasMany field creates on its
// related type: gsi-Parent.field, unless the directive names an existing
// index (indexName) or the child fields to use (fields), in which case
// the index, if any, is the child's own @index. @hasMany(references:) and
// @hasOne(references:) create gsi-Parent.field keyed by the first
// reference; @hasOne otherwise creates none (the parent holds the key).
func (sc *schema) addRelationIndex(parent *model, f *ast.FieldDefinition, dir *ast.Directive, child *model) {
	name := "gsi-" + parent.table + "." + f.Name
	if refs := stringList(dir, "references"); len(refs) > 0 {
		child.indexes[name] = index{name: name, kind: kindHasMany, owner: parent.typeName, field: f.Name, directive: dir, key: IndexKey{Partition: refs[0]}}
		return
	}
	if dir.Name != "hasMany" || stringArg(dir, "indexName") != "" || len(stringList(dir, "fields")) > 0 {
		return
	}
	// The connection attributes are named parentField + the parent's key
	// fields (respectPrimaryKeyAttributesOnConnectionField, the default).
	key := IndexKey{Partition: amplifyname.Camel(parent.table, f.Name, parent.key[0])}
	for _, s := range parent.key[1:] {
		key.Sort = append(key.Sort, amplifyname.Camel(parent.table, f.Name, s))
	}
	child.indexes[name] = index{name: name, kind: kindHasMany, owner: parent.typeName, field: f.Name, directive: dir, key: key}
}

func (sc *schema) sortedModels() []*model {
	ms := make([]*model, 0, len(sc.models))
	for _, m := range sc.models {
		if m.def != nil {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].table < ms[j].table })
	return ms
}

// tableName is the model name the table is named after: @mapsTo's name,
// else the type's own.
func tableName(d *ast.Definition) string {
	if m := d.Directives.ForName("mapsTo"); m != nil {
		if n := stringArg(m, "name"); n != "" {
			return n
		}
	}
	return d.Name
}

// primaryKey is the @primaryKey field and its sortKeyFields, or id.
func primaryKey(d *ast.Definition) []string {
	for _, f := range d.Fields {
		if pk := f.Directives.ForName("primaryKey"); pk != nil {
			return append([]string{f.Name}, stringList(pk, "sortKeyFields")...)
		}
	}
	return []string{"id"}
}

func baseType(t *ast.Type) string {
	for t != nil && t.NamedType == "" {
		t = t.Elem
	}
	if t == nil {
		return ""
	}
	return t.NamedType
}

// stringArg is a directive's string argument, "" when absent.
func stringArg(d *ast.Directive, name string) string {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil || a.Value.Kind != ast.StringValue {
		return ""
	}
	return a.Value.Raw
}

// stringList is a directive's [String] argument; a single string counts
// as a list of one, as the transformer reads it.
func stringList(d *ast.Directive, name string) []string {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil
	}
	switch a.Value.Kind {
	case ast.StringValue:
		return []string{a.Value.Raw}
	case ast.ListValue:
		var out []string
		for _, c := range a.Value.Children {
			if c.Value != nil && c.Value.Kind == ast.StringValue {
				out = append(out, c.Value.Raw)
			}
		}
		return out
	}
	return nil
}

func appendUnique(s []string, v string) []string {
	if slices.Contains(s, v) {
		return s
	}
	return append(s, v)
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
