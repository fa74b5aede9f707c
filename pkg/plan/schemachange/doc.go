// Package schemachange says what a TransformSchema change does to an
// Amplify GraphQL API's DynamoDB tables, before any job starts.
//
// Each @model type is one DynamoDB table, named after the type (or after
// the name its @mapsTo gives). Comparing the live schema with the desired
// one, Analyze reports, per table:
//
//   - a removed @model type: the table is deleted with all its data;
//   - a changed primary key (@primaryKey's field or sortKeyFields, or a
//     @primaryKey added to a model keyed by id): the table is replaced,
//     its data lost;
//   - the global secondary indexes created and deleted: the explicit
//     @index ones and those the relational directives create (@hasMany
//     without indexName or fields creates gsi-Parent.field on the child,
//     @hasMany(references:) and @hasOne(references:) too, @manyToMany creates byA and byB on its
//     join table). A renamed index is a deletion plus a creation; an index
//     whose key changes is too, since DynamoDB cannot change it in place.
//
// CloudFormation creates or deletes at most one GSI per table in one
// update ("Cannot perform more than one GSI creation or deletion in a
// single update"). Stages splits a change that needs more into a series
// of schemas, each at most one index change per table from the one
// before, the last equal to the desired schema.
//
// The analysis reads the syntax tree only: directives are found by name,
// and a schema gqlparser parses is analysed whether or not it would
// validate against Amplify's directive declarations (pkg/validate checks
// that; plan runs it first). Names follow amplify-category-api's
// transformers (graphql-index-transformer, graphql-relational-transformer)
// with the default transform parameters of a new project.
package schemachange
