package validate

import (
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// RuleV1Key is the ID of the checks the transformer v1 line makes on @key,
// @connection and @versioned (graphql-key-transformer's validate,
// graphql-connection-transformer, graphql-versioned-transformer), for
// projects on transformer v1. The ID predates the @connection checks.
const RuleV1Key = "graphql-v1-key"

func v1KeyRule() *Rule {
	return &Rule{ID: RuleV1Key, Severity: finding.Error, Summary: "On transformer v1, every @key is on a @model type, names existing scalar or enum fields (non-null ones for the primary key) and is the only primary key or the only key of its name; every @connection relates @model types, its fields match the related table's primary key or the @key its keyName names, and its name, sortField and keyField are as the v1 connection transformer needs; @versioned is on a @model type and its field is an Int"}
}

// checkV1Keys reports what the v1 key and versioned transformers refuse.
// It runs on transformer v1 projects only (v2 refuses the directives
// themselves: graphql-v1-mixed). Like the transformer, it reads the type's
// definition, not its extensions (Schema.V1Definition).
func checkV1Keys(c *tcheck, o *amplifyschema.Object) {
	if c.version != 1 {
		return
	}
	def := c.ts.V1Definition(o.Name)
	if def == nil {
		return // an extension only: the transformer does not transform it
	}
	model := def.Directives.ForName("model") != nil
	var primary *ast.Directive
	names := map[string]bool{}
	for _, dir := range def.Directives {
		switch dir.Name {
		case "versioned":
			field := "version"
			if v := argValue(dir, "versionField"); v != nil && v.Kind == ast.StringValue {
				field = v.Raw
			}
			if !model {
				c.errorAt(RuleV1Key, dir.Position, "Types annotated with @versioned must also be annotated with @model: add @model to %s, or drop @versioned", o.Name)
				continue
			}
			// The versioned transformer reads the type as the model
			// transformer left it, extensions merged: o.Fields.
			if f := o.Fields.ForName(field); f != nil && f.Type.Name() != "Int" && f.Type.Name() != "BigInt" {
				c.errorAt(RuleV1Key, f.Position, "The versionField %q is required to be of type \"Int\" or \"BigInt\": make %s.%s an Int!", field, o.Name, field)
			}
		case "key":
			if !model {
				c.errorAt(RuleV1Key, dir.Position, "The @key directive may only be added to object definitions annotated with @model: add @model to %s", o.Name)
				continue
			}
			fieldsVal := argValue(dir, "fields")
			fields, pos := stringList(fieldsVal)
			if fieldsVal != nil && fieldsVal.Kind == ast.ListValue && len(fieldsVal.Children) == 0 {
				// The transformer fails on it with a TypeError before it
				// reaches this message of its own.
				c.errorAt(RuleV1Key, fieldsVal.Position, "@key directives must include at least one field: name the partition key field, then any sort key fields")
			}
			if fieldsVal != nil && fieldsVal.Kind == ast.StringValue && len(fieldsVal.Raw) != 1 {
				// GraphQL takes a string for a list of one, but the key
				// transformer iterates it as a JavaScript string, by
				// character: fields: "id" names fields i and d.
				c.errorAt(RuleV1Key, fieldsVal.Position, "@key fields must be a list: the v1 transformer reads a string as the list of its characters, each a field name (so @key on type '%s' names nonexistent fields); write fields: [%q]", o.Name, fieldsVal.Raw)
				continue
			}
			nameVal := argValue(dir, "name")
			isPrimary := amplifyschema.StringArg(dir, "name") == "" // the transformer's !name, as V1Keys
			keyName := "<unnamed>"
			if isPrimary {
				if primary != nil {
					c.errorAt(RuleV1Key, dir.Position, "You may only supply one primary @key on type '%s' (the first is at line %d): give this one a name", o.Name, c.lineOf(primary.Position))
				}
				primary = dir
				if qf := argValue(dir, "queryField"); qf != nil && qf.Kind != ast.NullValue {
					c.errorAt(RuleV1Key, qf.Position, "You cannot pass 'queryField' to the primary @key on type '%s': name the key to get a query", o.Name)
				}
			} else {
				keyName = nameVal.Raw
				if names[keyName] {
					c.errorAt(RuleV1Key, nameVal.Position, "You may only supply one @key with the name '%s' on type '%s'", keyName, o.Name)
				}
				names[keyName] = true
			}
			for i, n := range fields {
				f := def.Fields.ForName(n)
				switch {
				case f == nil:
					c.errorAt(RuleV1Key, pos[i], "You cannot specify a nonexistent field '%s' in @key '%s' on type '%s'", n, keyName, o.Name)
				case isPrimary && !f.Type.NonNull:
					c.errorAt(RuleV1Key, pos[i], "The primary @key on type '%s' must reference non-null fields: make %s %s!", o.Name, n, f.Type.String())
				case f.Type.Elem != nil && c.ts.KeyType(&ast.Type{NamedType: f.Type.Name()}):
					// Stricter than the v1 transformer on purpose: it reads
					// a list's base type (attributeTypeFromType) and
					// deploys the table, but a DynamoDB key attribute is a
					// scalar (string, number or binary), so every write of
					// the type would then fail.
					c.errorAt(RuleV1Key, pos[i], "A @key on type '%s' cannot reference list field %s: the v1 transformer deploys it, but a DynamoDB key attribute holds one string, number or binary value, so every create and update of %s would fail; key a field of type %s", o.Name, n, o.Name, f.Type.Name())
				case !c.ts.KeyType(f.Type) || f.Type.Name() == "Boolean":
					c.errorAt(RuleV1Key, pos[i], "A @key on type '%s' cannot reference non-scalar field %s", o.Name, n)
				}
			}
		}
	}
	// A named @key on the primary key's partition key is a local
	// secondary index, which needs a sort key on the primary key.
	if p, indexes := amplifyschema.V1Keys(def); model && p.Directive != nil && len(p.Key.Sort) == 0 {
		for _, ix := range indexes {
			if ix.Key.Partition == p.Key.Partition {
				c.errorAt(RuleV1Key, ix.Directive.Position, "Invalid @key %q. You may not create a @key where the first field in 'fields' is the same as that of the primary @key unless the primary @key has multiple 'fields'. You cannot have a local secondary index without a sort key in the primary index: add a sort key field to the primary @key, or start %q with another field", ix.Name, ix.Name)
			}
		}
	}
}

// checkV1Connections reports what the v1 connection transformer
// (graphql-connection-transformer 5.2, ModelConnectionTransformer) refuses:
// a @connection on a field of a type that is not a @model, or to a type
// that is not an object type with @model; then, with fields, what
// connectionWithKey refuses (v1ConnectionWithKey), and without,
// what the name:-style connection refuses (v1NamedConnection). Like
// checkV1Keys, it runs on transformer v1 projects only. It reads the
// type's definition, not its extensions, as the transformer does
// (Schema.V1Definition).
//
// One throw of the transformer has no check: extendTypeWithConnection's
// "Could not find a object or interface type named", as the parent it
// looks up is the object type the @connection is on, which always exists.
func checkV1Connections(c *tcheck, o *amplifyschema.Object) {
	if c.version != 1 {
		return
	}
	def := c.ts.V1Definition(o.Name)
	if def == nil {
		return // an extension only: the transformer does not transform it
	}
	for _, f := range def.Fields {
		dir := f.Directives.ForName("connection")
		if dir == nil {
			continue
		}
		if def.Directives.ForName("model") == nil {
			c.errorAt(RuleV1Key, dir.Position, "@connection must be on an @model object type field: add @model to %s, or resolve %s.%s another way", o.Name, o.Name, f.Name)
			continue
		}
		related := c.ts.V1Definition(f.Type.Name())
		if related == nil {
			c.errorAt(RuleV1Key, dir.Position, "Could not find an object type named %s: @connection relates @model types (declared with type, not only extend type)", f.Type.Name())
			continue
		}
		if related.Directives.ForName("model") == nil {
			c.errorAt(RuleV1Key, dir.Position, "Object type %s must be annotated with @model: @connection relates @model types", related.Name)
			continue
		}
		// The transformer takes the fields branch when the argument is
		// truthy to JavaScript: given and not null or "" (an empty list
		// included).
		if v := argValue(dir, "fields"); v != nil && v.Kind != ast.NullValue && (v.Kind != ast.StringValue || v.Raw != "") {
			v1ConnectionWithKey(c, def, f, dir, related)
		} else {
			v1NamedConnection(c, def, f, dir, related)
		}
	}
}

// checkV1InterfaceConnections reports a @connection on an interface's
// field, which the v1 transformer visits as it visits an object type's and
// refuses, as an interface has no @model.
func checkV1InterfaceConnections(c *tcheck) {
	if c.version != 1 {
		return
	}
	for _, d := range c.ts.Doc.Definitions {
		if d.Kind != ast.Interface {
			continue
		}
		for _, f := range d.Fields {
			if dir := f.Directives.ForName("connection"); dir != nil {
				c.errorAt(RuleV1Key, dir.Position, "@connection must be on an @model object type field: interface %s has no table; move %s to the @model types that implement it", d.Name, f.Name)
			}
		}
	}
}

// v1ConnectionWithKey checks a @connection(fields:) (connectionWithKey):
// the fields exist on the parent, are scalars or enums, and match, in
// number and type, the key they query on the related table: its primary
// key, or the named @key keyName names (which a single-object field
// cannot use).
func v1ConnectionWithKey(c *tcheck, o *ast.Definition, f *ast.FieldDefinition, dir *ast.Directive, related *ast.Definition) {
	fieldsVal := argValue(dir, "fields")
	if fieldsVal.Kind == ast.StringValue {
		// GraphQL takes a string for a list of one; the transformer calls
		// forEach on it and fails (a TypeError).
		c.errorAt(RuleV1Key, fieldsVal.Position, "@connection fields must be a list: the v1 transformer fails on a string (args.fields.forEach is not a function); write fields: [%q]", fieldsVal.Raw)
		return
	}
	names, pos := stringList(fieldsVal)
	if len(names) == 0 {
		c.errorAt(RuleV1Key, fieldsVal.Position, "No fields passed in to @connection directive: name the fields of %s that hold %s's key, e.g. fields: [\"id\"]", o.Name, related.Name)
		return
	}
	bad := false
	for i, n := range names {
		pf := o.Fields.ForName(n)
		switch {
		case pf == nil && c.ts.Objects[o.Name].Fields.ForName(n) != nil:
			c.errorAt(RuleV1Key, pos[i], "%s is not a field in %s: the v1 transformer reads the type's definition, not its extend type; move %s into type %s", n, o.Name, n, o.Name)
			bad = true
		case pf == nil:
			c.errorAt(RuleV1Key, pos[i], "%s is not a field in %s: name a field of %s in @connection(fields:), or add %s to it", n, o.Name, o.Name, n)
			bad = true
		case !c.ts.KeyType(pf.Type):
			c.errorAt(RuleV1Key, pos[i], "All fields provided to an @connection must be scalar or enum fields: %s.%s is %s; name a field that holds %s's key", o.Name, n, pf.Type.String(), related.Name)
			bad = true
		}
	}
	if bad {
		return
	}
	primary, indexes := amplifyschema.V1Keys(related)
	key := primary
	what := "primary key"
	keyName := amplifyschema.StringArg(dir, "keyName")
	if keyName != "" {
		i := slices.IndexFunc(indexes, func(k amplifyschema.V1Key) bool { return k.Name == keyName })
		if i < 0 {
			c.errorAt(RuleV1Key, argValue(dir, "keyName").Position, "Key %s does not exist for model %s: name one of its @key(name:) keys, or add @key(name: %q, fields: [...]) to %s", keyName, related.Name, keyName, related.Name)
			return
		}
		key, what = indexes[i], "@key "+strconv.Quote(keyName)
		if f.Type.Elem == nil {
			c.errorAt(RuleV1Key, argValue(dir, "keyName").Position, "Connection is to a single object but the keyName %s was provided which does not reference the default table: drop keyName to get the %s by its primary key, or make %s.%s a list, [%s]", keyName, related.Name, o.Name, f.Name, related.Name)
		}
	}
	v1FieldsAgainstKey(c, o, f, names, pos, fieldsVal, related, key, what)
	// A list queried by the partition key alone gets a condition argument
	// on the sort key, typed by attributeTypeFromScalar, which takes no
	// enum (makeQueryConnectionWithKeyResolver; a plain Error).
	if f.Type.Elem != nil && len(names) == 1 && len(key.Key.Sort) == 1 {
		if sk := related.Fields.ForName(key.Key.Sort[0]); sk != nil && !amplifyschema.KeyScalar(sk.Type.Name()) {
			c.errorAt(RuleV1Key, fieldsVal.Position, "Expected scalar and got %s: the v1 connection transformer cannot query %s's %s by its partition key alone when the sort key, %s.%s, is an enum; pass the sort key field too (fields: [%q, ...]), or make %s.%s a String", sk.Type.Name(), related.Name, what, related.Name, sk.Name, names[0], related.Name, sk.Name)
		}
	}
}

// v1FieldsAgainstKey checks a @connection's fields against the key it
// queries (checkFieldsAgainstIndex): the first field has the partition
// key's type; the others, if any, are the whole sort key (its fields, or
// the fields of its composite attribute), each of its type.
func v1FieldsAgainstKey(c *tcheck, o *ast.Definition, f *ast.FieldDefinition, names []string, pos []*ast.Position, fieldsVal *ast.Value, related *ast.Definition, key amplifyschema.V1Key, what string) {
	keyFields := append([]string{key.Key.Partition}, key.Key.Sort...)
	rpk := related.Fields.ForName(key.Key.Partition)
	if rpk == nil {
		if key.Directive == nil { // a named key's missing field is the @key check's
			c.errorAt(RuleV1Key, fieldsVal.Position, "id is not defined in %s: the table's key is id by default; add id: ID! to %s, or give it a primary @key", related.Name, related.Name)
		}
		return
	}
	if want := rpk.Type.Name(); o.Fields.ForName(names[0]).Type.Name() != want {
		c.errorAt(RuleV1Key, pos[0], "%s field is not of type %s: give %s.%s the type %s, as %s.%s has, the partition key of %s's %s", names[0], want, o.Name, names[0], want, related.Name, rpk.Name, related.Name, what)
	}
	if len(names) > 1 && len(key.Key.Sort) == 0 {
		c.errorAt(RuleV1Key, fieldsVal.Position, "Too many fields passed in to @connection directive: %s's %s (%s) has no sort key; pass one field", related.Name, what, strings.Join(keyFields, ", "))
		return
	}
	if len(names) > 1 && len(names)-1 != len(key.Key.Sort) {
		c.errorAt(RuleV1Key, fieldsVal.Position, "Invalid @connection directive %s. fields does not accept partial sort key: pass the partition key field and all %d sort key fields of %s's %s (%s), or the partition key field alone", f.Name, len(key.Key.Sort), related.Name, what, strings.Join(keyFields, ", "))
		return
	}
	for i := 1; i < len(names); i++ {
		rsk := related.Fields.ForName(key.Key.Sort[i-1])
		if rsk == nil {
			continue // the @key check reports a missing key field
		}
		if want := rsk.Type.Name(); o.Fields.ForName(names[i]).Type.Name() != want {
			c.errorAt(RuleV1Key, pos[i], "%s field is not of type %s: give %s.%s the type %s, as %s.%s has in the sort key of %s's %s", names[i], want, o.Name, names[i], want, related.Name, rsk.Name, related.Name, what)
		}
	}
}

// v1NamedConnection checks a @connection without fields, the old style
// (ModelConnectionTransformer.field): a name has its other half on the
// related type; the other half's sortField is a scalar field of this
// type; a list on both sides is many-to-many; this field's own sortField
// needs a sort key on the related type's primary @key; and the key field
// the connection stores, when the type declares it, is an ID or a String.
func v1NamedConnection(c *tcheck, o *ast.Definition, f *ast.FieldDefinition, dir *ast.Directive, related *ast.Definition) {
	name := amplifyschema.StringArg(dir, "name")
	var other *ast.FieldDefinition
	var otherDir *ast.Directive
	if name != "" {
		for _, rf := range related.Fields {
			if rd := rf.Directives.ForName("connection"); rf != f && rd != nil && amplifyschema.StringArg(rd, "name") == name {
				other, otherDir = rf, rd
				break
			}
		}
		if other == nil {
			c.errorAt(RuleV1Key, argValue(dir, "name").Position, "Found one half of connection %q at %s.%s but no related field on type %s: add a field of type %s to %s with @connection(name: %q), or drop name", name, o.Name, f.Name, related.Name, o.Name, related.Name, name)
			return
		}
	}
	connection := name
	if connection == "" {
		connection = o.Name + "." + f.Name
	}
	// The other half's sortField is a field of this type.
	var sortName string
	var sortField *ast.FieldDefinition
	if otherDir != nil {
		if sortName = amplifyschema.StringArg(otherDir, "sortField"); sortName != "" {
			sortField = o.Fields.ForName(sortName)
		}
	}
	if sortField != nil {
		at := argValue(otherDir, "sortField").Position
		t := sortField.Type.Name()
		switch {
		case sortField.Type.Elem != nil:
			c.errorAt(RuleV1Key, at, "sortField %q is a list. It should be a scalar: give %s.%s the type %s", sortName, o.Name, sortName, t)
		case !amplifyschema.KeyScalar(t) || t == "Boolean":
			c.errorAt(RuleV1Key, at, "sortField %q is of type %q. It should be a scalar that maps to a DynamoDB \"String\", \"Number\", or \"Binary\": sort by a String, ID, Int, Float or AWS date/time field of %s", sortName, t, o.Name)
		}
	}
	// The related type's field of that name, if any, types the sort key
	// condition (attributeTypeFromScalar: a scalar but Boolean; a plain
	// Error otherwise).
	if sortName != "" {
		if rs := related.Fields.ForName(sortName); rs != nil && (!amplifyschema.KeyScalar(rs.Type.Name()) || rs.Type.Name() == "Boolean") {
			c.errorAt(RuleV1Key, argValue(otherDir, "sortField").Position, "sortField %q names %s.%s too, of type %s, which the v1 connection transformer cannot sort by (Expected scalar, or Boolean values cannot be used as sort keys): give %s.%s a String, ID, Int, Float or AWS date/time type, or sort by another field", sortName, related.Name, sortName, rs.Type.Name(), related.Name, sortName)
		}
	}
	leftList := f.Type.Elem != nil
	keyField := amplifyschema.StringArg(dir, "keyField")
	holder := o // the type that stores the key field
	switch {
	case leftList && other != nil && other.Type.Elem != nil:
		c.errorAt(RuleV1Key, dir.Position, "Invalid Connection (%s): Many to Many connections are not yet supported: make one side a single %s, or join the two through a @model type with a @connection to each", connection, o.Name)
		return
	case leftList && other != nil:
		holder = related
		if keyField == "" {
			keyField = amplifyname.Camel(related.Name, other.Name, "id")
		}
	case leftList:
		holder = related
	case other != nil && other.Type.Elem != nil:
		if sortName != "" && sortField == nil {
			c.errorAt(RuleV1Key, argValue(otherDir, "sortField").Position, "sortField %q not found on type %q, other half of connection %q: add %s to %s, or drop sortField", sortName, o.Name, connection, sortName, o.Name)
		}
	default:
		v1OwnSortField(c, o, dir, related)
	}
	if keyField == "" {
		keyField = amplifyname.Camel(o.Name, f.Name, "id")
	}
	if kf := holder.Fields.ForName(keyField); kf != nil && (kf.Type.Elem != nil || (kf.Type.Name() != "ID" && kf.Type.Name() != "String")) {
		at := dir.Position
		if v := argValue(dir, "keyField"); v != nil {
			at = v.Position
		}
		c.errorAt(RuleV1Key, at, "If you define a field and specify it as a 'keyField', it must be of type 'ID' or 'String': %s.%s holds the connection's key; make it an ID", holder.Name, keyField)
	}
}

// v1OwnSortField checks the sortField of a single-object @connection: the
// related type's primary @key has a sort key, and the field named is on
// this type, of the sort key's type.
func v1OwnSortField(c *tcheck, o *ast.Definition, dir *ast.Directive, related *ast.Definition) {
	name := amplifyschema.StringArg(dir, "sortField")
	if name == "" {
		return
	}
	at := argValue(dir, "sortField").Position
	// The related sort key as the connection transformer finds it
	// (getSortField), which is not the key transformer's primary key: the
	// first @key with no name argument at all (name: null or "" does not
	// count), and its second field when it has exactly two.
	var relatedSort *ast.FieldDefinition
	for _, k := range related.Directives.ForNames("key") {
		if k.Arguments.ForName("name") != nil {
			continue
		}
		if fields := amplifyschema.StringList(k, "fields"); len(fields) == 2 {
			relatedSort = related.Fields.ForName(fields[1])
		}
		break
	}
	if relatedSort == nil {
		c.errorAt(RuleV1Key, at, "sortField %q requires a primary @key on type %q with a sort key that was not found: give %s a primary @key of two fields, its partition key and the field to sort by, or drop sortField", name, related.Name, related.Name)
		return
	}
	sf := o.Fields.ForName(name)
	if sf == nil {
		c.errorAt(RuleV1Key, at, "sortField with name %q cannot be found on type: %s: add %s: %s to %s, or drop sortField", name, o.Name, name, relatedSort.Type.Name(), o.Name)
		return
	}
	if sf.Type.Name() != relatedSort.Type.Name() {
		c.errorAt(RuleV1Key, at, "sortField %q on type %q is not matching the type of field %q on type %q: give %s.%s the type %s", relatedSort.Name, related.Name, name, o.Name, o.Name, name, relatedSort.Type.Name())
	}
}
