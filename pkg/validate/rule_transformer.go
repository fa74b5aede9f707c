package validate

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// Rule IDs of the checks the Amplify GraphQL transformer (and the service
// that runs it) makes on a TransformSchema. Like the @auth rules they are
// reported by graphql-valid's check, which parses the schema once; each ID
// has its own severity, doc page and config entry.
const (
	RuleIndex         = "graphql-index"
	RulePrimaryKey    = "graphql-primary-key"
	RuleModelReserved = "graphql-model-reserved"
	RuleV1Mixed       = "graphql-v1-mixed"
	RuleNoModel       = "graphql-no-model"
	RuleGSILimit      = "graphql-gsi-limit"
	RuleSchemaSize    = "graphql-schema-size"
	RuleRelation      = "graphql-relation"
)

func transformerRules() []*Rule {
	return append([]*Rule{
		{ID: RuleIndex, Severity: finding.Error, Summary: "Every @index is on a @model type, has a valid, unique name, and its key fields exist and are scalars or enums"},
		{ID: RulePrimaryKey, Severity: finding.Error, Summary: "Every @primaryKey is on a @model type, once per type, and its key fields exist and are non-null scalars or enums"},
		{ID: RuleModelReserved, Severity: finding.Error, Summary: "No @model on Query, Mutation or Subscription"},
		{ID: RuleV1Mixed, Severity: finding.Error, Summary: "Every directive is of the project's transformer version: no v1 @key, @connection or @versioned on v2 (the default), no v2 directives on v1 (transformer-version in .bapi.yaml)"},
		{ID: RuleNoModel, Severity: finding.Warning, Summary: "TransformSchema declares at least one @model type (a warning: the CLI deploys an API without one; Studio's data model editor has nothing to show for it)"},
		{ID: RuleGSILimit, Severity: finding.Error, Summary: "No @model table has more than 20 global secondary indexes (@index plus those relations create)"},
		{ID: RuleRelation, Severity: finding.Error, Summary: "Every @hasOne, @hasMany, @belongsTo and @manyToMany relates @model types, on a list or not as the directive needs, with fields and references that exist"},
		defaultRule(),
		authFieldRequiredRule(),
		{ID: RuleSchemaSize, Severity: finding.Warning, Summary: "The compiled schema is estimated to stay well under AppSync's 1 MB limit"},
		v1KeyRule(),
	}, append(directiveRules(), nameRules()...)...)
}

// validIndexName is the transformer's rule for an explicit @index name (and
// DynamoDB's for an index name): 3 to 255 of A-Z a-z 0-9 _ . -. A loop, not
// the regexp ^[A-Za-z0-9_.-]{3,255}$: compiling that expands 255 copies,
// half a millisecond of every bapi start, and matching even the short form
// cost 1% of a validate run.
func validIndexName(s string) bool {
	if len(s) < 3 || len(s) > 255 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '.', c == '-':
		default:
			return false
		}
	}
	return true
}

// v2Directive reports whether only transformer v2 has the directive
// (amplifyschema.V1Directive says the converse).
func v2Directive(name string) bool {
	switch name {
	case "primaryKey", "index", "hasOne", "hasMany", "belongsTo", "manyToMany", "default", "mapsTo", "refersTo":
		return true
	}
	return false
}

// maxGSIs is DynamoDB's default quota of global secondary indexes per table.
const maxGSIs = 20

// stringList returns the strings of a list (or single string) argument and
// their positions.
func stringList(v *ast.Value) ([]string, []*ast.Position) {
	if v == nil {
		return nil, nil
	}
	if v.Kind == ast.StringValue {
		return []string{v.Raw}, []*ast.Position{v.Position}
	}
	var out []string
	var pos []*ast.Position
	if v.Kind == ast.ListValue {
		for _, c := range v.Children {
			if c.Value != nil && c.Value.Kind == ast.StringValue {
				out = append(out, c.Value.Raw)
				pos = append(pos, c.Value.Position)
			}
		}
	}
	return out, pos
}

