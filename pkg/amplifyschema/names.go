package amplifyschema

import (
	"crypto/md5"
	"encoding/hex"
	"strings"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/vektah/gqlparser/v2/ast"
)

// OperationName is the name the transformer of the given version (1, else
// 2) gives operation op of a model type typ when @model does not name it
// (transformer-core's getFieldNameFor, and the searchable transformer's
// search query): the operation, then the type name upper first, plural for
// list, sync and search (getPost, listPosts, syncPosts, searchPosts,
// createPost, onCreatePost; v2 pluralizes as the pluralize package does,
// listPeople, v1 adds "s", listPersons). A subscription name longer than
// 50 characters is cut to 45 and the first 5 hex digits of the whole
// name's MD5.
func OperationName(op, typ string, version int) string {
	return operationName(op, typ, version, amplifyname.Plural)
}

// Plural is the plural the transformer v2 gives a type name
// (amplifyname.Plural), with the plurals the schema keeps.
func (sc *Schema) Plural(typ string) string { return sc.plurals.Of(typ) }

// OperationName is the package's OperationName, with the plurals the
// schema keeps.
func (sc *Schema) OperationName(op, typ string, version int) string {
	return operationName(op, typ, version, sc.plurals.Of)
}

func operationName(op, typ string, version int, plural func(string) string) string {
	base := typ
	switch op {
	case "list", "sync", "search":
		if version == 1 {
			base = amplifyname.PluralV1(typ)
		} else {
			base = plural(typ)
		}
	}
	name := op + amplifyname.UpperFirst(base)
	if strings.HasPrefix(op, "on") && len(name) > 50 {
		sum := md5.Sum([]byte(name))
		name = name[:45] + hex.EncodeToString(sum[:])[:5]
	}
	return name
}

// MayBeOperationName reports whether name starts as every name
// OperationName gives does, so that a check can skip building them for
// names that cannot be one.
func MayBeOperationName(name string) bool {
	for _, op := range [...]string{"get", "list", "sync", "search", "create", "update", "delete", "on"} {
		if strings.HasPrefix(name, op) {
			return true
		}
	}
	return false
}

// Operations are the names of the top-level fields the model transformer
// generates for a model: the queries get and list, the mutations create,
// update and delete. @model(queries:, mutations:) renames them, or turns
// them off (null): an operation turned off is "".
type Operations struct {
	Get, List, Create, Update, Delete string
}

// Operations returns the model's generated query and mutation names; a
// join table's are the defaults for its type name.
func (m *Model) Operations() Operations {
	ops := Operations{
		Get:    OperationName("get", m.Type, DefaultTransformerVersion),
		List:   OperationName("list", m.Type, DefaultTransformerVersion),
		Create: OperationName("create", m.Type, DefaultTransformerVersion),
		Update: OperationName("update", m.Type, DefaultTransformerVersion),
		Delete: OperationName("delete", m.Type, DefaultTransformerVersion),
	}
	if m.Def == nil {
		return ops
	}
	dir := m.Def.Directives.ForName("model")
	override := func(arg string, names map[string]*string) {
		a := dir.Arguments.ForName(arg)
		if a == nil || a.Value == nil {
			return
		}
		if a.Value.Kind == ast.NullValue {
			for _, p := range names {
				*p = ""
			}
			return
		}
		if a.Value.Kind != ast.ObjectValue {
			return
		}
		for k, p := range names {
			v := a.Value.Children.ForName(k)
			switch {
			case v == nil:
				// An object that leaves an operation out turns it off.
				*p = ""
			case v.Kind == ast.NullValue:
				*p = ""
			case v.Kind == ast.StringValue:
				*p = v.Raw
			}
		}
	}
	override("queries", map[string]*string{"get": &ops.Get, "list": &ops.List})
	override("mutations", map[string]*string{"create": &ops.Create, "update": &ops.Update, "delete": &ops.Delete})
	return ops
}
