package amplifyschema

import (
	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/vektah/gqlparser/v2/ast"
)

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
		Get:    "get" + m.Type,
		List:   "list" + amplifyname.Plural(m.Type),
		Create: "create" + m.Type,
		Update: "update" + m.Type,
		Delete: "delete" + m.Type,
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