func argValue(dir *ast.Directive, name string) *ast.Value {
	if a := dir.Arguments.ForName(name); a != nil {
		return a.Value
	}
	return nil
}

// checkTransformer runs the transformer rules on a parsed TransformSchema.
func checkTransformer(p *Pass, st *schemaText, ts *amplifyschema.Schema) {
	report := func(id string, pos *ast.Position, format string, args ...any) {
		p.ReportFinding(st.finding(p, pos, finding.Finding{
			Rule:     id,
			Severity: registeredSeverity(id),
			DocURL:   DocURL(id),
			Message:  fmt.Sprintf(format, args...),
		}))
	}
	errorAt := func(id string, pos *ast.Position, format string, args ...any) {
		report(id, pos, format, args...)
	}

	strategy, _ := str(mapGet(mapGet(resourceConfig(p), "ConflictResolution"), "ResolutionStrategy"))
	c := &tcheck{ts: ts, version: p.TransformerVersion(), dataStore: strategy != "" && strategy != "NONE", errorAt: errorAt, lineOf: func(pos *ast.Position) int {
		return st.finding(p, pos, finding.Finding{}).Line
	}}
	checkReserved(c)
	checkV1Mixed(c)
	anyModel := false
	for _, o := range ts.Order {
		if o.Model != nil {
			anyModel = true
		}
		checkPrimaryKey(c, o)
		checkIndexes(c, o)
		checkRelations(c, o)
		checkDefaults(c, o)
		checkFieldAuth(c, o)
		checkV1Keys(c, o)
		checkV1Connections(c, o)
	}
	if !anyModel {
		report(RuleNoModel, nil, "TransformSchema declares no @model type: the API has no tables, only the queries and mutations you resolve (@function, @http); the Amplify CLI deploys that, but Amplify Studio's data model editor shows and edits @model types only. If this is not meant, add @model to a type, e.g. type Todo @model { id: ID! }")
	}
	checkV1InterfaceConnections(c)
	checkGSILimit(c)
	checkDirectiveUse(c)
	checkExtensions(c)
	checkMapsTo(c)
	checkOperationClash(c, c.dataStore)
	checkDataStoreFields(c, p)
	if est := ts.CompiledSize(); est >= schemaSizeWarn {
		where := "near"
		if est > amplifyschema.AppSyncMaxSchemaBytes {
			where = "over"
		}
		report(RuleSchemaSize, nil, "the compiled schema is estimated at %d KB (%d @model types), %s AppSync's 1 MB limit on a schema (warned from %d KB): split the API, or drop generated operations you do not use (e.g. @model(subscriptions: null))",
			est/1024, ts.ModelCount(), where, schemaSizeWarn/1024)
	}
}

// tcheck is what the transformer checks share: the schema, the reporter
// and the mapping of a position to its line in the file.
type tcheck struct {
	ts      *amplifyschema.Schema
	version int // the transformer version, 1 or 2
	// dataStore is set when ConflictResolution turns DataStore on.
	dataStore bool
	errorAt   func(id string, pos *ast.Position, format string, args ...any)
	lineOf    func(pos *ast.Position) int
}

// operationTypes returns the names of the query, mutation and subscription
// types: the defaults and those a schema definition names (the transformer
// refuses @model on Query even when the schema names another query type).
func operationTypes(sd *ast.SchemaDocument) map[string]bool {
	names := map[string]bool{"Query": true, "Mutation": true, "Subscription": true}
	for _, list := range []ast.SchemaDefinitionList{sd.Schema, sd.SchemaExtension} {
		for _, s := range list {
			for _, ot := range s.OperationTypes {
				names[ot.Type] = true
			}
		}
	}
	return names
}

