package validate

import (
	"slices"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/vektah/gqlparser/v2/ast"
)

// keyField is one field of a key: its name and its named type.
type keyField struct {
	name, typ string
}

// primaryKeyOf returns the primary key of a model, partition field first
// (graphql-transformer-core's getPrimaryKeyFieldNodes): the @primaryKey
// field and its sortKeyFields, or the implicit id, of the type the model
// declares it with (id: String! is a String key) or ID. A sort key field
// the type lacks is left out (graphql-primary-key reports it).
func primaryKeyOf(o *amplifyschema.Object) []keyField {
	for _, f := range o.Fields {
		dir := f.Directives.ForName("primaryKey")
		if dir == nil {
			continue
		}
		return keyOf(o, f, dir)
	}
	if id := o.Fields.ForName("id"); id != nil {
		return []keyField{{"id", id.Type.Name()}}
	}
	return []keyField{{"id", "ID"}}
}

// keyOf returns the key an @index or @primaryKey directive on f makes.
func keyOf(o *amplifyschema.Object, f *ast.FieldDefinition, dir *ast.Directive) []keyField {
	key := []keyField{{f.Name, f.Type.Name()}}
	sorts, _ := stringList(argValue(dir, "sortKeyFields"))
	for _, s := range sorts {
		if sf := o.Fields.ForName(s); sf != nil {
			key = append(key, keyField{s, sf.Type.Name()})
		}
	}
	return key
}

// indexKeyOf returns the key of the @index of a model with the name, or
// nil.
func indexKeyOf(ts *amplifyschema.Schema, o *amplifyschema.Object, name string) []keyField {
	for _, f := range o.Fields {
		for _, dir := range f.Directives.ForNames("index") {
			if n, _ := ts.IndexName(o.Name, f.Name, dir); n == name {
				return keyOf(o, f, dir)
			}
		}
	}
	return nil
}

// checkRelationKeys checks that the fields or references of a relational
// directive fit the key they point at, as the relational transformer does
// (utils.js): `fields` must match the related model's primary key (or, for
// @hasMany with indexName, that index) type by type, partition first, with
// no partial sort key ("surveyOneID field is not of type Float"); the
// number of `references` must be that of the parent model's primary key
// fields ("The number of references provided to @hasMany must match the
// number of primary keys on Task"), and their types must match it, ID and
// String counting as one ("Type mismatch between primary key field(s) of
// Order and reference fields of Ticket").
func checkRelationKeys(c *tcheck, o *amplifyschema.Object, f *ast.FieldDefinition, dir *ast.Directive, related *amplifyschema.Object) {
	if dir.Name == "manyToMany" {
		return
	}
	if fv := argValue(dir, "fields"); fv != nil && fv.Kind != ast.NullValue && dir.Name != "hasMany" {
		names, pos := stringList(fv)
		key := primaryKeyOf(related)
		checkFieldsFitKey(c, o, dir, f, names, pos, key)
		// With @auth on both models the auth transformer protects the
		// relation and maps every key field (utils/schema.js,
		// getRelationalPrimaryMap): fewer fields than the key fail there.
		if len(names) > 0 && len(names) != len(key) && len(o.Auth) > 0 && len(related.Auth) > 0 {
			c.errorAt(RuleRelation, fv.Position, "Invalid @%s on %s:%s. Provided fields do not match the size of primary key(s) for %s: name a field for each of %s", dir.Name, o.Name, f.Name, related.Name, keyNames(key))
		}
	}
	if fv := argValue(dir, "fields"); fv != nil && fv.Kind != ast.NullValue && dir.Name == "hasMany" {
		key := primaryKeyOf(related)
		if iv := argValue(dir, "indexName"); iv != nil && iv.Kind == ast.StringValue {
			key = indexKeyOf(c.ts, related, iv.Raw)
		}
		if key != nil {
			names, pos := stringList(fv)
			checkFieldsFitKey(c, o, dir, f, names, pos, key)
		}
	}
	rv := argValue(dir, "references")
	if rv == nil || rv.Kind == ast.NullValue {
		return
	}
	refs, _ := stringList(rv)
	if len(refs) == 0 {
		c.errorAt(RuleRelation, rv.Position, "Invalid @%s directive on %s - empty references list: name the field(s) of the child that hold the parent's key", dir.Name, f.Name)
		return
	}
	if f.Type.NonNull || f.Type.Elem != nil && f.Type.Elem.NonNull {
		c.errorAt(RuleRelation, f.Type.Position, "@%s fields must not be required. Change '%s.%s: %s' to '%s.%s: %s'", dir.Name, o.Name, f.Name, f.Type.String(), o.Name, f.Name, nullable(f.Type).String())
	}
	parent, child := o, related
	if dir.Name == "belongsTo" {
		parent, child = related, o
	}
	pk := primaryKeyOf(parent)
	if len(pk) != len(refs) {
		c.errorAt(RuleRelation, rv.Position, "The number of references provided to @%s must match the number of primary keys on %s: %s has %d key field(s) (%s), references names %d", dir.Name, parent.Name, parent.Name, len(pk), keyNames(pk), len(refs))
		return
	}
	var required, optional int
	for i, r := range refs {
		rf := child.Fields.ForName(r)
		if rf == nil {
			continue // graphql-relation reports the missing field
		}
		if !c.ts.KeyType(rf.Type) {
			c.errorAt(RuleRelation, rv.Position, "All reference fields provided to @%s must be scalar or enum fields: %s.%s is %s", dir.Name, child.Name, r, rf.Type.String())
			return
		}
		if rf.Type.NonNull {
			required++
		} else {
			optional++
		}
		if required > 0 && optional > 0 {
			c.errorAt(RuleRelation, rv.Position, "Reference fields defined on related type: '%s' for @%s(references: [%s]) %s.%s relationship have inconsistent nullability: make them all required or all nullable", child.Name, dir.Name, quoteJoin(refs), o.Name, f.Name)
			return
		}
		if !sameKeyType(pk[i].typ, rf.Type.Name()) {
			c.errorAt(RuleRelation, rv.Position, "Type mismatch between primary key field(s) of %s and reference fields of %s. Type of %s.%s does not match type of %s.%s: make %s.%s a %s", parent.Name, child.Name, parent.Name, pk[i].name, child.Name, r, child.Name, r, pk[i].typ)
			return
		}
	}
}

