package amplifyschema

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// IndexKind is where an index comes from.
type IndexKind int

const (
	// KindIndex is an explicit @index on a field of the table's own type.
	KindIndex IndexKind = iota + 1
	// KindHasMany is the index a @hasMany field on another type creates on
	// this table (its related type), or a @hasOne(references:) field.
	KindHasMany
	// KindManyToMany is one of the two indexes of a @manyToMany join table.
	KindManyToMany
)

// IndexKey is an index's key: the partition key attribute and the sort
// key attributes (more than one are joined into one composite attribute,
// SortAttribute).
type IndexKey struct {
	Partition string   `json:"partition"`
	Sort      []string `json:"sort"`
}

func (k IndexKey) String() string {
	return "(" + strings.Join(append([]string{k.Partition}, k.Sort...), ", ") + ")"
}

// Equal reports whether two keys are the same.
func (k IndexKey) Equal(o IndexKey) bool {
	return k.Partition == o.Partition && slices.Equal(k.Sort, o.Sort)
}

// SortAttribute is the DynamoDB attribute of the sort key: the one sort
// field, the fields joined with "#" when there are several (the
// transformer's composite sort key), "" when there is none.
func (k IndexKey) SortAttribute() string {
	return strings.Join(k.Sort, "#")
}

// Index is one global secondary index of a table.
type Index struct {
	Name string
	Key  IndexKey
	Kind IndexKind
	// Owner and Field are the type and field carrying the directive that
	// creates the index: the table's type and the indexed field for
	// @index, the parent type and its @hasMany field for KindHasMany, the
	// relation name for KindManyToMany.
	Owner, Field string
	// Directive is the @index directive, or the relational one (nil for a
	// join table's index).
	Directive *ast.Directive
}

// Source says in words where the index comes from.
func (ix Index) Source() string {
	switch ix.Kind {
	case KindIndex:
		return "@index on " + ix.Owner + "." + ix.Field
	case KindHasMany:
		return "@" + ix.Directive.Name + " on " + ix.Owner + "." + ix.Field
	default:
		return "@manyToMany(relationName: " + ix.Owner + ")"
	}
}

// Model is one @model type, that is one table, or a @manyToMany join
// table.
type Model struct {
	// Type is the GraphQL type name (a join table's is the relation name,
	// upper first).
	Type string
	// Table is the model name the DynamoDB table is named after: @mapsTo's
	// name, else Type. The table is Table-<apiId>-<env>; its
	// CloudFormation resource is <Table>Table.
	Table string
	// Def is the type's definition; nil for a join table.
	Def *ast.Definition
	// Key is the primary key: the partition key field, then the sort key
	// fields.
	Key []string
	// AttrTypes is the DynamoDB type ("S" or "N") of every key attribute
	// of the table and its indexes, by attribute name (a composite sort
	// key's attribute, "a#b", is "S").
	AttrTypes map[string]string
	// Relations names the relational fields the type takes part in, on
	// either side ("@hasMany on Blog.posts").
	Relations []string
	// Indexes are the table's global secondary indexes, by name.
	Indexes map[string]Index
	// Auth is the type's @auth rules, then its fields' (nil: no @auth at
	// all); HasAuth says whether the type itself has @auth.
	Auth    []AuthRule
	HasAuth bool
}

// KeySchema is the table's key: Key as an IndexKey.
func (m *Model) KeySchema() IndexKey {
	return IndexKey{Partition: m.Key[0], Sort: m.Key[1:]}
}

// JoinTable reports whether the model is a @manyToMany join table.
func (m *Model) JoinTable() bool { return m.Def == nil }

// SortedIndexes returns the table's indexes by name.
func (m *Model) SortedIndexes() []Index {
	out := make([]Index, 0, len(m.Indexes))
	for _, n := range SortedKeys(m.Indexes) {
		out = append(out, m.Indexes[n])
	}
	return out
}

