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

// amplifyPrelude declares the Amplify transformer's directives and input
// types and AppSync's scalars.
//
//go:embed graphql/amplify.graphql
var amplifyPrelude string

// AmplifyPrelude returns the GraphQL definitions TransformSchema is checked
// against, beyond GraphQL's own built-ins.
func AmplifyPrelude() string { return amplifyPrelude }

// DirectiveSDL returns the directive and scalar definitions a TransformSchema
// written for the given transformer version (1 or 2) is checked against: what
// `bapi directives` prints and editors load.
func DirectiveSDL(version int) string {
	_ = version // one prelude serves both versions until they are split
	return amplifyPrelude
}

// preludeDoc is gqlparser's prelude plus the Amplify prelude, parsed once.
// It is shared read-only by every check: validation never writes to the
// prelude's definitions, because extensions of prelude types are refused
// before validation (they would append to them).
var preludeDoc = sync.OnceValue(func() *ast.SchemaDocument {
	sd, err := parser.ParseSchemas(validator.Prelude, &ast.Source{Name: "amplify.graphql", Input: amplifyPrelude, BuiltIn: true})
	if err != nil {
		panic(fmt.Sprintf("embedded Amplify prelude does not parse: %v", err))
	}
	// Introspection types (__Schema, __Type, ...) are never named in an
	// Amplify schema; leaving them out saves validating them per document.
	defs := sd.Definitions[:0:0]
	for _, d := range sd.Definitions {
		if !strings.HasPrefix(d.Name, "__") {
			defs = append(defs, d)
		}
	}
	sd.Definitions = defs
	return sd
})

// preludeNames are the type and directive names the prelude declares.
var preludeNames = sync.OnceValue(func() map[string]bool {
	sd := preludeDoc()
	m := make(map[string]bool, len(sd.Definitions)+len(sd.Directives))
	for _, d := range sd.Definitions {
		m[d.Name] = true
	}
	for _, d := range sd.Directives {
		m["@"+d.Name] = true
	}
	return m
})

// transformSchema returns the TransformSchema to check: the one read from
// TransformSchemaFile, or the TransformSchema node (and its key) when it is
// a string.
func transformSchema(p *Pass) (*schemaText, bool) {
	if p.Doc.Schema != nil {
		return newFileSchemaText(p.Doc), true
	}
	k, v := mapKey(resourceConfig(p), "TransformSchema")
	if _, ok := str(v); !ok {
		return nil, false
	}
	return newSchemaText(p.Doc, k, v), true
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
			checkAuth(p, st, user)
			// Before gqlparser's validator, which appends an extension's
			// directives to its type's.
			repeats := typeDirectiveRepeats(user)
			names := preludeNames()
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
				if errs := append(collectSchemaErrors(user), repeats...); len(errs) > 0 {
					reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", errs)
				}
				return
			}
			err = validateWithPrelude(user)
			if err != nil {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", err)
			}
			if len(repeats) > 0 {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", repeats)
			}
			if err != nil || len(repeats) > 0 {
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
func typeDirectiveRepeats(user *ast.SchemaDocument) gqlerror.List {
	var errs gqlerror.List
	pre := preludeLookup()
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
