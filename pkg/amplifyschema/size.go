package amplifyschema

import "github.com/vektah/gqlparser/v2/ast"

// Schema size estimate (graphql-schema-size). The transformer turns each
// @model type into the type itself plus its connection type, filter,
// condition, create, update and delete inputs, its queries, mutations and
// subscriptions, and (once per schema) the Model*Input filter types. The
// constants below were fitted on schemas compiled by
// @aws-amplify/graphql-transformer; internal/oracle checks them against it
// on every schema of the test data (docs/rules/graphql-schema-size.md
// quotes the range). Other definitions are copied about as written.
const (
	sizeBase     = 2200
	sizePerModel = 1500
	sizePerField = 120
	sizePerIndex = 130
	sizePerAuth  = 400
	// A sort key field adds key condition inputs and query arguments;
	// @searchable its search types and query; relations their connection
	// fields (and @manyToMany, on each side, half of its join model).
	sizePerSortKey    = 300
	sizePerSearchable = 2500
	sizePerHasMany    = 250
	sizePerHasOne     = 150
	sizePerBelongsTo  = 100
	sizePerManyToMany = 900
	// What a model's queries, mutations (with their inputs) and
	// subscriptions take, saved when @model sets them to null.
	sizeQueries       = 400
	sizeMutations     = 900
	sizeSubscriptions = 300
)

// AppSyncMaxSchemaBytes is AppSync's limit on the size of a schema.
const AppSyncMaxSchemaBytes = 1 << 20

// CompiledSize estimates the size in bytes of the schema the transformer
// compiles from the TransformSchema (graphql-schema-size's estimate).
func (sc *Schema) CompiledSize() int {
	n := sizeBase
	for _, d := range AllDefinitions(sc.Doc) {
		o := sc.Objects[d.Name]
		if d.Kind != ast.Object || o == nil || o.Model == nil {
			n += definitionSize(d)
			continue
		}
		if o.Def != d {
			continue // an extension of a model, counted with it
		}
		n += sizePerModel + sizePerField*len(o.Fields)
		// @model(queries: null, ...) generates less.
		for _, op := range [...]struct {
			arg   string
			saved int
		}{{"queries", sizeQueries}, {"mutations", sizeMutations}, {"subscriptions", sizeSubscriptions}} {
			if a := o.Model.Arguments.ForName(op.arg); a != nil && a.Value != nil && a.Value.Kind == ast.NullValue {
				n -= op.saved
			}
		}
		if len(o.Auth) > 0 {
			n += sizePerAuth
		}
		if o.Def.Directives.ForName("searchable") != nil {
			n += sizePerSearchable
		}
		for _, f := range o.Fields {
			for _, dir := range f.Directives {
				switch dir.Name {
				case "index", "primaryKey":
					if dir.Name == "index" {
						n += sizePerIndex
					}
					n += sizePerSortKey * len(StringList(dir, "sortKeyFields"))
				case "hasMany":
					n += sizePerHasMany
				case "hasOne":
					n += sizePerHasOne
				case "belongsTo":
					n += sizePerBelongsTo
				case "manyToMany":
					n += sizePerManyToMany
				}
			}
		}
	}
	return n
}

// definitionSize approximates the printed size of a non-model definition.
func definitionSize(d *ast.Definition) int {
	n := len(d.Name) + 16
	for _, f := range d.Fields {
		n += len(f.Name) + 8
		if f.Type != nil {
			n += len(f.Type.Name()) + 4
		}
		for _, a := range f.Arguments {
			n += len(a.Name) + 12
		}
	}
	for _, v := range d.EnumValues {
		n += len(v.Name) + 3
	}
	return n
}

// ModelCount is the number of @model types.
func (sc *Schema) ModelCount() int {
	n := 0
	for _, o := range sc.Order {
		if o.Model != nil {
			n++
		}
	}
	return n
}
