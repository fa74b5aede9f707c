package validate

import (
	"fmt"
	"slices"
	"strconv"

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
func collectSchemaErrors(user *ast.SchemaDocument) gqlerror.List {
	pre := preludeLookup()
	var errs gqlerror.List
	add := func(pos *ast.Position, format string, args ...any) {
		e := &gqlerror.Error{Message: fmt.Sprintf(format, args...)}
		if pos != nil {
			e.Locations = []gqlerror.Location{{Line: pos.Line, Column: pos.Column}}
		}
		errs = append(errs, e)
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