func checkReserved(c *tcheck) {
	ops := operationTypes(c.ts.Doc)
	for _, o := range c.ts.Order {
		if o.Model != nil && ops[o.Name] {
			c.errorAt(RuleModelReserved, o.Model.Position, "'%s' is a reserved type name and currently in use within the default schema element: remove @model from %s, or rename the type to make it a table", o.Name, o.Name)
		}
	}
}

// checkV1Mixed reports every directive that belongs to the other
// transformer version than the project's: v1's @key, @connection and
// @versioned on v2 (the default), which the v2 transformer refuses ("Your
// GraphQL Schema is using "@key" directive from an older version of the
// GraphQL Transformer"), and v2's own directives on v1, which the v1
// transformer does not know.
func checkV1Mixed(c *tcheck) {
	wrong := amplifyschema.V1Directive
	if c.version == 1 {
		wrong = v2Directive
	}
	visit := func(dirs ast.DirectiveList) {
		for _, d := range dirs {
			if !wrong(d.Name) {
				continue
			}
			if c.version == 1 {
				c.errorAt(RuleV1Mixed, d.Position, "@%s is a directive of GraphQL transformer v2, but this project is on transformer v1 (transformer-version: 1 in .bapi.yaml), which does not know it: use v1's @key (for @primaryKey/@index) and @connection (for relations), or move the project to v2 (remove transformer-version: 1; see https://docs.amplify.aws/cli/migration/transformer-migration/)", d.Name)
				continue
			}
			c.errorAt(RuleV1Mixed, d.Position, "@%s is a directive of GraphQL transformer v1, which the v2 transformer (the default) refuses: migrate to @primaryKey/@index (for @key), @hasOne/@hasMany/@belongsTo (for @connection), or drop @versioned (see https://docs.amplify.aws/cli/migration/transformer-migration/); if the Amplify project is on transformer v1, declare `transformer-version: 1` in .bapi.yaml", d.Name)
		}
	}
	for _, def := range amplifyschema.AllDefinitions(c.ts.Doc) {
		visit(def.Directives)
		for _, f := range def.Fields {
			visit(f.Directives)
		}
	}
}

func checkPrimaryKey(c *tcheck, o *amplifyschema.Object) {
	var first *ast.Directive
	for _, f := range o.Fields {
		for _, dir := range f.Directives.ForNames("primaryKey") {
			if o.Model == nil {
				c.errorAt(RulePrimaryKey, dir.Position, "The @primaryKey directive may only be added to object definitions annotated with @model: add @model to %s, or remove @primaryKey from %s", o.Name, f.Name)
				continue
			}
			if first != nil {
				c.errorAt(RulePrimaryKey, dir.Position, "You may only supply one primary key on type '%s' (the first is at line %d): make the other fields sort keys with @primaryKey(sortKeyFields: [...])", o.Name, c.lineOf(first.Position))
				continue
			}
			first = dir
			if f.Type != nil && !f.Type.NonNull {
				c.errorAt(RulePrimaryKey, f.Type.Position, "The primary key on type '%s' must reference non-null fields: make %s %s!", o.Name, f.Name, f.Type.String())
			}
			if !c.ts.KeyType(f.Type) {
				c.errorAt(RulePrimaryKey, dir.Position, "The primary key on type '%s.%s' cannot be a non-scalar: key a scalar (String, ID, Int, AWSDateTime, ...) or enum field that is not a list", o.Name, f.Name)
			} else if f.Type.NamedType == "Boolean" {
				c.errorAt(RulePrimaryKey, dir.Position, "The primary key on type '%s.%s' is a Boolean, which cannot be a DynamoDB key: key a String, ID, number or enum field", o.Name, f.Name)
			}
			sorts, pos := stringList(argValue(dir, "sortKeyFields"))
			owners := ownerFields(o)
			for i, s := range sorts {
				if s == f.Name {
					c.errorAt(RulePrimaryKey, pos[i], "@primaryKey field '%s' cannot reference itself: remove it from sortKeyFields", f.Name)
					continue
				}
				sf := o.Fields.ForName(s)
				if sf == nil {
					c.errorAt(RulePrimaryKey, pos[i], "Can't find field '%s' in %s, but it was specified in the primary key: add the field or fix the name", s, o.Name)
					continue
				}
				if !c.ts.KeyType(sf.Type) {
					c.errorAt(RulePrimaryKey, pos[i], "The primary key's sort key on type '%s.%s' cannot be a non-scalar: use a scalar or enum field that is not a list", o.Name, s)
					continue
				}
				if !sf.Type.NonNull {
					c.errorAt(RulePrimaryKey, pos[i], "The primary key on type '%s' must reference non-null fields: make %s %s!", o.Name, s, sf.Type.String())
				}
				if sf.Type.NamedType == "Boolean" {
					c.errorAt(RulePrimaryKey, pos[i], "The primary key's sort key %s.%s is a Boolean, which cannot be a DynamoDB key: use a String, ID, number or enum field", o.Name, s)
				}
				if owners[s] {
					c.errorAt(RulePrimaryKey, pos[i], "The primary key's sort key type '%s' cannot be used as an owner @auth field too. Please use another field for the sort key", s)
				}
			}
		}
	}
}

