package amplifyschema

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// DefaultTransformerVersion is the transformer version of a project that
// declares none: the Amplify CLI's default since November 2021, and every
// Studio app's.
const DefaultTransformerVersion = 2

// The directive SDL of each transformer version: the exact definitions the
// line the service runs declares (generated from it; see the files' heads).
//
//go:embed graphql/v2.graphql
var directivesV2 string

//go:embed graphql/v1.graphql
var directivesV1 string

// DirectiveSDL returns the directive, input type and scalar definitions a
// TransformSchema written for the given transformer version (1 or 2; any
// other value means 2, the default) is checked against: what
// `bapi directives` prints and editors load.
func DirectiveSDL(version int) string {
	if version == 1 {
		return directivesV1
	}
	return directivesV2
}

// otherVersion names the directives of one transformer version that the
// other lacks. graphql-valid declares them too, internally, when it checks
// a schema of the other version, so that using one is reported once, by
// graphql-v1-mixed, with what to do, and not also as an unknown directive.
var otherVersion = map[int][]string{
	2: {"key", "connection", "versioned"},
	1: {"primaryKey", "index", "hasOne", "hasMany", "belongsTo", "manyToMany", "default", "mapsTo", "refersTo", "sql"},
}

// prelude is what a TransformSchema of one transformer version is checked
// against: gqlparser's prelude plus DirectiveSDL(version) plus the other
// version's own directives (otherVersion), parsed once, with its lookups.
// It is shared read-only by every check: validation never writes to the
// prelude's definitions, because extensions of prelude types are refused
// before validation (they would append to them), and the prelude holds no
// directive uses (on which the validator records their definitions).
type prelude struct {
	version int
	doc     *ast.SchemaDocument
	// names are the type names and "@"-prefixed directive names it declares.
	names map[string]bool
	maps  preludeMaps
	idx   *preludeIndex
}

// Each version's prelude is built on first use: a run on v2 schemas (the
// default) never parses the v1 definitions.
var (
	preludeV1 = sync.OnceValue(func() *prelude { return newPrelude(1) })
	preludeV2 = sync.OnceValue(func() *prelude { return newPrelude(2) })
)

// preludeFor returns the prelude of a transformer version (2 for any value
// but 1).
func preludeFor(version int) *prelude {
	if version == 1 {
		return preludeV1()
	}
	return preludeV2()
}

func newPrelude(version int) *prelude {
	name := fmt.Sprintf("transformer-v%d.graphql", version)
	sd, err := parser.ParseSchemas(validator.Prelude, &ast.Source{Name: name, Input: DirectiveSDL(version), BuiltIn: true})
	if err != nil {
		panic(fmt.Sprintf("embedded directive SDL %s does not parse: %v", name, err))
	}
	other := 3 - version
	od, err := parser.ParseSchema(&ast.Source{Name: fmt.Sprintf("transformer-v%d.graphql", other), Input: DirectiveSDL(other), BuiltIn: true})
	if err != nil {
		panic(fmt.Sprintf("embedded directive SDL v%d does not parse: %v", other, err))
	}
	for _, n := range otherVersion[version] {
		d := od.Directives.ForName(n)
		if d == nil {
			panic(fmt.Sprintf("directive SDL v%d has no @%s", other, n))
		}
		sd.Directives = append(sd.Directives, d)
	}
	// The SDL's own @deprecated replaces gqlparser's.
	dirs := sd.Directives[:0:0]
	for i, d := range sd.Directives {
		if d.Name != "deprecated" || sd.Directives[i+1:].ForName("deprecated") == nil {
			dirs = append(dirs, d)
		}
	}
	sd.Directives = dirs
	// Introspection types (__Schema, __Type, ...) are never named in an
	// Amplify schema; leaving them out saves validating them per document.
	defs := sd.Definitions[:0:0]
	for _, d := range sd.Definitions {
		if !strings.HasPrefix(d.Name, "__") {
			defs = append(defs, d)
		}
	}
	sd.Definitions = defs
	// gqlparser's validator records on each directive use it validates the
	// directive's definition (Directive.Definition), in the prelude
	// definitions a user's schema reaches too, and every worker shares the
	// prelude. Its own directive uses (v1's @deprecated on ModelQuery, ...)
	// matter only to validating the prelude itself, which is valid: they are
	// dropped, so that validation writes nothing the prelude holds.
	for _, d := range sd.Definitions {
		d.Directives = nil
		for _, f := range d.Fields {
			f.Directives = nil
			for _, a := range f.Arguments {
				a.Directives = nil
			}
		}
		for _, v := range d.EnumValues {
			v.Directives = nil
		}
	}
	for _, d := range sd.Directives {
		for _, a := range d.Arguments {
			a.Directives = nil
		}
	}
	p := &prelude{version: version, doc: sd, names: make(map[string]bool, len(sd.Definitions)+len(sd.Directives))}
	for _, d := range sd.Definitions {
		p.names[d.Name] = true
	}
	for _, d := range sd.Directives {
		p.names["@"+d.Name] = true
	}
	p.maps = newPreludeMaps(sd)
	p.idx = newPreludeIndex(sd)
	return p
}

