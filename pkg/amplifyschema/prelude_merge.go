package amplifyschema

import (
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"
	"slices"
)

// Validating a TransformSchema merged with the whole prelude re-validates
// the prelude's ~70 definitions for every document, which cost more than
// parsing the user's schema. gqlparser's validator has no API to validate a
// document against an already-built schema, so graphql-valid instead merges
// the user's definitions with only the prelude definitions they reach: the
// names the user's document references, closed over the prelude's own
// references. The result is the same as validating the full merge:
//
//   - the prelude is valid on its own and never refers to user types;
//   - the user cannot redeclare or extend a prelude name (refused before
//     validation), so user content cannot change how a prelude definition
//     validates;
//   - gqlparser reports the first error in name order, and prelude
//     definitions contribute none, so the first error is the user's either
//     way;
//   - an unreferenced prelude definition is never looked up (the prelude
//     has no interfaces, unions or Query/Mutation/Subscription types).
//
// TestPreludeSubsetMatchesFullMerge checks the equivalence on the rule
// cases.

// preludeIndex says, for each prelude type and directive, which prelude
// definitions it needs.
type preludeIndex struct {
	doc *ast.SchemaDocument
	// typeDeps and dirDeps map a name to the indexes (in doc.Definitions and
	// doc.Directives) of everything it reaches, itself included.
	typeDeps map[string]preludeSet
	dirDeps  map[string]preludeSet
}

// preludeSet is a set of prelude definitions and directives by index.
type preludeSet struct{ defs, dirs []bool }

func (s preludeSet) add(o preludeSet) {
	for i, b := range o.defs {
		s.defs[i] = s.defs[i] || b
	}
	for i, b := range o.dirs {
		s.dirs[i] = s.dirs[i] || b
	}
}

func newPreludeIndex(sd *ast.SchemaDocument) *preludeIndex {
	defIdx := make(map[string]int, len(sd.Definitions))
	for i, d := range sd.Definitions {
		defIdx[d.Name] = i
	}
	dirIdx := make(map[string]int, len(sd.Directives))
	for i, d := range sd.Directives {
		dirIdx[d.Name] = i
	}
	newSet := func() preludeSet {
		return preludeSet{make([]bool, len(sd.Definitions)), make([]bool, len(sd.Directives))}
	}
	// reach marks the closure of one definition or directive.
	var reachType, reachDir func(s preludeSet, name string)
	refs := func(s preludeSet) *refCollector {
		return &refCollector{
			typ: func(n string) { reachType(s, n) },
			dir: func(n string) { reachDir(s, n) },
		}
	}
	reachType = func(s preludeSet, name string) {
		i, ok := defIdx[name]
		if !ok || s.defs[i] {
			return
		}
		s.defs[i] = true
		refs(s).definition(sd.Definitions[i])
	}
	reachDir = func(s preludeSet, name string) {
		i, ok := dirIdx[name]
		if !ok || s.dirs[i] {
			return
		}
		s.dirs[i] = true
		refs(s).directiveDefinition(sd.Directives[i])
	}
	idx := &preludeIndex{doc: sd, typeDeps: map[string]preludeSet{}, dirDeps: map[string]preludeSet{}}
	for _, d := range sd.Definitions {
		s := newSet()
		reachType(s, d.Name)
		idx.typeDeps[d.Name] = s
	}
	for _, d := range sd.Directives {
		s := newSet()
		reachDir(s, d.Name)
		idx.dirDeps[d.Name] = s
	}
	return idx
}