// ownerFields returns the owner fields of the type's owner @auth rules
// whose identity claim is the default "sub::username" (or another claim
// naming two parts), which the transformer refuses as sort keys.
func ownerFields(o *amplifyschema.Object) map[string]bool {
	var out map[string]bool
	for _, dir := range o.Auth {
		for obj := range authRuleObjects(dir) {
			a := amplifyschema.ParseAuthRule(obj, "")
			if a.Allow == "owner" && strings.Contains(a.IdentityClaim, "::") {
				if out == nil {
					out = map[string]bool{}
				}
				out[a.OwnerField] = true
			}
		}
	}
	return out
}

func checkIndexes(c *tcheck, o *amplifyschema.Object) {
	type named struct {
		name string
		pos  *ast.Position
	}
	seen := map[string]named{} // by name: a type may hold 40,000 indexes
	// The primary key: an @index on it needs a primary sort key.
	var pkField string
	pkHasSort := false
	for _, f := range o.Fields {
		if dir := f.Directives.ForName("primaryKey"); dir != nil && pkField == "" {
			pkField = f.Name
			s, _ := stringList(argValue(dir, "sortKeyFields"))
			pkHasSort = len(s) > 0
		}
	}
	for _, f := range o.Fields {
		for _, dir := range f.Directives.ForNames("index") {
			if o.Model == nil {
				c.errorAt(RuleIndex, dir.Position, "The @index directive may only be added to object definitions annotated with @model: add @model to %s, or remove @index from %s", o.Name, f.Name)
				continue
			}
			nameVal := argValue(dir, "name")
			if nameVal != nil && nameVal.Kind == ast.NullValue {
				c.errorAt(RuleIndex, nameVal.Position, "Explicit null value not allowed for name field on @index: give the index a name, or leave name out")
				continue
			}
			name, explicit := c.ts.IndexName(o.Name, f.Name, dir)
			if explicit && !validIndexName(name) {
				c.errorAt(RuleIndex, nameVal.Position, "The indexName %q is invalid. It should be between 3 and 255 characters. Only A–Z, a–z, 0–9, underscore characters, hyphens, and periods allowed", name)
			}
			if explicit && c.version != 1 && strings.HasPrefix(name, "gsi-") {
				if rel := c.referencesIndexOwner(name, o.Name); rel != "" {
					c.errorAt(RuleIndex, nameVal.Position, "Global secondary index %s defined on %s conflicts with the naming convention used to create implicit GSIs for querying relationships (%s creates an index of that name on %s). Please rename your @index", name, o.Name, rel, o.Name)
				}
			}
			// A generated name counts as one given (Person's name: String
			// @index is peopleByName).
			at := dir.Position
			if explicit {
				at = nameVal.Position
			}
			if s, dup := seen[name]; dup {
				c.errorAt(RuleIndex, at, "You may only supply one @index with the name '%s' on type '%s' (the first is at line %d): rename one of them", name, o.Name, c.lineOf(s.pos))
			} else {
				seen[name] = named{name, at}
			}
			sorts, pos := stringList(argValue(dir, "sortKeyFields"))
			if f.Name == pkField && !pkHasSort {
				c.errorAt(RuleIndex, dir.Position, "Invalid @index '%s'. You may not create an index where the partition key is the same as that of the primary key unless the primary key has a sort field: index another field, or give @primaryKey sortKeyFields", name)
			}
			if !c.ts.KeyType(f.Type) {
				c.errorAt(RuleIndex, dir.Position, "Index '%s' on type '%s.%s' cannot be a non-scalar: index a scalar (String, ID, Int, AWSDateTime, ...) or enum field that is not a list", name, o.Name, f.Name)
			} else if f.Type.NamedType == "Boolean" {
				c.errorAt(RuleIndex, dir.Position, "Index '%s' on type '%s.%s' is keyed by a Boolean, which cannot be a DynamoDB key: index a String, ID, number or enum field", name, o.Name, f.Name)
			}
			for i, s := range sorts {
				if s == f.Name {
					c.errorAt(RuleIndex, pos[i], "@index field '%s' cannot reference itself: remove it from sortKeyFields", f.Name)
					continue
				}
				sf := o.Fields.ForName(s)
				if sf == nil {
					c.errorAt(RuleIndex, pos[i], "Can't find field '%s' in %s, but it was specified in index '%s': add the field or fix the name", s, o.Name, name)
					continue
				}
				if !c.ts.KeyType(sf.Type) {
					c.errorAt(RuleIndex, pos[i], "The sort key of index '%s' on type '%s.%s' cannot be a non-scalar: use a scalar or enum field that is not a list", name, o.Name, s)
					continue
				}
				if sf.Type.NamedType == "Boolean" {
					c.errorAt(RuleIndex, pos[i], "The sort key of index '%s' on type '%s.%s' is a Boolean, which cannot be a DynamoDB key: use a String, ID, number or enum field", name, o.Name, s)
				}
			}
		}
	}
}

