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
func (o *Object) V1Keys() (primary V1Key, indexes []V1Key) {
	primary = V1Key{Key: IndexKey{Partition: "id"}}
	seenPrimary := false
	for _, dir := range o.Def.Directives {
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
