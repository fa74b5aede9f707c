package amplifyschema

import (
	"slices"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// quickValid reports whether gqlparser's validator would accept user merged
// with the prelude, for the schemas most TransformSchemas are: object,
// input, enum and scalar definitions using the prelude's directives. It
// answers false when it finds a problem or meets anything it does not
// check (interfaces, unions, schema and directive definitions, extensions,
// possible input cycles); graphql-valid then runs gqlparser's validator,
// whose messages it reports. It repeats exactly the checks gqlparser's
// ValidateSchemaDocument makes on such definitions (names not starting
// with "__", types defined and of the right kind, non-empty types, unique
// fields, enum values and arguments, directives defined, placed where
// allowed, not repeated, with known, unique and required arguments, no
// repeated input object fields), so "true" means gqlparser finds nothing.
// TestQuickValidAgreesWithGqlparser and FuzzFastParse check that.
//
// gqlparser's validator cannot be used for this directly: it has no way to
// check definitions against an already-validated schema, so every call
// rebuilds its maps and re-checks each prelude definition it is given.
func quickValid(user *ast.SchemaDocument) bool {
	if len(user.Schema) > 0 || len(user.SchemaExtension) > 0 || len(user.Directives) > 0 ||
		len(user.DirectiveExtensions) > 0 || len(user.Extensions) > 0 {
		return false
	}
	pre := preludeLookup()
	// Most schemas have a handful of types: a scan beats building a map.
	var types map[string]*ast.Definition
	if len(user.Definitions) > 16 {
		types = make(map[string]*ast.Definition, len(user.Definitions))
	}
	for i, d := range user.Definitions {
		if pre.types[d.Name] != nil {
			return false
		}
		if types != nil {
			if types[d.Name] != nil {
				return false
			}
			types[d.Name] = d
			continue
		}
		for _, before := range user.Definitions[:i] {
			if before.Name == d.Name {
				return false
			}
		}
	}
	lookup := func(name string) *ast.Definition {
		if types != nil {
			if d := types[name]; d != nil {
				return d
			}
		} else {
			for _, d := range user.Definitions {
				if d.Name == name {
					return d
				}
			}
		}
		return pre.types[name]
	}
	dirsOK := func(dirs ast.DirectiveList, loc ast.DirectiveLocation, single bool) bool {
		if single && !unique(dirs, func(d *ast.Directive) string {
			if def := pre.dirs[d.Name]; def != nil && def.IsRepeatable {
				return "" // repeatable: never a repeat
			}
			return d.Name
		}) {
			return false
		}
		for _, dir := range dirs {
			if strings.HasPrefix(dir.Name, "__") {
				return false
			}
			def := pre.dirs[dir.Name]
			if def == nil || !slices.Contains(def.Locations, loc) {
				return false
			}
			if !unique(dir.Arguments, argName) {
				return false
			}
			for _, arg := range dir.Arguments {
				if def.Arguments.ForName(arg.Name) == nil {
					return false
				}
				if !uniqueInputFields(arg.Value) {
					return false
				}
			}
			for _, want := range def.Arguments {
				if want.Type.NonNull && want.DefaultValue == nil {
					if arg := dir.Arguments.ForName(want.Name); arg == nil || arg.Value == nil || arg.Value.Kind == ast.NullValue {
						return false
					}
				}
			}
		}
		return true
	}
	for _, def := range user.Definitions {
		if strings.HasPrefix(def.Name, "__") || len(def.Interfaces) > 0 || len(def.Types) > 0 {
			return false
		}
		switch def.Name {
		case "Query", "Mutation", "Subscription":
			if def.Kind != ast.Object {
				return false
			}
		}
		var fieldLoc ast.DirectiveLocation
		var fieldKinds []ast.DefinitionKind
		switch def.Kind {
		case ast.Object:
			fieldLoc, fieldKinds = ast.LocationFieldDefinition, []ast.DefinitionKind{ast.Scalar, ast.Object, ast.Interface, ast.Union, ast.Enum}
		case ast.InputObject:
			fieldLoc, fieldKinds = ast.LocationInputFieldDefinition, []ast.DefinitionKind{ast.Scalar, ast.Enum, ast.InputObject}
		case ast.Enum:
			if len(def.EnumValues) == 0 || len(def.Fields) > 0 {
				return false
			}
			if !unique(def.EnumValues, func(v *ast.EnumValueDefinition) string { return v.Name }) {
				return false
			}
			for _, v := range def.EnumValues {
				if strings.HasPrefix(v.Name, "__") || v.Name == "true" || v.Name == "false" || v.Name == "null" {
					return false
				}
				if !dirsOK(v.Directives, ast.LocationEnumValue, true) {
					return false
				}
			}
		case ast.Scalar:
			if len(def.Fields) > 0 || len(def.EnumValues) > 0 {
				return false
			}
		default:
			return false // interfaces and unions
		}
		if fieldKinds != nil {
			if len(def.Fields) == 0 || len(def.EnumValues) > 0 {
				return false
			}
			if !unique(def.Fields, func(f *ast.FieldDefinition) string { return f.Name }) {
				return false
			}
			for _, f := range def.Fields {
				if strings.HasPrefix(f.Name, "__") || f.Type == nil {
					return false
				}
				ft := lookup(f.Type.Name())
				if ft == nil || !slices.Contains(fieldKinds, ft.Kind) {
					return false
				}
				// A non-null input field of an input type might close a
				// cycle: leave that to gqlparser.
				if def.Kind == ast.InputObject && f.Type.NonNull && f.Type.NamedType != "" && ft.Kind == ast.InputObject {
					return false
				}
				if !uniqueInputFields(f.DefaultValue) {
					return false
				}
				if !unique(f.Arguments, func(a *ast.ArgumentDefinition) string { return a.Name }) {
					return false
				}
				for _, a := range f.Arguments {
					if strings.HasPrefix(a.Name, "__") || a.Type == nil {
						return false
					}
					at := lookup(a.Type.Name())
					if at == nil || !at.IsInputType() || !uniqueInputFields(a.DefaultValue) {
						return false
					}
					if !dirsOK(a.Directives, ast.LocationArgumentDefinition, true) {
						return false
					}
				}
				if !dirsOK(f.Directives, fieldLoc, true) {
					return false
				}
			}
		}
		if !dirsOK(def.Directives, ast.DirectiveLocation(def.Kind), false) {
			return false
		}
	}
	return true
}

// uniqueInputFields reports whether no object in v sets a field twice.
func uniqueInputFields(v *ast.Value) bool {
	if v == nil {
		return true
	}
	if v.Kind == ast.ObjectValue && !unique(v.Children, func(c *ast.ChildValue) string { return c.Name }) {
		return false
	}
	for _, c := range v.Children {
		if !uniqueInputFields(c.Value) {
			return false
		}
	}
	return true
}

func argName(a *ast.Argument) string { return a.Name }

// unique reports whether no two elements of xs have the same name; an
// element named "" is not compared. A few are compared pairwise, many
// through a map, so that a type of 50,000 fields is not checked in
// quadratic time.
func unique[T any](xs []T, name func(T) string) bool {
	if len(xs) <= 16 {
		for i := range xs {
			n := name(xs[i])
			if n == "" {
				continue
			}
			for _, before := range xs[:i] {
				if name(before) == n {
					return false
				}
			}
		}
		return true
	}
	seen := make(map[string]bool, len(xs))
	for _, x := range xs {
		n := name(x)
		if n == "" {
			continue
		}
		if seen[n] {
			return false
		}
		seen[n] = true
	}
	return true
}

// preludeLookup indexes the default prelude's types and directives by name.
func preludeLookup() preludeMaps { return preludeFor(DefaultTransformerVersion).maps }