// checkGSILimit reports a table with more global secondary indexes than
// DynamoDB allows, counting them on the schema's model (explicit @index
// ones and those relations create); the model is built only for a schema
// that may exceed the limit (Build).
func checkGSILimit(c *tcheck) {
	if !amplifyschema.MayExceedIndexes(c.ts.Doc, maxGSIs) {
		return
	}
	c.ts.Build()
	for _, o := range c.ts.Order {
		m := c.ts.ByType[o.Name]
		if o.Model == nil || m == nil || len(m.Indexes) <= maxGSIs {
			continue
		}
		explicit := 0
		var implicit []string
		for _, ix := range m.SortedIndexes() {
			if ix.Kind == amplifyschema.KindIndex {
				explicit++
			} else {
				implicit = append(implicit, ix.Source())
			}
		}
		more := ""
		if len(implicit) > 0 {
			more = fmt.Sprintf(", %d created by relations (%s)", len(implicit), strings.Join(implicit, ", "))
		}
		c.errorAt(RuleGSILimit, o.Model.Position, "the table of %s would have %d global secondary indexes (%d from @index%s); DynamoDB allows %d per table: drop indexes you do not query, or give @hasMany an indexName of an existing @index",
			o.Name, len(m.Indexes), explicit, more, maxGSIs)
	}
}

// schemaSizeWarn is where graphql-schema-size warns: 80% of AppSync's
// limit on a schema.
const schemaSizeWarn = amplifyschema.AppSyncMaxSchemaBytes * 8 / 10