// checkFieldsFitKey checks the fields of a relation against a key.
func checkFieldsFitKey(c *tcheck, o *amplifyschema.Object, dir *ast.Directive, f *ast.FieldDefinition, names []string, pos []*ast.Position, key []keyField) {
	if len(names) == 0 || len(key) == 0 {
		return
	}
	if len(names) > 1 && len(names)-1 != len(key)-1 {
		c.errorAt(RuleRelation, dir.Position, "Invalid @%s directive on %s. Partial sort keys are not accepted: fields must name a field for each of the key's %d field(s) (%s)", dir.Name, f.Name, len(key), keyNames(key))
		return
	}
	for i, n := range names {
		if i >= len(key) {
			break
		}
		nf := o.Fields.ForName(n)
		if nf == nil {
			continue // graphql-relation reports the missing field
		}
		if base := nf.Type.Name(); !amplifyschema.KeyScalar(base) && !c.ts.Enums[base] {
			// graphql-transformer-common's isScalarOrEnum looks through lists.
			c.errorAt(RuleRelation, pos[i], "All fields provided to @%s must be scalar or enum fields: %s.%s is %s", dir.Name, o.Name, n, nf.Type.String())
			return
		}
		if nf.Type.Name() != key[i].typ {
			c.errorAt(RuleRelation, pos[i], "%s field is not of type %s: it holds the related key field %s, so make it a %s", n, key[i].typ, key[i].name, key[i].typ)
			return
		}
	}
}

// sameKeyType reports whether a reference field's type fits a key field's:
// equal, or ID and String.
func sameKeyType(a, b string) bool {
	idish := []string{"ID", "String"}
	return a == b || slices.Contains(idish, a) && slices.Contains(idish, b)
}

func keyNames(key []keyField) string {
	names := make([]string, len(key))
	for i, k := range key {
		names[i] = k.name
	}
	return quoteJoin(names)
}

// nullable returns t without its non-null marks (the list's and its
// element's).
func nullable(t *ast.Type) *ast.Type {
	out := *t
	out.NonNull = false
	if t.Elem != nil {
		out.Elem = nullable(t.Elem)
	}
	return &out
}