// merge returns the user's document merged with the prelude definitions it
// reaches, prelude first, in prelude order.
func (idx *preludeIndex) merge(user *ast.SchemaDocument) *ast.SchemaDocument {
	need := preludeSet{make([]bool, len(idx.doc.Definitions)), make([]bool, len(idx.doc.Directives))}
	rc := &refCollector{
		typ: func(n string) {
			if s, ok := idx.typeDeps[n]; ok {
				need.add(s)
			}
		},
		dir: func(n string) {
			if s, ok := idx.dirDeps[n]; ok {
				need.add(s)
			}
		},
	}
	rc.document(user)
	var defs ast.DefinitionList
	for i, b := range need.defs {
		if b {
			defs = append(defs, idx.doc.Definitions[i])
		}
	}
	var dirs ast.DirectiveDefinitionList
	for i, b := range need.dirs {
		if b {
			dirs = append(dirs, idx.doc.Directives[i])
		}
	}
	// gqlparser's validator writes to the definitions it is given: it
	// appends an extension's directives and fields to its type's, a
	// directive extension's to its directive's, and the introspection
	// fields to Query, and it records each directive use's definition on
	// the use. The user's definitions are given as copies whose lists are
	// clipped, so every append makes a new list and the user's document
	// keeps its own lists (the checks after validation read them); the
	// uses it records on are the user's own, and the prelude holds none
	// (newPrelude).
	for _, d := range user.Definitions {
		c := *d
		c.Directives = slices.Clip(c.Directives)
		c.Interfaces = slices.Clip(c.Interfaces)
		c.Fields = slices.Clip(c.Fields)
		c.Types = slices.Clip(c.Types)
		c.TypePositions = slices.Clip(c.TypePositions)
		c.EnumValues = slices.Clip(c.EnumValues)
		defs = append(defs, &c)
	}
	for _, d := range user.Directives {
		c := *d
		c.Directives = slices.Clip(c.Directives)
		dirs = append(dirs, &c)
	}
	return &ast.SchemaDocument{
		Schema:              user.Schema,
		SchemaExtension:     user.SchemaExtension,
		Directives:          dirs,
		DirectiveExtensions: user.DirectiveExtensions,
		Definitions:         defs,
		Extensions:          user.Extensions,
	}
}

// refCollector calls typ for every type name and dir for every directive
// name a schema document refers to.
type refCollector struct {
	typ, dir func(string)
}

func (rc *refCollector) document(sd *ast.SchemaDocument) {
	for _, d := range sd.Definitions {
		rc.definition(d)
	}
	for _, d := range sd.Extensions {
		rc.definition(d)
	}
	for _, d := range sd.Directives {
		rc.directiveDefinition(d)
	}
	for _, d := range sd.DirectiveExtensions {
		rc.dir(d.Name)
		rc.directives(d.Directives)
	}
	for _, s := range sd.Schema {
		rc.schema(s)
	}
	for _, s := range sd.SchemaExtension {
		rc.schema(s)
	}
}

func (rc *refCollector) schema(s *ast.SchemaDefinition) {
	rc.directives(s.Directives)
	for _, op := range s.OperationTypes {
		rc.typ(op.Type)
	}
}

func (rc *refCollector) definition(d *ast.Definition) {
	rc.directives(d.Directives)
	for _, n := range d.Interfaces {
		rc.typ(n)
	}
	for _, n := range d.Types {
		rc.typ(n)
	}
	for _, f := range d.Fields {
		rc.ref(f.Type)
		rc.directives(f.Directives)
		rc.arguments(f.Arguments)
	}
	for _, v := range d.EnumValues {
		rc.directives(v.Directives)
	}
}

func (rc *refCollector) directiveDefinition(d *ast.DirectiveDefinition) {
	rc.arguments(d.Arguments)
	rc.directives(d.Directives)
}

func (rc *refCollector) arguments(args ast.ArgumentDefinitionList) {
	for _, a := range args {
		rc.ref(a.Type)
		rc.directives(a.Directives)
	}
}

func (rc *refCollector) directives(ds ast.DirectiveList) {
	for _, d := range ds {
		rc.dir(d.Name)
	}
}

func (rc *refCollector) ref(t *ast.Type) {
	for ; t != nil; t = t.Elem {
		if t.NamedType != "" {
			rc.typ(t.NamedType)
		}
	}
}

// validateWithPrelude validates the user's document with the prelude
// definitions it needs.
func validateWithPrelude(user *ast.SchemaDocument, pre *prelude) error {
	// quickValid knows the default prelude only.
	if pre.version == DefaultTransformerVersion && quickValid(user) {
		return nil
	}
	// boundedForValidator: gqlparser's validator is quadratic in the length
	// of a definition's lists.
	bounded := boundedForValidator(user)
	_, err := validator.ValidateSchemaDocument(pre.idx.merge(bounded))
	if err != nil && boundedArtifact(err, user) {
		err = nil
	}
	if err == nil {
		if bounded == user {
			return nil
		}
		// What the cut left out is checked by the collector alone.
		if errs := collectSchemaErrors(user, pre); len(errs) > 0 {
			return errs
		}
		return nil
	}
	// gqlparser stops at its first error: add every other one the collector
	// finds, so all of them are reported at once.
	return mergeGQLErrors(err, collectSchemaErrors(user, pre))
}
