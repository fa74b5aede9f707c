package validate

import (
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// RuleV1Key is the ID of the checks the transformer v1 line makes on @key
// and @versioned (graphql-key-transformer's validate,
// graphql-versioned-transformer), for projects on transformer v1.
const RuleV1Key = "graphql-v1-key"

func v1KeyRule() *Rule {
	return &Rule{ID: RuleV1Key, Severity: finding.Error, Summary: "On transformer v1, every @key and @connection is on a @model type (a @connection to one), names existing scalar or enum fields (non-null ones for the primary key), is the only primary key or the only key of its name, and @versioned's field is an Int"}
}

// checkV1Keys reports what the v1 key and versioned transformers refuse.
// It runs on transformer v1 projects only (v2 refuses the directives
// themselves: graphql-v1-mixed).
func checkV1Keys(c *tcheck, o *amplifyschema.Object) {
	if c.version != 1 {
		return
	}
	var primary *ast.Directive
	names := map[string]bool{}
	for _, dir := range o.Def.Directives {
		switch dir.Name {
		case "versioned":
			field := "version"
			if v := argValue(dir, "versionField"); v != nil && v.Kind == ast.StringValue {
				field = v.Raw
			}
			if f := o.Fields.ForName(field); f != nil && f.Type.Name() != "Int" && f.Type.Name() != "BigInt" {
				c.errorAt(RuleV1Key, f.Position, "The versionField %q is required to be of type \"Int\" or \"BigInt\": make %s.%s an Int!", field, o.Name, field)
			}
		case "key":
			if o.Model == nil {
				c.errorAt(RuleV1Key, dir.Position, "The @key directive may only be added to object definitions annotated with @model: add @model to %s", o.Name)
				continue
			}
			fields, pos := stringList(argValue(dir, "fields"))
			nameVal := argValue(dir, "name")
			isPrimary := nameVal == nil || nameVal.Kind == ast.NullValue
			keyName := "<unnamed>"
			if isPrimary {
				if primary != nil {
					c.errorAt(RuleV1Key, dir.Position, "You may only supply one primary @key on type '%s' (the first is at line %d): give this one a name", o.Name, c.lineOf(primary.Position))
				}
				primary = dir
				if qf := argValue(dir, "queryField"); qf != nil && qf.Kind != ast.NullValue {
					c.errorAt(RuleV1Key, qf.Position, "You cannot pass 'queryField' to the primary @key on type '%s': name the key to get a query", o.Name)
				}
			} else {
				keyName = nameVal.Raw
				if names[keyName] {
					c.errorAt(RuleV1Key, nameVal.Position, "You may only supply one @key with the name '%s' on type '%s'", keyName, o.Name)
				}
				names[keyName] = true
			}
			for i, n := range fields {
				f := o.Fields.ForName(n)
				switch {
				case f == nil:
					c.errorAt(RuleV1Key, pos[i], "You cannot specify a nonexistent field '%s' in @key '%s' on type '%s'", n, keyName, o.Name)
				case isPrimary && !f.Type.NonNull:
					c.errorAt(RuleV1Key, pos[i], "The primary @key on type '%s' must reference non-null fields: make %s %s!", o.Name, n, f.Type.String())
				case !c.ts.KeyType(f.Type) || f.Type.Name() == "Boolean":
					c.errorAt(RuleV1Key, pos[i], "A @key on type '%s' cannot reference non-scalar field %s", o.Name, n)
				}
			}
		}
	}
}

// checkV1Connections reports what the v1 connection transformer
// (graphql-connection-transformer, ModelConnectionTransformer.field) refuses
// before it looks at keys: a @connection on a field of a type that is not a
// @model, or to a type that is not an object type with @model. Like
// checkV1Keys, it runs on transformer v1 projects only.
func checkV1Connections(c *tcheck, o *amplifyschema.Object) {
	if c.version != 1 {
		return
	}
	for _, f := range o.Fields {
		dir := f.Directives.ForName("connection")
		if dir == nil {
			continue
		}
		if o.Model == nil {
			c.errorAt(RuleV1Key, dir.Position, "@connection must be on an @model object type field: add @model to %s, or resolve %s.%s another way", o.Name, o.Name, f.Name)
			continue
		}
		related := c.ts.Objects[f.Type.Name()]
		if related == nil {
			c.errorAt(RuleV1Key, dir.Position, "Could not find an object type named %s: @connection relates @model types", f.Type.Name())
			continue
		}
		if related.Model == nil {
			c.errorAt(RuleV1Key, dir.Position, "Object type %s must be annotated with @model: @connection relates @model types", related.Name)
		}
	}
}
