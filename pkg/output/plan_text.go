package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/plan"
)

// planText writes a terraform-like view of the plan:
//
//   - create APP/ENV/RESOURCE (file.yaml:1)
//
//   - /ApiName: "blogapi"
//     ~ update APP/ENV/OTHER (file.yaml:20)
//     ~ /DefaultAuthType/Settings/ExpirationTime: 7 -> 30
//     ~ /TransformSchema:
//     @@ -1,3 +1,4 @@
//     type Post @model {
//
//   - title: String!
//
//     Plan: 1 to create, 1 to update, 0 unchanged.
//
// It shows nothing the json plan lacks. Unchanged resources are only counted.
type planText struct{ opts PlanOptions }

var _ PlanFormatter = (*planText)(nil)

func (t *planText) paint(code, s string) string { return paint(t.opts.Color, code, s) }

func planColor(kind byte) string {
	switch kind {
	case '+':
		return ansiGreen
	case '-':
		return ansiRed
	case '~':
		return ansiYellow
	case '@':
		return ansiCyan
	}
	return ""
}

func (t *planText) Format(w io.Writer, p *plan.Plan) error {
	ew := &errorWriter{w: w}
	for _, wn := range p.Warnings {
		ew.write(t.paint(ansiYellow, "Warning:") + " " + wn.Message + "\n\n")
	}
	changed := planChanged(p)
	if len(changed) == 0 {
		ew.write(t.paint(ansiBold, PlanNoChanges) + "\n")
		return ew.err
	}
	ew.write("bapi will perform the following actions:\n")
	for _, c := range changed {
		sym := planSymbol(c.Action)
		head := "  " + t.paint(planColor(sym[0]), sym+" "+string(c.Action)) + " " + t.paint(ansiBold, c.Address.String())
		if src := planSource(c); src != "" {
			head += " (" + src + ")"
		}
		ew.write("\n" + head + "\n")
		for _, d := range c.Diffs {
			for _, l := range planFieldLines(d, c.Action) {
				ew.write("      " + t.paint(planColor(l.Kind), l.Text) + "\n")
			}
		}
		t.schemaNotes(ew, p, c)
	}
	t.schemaTotals(ew, p)
	ew.write("\n" + t.paint(ansiBold, PlanSummary(p)) + "\n")
	return ew.err
}

// planFieldLines renders one field difference for the text view. Kind says
// the colour: '+' added, '-' removed, '~' changed, '@' a hunk header, ' '
// context. Lines of a multi-line value are indented under the field.
func planFieldLines(d plan.FieldDiff, action plan.Action) []planDiffLine {
	sym := byte('~')
	switch {
	case d.Before == nil || action == plan.ActionCreate:
		sym = '+'
	case d.After == nil:
		sym = '-'
	}
	if !planMultiline(d) {
		var s string
		switch sym {
		case '+':
			s = "+ " + d.Path + ": " + planValue(d.After)
		case '-':
			s = "- " + d.Path + ": " + planValue(d.Before)
		default:
			s = "~ " + d.Path + ": " + planValue(d.Before) + " -> " + planValue(d.After)
		}
		return []planDiffLine{{sym, s}}
	}
	out := []planDiffLine{{sym, string(sym) + " " + d.Path + ":"}}
	for _, l := range planValueDiff(d) {
		text := "    " + string(l.Kind) + " " + l.Text
		if l.Kind == '@' {
			text = "    " + l.Text
		}
		out = append(out, planDiffLine{l.Kind, strings.TrimRight(text, " ")})
	}
	return out
}

// planValueDiff is the line diff of a multi-line field: every line added or
// removed when one side is absent, else unified hunks.
func planValueDiff(d plan.FieldDiff) []planDiffLine {
	before, after := planLines(d.Before), planLines(d.After)
	if d.Before == nil || d.After == nil {
		return planLineDiff(before, after)
	}
	if _, ok := d.Before.(string); !ok {
		// A non-string replaced by a multi-line string: show both.
		return append([]planDiffLine{{'-', planValue(d.Before)}}, planLineDiff(nil, after)...)
	}
	if _, ok := d.After.(string); !ok {
		return append(planLineDiff(before, nil), planDiffLine{'+', planValue(d.After)})
	}
	return planHunks(planLineDiff(before, after))
}

// schemaNotes writes what a change's schema change does to the tables,
// under its field diffs: destructive changes in red, index changes in
// yellow, each with its hints.
func (t *planText) schemaNotes(ew *errorWriter, p *plan.Plan, c plan.Change) {
	for _, n := range planSchemaNotes(p, c) {
		head, col := "! indexes: ", ansiYellow
		hints := n.hints
		if n.destructive {
			head, col = "! DESTROYS DATA: ", ansiRed
			hints = append([]string{n.allowText()}, hints...)
		}
		ew.write("      " + t.paint(col, head+n.text) + "\n")
		for _, h := range hints {
			ew.write("          " + h + "\n")
		}
	}
	if c.SchemaChange != nil && c.SchemaChange.Unanalysed != "" {
		ew.write("      " + t.paint(ansiYellow, "! "+c.SchemaChange.Unanalysed) + "\n")
	}
	if c.SchemaChange != nil && c.SchemaChange.Steps > 1 {
		ew.write("      " + t.paint(ansiYellow, "! "+c.Address.String()+" "+planStepsText(c.SchemaChange)) + "\n")
	}
}

// schemaTotals warns, above the summary line, of destructive changes.
func (t *planText) schemaTotals(ew *errorWriter, p *plan.Plan) {
	destructive, refused, _ := planSchemaTotals(p)
	if destructive == 0 {
		return
	}
	msg := fmt.Sprintf("Warning: this plan deletes or replaces %s, and ALL THEIR DATA", plural(destructive, "table", "tables"))
	if refused > 0 {
		msg += fmt.Sprintf("; apply refuses it unless each one (%d not allowed yet) is named with --allow-destructive ADDRESS:Type", refused)
	}
	ew.write("\n" + t.paint(ansiRed, msg+".") + "\n")
}