// Object is an object type with its extensions merged in: its @model
// directive, its @auth directives and its fields over the definition and
// every `extend type`.
type Object struct {
	Name string
	// Def is the first definition (or extension) of the type.
	Def *ast.Definition
	// Model is its @model directive (the first), nil when not a model.
	Model *ast.Directive
	Auth  []*ast.Directive
	// Fields are the definition's fields, then each extension's.
	Fields ast.FieldList
	// owned is set once Fields is a copy, which extensions append to.
	owned bool
	// defined is set when Def is a definition, not an extension.
	defined bool
}

// Schema is the model of one TransformSchema.
type Schema struct {
	Doc *ast.SchemaDocument
	// Objects are the object types by name, with their extensions merged
	// in; Order holds them in document order (definitions, then the
	// extensions of types not defined). Enums names the enum types.
	Objects map[string]*Object
	Order   []*Object
	Enums   map[string]bool
	// Models are the tables by table name, ByType the same by GraphQL
	// type name. Parse and FromDocument build them; a Schema that Read
	// returns has them once Build is called.
	Models map[string]*Model
	ByType map[string]*Model
	// V1 lists the transformer v1 directives used ("@connection", "@key",
	// "@versioned"), sorted.
	V1 []string
	// Uses lists every directive by name, in document order, on types and
	// fields alike.
	Uses map[string][]*ast.Directive
	// plurals keeps the plurals of type names asked for: the Reader's,
	// which outlive the schema, or the schema's own.
	plurals *amplifyname.Plurals
}

// Parse parses a TransformSchema and builds its model. An empty schema has
// no tables. name names the schema in a parse error.
func Parse(name, s string) (*Schema, error) {
	if strings.TrimSpace(s) == "" {
		sc := newSchema(&ast.SchemaDocument{})
		sc.Build()
		return sc, nil
	}
	doc, err := parser.ParseSchema(&ast.Source{Name: name, Input: s})
	if err != nil {
		return nil, fmt.Errorf("parse %s TransformSchema: %w", name, err)
	}
	foldExtensions(doc)
	sc := newSchema(doc)
	sc.Build()
	return sc, nil
}

// FromDocument builds the model of a TransformSchema already parsed, so
// that nothing parses it twice. Unlike Parse it leaves doc as it is: a
// type with `extend type` gets a merged copy as its Model.Def, whose
// fields and directives are doc's own.
func FromDocument(doc *ast.SchemaDocument) *Schema {
	sc := newSchema(doc)
	sc.Build()
	return sc
}

// newSchema models doc's object types and enums; Build adds the tables.
func newSchema(doc *ast.SchemaDocument) *Schema {
	defs := AllDefinitions(doc)
	sc := &Schema{Doc: doc, Objects: make(map[string]*Object, len(defs)), Enums: map[string]bool{}, plurals: &amplifyname.Plurals{}}
	// The objects are carved from one slice, which never grows: a pointer
	// into it stays valid.
	objects := make([]Object, 0, len(defs))
	for i, d := range defs {
		switch d.Kind {
		case ast.Enum:
			sc.Enums[d.Name] = true
		case ast.Object:
			o := sc.Objects[d.Name]
			if o == nil {
				// AllDefinitions lists the definitions before the extensions.
				objects = append(objects, Object{Name: d.Name, Def: d, defined: i < len(doc.Definitions)})
				o = &objects[len(objects)-1]
				sc.Objects[d.Name] = o
				sc.Order = append(sc.Order, o)
			}
			if m := d.Directives.ForName("model"); m != nil && o.Model == nil {
				o.Model = m
			}
			o.Auth = append(o.Auth, d.Directives.ForNames("auth")...)
			switch {
			case o.Fields == nil:
				o.Fields = d.Fields // most types have no extension: no copy
			case !o.owned:
				// Copied once, not once per extension (40,000 extensions
				// of one type took 7 s).
				o.Fields = append(o.Fields[:len(o.Fields):len(o.Fields)], d.Fields...)
				o.owned = true
			default:
				o.Fields = append(o.Fields, d.Fields...)
			}
		}
	}
	return sc
}

// Build builds the tables, their keys and indexes, the relations and the
// directive uses, once.
func (sc *Schema) Build() {
	if sc.Models != nil {
		return
	}
	sc.Models, sc.ByType, sc.Uses = map[string]*Model{}, map[string]*Model{}, map[string][]*ast.Directive{}
	sc.build(mergedDefinitions(sc.Doc))
}

