package lsp

// directiveNote is the one-paragraph documentation hover shows under a
// directive's definition. The definitions themselves are generated from the
// transformer's packages (amplifyschema.DirectiveSDL), which carry no
// descriptions, so the notes are written here, each with the Amplify Gen 1
// documentation page that says more.
func directiveNote(name string) string {
	const v2 = "https://docs.amplify.aws/gen1/javascript/build-a-backend/graphqlapi/"
	switch name {
	case "model":
		return "Data modeling (v2). Makes the type a DynamoDB table with generated queries, mutations and subscriptions; `queries`, `mutations`, `subscriptions` and `timestamps` rename or turn them off. " + v2 + "data-modeling/"
	case "primaryKey":
		return "Keys, indexes and relations (v2). Makes the field the table's partition key, with `sortKeyFields` as its sort key; changing it replaces the table. " + v2 + "data-modeling/#configure-a-primary-key"
	case "index":
		return "Keys, indexes and relations (v2). Adds a global secondary index on the field (DynamoDB allows one index added or removed per deployment), with an optional `queryField` query. " + v2 + "data-modeling/#configure-a-secondary-index"
	case "hasOne", "hasMany", "belongsTo", "manyToMany":
		return "Keys, indexes and relations (v2). Relates this model to another one: `fields` (or `references` on the related side) name the key fields; `@manyToMany` creates a join table named by `relationName`. " + v2 + "data-modeling/#model-a-one-to-one-relationship"
	case "auth":
		return "Authorization (v2). `rules` allow owners, groups, the public (API key or IAM), signed-in users (private), or a custom Lambda authorizer; each rule's `provider` needs that auth mode enabled on the API. " + v2 + "customize-authorization-rules/"
	case "default":
		return "Data modeling (v2). The value a create mutation stores when the field is not given; it must parse as the field's type. " + v2 + "data-modeling/#assign-default-values-for-fields"
	case "mapsTo":
		return "Data modeling (v2). Keeps the table of a renamed model: `name` is the model's former name, which the table is named after. " + v2 + "data-modeling/#rename-an-existing-data-model"
	case "function":
		return "Custom business logic. Resolves the field with a Lambda function named `name` (`${env}` is the environment's name). " + v2 + "custom-business-logic/"
	case "http":
		return "Custom business logic. Resolves the field with an HTTP request to `url`. " + v2 + "custom-business-logic/"
	case "searchable":
		return "Search. Streams the model's table to an OpenSearch domain and adds a search query; the domain is created and billed per environment. " + v2 + "search-and-result-aggregations/"
	case "predictions":
		return "Predictions. Resolves a Query field with Amazon Rekognition, Translate or Polly, in the order of `actions`."
	case "sql", "refersTo":
		return "SQL data sources (Gen 2 and the CLI's SQL import only): not for an AmplifyBackend API's DynamoDB models."
	case "key":
		return "Keys and indexes (v1). The table's primary key (no `name`) or a global secondary index; transformer v1 only."
	case "connection":
		return "Relations (v1). Relates this model to another by `keyName` and `fields`; transformer v1 only."
	case "versioned":
		return "Versioning (v1). Optimistic locking through a version field; transformer v1 only."
	case "aws_api_key", "aws_iam", "aws_oidc", "aws_cognito_user_pools", "aws_lambda", "aws_auth":
		return "AppSync authorization. Allows the type or field to callers of that auth mode, which the API must enable."
	case "aws_subscribe":
		return "AppSync subscriptions. The subscription field fires on the `mutations` named."
	case "deprecated":
		return "GraphQL. Marks the field deprecated, with an optional `reason`."
	}
	return ""
}
