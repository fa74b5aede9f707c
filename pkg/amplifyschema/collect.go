package amplifyschema

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// collectSchemaErrors finds every unknown type, unknown or misplaced
// directive, unknown, repeated or missing directive argument and repeated
// definition in user, checked against the prelude, worded as gqlparser's
// validator words them. gqlparser's validator stops at the first error;
// graphql-valid runs this only once it (or a clash with the prelude) has
// found one, so that every such finding is reported at once while the fast
// path (quickValid) stays as it is. It is not a full validator: what it
// does not check, gqlparser's first error still reports.
func collectSchemaErrors(user *ast.SchemaDocument, p *prelude) gqlerror.List {
	pre := p.maps
	var errs gqlerror.List
	add := func(pos *ast.Position, format string, args ...any) {
		errs = append(errs, gqlErrorAt(pos, format, args...))
	}
	types := make(map[string]*ast.Definition, len(user.Definitions))
	for _, d := range user.Definitions {
		if types[d.Name] != nil && pre.types[d.Name] == nil {
			add(d.Position, "Cannot redeclare type %s.", d.Name)
			continue
		}
		types[d.Name] = d
	}
	dirs := make(map[string]*ast.DirectiveDefinition, len(user.Directives))
	for _, d := range user.Directives {
		if dirs[d.Name] != nil && pre.dirs[d.Name] == nil {
			add(d.Position, "Cannot redeclare directive %s.", d.Name)
			continue
		}
		dirs[d.Name] = d
	}
	typeDef := func(name string) *ast.Definition {
		if d := types[name]; d != nil {
			return d
		}
		return pre.types[name]
	}
	dirDef := func(name string) *ast.DirectiveDefinition {
		if d := dirs[name]; d != nil {
			return d
		}
		return pre.dirs[name]
	}
	typeRef := func(t *ast.Type) {
		if t != nil && typeDef(t.Name()) == nil {
			add(t.Position, "Undefined type %s.", t.Name())
		}
	}
	checkDirs := func(list ast.DirectiveList, loc ast.DirectiveLocation, single bool) {
		for i, dir := range list {
			def := dirDef(dir.Name)
			if def == nil {
				add(dir.Position, "Undefined directive %s.", dir.Name)
				continue
			}
			if single && !def.IsRepeatable && slices.ContainsFunc(list[:i], func(d *ast.Directive) bool { return d.Name == dir.Name }) {
				add(dir.Position, "The directive %s can only be used once at this location.", dir.Name)
			}
			if !slices.Contains(def.Locations, loc) {
				add(dir.Position, "Directive %s is not applicable on %s.", dir.Name, loc)
			}
			for j, arg := range dir.Arguments {
				switch {
				case def.Arguments.ForName(arg.Name) == nil:
					add(arg.Position, "Undefined argument %s for directive %s.", arg.Name, dir.Name)
				case dir.Arguments[:j].ForName(arg.Name) != nil:
					add(arg.Position, "There can be only one argument named %s.", arg.Name)
				}
			}
			for _, want := range def.Arguments {
				if want.Type.NonNull && want.DefaultValue == nil {
					if arg := dir.Arguments.ForName(want.Name); arg == nil || arg.Value == nil || arg.Value.Kind == ast.NullValue {
						add(dir.Position, "Argument %s for directive %s cannot be null.", want.Name, dir.Name)
					}
				}
			}
		}
	}
	checkArgs := func(owner string, field string, args ast.ArgumentDefinitionList) {
		var seen nameSet
		for _, a := range args {
			if seen.add(a.Name) && field != "" {
				add(a.Position, "Argument %s.%s(%s:) can only be defined once.", owner, field, a.Name)
			}
			typeRef(a.Type)
			checkDirs(a.Directives, ast.LocationArgumentDefinition, true)
		}
	}
	checkDef := func(def *ast.Definition) {
		fieldLoc := ast.LocationFieldDefinition
		if def.Kind == ast.InputObject {
			fieldLoc = ast.LocationInputFieldDefinition
		}
		var fields, values nameSet
		for _, f := range def.Fields {
			if fields.add(f.Name) {
				add(f.Position, "Field %s.%s can only be defined once.", def.Name, f.Name)
			}
			typeRef(f.Type)
			checkArgs(def.Name, f.Name, f.Arguments)
			checkDirs(f.Directives, fieldLoc, true)
		}
		for _, v := range def.EnumValues {
			if values.add(v.Name) {
				add(v.Position, "Enum value %s.%s can only be defined once.", def.Name, v.Name)
			}
			checkDirs(v.Directives, ast.LocationEnumValue, true)
		}
		for _, name := range def.Interfaces {
			if typeDef(name) == nil {
				add(def.Position, "Undefined type %s.", strconv.Quote(name))
			}
		}
		for _, name := range def.Types {
			if typeDef(name) == nil {
				add(def.Position, "Undefined type %s.", strconv.Quote(name))
			}
		}
		checkDirs(def.Directives, ast.DirectiveLocation(def.Kind), false)
	}
	for _, d := range user.Definitions {
		checkDef(d)
	}
	for _, d := range user.Extensions {
		checkDef(d)
	}
	for _, d := range user.Directives {
		checkArgs("@"+d.Name, "", d.Arguments)
	}
	for _, s := range user.Schema {
		checkDirs(s.Directives, ast.LocationSchema, true)
	}
	for _, s := range user.SchemaExtension {
		checkDirs(s.Directives, ast.LocationSchema, true)
	}
	return errs
}

