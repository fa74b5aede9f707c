package oracle

// serviceRules are the bapi rules whose findings the transformer cannot
// make: they come from the AmplifyBackend service, AppSync, DynamoDB or
// CloudFormation, which the transformer does not model. A case bapi
// rejects only with these rules, and the transformer accepts, agrees.
func serviceRules() map[string]string {
	return map[string]string{
		"graphql-no-model":    "the service refuses a GraphQL API without a @model type; the transformer compiles one",
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

// GlobalRuleReason is why bapi's graphql-auth-mode finding on the global
// rule (input AMPLIFY { globalAuthRule: AuthRule = { allow: public } })
// without API_KEY agrees with a transformer that accepts: the Amplify CLI
// turns the global rule into sandbox mode and requires an API key for it
// before it runs the transformer, which itself ignores the rule's provider.
const GlobalRuleReason = "the Amplify CLI requires an API key for the global public rule (sandbox mode) before it runs the transformer, which does not check it"

// knownGaps are cases where bapi still accepts what the transformer
// refuses, by case name (file#document), each with what bapi does not
// model yet. Each is a rule to write; the test reports them apart from the
// agreement figure.
func knownGaps() map[string]string { return map[string]string{} }
