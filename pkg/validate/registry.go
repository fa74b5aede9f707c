package validate

import (
	"fmt"
	"strings"
	"sync"

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
		{ID: spec.RuleYAMLTag, Severity: finding.Error, Summary: "No YAML tags but the core schema's (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq): no !Ref, !Sub or !!binary"},
		{ID: spec.RuleFileTooLarge, Severity: finding.Error, Summary: "The file is within the size cap"},
		{ID: spec.RuleEncoding, Severity: finding.Error, Summary: "The file is UTF-8 text"},
		{ID: spec.RuleUnreadable, Severity: finding.Error, Summary: "Each file found in a directory can be read: a regular file, not a dangling link, a link loop or a named pipe"},
		{ID: spec.RuleEmptyDocument, Severity: finding.Error, Summary: "No document is empty"},
		{ID: spec.RuleNotMapping, Severity: finding.Error, Summary: "Each document is a mapping (one CreateBackendAPI request)"},
		{ID: spec.RuleSchemaFile, Severity: finding.Error, Summary: "Every file TransformSchemaFile names is inside the working directory, readable UTF-8 within the size cap, and TransformSchema is not given too"},
		{ID: spec.RuleNotSpec, Severity: finding.Error, Summary: "Each document is a spec (has AppId, BackendEnvironmentName, ResourceName or ResourceConfig), not another kind of YAML file"},

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
		addressOneAPIRule(),

		// TransformSchema (rule_graphql.go, rule_graphql_auth.go).
		graphqlValidRule(),
	)
	rules = append(rules, schemaCheckRules()...)
	// Reported by the engine (run.go) for bapi:ignore comments.
	rules = append(rules, ignoreUnusedRule())
	return rules
}

// schemaCheckRules are the rules checked on graphql-valid's parse of
// TransformSchema (it parses once, the expensive part): the @auth rules
// (rule_graphql_auth.go, rule_graphql_authrules.go) and the transformer's
// own checks (rule_transformer*.go). Each has its own ID, severity, doc
// page and config entry: turned off, only its findings go; its findings
// carry its registered (or configured) severity.
func schemaCheckRules() []*Rule {
	rules := append(graphqlAuthRules(), authRuleRules()...)
	return append(rules, transformerRules()...)
}

// registeredSeverity returns the default severity of a rule of
// schemaCheckRules, which graphql-valid's check reports for it.
func registeredSeverity(id string) finding.Severity {
	return severities()[id]
}

var severities = sync.OnceValue(func() map[string]finding.Severity {
	m := map[string]finding.Severity{}
	for _, r := range schemaCheckRules() {
		m[r.ID] = r.Severity
	}
	return m
})

// Markers around the generated rules table in README.md.
const (
	RulesTableBegin = "<!-- rules:begin -->"
	RulesTableEnd   = "<!-- rules:end -->"
)

// RulesTable renders the markdown table of every registered rule (ID linked
// to its doc page, default severity, summary). docs/rules/README.md and the
// marked block of README.md hold it; `go run ./internal/rulestable`
// regenerates both.
func RulesTable() string { return RulesTableOf(All()) }

// RulesTableOf renders rules as RulesTable renders validate's: for another
// command's rules (bapi gen2 check's) in docs/rules/README.md.
func RulesTableOf(rules []*Rule) string {
	var b strings.Builder
	b.WriteString("| Rule | Default severity | Checks that |\n|---|---|---|\n")
	for _, r := range rules {
		fmt.Fprintf(&b, "| [`%s`](docs/rules/%s.md) | %s | %s |\n", r.ID, r.ID, r.Severity, strings.ReplaceAll(r.Summary, "|", `\|`))
	}
	return b.String()
}

// ReplaceRulesTable returns doc with the text between the markers replaced
// by table, and false when doc has no markers.
func ReplaceRulesTable(doc, table string) (string, bool) {
	i := strings.Index(doc, RulesTableBegin)
	j := strings.Index(doc, RulesTableEnd)
	if i < 0 || j < i {
		return doc, false
	}
	return doc[:i+len(RulesTableBegin)] + "\n" + table + doc[j:], true
}

// RulesIndex renders the start of docs/rules/README.md: a heading, the
// table and the markers, with links relative to docs/rules;
// internal/rulestable adds bapi gen2 check's rules after it.
func RulesIndex() string {
	table := strings.ReplaceAll(RulesTable(), "](docs/rules/", "](")
	return "# Rules\n\nGenerated from the registries (pkg/validate/registry.go; bapi gen2 check's, pkg/gen2/rules.go) by `go run ./internal/rulestable`; do not edit.\n\n" +
		RulesTableBegin + "\n" + table + RulesTableEnd + "\n"
}
