package validate

import (
	"github.com/bapi-dev/bapi/internal/amplifyname"
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
		{ID: RuleMapsTo, Severity: finding.Error, Summary: "@mapsTo is on a @model type and names no @model type of the schema, its own type included"},
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
	sd := c.ts.sd
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
	for _, o := range c.ts.order {
		if o.model == nil {
			for _, dir := range o.def.Directives.ForNames("mapsTo") {
				c.errorAt(RuleMapsTo, dir.Position, "@mapsTo is not supported on type %s. It can only be used on a @model type: add @model, or remove @mapsTo", o.name)
			}
			continue
		}
		for _, dir := range o.def.Directives.ForNames("mapsTo") {
			v := argValue(dir, "name")
			if v == nil || v.Kind != ast.StringValue {
				continue
			}
			if t := c.ts.objects[v.Raw]; t != nil && t.model != nil {
				c.errorAt(RuleMapsTo, v.Position, "Cannot apply @mapsTo with name %q on type %q because %q model already exists in the schema: @mapsTo names the type's former name, which no @model type may have now", v.Raw, o.name, v.Raw)
			}
		}
	}
}

// operationField is a field of Query, Mutation or Subscription: declared
// or generated.
type operationField struct {
	typ, name string
	pos       *ast.Position
	from      string // what makes it, for the message
}

// checkOperationClash reports two Query, Mutation or Subscription fields
// with one name: the schema's own, the ones @model generates and @index
// query fields. The transformer adds its fields to the operation types and
// graphql-js then refuses ("Object type extension 'Query' cannot redeclare
// field listPosts").
func checkOperationClash(c *tcheck, dataStore bool) {
	seen := map[[2]string]operationField{}
	add := func(f operationField) {
		k := [2]string{f.typ, f.name}
		if first, ok := seen[k]; ok {
			c.errorAt(RuleOperationClash, f.pos, "Object type extension '%s' cannot redeclare field %s: %s makes %s.%s, which %s (line %d) also names; rename one (@model(queries: ...), @index(queryField: ...)) or remove it",
				f.typ, f.name, f.from, f.typ, f.name, first.from, c.lineOf(first.pos))
			return
		}
		seen[k] = f
	}
	for _, def := range allDefinitions(c.ts.sd) {
		if def.Kind != ast.Object || (def.Name != "Query" && def.Name != "Mutation" && def.Name != "Subscription") {
			continue
		}
		for _, f := range def.Fields {
			seen[[2]string{def.Name, f.Name}] = operationField{def.Name, f.Name, f.Position, "the schema's " + def.Name + "." + f.Name}
		}
	}
	for _, o := range c.ts.order {
		if o.model == nil {
			continue
		}
		from := "@model on " + o.name
		for _, f := range modelOperationFields(o, dataStore) {
			f.from = from
			add(f)
		}
		for _, fd := range o.fields {
			for _, dir := range fd.Directives.ForNames("index") {
				name, pos := indexQueryField(o, fd, dir)
				if name != "" {
					add(operationField{typ: "Query", name: name, pos: pos, from: "@index on " + o.name + "." + fd.Name})
				}
			}
		}
	}
}

// indexQueryField is the query field an @index makes: its queryField, or,
// as enableAutoIndexQueryNames (the CLI's default) has it, the index's
// default name; none for queryField: null.
func indexQueryField(o *tobject, f *ast.FieldDefinition, dir *ast.Directive) (string, *ast.Position) {
	if v := argValue(dir, "queryField"); v != nil {
		if v.Kind == ast.NullValue {
			return "", nil
		}
		return v.Raw, v.Position
	}
	sorts, _ := stringList(argValue(dir, "sortKeyFields"))
	return amplifyname.IndexName(o.name, f.Name, sorts), dir.Position
}

// modelOperationFields are the fields @model generates for a type: get and
// list queries (sync with DataStore), create, update and delete mutations,
// their subscriptions, and search with @searchable. An argument given as an
// object replaces the defaults (the CLI's shouldDeepMergeDirectiveConfigDefaults
// is false): a key it leaves out generates nothing; null generates nothing.
func modelOperationFields(o *tobject, dataStore bool) []operationField {
	plural := amplifyname.UpperFirst(amplifyname.Plural(o.name))
	name := amplifyname.UpperFirst(o.name)
	var out []operationField
	// names returns, for an argument of @model, the name of each key: the
	// default when the argument is absent, the given ones when it is an
	// object, none when it is null.
	group := func(arg, typ string, defaults [][2]string) {
		v := argValue(o.model, arg)
		pos := o.model.Position
		if v != nil {
			pos = v.Position
		}
		switch {
		case v == nil:
			for _, d := range defaults {
				out = append(out, operationField{typ: typ, name: d[1], pos: pos})
			}
		case v.Kind == ast.ObjectValue:
			for _, d := range defaults {
				cv := ruleChild(v, d[0])
				if cv == nil {
					continue
				}
				names, _ := stringList(cv)
				for _, n := range names {
					out = append(out, operationField{typ: typ, name: n, pos: cv.Position})
				}
			}
		}
	}
	group("queries", "Query", [][2]string{{"get", "get" + name}, {"list", "list" + plural}})
	if dataStore {
		out = append(out, operationField{typ: "Query", name: "sync" + plural, pos: o.model.Position})
	}
	group("mutations", "Mutation", [][2]string{{"create", "create" + name}, {"update", "update" + name}, {"delete", "delete" + name}})
	group("subscriptions", "Subscription", [][2]string{{"onCreate", "onCreate" + name}, {"onUpdate", "onUpdate" + name}, {"onDelete", "onDelete" + name}})
	if s := o.def.Directives.ForName("searchable"); s != nil {
		out = append(out, operationField{typ: "Query", name: "search" + plural, pos: s.Position})
	}
	return out
}
