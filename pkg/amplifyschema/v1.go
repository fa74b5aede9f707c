package amplifyschema

import "github.com/vektah/gqlparser/v2/ast"

// V1Key is a key of a transformer v1 table as graphql-key-transformer
// (the v1 line) builds it: the table's primary key, or one of its
// secondary indexes.
type V1Key struct {
	// Name is the index name; "" for the primary key.
	Name string
	// Key is the partition key field and the sort key fields (more than
	// one make one composite attribute, Key.SortAttribute).
	Key IndexKey
	// Directive is the @key that declares it; nil for the default
	// primary key, id.
	Directive *ast.Directive
}

// V1Keys reads a @model type's @key directives as the v1 key transformer
// does: the @key without a name replaces the table's primary key (id by
// default), and each named @key is a secondary index of that name (a
// global one, or a local one when it shares the primary key's partition
// key; a @connection's keyName finds either). A @key without fields
// declares nothing here. The model does not build v1 tables; the v1
// checks read a type's keys when they need them.
func V1Keys(d *ast.Definition) (primary V1Key, indexes []V1Key) {
	primary = V1Key{Key: IndexKey{Partition: "id"}}
	seenPrimary := false
	for _, dir := range d.Directives {
		if dir.Name != "key" {
			continue
		}
		fields := StringList(dir, "fields")
		if len(fields) == 0 {
			continue
		}
		k := V1Key{Name: StringArg(dir, "name"), Key: IndexKey{Partition: fields[0], Sort: fields[1:]}, Directive: dir}
		switch {
		case k.Name != "":
			indexes = append(indexes, k)
		case !seenPrimary:
			primary, seenPrimary = k, true
		}
	}
	return primary, indexes
}

// V1Definition is the object type's own definition, without its `extend
// type`s, or nil when the type is only extended. The v1 transformer
// (graphql-transformer-core 8) transforms the object type definitions of
// the document and looks types up among them only, so the fields an
// extension adds, and the directives on them, are nothing to its
// @connection. It reads the document as parsed, which Reader.Read keeps
// (Parse folds extensions into their definitions).
func (sc *Schema) V1Definition(name string) *ast.Definition {
	if o := sc.Objects[name]; o != nil && o.defined {
		return o.Def
	}
	return nil
}