// EnumValue reports whether the enum (any of its definitions and
// extensions) declares the value.
func (sc *Schema) EnumValue(enum, value string) bool {
	for _, d := range AllDefinitions(sc.Doc) {
		if d.Kind == ast.Enum && d.Name == enum && d.EnumValues.ForName(value) != nil {
			return true
		}
	}
	return false
}

// KeyScalar reports whether the transformer accepts a scalar as a key
// field (graphql-transformer-common's DEFAULT_SCALARS); every other named
// type but an enum is a non-scalar to it.
func KeyScalar(name string) bool {
	switch name {
	case "String", "Int", "Float", "Boolean", "ID",
		"BigInt", "Double",
		"AWSDate", "AWSTime", "AWSDateTime", "AWSTimestamp",
		"AWSEmail", "AWSJSON", "AWSURL", "AWSPhone", "AWSIPAddress":
		return true
	}
	return false
}

// KeyType reports whether t can be a key attribute: a scalar the
// transformer knows, or an enum, and not a list.
func (sc *Schema) KeyType(t *ast.Type) bool {
	return t != nil && t.Elem == nil && (KeyScalar(t.NamedType) || sc.Enums[t.NamedType])
}

// mergedDefinitions returns doc's definitions with the `extend type`s
// merged in as foldExtensions merges them, copying only the definitions
// that have extensions.
func mergedDefinitions(doc *ast.SchemaDocument) ast.DefinitionList {
	if len(doc.Extensions) == 0 {
		return doc.Definitions
	}
	defs := slices.Clone(doc.Definitions)
	copied := map[string]*ast.Definition{}
	for _, ext := range doc.Extensions {
		d := copied[ext.Name]
		if d == nil {
			i := slices.IndexFunc(defs, func(d *ast.Definition) bool { return d.Name == ext.Name })
			if i < 0 || defs[i].Kind != ext.Kind {
				continue
			}
			c := *defs[i]
			c.Directives = slices.Clone(c.Directives)
			c.Fields = slices.Clone(c.Fields)
			c.EnumValues = slices.Clone(c.EnumValues)
			d, defs[i] = &c, &c
			copied[ext.Name] = d
		}
		d.Directives = append(d.Directives, ext.Directives...)
		d.Fields = append(d.Fields, ext.Fields...)
		d.EnumValues = append(d.EnumValues, ext.EnumValues...)
	}
	return defs
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

// V1Directive reports whether name is a transformer v1 directive the v2
// transformer no longer knows (@key, @connection, @versioned); the model
// does not read their keys and indexes.
func V1Directive(name string) bool {
	return name == "key" || name == "connection" || name == "versioned"
}

// build models defs, the document's definitions with their extensions
// merged.
func (sc *Schema) build(defs ast.DefinitionList) {
	for _, d := range AllDefinitions(sc.Doc) {
		for _, dir := range d.Directives {
			sc.use(dir)
		}
		for _, f := range d.Fields {
			for _, dir := range f.Directives {
				sc.use(dir)
			}
		}
	}
	slices.Sort(sc.V1)
	for _, d := range defs {
		if d.Kind != ast.Object || d.Directives.ForName("model") == nil {
			continue
		}
		m := &Model{Type: d.Name, Table: tableName(d), Def: d, Key: primaryKey(d), AttrTypes: map[string]string{}, Indexes: map[string]Index{}}
		if sc.Models[m.Table] != nil || sc.ByType[m.Type] != nil {
			// A type declared twice, or two types on one table: the
			// transformer refuses the schema; the first one counts.
			continue
		}
		m.Auth, m.HasAuth = authRules(d)
		sc.addKeyTypes(m, m.KeySchema(), func(f string) string { return sc.fieldAttrType(d, f) })
		sc.Models[m.Table] = m
		sc.ByType[m.Type] = m
	}
	// Explicit indexes.
	for _, m := range sc.SortedModels() {
		for _, f := range m.Def.Fields {
			for _, dir := range f.Directives {
				if dir.Name != "index" {
					continue
				}
				sk := StringList(dir, "sortKeyFields")
				name, _ := sc.IndexName(m.Type, f.Name, dir)
				ix := Index{
					Name: name, Kind: KindIndex, Owner: m.Type, Field: f.Name, Directive: dir,
					Key: IndexKey{Partition: f.Name, Sort: sk},
				}
				m.Indexes[name] = ix
				sc.addKeyTypes(m, ix.Key, func(a string) string { return sc.fieldAttrType(m.Def, a) })
			}
		}
	}
	// Relations and the indexes they create.
	manyToMany := map[string][]*Model{}
	for _, m := range sc.SortedModels() {
		for _, f := range m.Def.Fields {
			target := sc.ByType[baseType(f.Type)]
			for _, dir := range f.Directives {
				switch dir.Name {
				case "hasMany", "hasOne", "belongsTo", "manyToMany":
				default:
					continue
				}
				rel := "@" + dir.Name + " on " + m.Type + "." + f.Name
				m.Relations = appendUnique(m.Relations, rel)
				if target != nil && target != m {
					target.Relations = appendUnique(target.Relations, rel)
				}
				switch {
				case dir.Name == "manyToMany":
					if r := StringArg(dir, "relationName"); r != "" {
						manyToMany[r] = append(manyToMany[r], m)
					}
				case CreatesIndex(dir) && target != nil:
					sc.addRelationIndex(m, f, dir, target)
				}
			}
		}
	}
	for _, r := range SortedKeys(manyToMany) {
		sides := manyToMany[r]
		if len(sides) != 2 {
			continue // the transformer refuses it
		}
		join := &Model{Type: JoinTypeName(r), Table: JoinTypeName(r), Key: []string{"id"},
			AttrTypes: map[string]string{"id": "S"}, Indexes: map[string]Index{}}
		if _, clash := sc.Models[join.Table]; clash {
			continue // the transformer refuses it
		}
		for _, side := range sides {
			join.Relations = appendUnique(join.Relations, "@manyToMany(relationName: "+r+")")
			field := amplifyname.LowerFirst(side.Type)
			sk := make([]string, 0, len(side.Key)-1)
			for _, s := range side.Key[1:] {
				sk = append(sk, amplifyname.LowerFirst(side.Table)+s)
			}
			name := "by" + side.Table
			ix := Index{
				Name: name, Kind: KindManyToMany, Owner: r,
				Key: IndexKey{Partition: field + amplifyname.UpperFirst(side.Key[0]), Sort: sk},
			}
			join.Indexes[name] = ix
			sideKey := side.Key
			sc.addKeyTypes(join, ix.Key, func(a string) string {
				if a == ix.Key.Partition {
					return side.AttrTypes[sideKey[0]]
				}
				for i, s := range sk {
					if s == a {
						return side.AttrTypes[sideKey[i+1]]
					}
				}
				return "S"
			})
		}
		sc.Models[join.Table] = join
	}
}

// use records a directive use.
func (sc *Schema) use(dir *ast.Directive) {
	sc.Uses[dir.Name] = append(sc.Uses[dir.Name], dir)
	if V1Directive(dir.Name) {
		sc.V1 = appendUnique(sc.V1, "@"+dir.Name)
	}
}

// addKeyTypes records the attribute types of a key; typeOf gives a single
// field's type. A composite sort key is a string.
func (sc *Schema) addKeyTypes(m *Model, k IndexKey, typeOf func(string) string) {
	m.AttrTypes[k.Partition] = typeOf(k.Partition)
	switch len(k.Sort) {
	case 0:
	case 1:
		m.AttrTypes[k.Sort[0]] = typeOf(k.Sort[0])
	default:
		m.AttrTypes[k.SortAttribute()] = "S"
	}
}

// fieldAttrType is the DynamoDB type of a field of d used as a key, as the
// transformer's attributeTypeFromType maps it: Int, Float and
// AWSTimestamp are numbers, everything else (ID, String, the other AWS
// scalars, enums) a string.
func (sc *Schema) fieldAttrType(d *ast.Definition, field string) string {
	f := d.Fields.ForName(field)
	if f == nil {
		return "S"
	}
	return scalarAttrType(baseType(f.Type))
}

func scalarAttrType(name string) string {
	switch name {
	case "Int", "Float", "AWSTimestamp":
		return "N"
	}
	return "S"
}

// addRelationIndex records the index a @hasMany field creates on its
// related type: gsi-Parent.field (Parent's @mapsTo name where it has one),
// unless the directive names an existing index (indexName) or the child
// fields to use (fields), in which case the index, if any, is the child's
// own @index. @hasMany(references:) and @hasOne(references:) create
// gsi-Parent.field (Parent's GraphQL type name, @mapsTo or not: the
// references transformers name it after config.object) keyed by the first
// reference and sorted by the others; @hasOne otherwise creates none (the
// parent holds the key).
func (sc *Schema) addRelationIndex(parent *Model, f *ast.FieldDefinition, dir *ast.Directive, child *Model) {
	if refs := StringList(dir, "references"); len(refs) > 0 {
		name := RelationIndexName(parent.Type, f.Name)
		ix := Index{Name: name, Kind: KindHasMany, Owner: parent.Type, Field: f.Name, Directive: dir, Key: IndexKey{Partition: refs[0], Sort: refs[1:]}}
		child.Indexes[name] = ix
		sc.addKeyTypes(child, ix.Key, func(a string) string { return sc.fieldAttrType(child.Def, a) })
		return
	}
	name := RelationIndexName(parent.Table, f.Name)
	// The connection attributes are named parentField + the parent's key
	// fields (respectPrimaryKeyAttributesOnConnectionField, the default).
	key := IndexKey{Partition: amplifyname.Camel(parent.Table, f.Name, parent.Key[0])}
	types := map[string]string{key.Partition: parent.AttrTypes[parent.Key[0]]}
	for _, s := range parent.Key[1:] {
		a := amplifyname.Camel(parent.Table, f.Name, s)
		key.Sort = append(key.Sort, a)
		types[a] = parent.AttrTypes[s]
	}
	child.Indexes[name] = Index{Name: name, Kind: KindHasMany, Owner: parent.Type, Field: f.Name, Directive: dir, Key: key}
	sc.addKeyTypes(child, key, func(a string) string { return types[a] })
}

// IndexName is the name of the index an @index directive dir on field of
// type typ creates: its name argument (explicit), else the name the index
// transformer generates, <types>By<Field>And<SortKey>... (with the sort
// key fields of its sortKeyFields).
func (sc *Schema) IndexName(typ, field string, dir *ast.Directive) (name string, explicit bool) {
	if a := dir.Arguments.ForName("name"); a != nil && a.Value != nil && a.Value.Kind == ast.StringValue {
		return a.Value.Raw, true
	}
	return sc.DefaultIndexName(typ, field, StringList(dir, "sortKeyFields")), false
}

// DefaultIndexName is the name the index transformer gives an @index on
// field of type typ with the sort key fields sortKeys when it names none
// (amplifyname.IndexName, with typ's plural as pluralize gives it).
func (sc *Schema) DefaultIndexName(typ, field string, sortKeys []string) string {
	return amplifyname.IndexName(sc.plurals.Of(typ), field, sortKeys)
}

// RelationIndexName is the name of the index a relation on field of
// parent creates on its related table: gsi-<parent>.<field>. parent is the
// model's table name (its @mapsTo name where it has one) for a @hasMany
// without references, and its GraphQL type name for a @hasMany or @hasOne
// with references (the references transformers name the index after
// config.object, not after the mapped name).
func RelationIndexName(parent, field string) string {
	return "gsi-" + parent + "." + field
}

// CreatesIndex reports whether a relational directive dir creates an index
// on its related table (RelationIndexName): a @hasMany or @hasOne with
// references, or a @hasMany that names neither an existing index
// (indexName) nor the child's fields (fields).
func CreatesIndex(dir *ast.Directive) bool {
	switch dir.Name {
	case "hasMany", "hasOne":
	default:
		return false
	}
	if len(StringList(dir, "references")) > 0 {
		return true
	}
	return dir.Name == "hasMany" && StringArg(dir, "indexName") == "" && len(StringList(dir, "fields")) == 0
}

// JoinTypeName is the name of the join model (and table) a @manyToMany
// relation makes: its relationName upper first, with what a GraphQL name
// cannot hold removed (graphql-transformer-common's
// graphqlName(toUpper(...))).
func JoinTypeName(relation string) string {
	s := amplifyname.UpperFirst(relation)
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		ch := s[i]
		letter := ch == '_' || ch >= 'A' && ch <= 'Z' || ch >= 'a' && ch <= 'z'
		digit := ch >= '0' && ch <= '9'
		if letter || digit && b.Len() > 0 {
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// SortedModels returns the @model tables (not the join tables) by table
// name.
func (sc *Schema) SortedModels() []*Model {
	ms := make([]*Model, 0, len(sc.Models))
	for _, m := range sc.Models {
		if m.Def != nil {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Table < ms[j].Table })
	return ms
}

// Tables returns every table, join tables included, by table name.
func (sc *Schema) Tables() []*Model {
	out := make([]*Model, 0, len(sc.Models))
	for _, n := range SortedKeys(sc.Models) {
		out = append(out, sc.Models[n])
	}
	return out
}

// tableName is the model name the table is named after: @mapsTo's name,
// else the type's own.
func tableName(d *ast.Definition) string {
	if m := d.Directives.ForName("mapsTo"); m != nil {
		if n := StringArg(m, "name"); n != "" {
			return n
		}
	}
	return d.Name
}

// primaryKey is the @primaryKey field and its sortKeyFields, or id.
func primaryKey(d *ast.Definition) []string {
	for _, f := range d.Fields {
		if pk := f.Directives.ForName("primaryKey"); pk != nil {
			return append([]string{f.Name}, StringList(pk, "sortKeyFields")...)
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

// StringArg is a directive's string argument, "" when absent.
func StringArg(d *ast.Directive, name string) string {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil || a.Value.Kind != ast.StringValue {
		return ""
	}
	return a.Value.Raw
}

// StringList is a directive's [String] argument; a single string counts
// as a list of one, as the transformer reads it.
func StringList(d *ast.Directive, name string) []string {
	a := d.Arguments.ForName(name)
	if a == nil || a.Value == nil {
		return nil
	}
	return valueStrings(a.Value, ast.StringValue)
}

// valueStrings is a value of kind, or a list's values of kind.
func valueStrings(v *ast.Value, kind ast.ValueKind) []string {
	switch v.Kind {
	case kind:
		return []string{v.Raw}
	case ast.ListValue:
		var out []string
		for _, c := range v.Children {
			if c.Value != nil && c.Value.Kind == kind {
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

// SortedKeys returns a map's keys in order.
func SortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// MayExceedIndexes reports whether some table of the document could have
// more than limit global secondary indexes, counting every @index on a
// type's fields and every @hasMany and @hasOne towards its related type as
// one: an upper bound of len(Model.Indexes) that needs no model, since
// nearly every schema is far under and naming the indexes costs more.
func MayExceedIndexes(doc *ast.SchemaDocument, limit int) bool {
	var counts map[string]int
	for _, d := range AllDefinitions(doc) {
		if d.Kind != ast.Object {
			continue
		}
		for _, f := range d.Fields {
			for _, dir := range f.Directives {
				table := ""
				switch dir.Name {
				case "index":
					table = d.Name
				case "hasMany", "hasOne":
					table = baseType(f.Type)
				default:
					continue
				}
				if counts == nil {
					counts = map[string]int{}
				}
				counts[table]++
				if counts[table] > limit {
					return true
				}
			}
		}
	}
	return false
}

// AllDefinitions returns the document's definitions followed by its
// extensions, copying only when there are extensions.
func AllDefinitions(doc *ast.SchemaDocument) ast.DefinitionList {
	if len(doc.Extensions) == 0 {
		return doc.Definitions
	}
	return slices.Concat(doc.Definitions, doc.Extensions)
}
