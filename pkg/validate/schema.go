package validate

import "github.com/bapi-dev/bapi/pkg/finding"

// RuleSchema is the ID of the schema conformance rule.
const RuleSchema = "schema"

// schemaRule checks a document against schema/backend-api.schema.json.
func schemaRule() *Rule {
	return &Rule{
		ID:       RuleSchema,
		Severity: finding.Error,
		Summary:  "The document matches the CreateBackendAPI request schema",
		Check: func(p *Pass) {
			// TODO(validate foundation): compile the embedded schema once,
			// validate, map instance locations to nodes.
		},
	}
}
