package validate

import "github.com/bapi-dev/bapi/pkg/finding"

// RuleConflictLambda is the ID of the LAMBDA conflict resolution rule.
const RuleConflictLambda = "conflict-lambda"

func conflictLambdaRule() *Rule {
	return &Rule{
		ID:       RuleConflictLambda,
		Severity: finding.Warning,
		Summary:  "ConflictResolution LAMBDA cannot be wired: the API has no field for the handler function",
		Check: func(p *Pass) {
			v := mapGet(mapGet(resourceConfig(p), "ConflictResolution"), "ResolutionStrategy")
			if s, ok := str(v); ok && s == "LAMBDA" {
				p.Report(v, "/ResourceConfig/ConflictResolution/ResolutionStrategy",
					"ResolutionStrategy LAMBDA needs a conflict handler function, but CreateBackendAPI has no field to name one, so the deploy cannot wire it; use AUTOMERGE or OPTIMISTIC_CONCURRENCY, or set the handler up outside bapi")
			}
		},
	}
}
