package oracle

// serviceRules are the bapi rules whose findings the transformer cannot
// make: they come from the AmplifyBackend service, AppSync, DynamoDB or
// CloudFormation, which the transformer does not model. A case bapi
// rejects only with these rules, and the transformer accepts, agrees.
func serviceRules() map[string]string {
	return map[string]string{
		"graphql-gsi-limit":   "DynamoDB's quota of 20 global secondary indexes per table fails the CloudFormation deployment; the transformer builds any number",
		"graphql-schema-size": "AppSync's 1 MB schema limit is met at deployment; the transformer writes a schema of any size (and the rule only warns)",
		"graphql-auth-custom": "CreateBackendAPI cannot enable AWS_LAMBDA auth, which the transformer accepts when it is configured",
		// The transformer is given the auth modes, not their settings: the
		// service (AmplifyBackend, Cognito, AppSync) checks those.
		"auth-api-key-expiration":   "the API key's expiration (1 to 365 days) is AppSync's to check; the transformer gets the mode only",
		"auth-cognito-user-pool-id": "the user pool ID is the service's to check; the transformer gets the mode only",
		"auth-iam-settings":         "settings under AWS_IAM are the service's to refuse; the transformer gets the mode only",
		"auth-oidc-client-id":       "the OIDC client ID is the service's to check; the transformer gets the mode only",
		"auth-oidc-issuer-url":      "the OIDC issuer URL is the service's to check; the transformer gets the mode only",
		"auth-oidc-ttl":             "the OIDC token TTLs are AppSync's to check; the transformer gets the mode only",
		"auth-oidc-ttl-seconds":     "the OIDC token TTLs are AppSync's to check; the transformer gets the mode only",
		"auth-setting-wrong-mode":   "a setting under the wrong mode is the service's to refuse; the transformer gets the mode only",
		"auth-additional-duplicate": "one OpenID Connect issuer listed twice is one AppSync provider given twice; the transformer gets the modes without their issuers (two OPENID_CONNECT modes are fine to it, and to AppSync with different issuers)",
	}
}

// refusingWarnings are bapi rules that only warn, because what they miss
// may be set up outside bapi, while the transformer, given no such set-up,
// refuses. A case the transformer refuses and bapi only warns about with
// these agrees.
func refusingWarnings() map[string]string {
	return map[string]string{
		"conflict-lambda": "LAMBDA conflict resolution needs a handler function, which CreateBackendAPI cannot name but may be set up outside bapi (so bapi warns); the oracle sets up none, so the transformer refuses (Invalid Lambda SyncConfig)",
	}
}

// SQLScalarsReason is why bapi refuses BigInt and Double where the
// transformer accepts them: transformer-core declares both for SQL data
// sources (transformation/validation.js, EXTRA_SCALARS_DOCUMENT), but
// AppSync's scalars are the AWS* ones (https://docs.aws.amazon.com/appsync/latest/devguide/scalars.html),
// and a DynamoDB-backed API that uses them fails when AppSync loads the
// schema. bapi is stricter on purpose.
const SQLScalarsReason = "transformer-core declares BigInt and Double for SQL data sources only; AppSync's scalars (docs.aws.amazon.com/appsync/latest/devguide/scalars.html) do not include them, so the deployed schema fails"

// stricterCases are cases bapi refuses on purpose where the transformer
// accepts the schema, by case name, each with why the deployed API fails
// all the same.
func stricterCases() map[string]string {
	return map[string]string{
		"testdata/oracle/v1/corpus/key-checks-v1.yaml#13": "a v1 @key on a list field: the key transformer reads the list's base type and deploys the table, but DynamoDB key attributes are scalars (\"Each primary key attribute must be a scalar\", docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.CoreComponents.html), so every write of the type fails",
	}
}

// knownGaps are cases where bapi still accepts what the transformer
// refuses, by case name (file#document), each with what bapi does not
// model yet. Each is a rule to write; the test reports them apart from the
// agreement figure.
func knownGaps() map[string]string {
	return map[string]string{}
}
