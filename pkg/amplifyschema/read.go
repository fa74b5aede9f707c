package amplifyschema

import (
	"errors"
	"fmt"

	"github.com/bapi-dev/bapi/internal/amplifyname"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Reader is the model's one parse entry for a TransformSchema that is to
// be checked: Read parses it (the fast parser, else gqlparser's), checks
// it against the directive definitions of its transformer version (the
// quick check, else gqlparser's validator) and models its object types.
// The speed paths (fastParser, quickValid, the reduced prelude merge) live
// behind it and nowhere else; docs/benchmarks.md gives what each gains.
//
// A Reader keeps the fast parser's node chunks from one schema to the
// next: it is not safe for concurrent use, and the Schema a Read returns
// is valid until the Reader's next Read.
type Reader struct {
	fp *fastParser
	// plurals are the plurals of the type names its schemas asked for:
	// documents name the same types again and again.
	plurals *amplifyname.Plurals
}

// NewReader returns a Reader that keeps the plurals of type names in
// plurals, which Readers working at once may share; nil gives it its own.
func NewReader(plurals *amplifyname.Plurals) *Reader {
	if plurals == nil {
		plurals = &amplifyname.Plurals{}
	}
	return &Reader{fp: newFastParser(), plurals: plurals}
}

// Result is what Read finds in one TransformSchema.
type Result struct {
	// Schema is the model of the schema as parsed: its document and its
	// object types (Objects). Its tables are built by Build. Nil when the
	// schema does not parse.
	Schema *Schema
	// Syntax is gqlparser's syntax error when the schema does not parse;
	// nothing else is set then.
	Syntax error
	// Clashes are declarations and extensions of names the directive
	// definitions declare. With a clash, Errors holds what a linear pass
	// finds (gqlparser cannot validate such a schema).
	Clashes gqlerror.List
	// Errors make the schema invalid against the directive definitions:
	// gqlparser's validator's (or the quick check's same verdict), then
	// repeated directives on a type, then argument values.
	Errors gqlerror.List
}

// Valid reports whether the schema parses and is valid against the
// directive definitions of its transformer version.
func (r Result) Valid() bool {
	return r.Syntax == nil && len(r.Clashes) == 0 && len(r.Errors) == 0
}

// Read parses src, a TransformSchema of the given transformer version (1,
// else 2), and checks it. The document is left as parsed: validation
// works on copies of the definitions it would change.
func (r *Reader) Read(src *ast.Source, version int) Result {
	doc, err := parseTransformSchema(r.fp, src)
	if err != nil {
		return Result{Syntax: err}
	}
	if len(doc.Definitions)+len(doc.Extensions)+len(doc.Directives)+len(doc.DirectiveExtensions)+len(doc.Schema)+len(doc.SchemaExtension) == 0 {
		// gqlparser takes a document of nothing (or only comments);
		// graphql-js, which the transformer parses with, wants a definition.
		line, col := endPosition(src.Input)
		return Result{Syntax: gqlerror.List{{
			Message:   "Syntax Error: Unexpected <EOF>: the schema has no definitions; declare at least one type, e.g. type Todo @model { id: ID! }",
			Locations: []gqlerror.Location{{Line: line, Column: col}},
		}}}
	}
	res := Result{Schema: newSchema(doc)}
	res.Schema.plurals = r.plurals
	pre := preludeFor(version)
	// Before gqlparser's validator sees the document.
	repeats := typeDirectiveRepeats(doc, pre)
	res.Clashes = preludeClashes(doc, pre)
	if len(res.Clashes) > 0 {
		// gqlparser cannot validate a schema that redeclares or extends
		// the prelude: report what the collector finds besides.
		res.Errors = append(collectSchemaErrors(doc, pre), repeats...)
		return res
	}
	res.Errors = asList(validateWithPrelude(doc, pre))
	res.Errors = append(res.Errors, repeats...)
	res.Errors = append(res.Errors, directiveValueErrors(doc, pre)...)
	return res
}

// preludeClashes finds the declarations and extensions of names the
// prelude declares.
func preludeClashes(doc *ast.SchemaDocument, pre *prelude) gqlerror.List {
	var errs gqlerror.List
	names := pre.names
	for _, ext := range doc.Extensions {
		if names[ext.Name] {
			errs = append(errs, gqlErrorAt(ext.Position, "TransformSchema extends built-in type %s; Amplify declares it, so it cannot be extended: remove the extension", ext.Name))
		}
	}
	for _, ext := range doc.DirectiveExtensions {
		if names["@"+ext.Name] {
			errs = append(errs, gqlErrorAt(ext.Position, "TransformSchema extends built-in directive @%s; remove the extension", ext.Name))
		}
	}
	for _, d := range doc.Definitions {
		if names[d.Name] {
			errs = append(errs, gqlErrorAt(d.Position, "TransformSchema declares %s, which AppSync or Amplify already declares; remove the declaration or rename the type", d.Name))
		}
	}
	for _, d := range doc.Directives {
		if names["@"+d.Name] {
			errs = append(errs, gqlErrorAt(d.Position, "TransformSchema declares directive @%s, which Amplify already declares; remove the declaration", d.Name))
		}
	}
	return errs
}

// asList turns what gqlparser's validator returns into a list.
func asList(err error) gqlerror.List {
	if err == nil {
		return nil
	}
	var list gqlerror.List
	if errors.As(err, &list) {
		return list
	}
	var one *gqlerror.Error
	if errors.As(err, &one) {
		return gqlerror.List{one}
	}
	return gqlerror.List{{Message: fmt.Sprint(err)}}
}

// endPosition is the line and column just past the end of s.
func endPosition(s string) (line, col int) {
	line, col = 1, 1
	for _, r := range s {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}
