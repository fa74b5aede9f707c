package gen2

import (
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// Rule is one readiness check of bapi gen2 check: a stable ID, its
// severity (error: blocks the move; warning: Gen 2 behaves differently),
// a summary and a doc page (docs/rules/<ID>.md, as validate's rules).
type Rule struct {
	ID       string
	Severity finding.Severity
	Summary  string
}

// DocURL is the link to the rule's documentation.
func (r Rule) DocURL() string { return validate.DocURL(r.ID) }

// The rules, registered in Rules.
const (
	RuleConflictResolution = "gen2-conflict-resolution"
	RuleTransformerV1      = "gen2-transformer-v1"
	RuleRecreatedEmpty     = "gen2-recreated-empty"
	RuleOIDC               = "gen2-oidc"
	RuleOIDCUnconvertible  = "gen2-oidc-unconvertible"
	RuleTableImport        = "gen2-table-import"
	RuleDeletionProtection = "gen2-deletion-protection"
	RuleDefaultAuth        = "gen2-default-auth"
	RuleIAMProvider        = "gen2-iam-provider"
	RuleMapsTo             = "gen2-maps-to"
	RuleEnvName            = "gen2-env-name"
	RuleLiveTable          = "gen2-live-table"
	RuleLiveProtection     = "gen2-live-deletion-protection"
	RuleLivePITR           = "gen2-live-pitr"
)

// Rules lists every rule of bapi gen2 check, the one registry: the
// findings formats (SARIF's rules), bapi gen2 check's help, bapi rules,
// docs/rules/README.md (internal/rulestable) and the doc test read it.
func Rules() []Rule {
	return []Rule{
		{RuleConflictResolution, finding.Error, "conflict resolution (DataStore) is on: Gen 2 has no equivalent; switch it to NONE first"},
		{RuleTransformerV1, finding.Error, "the schema uses transformer v1 directives, which Gen 2 does not read"},
		{RuleRecreatedEmpty, finding.Error, "@searchable, @manyToMany or @predictions: what they create comes back new and empty in Gen 2"},
		{RuleOIDC, finding.Warning, "an OpenID Connect mode: its token lifetimes, milliseconds in Gen 1, are seconds in Gen 2"},
		{RuleOIDCUnconvertible, finding.Error, "an OpenID Connect setting Gen 2 cannot take: a TTL that is not whole seconds, or a second OIDC provider"},
		{RuleTableImport, finding.Error, "the Gen 1 table differs from the one Gen 2's data construct expects to import: the first Gen 2 deploy fails"},
		{RuleDeletionProtection, finding.Warning, "Gen 2 imports a table only with deletion protection on, which Gen 1 never turns on"},
		{RuleDefaultAuth, finding.Warning, "a @model without @auth: public (API key) in Gen 1, private (IAM) in Gen 2"},
		{RuleIAMProvider, finding.Warning, "@auth rules with provider: iam: Gen 2 reads them as its identity pool's roles"},
		{RuleMapsTo, finding.Warning, "a @mapsTo table: its table is named after the @mapsTo name, not the type"},
		{RuleEnvName, finding.Warning, "${env} in a @function or @http name: in Gen 2 it is the branch name"},
		{RuleLiveTable, finding.Error, "--live: the real table is missing, or differs from the one Gen 2 expects to import"},
		{RuleLiveProtection, finding.Warning, "--live: the real table's deletion protection is off"},
		{RuleLivePITR, finding.Warning, "--live: the real table's point-in-time recovery is off, or could not be read"},
	}
}

// Listed is the rules as validate.Rule values without checks, for the lists
// that show validate's and these together: bapi rules and
// docs/rules/README.md.
func Listed() []*validate.Rule {
	rules := Rules()
	out := make([]*validate.Rule, 0, len(rules))
	for _, r := range rules {
		out = append(out, &validate.Rule{ID: r.ID, Severity: r.Severity, Summary: r.Summary})
	}
	return out
}

// rule returns the registered rule with id (TestRulesRegistered checks
// that every ID the checks use is registered).
func rule(id string) Rule {
	for _, r := range Rules() {
		if r.ID == id {
			return r
		}
	}
	return Rule{ID: id, Severity: finding.Error}
}
