package validate

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// RuleGraphQLValid is the ID of the TransformSchema GraphQL rule.
const RuleGraphQLValid = "graphql-valid"

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
	// Readers are reused from document to document: their fast parser's
	// node chunks are most of what graphql-valid allocates. The pool
	// belongs to this rule value (All makes a new one per call).
	// They share the plurals of type names: a word costs pluralize about
	// 20 µs, and documents name the same types again and again.
	plurals := &amplifyname.Plurals{}
	readers := &sync.Pool{New: func() any { return amplifyschema.NewReader(plurals) }}
	// A schema file several documents name is checked once (schemaCache).
	shared := &schemaCache{}
	return &Rule{
		ID:       RuleGraphQLValid,
		Severity: finding.Error,
		Summary:  "TransformSchema is valid GraphQL with Amplify's directives and AppSync's scalars",
		Check: shared.wrap(func(p *Pass) {
			st, ok := transformSchema(p)
			if !ok {
				return
			}
			rd := readers.Get().(*amplifyschema.Reader)
			defer readers.Put(rd) // the schema lives in rd: nothing below keeps it
			res := rd.Read(&ast.Source{Name: "TransformSchema", Input: st.value}, p.TransformerVersion())
			if res.Syntax != nil {
				reportGQLError(p, st, "TransformSchema is not valid GraphQL", res.Syntax)
				return
			}
			checkAuth(p, st, res.Schema.Doc)
			for _, e := range res.Clashes {
				st.report(p, errorPos(e), "%s", e.Message)
			}
			if len(res.Errors) > 0 {
				reportGQLError(p, st, "TransformSchema is not a valid Amplify GraphQL schema", res.Errors)
			}
			if !res.Valid() {
				return
			}
			// The transformer's own checks run on a valid schema only, as
			// the transformer's do: on an invalid one they would repeat
			// what graphql-valid says.
			checkTransformer(p, st, res.Schema)
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
		st.report(p, errorPos(e), "%s: %s", what, strings.TrimSuffix(e.Message, "."))
	}
}

// errorPos is the position of a gqlparser error, nil when it has none.
func errorPos(e *gqlerror.Error) *ast.Position {
	if len(e.Locations) == 0 {
		return nil
	}
	return &ast.Position{Line: e.Locations[0].Line, Column: e.Locations[0].Column}
}