// mergeGQLErrors appends to first the errors of more not already in it
// (same message at the same place).
func mergeGQLErrors(first error, more gqlerror.List) gqlerror.List {
	var out gqlerror.List
	switch e := first.(type) {
	case gqlerror.List:
		out = append(out, e...)
	case *gqlerror.Error:
		out = append(out, e)
	}
	type key struct {
		msg       string
		line, col int
	}
	seen := make(map[key]bool, len(out)+len(more))
	keyOf := func(e *gqlerror.Error) key {
		k := key{msg: e.Message}
		if len(e.Locations) > 0 {
			k.line, k.col = e.Locations[0].Line, e.Locations[0].Column
		}
		return k
	}
	for _, e := range out {
		seen[keyOf(e)] = true
	}
	for _, e := range more {
		if k := keyOf(e); !seen[k] {
			seen[k] = true
			out = append(out, e)
		}
	}
	return out
}

// directiveValueErrors checks every directive argument value in user
// against its argument's type, as graphql-js's ValuesOfCorrectTypeRule and
// UniqueInputFieldNamesRule do when the transformer validates a schema
// (transformer-core's validateModelSchema): an enum value the enum lacks
// (operations: [write]), a field an input type does not declare (v1's
// queries: on a v2 AuthRule), a required input field left out, null for a
// non-null type, a literal of the wrong kind (@model(queries: "none")).
// gqlparser's schema validator checks argument names but not values.
// Directives or arguments with no definition are left to the validator.
func directiveValueErrors(user *ast.SchemaDocument, p *prelude) gqlerror.List {
	var errs gqlerror.List
	add := func(pos *ast.Position, format string, args ...any) {
		errs = append(errs, gqlErrorAt(pos, format, args...))
	}
	// The prelude first: most values are of its types (AuthRule, ...), and
	// a schema that redeclares a prelude name is refused before this runs.
	typeDef := func(name string) *ast.Definition {
		if d := p.maps.types[name]; d != nil {
			return d
		}
		return user.Definitions.ForName(name)
	}
	dirDef := func(name string) *ast.DirectiveDefinition {
		if d := p.maps.dirs[name]; d != nil {
			return d
		}
		return user.Directives.ForName(name)
	}
	var check func(v *ast.Value, t *ast.Type)
	check = func(v *ast.Value, t *ast.Type) {
		if v == nil || t == nil {
			return
		}
		if v.Kind == ast.NullValue {
			if t.NonNull {
				add(v.Position, "Expected value of type %q, found null.", t.String())
			}
			return
		}
		if v.Kind == ast.Variable {
			return // refused elsewhere: SDL has no variables
		}
		if t.Elem != nil {
			if v.Kind == ast.ListValue {
				for _, c := range v.Children {
					check(c.Value, t.Elem)
				}
				return
			}
			check(v, t.Elem) // a single value where a list is expected is a list of one
			return
		}
		def := typeDef(t.NamedType)
		if def == nil {
			return // an undefined type: the validator reports it
		}
		bad := func() { add(v.Position, "Expected value of type %q, found %s.", t.String(), v.String()) }
		switch def.Kind {
		case ast.Enum:
			if v.Kind != ast.EnumValue {
				add(v.Position, "Enum %q cannot represent non-enum value: %s.", def.Name, v.String())
				return
			}
			if def.EnumValues.ForName(v.Raw) == nil {
				names := make([]string, len(def.EnumValues))
				for i, ev := range def.EnumValues {
					names[i] = ev.Name
				}
				add(v.Position, "Value %q does not exist in %q enum (it has %s).", v.Raw, def.Name, strings.Join(names, ", "))
			}
		case ast.InputObject:
			if v.Kind != ast.ObjectValue {
				bad()
				return
			}
			for i, c := range v.Children {
				if slices.ContainsFunc(v.Children[:i], func(b *ast.ChildValue) bool { return b.Name == c.Name }) {
					add(c.Position, "There can be only one input field named %q.", c.Name)
					continue
				}
				f := def.Fields.ForName(c.Name)
				if f == nil {
					add(c.Position, "Field %q is not defined by type %q.", c.Name, def.Name)
					continue
				}
				check(c.Value, f.Type)
			}
			for _, f := range def.Fields {
				if f.Type.NonNull && f.DefaultValue == nil && v.Children.ForName(f.Name) == nil {
					add(v.Position, "Field \"%s.%s\" of required type %q was not provided.", def.Name, f.Name, f.Type.String())
				}
			}
		case ast.Scalar:
			ok := true
			switch def.Name {
			case "String":
				ok = v.Kind == ast.StringValue || v.Kind == ast.BlockValue
			case "ID":
				ok = v.Kind == ast.StringValue || v.Kind == ast.BlockValue || v.Kind == ast.IntValue
			case "Int":
				ok = v.Kind == ast.IntValue
			case "Float":
				ok = v.Kind == ast.IntValue || v.Kind == ast.FloatValue
			case "Boolean":
				ok = v.Kind == ast.BooleanValue
			}
			// A custom scalar (AWSDateTime, ...) takes any literal.
			if !ok {
				bad()
			}
		default:
			bad()
		}
	}
	checkDirs := func(list ast.DirectiveList) {
		for _, dir := range list {
			def := dirDef(dir.Name)
			if def == nil {
				continue
			}
			for _, arg := range dir.Arguments {
				if a := def.Arguments.ForName(arg.Name); a != nil {
					check(arg.Value, a.Type)
				}
			}
		}
	}
	checkDef := func(d *ast.Definition) {
		checkDirs(d.Directives)
		for _, f := range d.Fields {
			checkDirs(f.Directives)
			for _, a := range f.Arguments {
				checkDirs(a.Directives)
			}
		}
		for _, v := range d.EnumValues {
			checkDirs(v.Directives)
		}
	}
	for _, d := range user.Definitions {
		checkDef(d)
	}
	for _, d := range user.Extensions {
		checkDef(d)
	}
	return errs
}

// gqlErrorAt makes a gqlparser error at a position (none when pos is nil).
func gqlErrorAt(pos *ast.Position, format string, args ...any) *gqlerror.Error {
	e := &gqlerror.Error{Message: fmt.Sprintf(format, args...)}
	if pos != nil {
		e.Locations = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
	}
	return e
}
