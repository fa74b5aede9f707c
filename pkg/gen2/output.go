package gen2

import (
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/output"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// FindingsResult is a check's report as the findings formats take it,
// with gen2's rules for SARIF and the inputs the specs came from.
func FindingsResult(res *validate.Result, r *Report) *output.FindingsResult {
	out := output.FromValidate(res)
	out.Findings = r.Findings
	out.Rules = nil
	for _, rl := range Rules() {
		out.Rules = append(out.Rules, output.Rule{ID: rl.ID, Severity: rl.Severity, Summary: rl.Summary, DocURL: rl.DocURL()})
	}
	return out
}

// WriteTables writes the table comparison as text: per model, the Gen 1
// table and the one Gen 2 expects, and what differs.
func WriteTables(w io.Writer, r *Report) error {
	var b strings.Builder
	for _, t := range r.Tables {
		fmt.Fprintf(&b, "%s %s: table %s\n", t.Address, t.Type, t.Gen1.Name)
		row := func(prop, g1, g2 string) {
			mark := " "
			if g1 != g2 {
				mark = "!"
			}
			fmt.Fprintf(&b, "  %s %-26s Gen 1: %s\n    %-26s Gen 2: %s\n", mark, prop, g1, "", g2)
		}
		row("AttributeDefinitions", attrString(t.Gen1.AttributeDefinitions), attrString(t.Gen2.AttributeDefinitions))
		row("KeySchema", keyString(t.Gen1.KeySchema), keyString(t.Gen2.KeySchema))
		row("GlobalSecondaryIndexes", indexString(t.Gen1.GlobalSecondary), indexString(t.Gen2.GlobalSecondary))
		row("BillingMode", t.Gen1.BillingMode, t.Gen2.BillingMode)
		row("StreamSpecification", t.Gen1.StreamViewType, t.Gen2.StreamViewType)
		row("SSEDescription", sseString(t.Gen1.SSEEnabled), sseString(t.Gen2.SSEEnabled))
		row("DeletionProtectionEnabled", fmt.Sprint(t.Gen1.DeletionProtection), fmt.Sprint(t.Gen2.DeletionProtection))
		if len(t.Differences) == 0 {
			b.WriteString("  the same: Gen 2 imports it as it is\n")
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}
