// Package amplifyschema is the one model of an Amplify GraphQL
// TransformSchema: Parse reads a schema once and computes the facts every
// part of bapi needs from it, so that no part recomputes one.
//
//   - the @model types, each one DynamoDB table named after the type or
//     after its @mapsTo name (the table is <base>-<apiId>-<env>), and the
//     join tables @manyToMany creates;
//   - each table's primary key (@primaryKey and its sortKeyFields, else
//     id) and the DynamoDB type of every key attribute;
//   - the global secondary indexes: explicit @index ones (named as the
//     index transformer names them, internal/amplifyname) and the implicit
//     ones relations create (gsi-Parent.field on a @hasMany's child,
//     byA/byB on a @manyToMany join table);
//   - the relations each model takes part in;
//   - the @auth rules with their providers (the transformer's defaults
//     filled in);
//   - the generated query and mutation names of each model;
//   - the transformer v1 directives used (@key, @connection, @versioned);
//     the model builds no v1 tables, but V1Keys reads a v1 type's keys as
//     the v1 key transformer does and V1Definition finds a type's
//     definition as the v1 transformer does, for the v1 checks.
//
// Names follow amplify-category-api's transformers of the 1.8 line
// (graphql-model-transformer, graphql-index-transformer,
// graphql-relational-transformer, graphql-maps-to-transformer) with the
// default transform parameters of a new project. The model reads the
// syntax tree only: directives are found by name, and a schema gqlparser
// parses is modelled whether or not it would validate (pkg/validate says
// that).
//
// The one parse entry of a schema to be checked is Reader.Read: it parses
// the schema (a fast parser for the shapes TransformSchemas have, else
// gqlparser's, whose error messages it keeps), checks it against the
// directive definitions of its transformer version (DirectiveSDL, generated
// from the transformer's packages: a quick check that makes gqlparser's
// validator's checks for the common shapes, else that validator on the
// schema merged with the prelude definitions it reaches) and models its
// object types (Objects: each type with its extensions merged in, its
// @model and @auth directives). Build adds the tables; CompiledSize is the
// estimated size of the schema the transformer compiles. The speed paths
// (the fast parser, the quick check, the reduced prelude merge) live here
// only, behind Read; their measured gains are in docs/benchmarks.md.
//
// Parse parses a schema and builds its model; FromDocument builds it from
// a document already parsed, leaving the document as it is. The naming
// functions (IndexName, RelationIndexName, JoinTypeName, OperationName,
// DefaultProvider), ParseAuthRule and the predicates (CreatesIndex,
// V1Directive, KeyScalar) are the model's own rules, exported for the
// checks that report on one directive at a time without building the
// model. MayExceedIndexes and MayBeOperationName are cheap bounds, so that
// a validation builds the tables only when a table may be over DynamoDB's
// index limit and the default operation names only when a name the schema
// gives may be one.
//
// Readers: pkg/plan/schemachange (what a schema change does to the tables,
// and through it the emulator's GSI check), pkg/gen2 (the Gen 2 export and
// readiness check), pkg/lsp and `bapi directives` (DirectiveSDL) and
// pkg/validate: graphql-valid reports what Read finds, and every
// transformer rule reads the model's object types, tables, index names,
// join model names, operation names, rule arguments, default providers and
// size estimate. internal/oracle's TestIndexViewsAgree holds validate,
// schemachange and the emulator to the same indexes over the generated
// corpus.
//
// Still computed in pkg/validate: the @auth role names and field-level
// access matrix, which only its checks read.
package amplifyschema