// preludeMaps indexes a prelude's types and directives by name.
type preludeMaps struct {
	types map[string]*ast.Definition
	dirs  map[string]*ast.DirectiveDefinition
}

func newPreludeMaps(sd *ast.SchemaDocument) preludeMaps {
	m := preludeMaps{
		types: make(map[string]*ast.Definition, len(sd.Definitions)),
		dirs:  make(map[string]*ast.DirectiveDefinition, len(sd.Directives)),
	}
	for _, d := range sd.Definitions {
		m.types[d.Name] = d
	}
	for _, d := range sd.Directives {
		m.dirs[d.Name] = d
	}
	return m
}

// preludeDoc is the default (v2) prelude's document.
func preludeDoc() *ast.SchemaDocument { return preludeFor(2).doc }

// preludeNames are the names the default (v2) prelude declares.
func preludeNames() map[string]bool { return preludeFor(2).names }

// typeDirectiveRepeats finds every directive that is not repeatable and is
// given more than once to one type, over the type's definition and its
// extensions. graphql-js's UniqueDirectivesPerLocationRule, which the
// Amplify transformer runs, counts them together ("The directive "@model"
// can only be used once at this location"); gqlparser checks no type's
// directives for repeats (it merges a type's extensions into it first). A
// directive unknown to user and the prelude is left to the validator. It
// must run before gqlparser's validator, which appends an extension's
// directives to its type's.
func typeDirectiveRepeats(user *ast.SchemaDocument, p *prelude) gqlerror.List {
	var errs gqlerror.List
	pre := p.maps
	repeatable := func(name string) bool {
		for _, d := range user.Directives {
			if d.Name == name {
				return d.IsRepeatable
			}
		}
		d := pre.dirs[name]
		return d == nil || d.IsRepeatable
	}
	has := func(dirs ast.DirectiveList, name string) bool {
		return slices.ContainsFunc(dirs, func(d *ast.Directive) bool { return d.Name == name })
	}
	// earlier reports whether the type already has the directive: in its
	// definition (for an extension) or an extension before this one.
	earlier := func(def *ast.Definition, ext int, name string) bool {
		if ext >= 0 {
			for _, d := range user.Definitions {
				if d.Name == def.Name && has(d.Directives, name) {
					return true
				}
			}
		}
		for _, e := range user.Extensions[:max(ext, 0)] {
			if e.Name == def.Name && has(e.Directives, name) {
				return true
			}
		}
		return false
	}
	check := func(def *ast.Definition, ext int) {
		for i, dir := range def.Directives {
			if repeatable(dir.Name) || !has(def.Directives[:i], dir.Name) && !earlier(def, ext, dir.Name) {
				continue
			}
			errs = append(errs, gqlErrorAt(dir.Position, "The directive %s can only be used once at this location (type %s has it already, the type and its extensions counting as one location): remove one", dir.Name, def.Name))
		}
	}
	for _, d := range user.Definitions {
		if len(d.Directives) > 1 {
			check(d, -1)
		}
	}
	for i, d := range user.Extensions {
		check(d, i)
	}
	return errs
}
