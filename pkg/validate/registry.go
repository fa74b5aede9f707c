package validate

import (
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// All returns every registered rule, in ID order of registration. This is
// the one place rules are registered; a new rule is a new file, a line here
// and a page in docs/rules.
func All() []*Rule {
	rules := []*Rule{
		// Reported by the loader (pkg/spec).
		{ID: spec.RuleYAMLSyntax, Severity: finding.Error, Summary: "The file is valid YAML"},
		{ID: spec.RuleDuplicateKey, Severity: finding.Error, Summary: "A mapping has no key twice"},
		{ID: spec.RuleYAMLTab, Severity: finding.Error, Summary: "Indentation uses spaces, not tabs"},
		{ID: spec.RuleYAMLAlias, Severity: finding.Error, Summary: "No YAML anchors or aliases (they can expand without bound)"},
		{ID: spec.RuleFileTooLarge, Severity: finding.Error, Summary: "The file is within the size cap"},
		{ID: spec.RuleEncoding, Severity: finding.Error, Summary: "The file is UTF-8 text"},
		{ID: spec.RuleEmptyDocument, Severity: finding.Error, Summary: "No document is empty"},
		{ID: spec.RuleNotMapping, Severity: finding.Error, Summary: "Each document is a mapping (one CreateBackendAPI request)"},

		// Schema conformance (schema/backend-api.schema.json).
		schemaRule(),
	}
	rules = append(rules,
		// Auth settings (rule_auth.go).
		apiKeyExpirationRule(),
		cognitoUserPoolIDRule(),
		oidcClientIDRule(),
		oidcIssuerURLRule(),
		oidcTTLRule(),
		oidcTTLSecondsRule(),
		iamSettingsRule(),
		settingWrongModeRule(),
		additionalDuplicateRule(),
		additionalDefaultRule(),

		// Names (rule_names.go).
		nameEnvironmentRule(),
		nameAppIDRule(),
		nameAPINameRule(),
		nameResourceNameRule(),
		serviceAppSyncRule(),

		conflictLambdaRule(),
		addressDuplicateRule(),

		// TransformSchema (rule_graphql.go, rule_graphql_auth.go).
		graphqlValidRule(),
	)
	rules = append(rules, graphqlAuthRules()...)
	// Reported by the engine (run.go) for bapi:ignore comments.
	rules = append(rules, ignoreUnusedRule())
	return rules
}