// relationDirective reports whether name is a v2 relational directive
// (ok) and whether it must be on a list field.
func relationDirective(name string) (list, ok bool) {
	switch name {
	case "hasOne", "belongsTo":
		return false, true
	case "hasMany", "manyToMany":
		return true, true
	}
	return false, false
}

func checkRelations(c *tcheck, o *amplifyschema.Object) {
	for _, f := range o.Fields {
		for _, dir := range f.Directives {
			list, ok := relationDirective(dir.Name)
			if !ok || f.Type == nil {
				continue
			}
			if o.Model == nil {
				c.errorAt(RuleRelation, dir.Position, "@%s must be on an @model object type field: add @model to %s, or remove @%s from %s", dir.Name, o.Name, dir.Name, f.Name)
				continue
			}
			isList := f.Type.Elem != nil
			switch {
			case list && !isList && dir.Name == "hasMany":
				c.errorAt(RuleRelation, dir.Position, "@hasMany must be used with a list. Use @hasOne for non-list types: make %s [%s]", f.Name, f.Type.Name())
				continue
			case list && !isList:
				c.errorAt(RuleRelation, dir.Position, "@%s must be used with a list: make %s [%s]", dir.Name, f.Name, f.Type.Name())
				continue
			case !list && isList && dir.Name == "hasOne":
				c.errorAt(RuleRelation, dir.Position, "@hasOne cannot be used with lists. Use @hasMany instead")
				continue
			case !list && isList:
				c.errorAt(RuleRelation, dir.Position, "@%s cannot be used with lists: make %s a single %s", dir.Name, f.Name, f.Type.Name())
				continue
			}
			related := c.ts.Objects[f.Type.Name()]
			if related == nil || related.Model == nil {
				c.errorAt(RuleRelation, f.Type.Position, "Object type %s must be annotated with @model: @%s relates %s.%s to it, and only @model types have tables", f.Type.Name(), dir.Name, o.Name, f.Name)
				continue
			}
			if dir.Name == "manyToMany" {
				if v := argValue(dir, "relationName"); v != nil && v.Kind == ast.StringValue {
					if n := c.manyToManyUses(v.Raw); n != 2 {
						c.errorAt(RuleRelation, v.Position, "@manyToMany relation '%s' must be used in exactly two locations (it is used in %d): put it on one list field of each of the two related types", v.Raw, n)
					} else if other := c.otherManyToMany(v.Raw, f); other != nil && other.Type.Name() != o.Name {
						c.errorAt(RuleRelation, v.Position, "@manyToMany relation '%s' expects '%s' but got '%s': the other side of the relation (a field of %s) must be a list of %s", amplifyschema.JoinTypeName(v.Raw), o.Name, other.Type.Name(), related.Name, o.Name)
					} else if join := amplifyschema.JoinTypeName(v.Raw); c.declaresType(join) {
						c.errorAt(RuleRelation, v.Position, "@manyToMany relation name '%s' (derived from '%s') already exists as a type in the schema: the relation makes a join model of that name; choose another relationName", join, v.Raw)
					}
				}
			}
			checkRelationKeys(c, o, f, dir, related)
			if c.dataStore && (dir.Name == "hasOne" || dir.Name == "hasMany") && related != o && refersBack(related, o.Name) {
				c.errorAt(RuleRelation, dir.Position, "%s and %s cannot refer to each other via @hasOne or @hasMany when DataStore is in use. Use @belongsTo instead (ConflictResolution turns DataStore on): make the field of %s that points back a @belongsTo", o.Name, related.Name, related.Name)
			}
			refsArg := argValue(dir, "references")
			if refsArg != nil && refsArg.Kind != ast.NullValue && dir.Name != "manyToMany" {
				if fv := argValue(dir, "fields"); fv != nil && fv.Kind != ast.NullValue {
					c.errorAt(RuleRelation, fv.Position, "fields and references cannot be defined in the same %s. Use 'references': fields is the older way to name the keys", dir.Name)
				} else if other := unreferencedAnswer(related, o.Name, dir.Name); other != nil {
					c.errorAt(RuleRelation, refsArg.Position, "%s.%s relates %s and %s without references, while this @%s uses references: the transformer fails on the mix (\"Cannot read properties of undefined\"); give %s.%s references too, or drop references here",
						related.Name, other.Name, related.Name, o.Name, dir.Name, related.Name, other.Name)
				} else if refs, _ := stringList(refsArg); !relatesBackWithReferences(related, o.Name, dir.Name, refs) {
					want := "@belongsTo"
					if dir.Name == "belongsTo" {
						want = "@hasOne or @hasMany"
					}
					c.errorAt(RuleRelation, refsArg.Position, "Uni-directional relationships are not supported. Add a %s field in %s to match the @%s field %s.%s, with references: [%s] as here: a relation with references is declared on both sides",
						want, related.Name, dir.Name, o.Name, f.Name, quoteJoin(refs))
				}
			}
			if dir.Name == "hasMany" {
				if v := argValue(dir, "indexName"); v != nil && v.Kind == ast.StringValue && !hasIndex(c.ts, related, v.Raw) {
					c.errorAt(RuleRelation, v.Position, "Index %s does not exist for model %s: add @index(name: %q) to the field of %s that holds the %s key, or fix the name", v.Raw, related.Name, v.Raw, related.Name, o.Name)
				}
			}
			if dir.Name == "belongsTo" && !relatesBack(related, o.Name) {
				c.errorAt(RuleRelation, dir.Position, "%s must have a relationship with %s in order to use @belongsTo: add a @hasOne or @hasMany field of type %s to %s", related.Name, o.Name, o.Name, related.Name)
			}
			fields, pos := stringList(argValue(dir, "fields"))
			for i, name := range fields {
				if o.Fields.ForName(name) == nil {
					c.errorAt(RuleRelation, pos[i], "%s is not a field in %s: @%s fields name fields of the type it is on", name, o.Name, dir.Name)
				}
			}
			refs, pos := stringList(argValue(dir, "references"))
			target := related
			if dir.Name == "belongsTo" {
				target = o
			}
			for i, name := range refs {
				if target.Fields.ForName(name) == nil {
					c.errorAt(RuleRelation, pos[i], "%s is not a field in %s: @%s references name fields of %s", name, target.Name, dir.Name, target.Name)
				}
			}
		}
	}
}

