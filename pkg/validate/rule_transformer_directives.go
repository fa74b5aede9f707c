package validate

import (
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// Rule IDs of the directive-use and DataStore rules, reported by
// graphql-valid's check with the other transformer rules.
const (
	RuleDirectiveUse   = "graphql-directive-use"
	RuleDataStoreField = "graphql-datastore-fields"
)

func directiveRules() []*Rule {
	return []*Rule{
		{ID: RuleDirectiveUse, Severity: finding.Error, Summary: "@searchable is on @model types, @http URLs start with http:// or https://, @predictions is on Query with actions in an order it takes, and no SQL-only directive (@refersTo, @sql) is used"},
		{ID: RuleDataStoreField, Severity: finding.Error, Summary: "With ConflictResolution (DataStore), no @model type declares _version, _deleted or _lastChangedAt"},
	}
}

// dataStoreFields are the fields the transformer adds to every @model type
// when conflict resolution (DataStore) is on.
func dataStoreFields() []string { return []string{"_version", "_deleted", "_lastChangedAt"} }

func checkDirectiveUse(c *tcheck) {
	for _, d := range amplifyschema.AllDefinitions(c.ts.Doc) {
		o := c.ts.Objects[d.Name]
		for _, dir := range d.Directives {
			switch dir.Name {
			case "searchable":
				if d.Kind == ast.Object && (o == nil || o.Model == nil) {
					c.errorAt(RuleDirectiveUse, dir.Position, "Types annotated with @searchable must also be annotated with @model: add @model to %s, or remove @searchable", d.Name)
				}
			case "refersTo":
				c.errorAt(RuleDirectiveUse, dir.Position, "@refersTo is only supported on SQL models, and an AmplifyBackend API keeps its models in DynamoDB: rename the type instead, or use @mapsTo to keep an old table")
			}
		}
		for _, f := range d.Fields {
			for _, dir := range f.Directives {
				switch dir.Name {
				case "http":
					if v := argValue(dir, "url"); v != nil && v.Kind == ast.StringValue &&
						!strings.HasPrefix(v.Raw, "http://") && !strings.HasPrefix(v.Raw, "https://") {
						c.errorAt(RuleDirectiveUse, v.Position, "@http requires a url parameter that begins with http:// or https://: %q does not", v.Raw)
					}
				case "refersTo":
					c.errorAt(RuleDirectiveUse, dir.Position, "@refersTo is only supported on SQL models, and an AmplifyBackend API keeps its models in DynamoDB: rename the field instead")
				case "sql":
					c.errorAt(RuleDirectiveUse, dir.Position, "@sql needs a SQL data source, which an AmplifyBackend API cannot have: use @function or @http for %s.%s", d.Name, f.Name)
				case "predictions":
					checkPredictions(c, d, f, dir)
				}
			}
		}
	}
}

// checkDataStoreFields reports fields of @model types that the transformer
// adds itself when conflict resolution is on.
func checkDataStoreFields(c *tcheck, p *Pass) {
	strategy, ok := str(mapGet(mapGet(resourceConfig(p), "ConflictResolution"), "ResolutionStrategy"))
	if !ok || strategy == "" || strategy == "NONE" {
		return
	}
	for _, o := range c.ts.Order {
		if o.Model == nil {
			continue
		}
		for _, name := range dataStoreFields() {
			if f := o.Fields.ForName(name); f != nil {
				c.errorAt(RuleDataStoreField, f.Position, "%s.%s is a field the transformer adds to every @model type when ConflictResolution is %s (DataStore); declaring it fails (\"type Create%sInput has already a field with name %s\"): remove it", o.Name, name, strategy, o.Name, name)
			}
		}
	}
}

// predictionsNext maps each @predictions action to those that may follow
// it (@aws-amplify/graphql-predictions-transformer's allowedActions).
var predictionsNext = map[string][]string{
	"identifyText":        {"translateText"},
	"identifyLabels":      {"translateText", "convertTextToSpeech"},
	"translateText":       {"convertTextToSpeech"},
	"convertTextToSpeech": {},
}

// checkPredictions reports what the predictions transformer refuses of a
// @predictions field: one outside Query, no action, and an action that
// cannot follow the one before it.
func checkPredictions(c *tcheck, d *ast.Definition, f *ast.FieldDefinition, dir *ast.Directive) {
	if d.Name != "Query" {
		c.errorAt(RuleDirectiveUse, dir.Position, "@predictions directive only works under Query operations: move %s to type Query", f.Name)
		return
	}
	v := argValue(dir, "actions")
	if v == nil || v.Kind != ast.ListValue {
		return
	}
	if len(v.Children) == 0 {
		c.errorAt(RuleDirectiveUse, v.Position, "@predictions directive requires at least one action: e.g. actions: [identifyText]")
		return
	}
	for i, ch := range v.Children[1:] {
		prev := v.Children[i].Value.Raw
		if next, ok := predictionsNext[prev]; ok && !slices.Contains(next, ch.Value.Raw) {
			c.errorAt(RuleDirectiveUse, ch.Value.Position, "%s is not supported in this context! After %s the transformer takes %v", ch.Value.Raw, prev, next)
			return
		}
	}
}
