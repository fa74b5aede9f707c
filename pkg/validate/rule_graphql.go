package validate

import (
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"
)

// RuleGraphQLValid is the ID of the TransformSchema GraphQL rule.
const RuleGraphQLValid = "graphql-valid"

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
// before validation (they would append to them).
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

// transformSchema returns the TransformSchema to check: the one read from
// TransformSchemaFile, or the TransformSchema node (and its key) when it is
// a string.
func transformSchema(p *Pass) (*schemaText, bool) {
	return docTransformSchema(p.Doc)
}

const transformSchemaPtr = "/ResourceConfig/TransformSchema"

// report reports a finding at a position inside TransformSchema.
func (st *schemaText) report(p *Pass, pos *ast.Position, format string, args ...any) {
	p.ReportFinding(st.finding(p, pos, finding.Finding{Message: fmt.Sprintf(format, args...)}))
}

func graphqlValidRule() *Rule {
	// Fast parsers are reused from document to document: their node chunks
	// are most of what graphql-valid allocates. The pool belongs to this
	// rule value (All makes a new one per call).
	parsers := &sync.Pool{New: func() any { return newFastParser() }}
	// A schema file several documents name is checked once (schemaCache).
	shared := &schemaCache{}
	return &Rule{
		ID:       RuleGraphQLValid,
		Severity: finding.Error,
		Summary:  "TransformSchema is valid GraphQL with Amplify's directives and AppSync's scalars",
		Check: shared.wrap(func(p *Pass) {
			st, ok := transformSchema(p)
			if !ok || strings.TrimSpace(st.value) == "" {
				return
			}
			fp := parsers.Get().(*fastParser)
			defer parsers.Put(fp) // the AST lives in fp: nothing below keeps it
			user, err := parseTransformSchema(fp, &ast.Source{Name: "TransformSchema", Input: st.value})
			if err != nil {
				reportGQLError(p, st, "TransformSchema is not valid GraphQL", err)
				return
			}
			pre := preludeFor(p.TransformerVersion())
			checkAuth(p, st, user)
			// Before gqlparser's validator, which appends an extension's
			// directives to its type's.
			repeats := typeDirectiveRepeats(user, pre)
			names := pre.names
			clash := false
			for _, ext := range user.Extensions {
				if names[ext.Name] {
					st.report(p, ext.Position, "TransformSchema extends built-in type %s; Amplify declares it, so it cannot be extended: remove the extension", ext.Name)
					clash = true
				}
			}
			for _, ext := range user.DirectiveExtensions {
				if names["@"+ext.Name] {
					st.report(p, ext.Position, "TransformSchema extends built-in directive @%s; remove the extension", ext.Name)
					clash = true
				}
			}
			for _, d := range user.Definitions {
				if names[d.Name] {
					st.report(p, d.Position, "TransformSchema declares %s, which AppSync or Amplify already declares; remove the declaration or rename the type", d.Name)
					clash = true
				}
			}
			for _, d := range user.Directives {
				if names["@"+d.Name] {
					st.report(p, d.Position, "TransformSchema declares directive @%s, which Amplify already declares; remove the declaration", d.Name)
					clash = true
				}
			}
			if clash {
				// gqlparser cannot validate a schema that redeclares or
				// extends the prelude (extending would write to the shared
				// prelude): report what the collector finds besides.
				if errs := append(collectSchemaErrors(user, pre), repeats...); len(errs) > 0 {
					reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", errs)
				}
				return
			}
			err = validateWithPrelude(user, pre)
			if err != nil {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", err)
			}
			if len(repeats) > 0 {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", repeats)
			}
			values := directiveValueErrors(user, pre)
			if len(values) > 0 {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", values)
			}
			if err != nil || len(repeats) > 0 || len(values) > 0 {
				return
			}
			// The transformer's own checks run on a valid schema only, as
			// the transformer's do: on an invalid one they would repeat
			// what graphql-valid says.
			checkTransformer(p, st, user)
		}),
	}
}

// reportGQLError reports each gqlparser error at its position.
func reportGQLError(p *Pass, st *schemaText, what string, err error) {
	var list gqlerror.List
	var one *gqlerror.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = gqlerror.List{one}
	default:
		st.report(p, nil, "%s: %v", what, err)
		return
	}
	for _, e := range list {
		var pos *ast.Position
		if len(e.Locations) > 0 {
			pos = &ast.Position{Line: e.Locations[0].Line, Column: e.Locations[0].Column}
		}
		st.report(p, pos, "%s: %s", what, strings.TrimSuffix(e.Message, "."))
	}
}

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
			e := &gqlerror.Error{Message: fmt.Sprintf("The directive %s can only be used once at this location (type %s has it already, the type and its extensions counting as one location): remove one", dir.Name, def.Name)}
			if dir.Position != nil {
				e.Locations = []gqlerror.Location{{Line: dir.Position.Line, Column: dir.Position.Column}}
			}
			errs = append(errs, e)
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
