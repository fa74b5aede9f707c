package validate

import (
	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// Rule IDs of the name checks: fields the transformer generates that clash,
// @mapsTo names, and directives on type extensions.
const (
	RuleOperationClash = "graphql-operation-clash"
	RuleMapsTo         = "graphql-maps-to"
	RuleExtension      = "graphql-extension"
)

func nameRules() []*Rule {
	return []*Rule{
		{ID: RuleOperationClash, Severity: finding.Error, Summary: "No two Query, Mutation or Subscription fields share a name: those the schema declares, those @model generates (getPost, listPosts, createPost, onCreatePost, ...) and @index query fields"},
		{ID: RuleMapsTo, Severity: finding.Error, Summary: "@mapsTo is on a @model type, names no @model type of the schema (its own type included), and is not on a type with a composite key related by @manyToMany"},
		{ID: RuleExtension, Severity: finding.Error, Summary: "A type extension extends a type the schema declares, carries no transformer directive, and its fields carry none but @auth, @function and @http on Query, Mutation and Subscription"},
	}
}

// transformerDirectives are the directives a transformer of the v2 chain
// handles (@aws-amplify/graphql-transformer 1.8's constructTransformerChain);
// AppSync's @aws_* and @deprecated are not among them.
var transformerDirectives = map[string]bool{
	"model": true, "auth": true, "function": true, "http": true, "predictions": true,
	"primaryKey": true, "index": true, "hasMany": true, "hasOne": true, "manyToMany": true,
	"belongsTo": true, "default": true, "mapsTo": true, "sql": true, "refersTo": true, "searchable": true,
}

// checkExtensions reports what the transformer refuses on type extensions
// (graphql-transformer-core's transformation/transform.js and utils.js):
// any transformer directive on the extension itself ("Directives are not
// supported on object or interface extensions"), a field directive of a
// transformer without fieldOfExtendedType (all but @auth, @function and
// @http: "The '@default' directive is not supported on fields of extended
// types"), those three on an extension of a type other than Query, Mutation
// and Subscription, and the extension of a type the schema does not
// declare (graphql-js: "Cannot extend nonexistent type").
func checkExtensions(c *tcheck) {
	sd := c.ts.Doc
	for _, ext := range sd.Extensions {
		if ext.Kind != ast.Object && ext.Kind != ast.Interface {
			continue
		}
		if sd.Definitions.ForName(ext.Name) == nil {
			c.errorAt(RuleExtension, ext.Position, "Cannot extend nonexistent type '%s': declare type %s { ... } (the transformer adds its generated fields to it), or drop the extension", ext.Name, ext.Name)
		}
		for _, dir := range ext.Directives {
			if transformerDirectives[dir.Name] {
				c.errorAt(RuleExtension, dir.Position, "Directives are not supported on object or interface extensions. See the '@%s' directive on '%s': move it to the type's definition", dir.Name, ext.Name)
			}
		}
		operation := ext.Name == "Query" || ext.Name == "Mutation" || ext.Name == "Subscription"
		for _, f := range ext.Fields {
			for _, dir := range f.Directives {
				if !transformerDirectives[dir.Name] {
					continue
				}
				switch {
				case dir.Name != "auth" && dir.Name != "function" && dir.Name != "http":
					c.errorAt(RuleExtension, dir.Position, "The '@%s' directive is not supported on fields of extended types: move %s.%s into the type's definition", dir.Name, ext.Name, f.Name)
				case !operation:
					c.errorAt(RuleExtension, dir.Position, "The '@%s' directive cannot be used on fields of type extensions other than 'Query', 'Mutation', and 'Subscription'. See %s.%s", dir.Name, ext.Name, f.Name)
				}
			}
		}
	}
}

// checkMapsTo reports a @mapsTo naming a @model type of the schema
// (@aws-amplify/graphql-maps-to-transformer: "Cannot apply @mapsTo with
// name "Post" on type "Post" because "Post" model already exists in the
// schema"): the original name must be free for the renamed model's table.
func checkMapsTo(c *tcheck) {
	for _, o := range c.ts.Order {
		if o.Model == nil {
			for _, dir := range o.Def.Directives.ForNames("mapsTo") {
				c.errorAt(RuleMapsTo, dir.Position, "@mapsTo is not supported on type %s. It can only be used on a @model type: add @model, or remove @mapsTo", o.Name)
			}
			continue
		}
		for _, dir := range o.Def.Directives.ForNames("mapsTo") {
			v := argValue(dir, "name")
			if v == nil || v.Kind != ast.StringValue {
				continue
			}
			if t := c.ts.Objects[v.Raw]; t != nil && t.Model != nil {
				c.errorAt(RuleMapsTo, v.Position, "Cannot apply @mapsTo with name %q on type %q because %q model already exists in the schema: @mapsTo names the type's former name, which no @model type may have now", v.Raw, o.Name, v.Raw)
			}
			if m2m := manyToManyField(o); m2m != nil && len(primaryKeyOf(o)) > 1 {
				sort := primaryKeyOf(o)[1].name
				c.errorAt(RuleMapsTo, v.Position, "%s%s is not a field in the join model of %s.%s: the @manyToMany join model names the sort key field after the old name (%s) of a type with a composite primary key; drop @mapsTo or the sort key, or relate the types with @hasMany/@belongsTo", amplifyname.LowerFirst(v.Raw), sort, o.Name, m2m.Name, v.Raw)
			}
		}
	}
}

// manyToManyField returns a field of o with @manyToMany, or nil.
func manyToManyField(o *amplifyschema.Object) *ast.FieldDefinition {
	for _, f := range o.Fields {
		if f.Directives.ForName("manyToMany") != nil {
			return f
		}
	}
	return nil
}

// operationField is a field of Query, Mutation or Subscription that the
// schema names itself: declared there, an @index query field, or a name
// @model(queries:, mutations:, subscriptions:) gives.
type operationField struct {
	typ, name string
	pos       *ast.Position
	by        string // what makes it, for the message: "the schema's", "@model on", "@index on"
	// onType and onField are the type (and field, for @index) it is made on.
	onType, onField string
}

// from says what makes the field.
func (f operationField) from() string {
	if f.by == "the schema's" {
		return f.by + " " + f.typ + "." + f.name
	}
	if f.onField != "" {
		return f.by + " " + f.onType + "." + f.onField
	}
	return f.by + " " + f.onType
}

// checkOperationClash reports two Query, Mutation or Subscription fields
// with one name: the schema's own, the ones @model generates and @index
// query fields. The transformer adds its fields to the operation types and
// graphql-js then refuses ("Object type extension 'Query' cannot redeclare
// field listPosts"). The names the schema gives are few; each is compared
// with the others and with the default names @model generates
// (defaultOperations, named by amplifyschema.OperationName), which are
// built only when a clash is possible at all.
func checkOperationClash(c *tcheck, dataStore bool) {
	checkPluralClash(c, dataStore)
	if !operationClashPossible(c) {
		return
	}
	report := func(at operationField, first string, line int) {
		c.errorAt(RuleOperationClash, at.pos, "Object type extension '%s' cannot redeclare field %s: %s makes %s.%s, which %s (line %d) also names; rename one (@model(queries: ...), @index(queryField: ...)) or remove it",
			at.typ, at.name, at.from(), at.typ, at.name, first, line)
	}
	var named []operationField
	for _, def := range amplifyschema.AllDefinitions(c.ts.Doc) {
		if def.Kind != ast.Object || (def.Name != "Query" && def.Name != "Mutation" && def.Name != "Subscription") {
			continue
		}
		for _, f := range def.Fields {
			named = append(named, operationField{typ: def.Name, name: f.Name, pos: f.Position, by: "the schema's"})
		}
	}
	userFields := len(named)
	for _, o := range c.ts.Order {
		if o.Model == nil {
			continue
		}
		named = append(named, modelGivenNames(o)...)
		for _, fd := range o.Fields {
			for _, dir := range fd.Directives.ForNames("index") {
				if name, pos := indexQueryField(c.ts, o, fd, dir); name != "" {
					named = append(named, operationField{typ: "Query", name: name, pos: pos, by: "@index on", onType: o.Name, onField: fd.Name})
				}
			}
		}
	}
	// The default names are built on the first name that may be one:
	// most schemas that declare operations name them otherwise.
	var defaults map[string]*amplifyschema.Object
	defaultOwner := func(f operationField) *amplifyschema.Object {
		if !amplifyschema.MayBeOperationName(f.name) {
			return nil
		}
		if defaults == nil {
			defaults = defaultOperations(c, dataStore)
		}
		return defaults[f.typ+"."+f.name]
	}
	for i, f := range named {
		clashed := false
		for _, g := range named[:i] {
			if g.typ == f.typ && g.name == f.name {
				report(f, g.from(), c.lineOf(g.pos))
				clashed = true
				break
			}
		}
		if clashed {
			continue
		}
		if o := defaultOwner(f); o != nil {
			if i < userFields {
				// The schema declares it: report at the @model that makes it too.
				at := operationField{typ: f.typ, name: f.name, pos: o.Model.Position, by: "@model on", onType: o.Name}
				report(at, f.from(), c.lineOf(f.pos))
			} else {
				report(f, "@model on "+o.Name, c.lineOf(o.Model.Position))
			}
		}
	}
}

// checkPluralClash reports two @model types whose default list, sync or
// search query is one name: the plural of one type name is the other's
// (Person and People both make listPeople), as the transformer v2
// pluralizes. v1 adds "s", which never makes two names one. Only models
// whose names pluralize to the same initial can clash
// (amplifyname.PluralInitial), so most schemas pluralize nothing here.
func checkPluralClash(c *tcheck, dataStore bool) {
	if c.version == 1 || len(c.ts.Order) < 2 {
		return
	}
	var initials [256]int
	for _, o := range c.ts.Order {
		if o.Model != nil {
			initials[amplifyname.PluralInitial(o.Name)]++
		}
	}
	type key struct{ op, plural string }
	var first map[key]*amplifyschema.Object
	for _, o := range c.ts.Order {
		if o.Model == nil || initials[amplifyname.PluralInitial(o.Name)] < 2 {
			continue
		}
		plural := c.ts.Plural(o.Name)
		for _, op := range [...]string{"list", "sync", "search"} {
			switch {
			case op == "list" && argValue(o.Model, "queries") != nil,
				op == "sync" && !dataStore,
				op == "search" && o.Def.Directives.ForName("searchable") == nil:
				continue
			}
			if first == nil {
				first = map[key]*amplifyschema.Object{}
			}
			p := first[key{op, plural}]
			if p == nil {
				first[key{op, plural}] = o
				continue
			}
			c.errorAt(RuleOperationClash, o.Model.Position, "Object type extension 'Query' cannot redeclare field %s: @model on %s makes it, and so does @model on %s (line %d), as the transformer pluralizes both names alike; rename one type, or name its queries with @model(queries: ...)",
				c.ts.OperationName(op, o.Name, c.version), o.Name, p.Name, c.lineOf(p.Model.Position))
		}
	}
}

// modelGivenNames are the operation names a @model's arguments give.
func modelGivenNames(o *amplifyschema.Object) []operationField {
	var out []operationField
	for _, g := range []struct{ arg, typ string }{{"queries", "Query"}, {"mutations", "Mutation"}, {"subscriptions", "Subscription"}} {
		v := argValue(o.Model, g.arg)
		if v == nil || v.Kind != ast.ObjectValue {
			continue
		}
		for _, ch := range v.Children {
			if ch.Name == "level" {
				continue
			}
			names, _ := stringList(ch.Value)
			for _, n := range names {
				out = append(out, operationField{typ: g.typ, name: n, pos: ch.Value.Position, by: "@model on", onType: o.Name})
			}
		}
	}
	return out
}

// defaultOperations maps each default operation name (as
// "Query.listPosts") to the @model type it belongs to: get<Type> and
// list<Types> (amplifyschema.OperationName), sync<Types> with DataStore,
// search<Types> with @searchable, create/update/delete<Type>,
// onCreate/onUpdate/onDelete<Type>, for a @model whose queries, mutations
// or subscriptions argument is left out (an argument given replaces the
// defaults: the CLI's shouldDeepMergeDirectiveConfigDefaults is false).
// The first model to name one keeps it.
func defaultOperations(c *tcheck, dataStore bool) map[string]*amplifyschema.Object {
	out := map[string]*amplifyschema.Object{}
	add := func(o *amplifyschema.Object, typ string, ops ...string) {
		for _, op := range ops {
			k := typ + "." + c.ts.OperationName(op, o.Name, c.version)
			if out[k] == nil {
				out[k] = o
			}
		}
	}
	for _, o := range c.ts.Order {
		if o.Model == nil {
			continue
		}
		if argValue(o.Model, "queries") == nil {
			add(o, "Query", "get", "list")
		}
		if dataStore {
			add(o, "Query", "sync")
		}
		if o.Def.Directives.ForName("searchable") != nil {
			add(o, "Query", "search")
		}
		if argValue(o.Model, "mutations") == nil {
			add(o, "Mutation", "create", "update", "delete")
		}
		if argValue(o.Model, "subscriptions") == nil {
			add(o, "Subscription", "onCreate", "onUpdate", "onDelete")
		}
	}
	return out
}

// operationClashPossible reports whether the schema can have clashing
// operation fields at all, so that most schemas skip building the names:
// only when it declares Query, Mutation or Subscription, gives @model
// arguments, gives an @index a queryField, or indexes one field twice (the
// default names of @model's fields never meet each other or an @index's
// default name, "<types>By<Field>").
func operationClashPossible(c *tcheck) bool {
	for _, def := range c.ts.Doc.Definitions {
		if def.Name == "Query" || def.Name == "Mutation" || def.Name == "Subscription" {
			return true
		}
	}
	for _, def := range c.ts.Doc.Extensions {
		if def.Name == "Query" || def.Name == "Mutation" || def.Name == "Subscription" {
			return true
		}
	}
	for _, o := range c.ts.Order {
		if o.Model == nil {
			continue
		}
		if len(o.Model.Arguments) > 0 {
			return true
		}
		for _, f := range o.Fields {
			n := 0
			for _, d := range f.Directives {
				if d.Name != "index" {
					continue
				}
				if n++; n > 1 || d.Arguments.ForName("queryField") != nil {
					return true
				}
			}
		}
	}
	return false
}

// indexQueryField is the query field an @index makes: its queryField, or,
// as enableAutoIndexQueryNames (the CLI's default) has it, the index's
// default name; none for queryField: null.
func indexQueryField(ts *amplifyschema.Schema, o *amplifyschema.Object, f *ast.FieldDefinition, dir *ast.Directive) (string, *ast.Position) {
	if v := argValue(dir, "queryField"); v != nil {
		if v.Kind == ast.NullValue {
			return "", nil
		}
		return v.Raw, v.Position
	}
	sorts, _ := stringList(argValue(dir, "sortKeyFields"))
	return ts.DefaultIndexName(o.Name, f.Name, sorts), dir.Position
}