// referencesIndexOwner names the relation with references that creates
// the index gsi-<Parent>.<field> (amplifyschema.RelationIndexName) on the
// model child, "" when none does. The relational transformer refuses an
// explicit @index of that name on the related model (resolvers.js,
// updateTableForReferencesConnection), since the @index transformer has
// made it first.
func (c *tcheck) referencesIndexOwner(name, child string) string {
	parent, field, ok := strings.Cut(strings.TrimPrefix(name, "gsi-"), ".")
	if !ok {
		return ""
	}
	p := c.ts.Objects[parent]
	if p == nil || p.Model == nil {
		return ""
	}
	f := p.Fields.ForName(field)
	if f == nil || f.Type == nil || f.Type.Name() != child {
		return ""
	}
	for _, dir := range f.Directives {
		if (dir.Name == "hasMany" || dir.Name == "hasOne") && len(amplifyschema.StringList(dir, "references")) > 0 &&
			amplifyschema.RelationIndexName(parent, field) == name {
			return "@" + dir.Name + "(references:) on " + parent + "." + field
		}
	}
	return ""
}

// declaresType reports whether the schema declares a type (of any kind)
// of the name.
func (c *tcheck) declaresType(name string) bool {
	return c.ts.Doc.Definitions.ForName(name) != nil
}

