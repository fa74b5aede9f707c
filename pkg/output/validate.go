package output

import (
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// FromValidate is the one adapter from a validate result to the findings
// formats, for bapi validate and for the findings plan and apply print: the
// findings (an empty list, never nil), the file and document counts, every
// input with its digest and document count, and the registered rules.
func FromValidate(res *validate.Result) *FindingsResult {
	out := &FindingsResult{
		Findings:  res.Findings,
		Files:     res.Files,
		Documents: res.Documents,
		Rules:     ValidateRules(),
	}
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	for _, in := range res.Inputs {
		out.Inputs = append(out.Inputs, Input{Name: in.Name, Digest: in.Digest, Documents: in.Documents})
	}
	return out
}

// ValidateRules describes every registered rule for the formats (SARIF).
func ValidateRules() []Rule {
	var rules []Rule
	for _, r := range validate.All() {
		rules = append(rules, Rule{ID: r.ID, Severity: r.Severity, Summary: r.Summary, DocURL: r.DocURL()})
	}
	return rules
}