// relatesBackWithReferences reports whether related has a field of type
// owner whose first relational directive answers dir (@belongsTo for
// @hasOne and @hasMany, @hasOne or @hasMany for @belongsTo) with the same
// references, as the relational transformer requires of a relation that
// uses references (utils.js, getBelongsToReferencesNodes and its kin).
func relatesBackWithReferences(related *amplifyschema.Object, owner, dir string, refs []string) bool {
	answers := func(name string) bool {
		if dir == "belongsTo" {
			return name == "hasOne" || name == "hasMany"
		}
		return name == "belongsTo"
	}
	for _, f := range related.Fields {
		if f.Type == nil || f.Type.Name() != owner {
			continue
		}
		for _, d := range f.Directives {
			if !answers(d.Name) {
				continue
			}
			got, _ := stringList(argValue(d, "references"))
			if slices.Equal(got, refs) {
				return true
			}
			break
		}
	}
	return false
}

// refersBack reports whether related has a @hasOne or @hasMany field of
// type owner.
func refersBack(related *amplifyschema.Object, owner string) bool {
	for _, f := range related.Fields {
		if f.Type != nil && f.Type.Name() == owner && (f.Directives.ForName("hasOne") != nil || f.Directives.ForName("hasMany") != nil) {
			return true
		}
	}
	return false
}

// unreferencedAnswer returns a field of related, of type owner, whose
// relational directive answers dir (as in relatesBackWithReferences) but
// has no references: the relational transformer reads every such field's
// references and fails on one without (utils.js,
// getReferencesAssociatedField).
func unreferencedAnswer(related *amplifyschema.Object, owner, dir string) *ast.FieldDefinition {
	for _, f := range related.Fields {
		if f.Type == nil || f.Type.Name() != owner {
			continue
		}
		for _, d := range f.Directives {
			answers := d.Name == "belongsTo"
			if dir == "belongsTo" {
				answers = d.Name == "hasOne" || d.Name == "hasMany"
			}
			if !answers {
				continue
			}
			if v := argValue(d, "references"); v == nil || v.Kind == ast.NullValue {
				return f
			}
			break
		}
	}
	return nil
}

// quoteJoin joins names as a GraphQL list of strings.
func quoteJoin(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

// otherManyToMany returns the other field with a @manyToMany of the
// relation name than f, on the type f relates to, or the first one
// elsewhere; nil when there is none.
func (c *tcheck) otherManyToMany(name string, f *ast.FieldDefinition) *ast.FieldDefinition {
	for _, o := range c.ts.Order {
		for _, g := range o.Fields {
			if g == f {
				continue
			}
			for _, dir := range g.Directives.ForNames("manyToMany") {
				if v := argValue(dir, "relationName"); v != nil && v.Raw == name && o.Name == f.Type.Name() {
					return g
				}
			}
		}
	}
	return nil
}

// manyToManyUses counts the @manyToMany directives with the relation name.
func (c *tcheck) manyToManyUses(name string) int {
	n := 0
	for _, o := range c.ts.Order {
		for _, f := range o.Fields {
			for _, dir := range f.Directives.ForNames("manyToMany") {
				if v := argValue(dir, "relationName"); v != nil && v.Raw == name {
					n++
				}
			}
		}
	}
	return n
}

// hasIndex reports whether the type has an @index of that name (explicit
// or generated).
func hasIndex(ts *amplifyschema.Schema, o *amplifyschema.Object, name string) bool {
	for _, f := range o.Fields {
		for _, dir := range f.Directives.ForNames("index") {
			if n, _ := ts.IndexName(o.Name, f.Name, dir); n == name {
				return true
			}
		}
	}
	return false
}

// relatesBack reports whether o has a @hasOne or @hasMany field of type
// name.
func relatesBack(o *amplifyschema.Object, name string) bool {
	for _, f := range o.Fields {
		if f.Type != nil && f.Type.Name() == name && (f.Directives.ForName("hasOne") != nil || f.Directives.ForName("hasMany") != nil) {
			return true
		}
	}
	return false
}
