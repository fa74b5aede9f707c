package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/bapi-dev/bapi/pkg/plan"
)

// MarkdownLimit is GitHub's limit on a comment body (and a step summary is
// cut at about the same size): 65,536 characters, less one for safety. The
// markdown plan counts bytes, which are never fewer than characters.
const MarkdownLimit = 65535

// planMarkdown writes the plan for a pull-request comment or
// $GITHUB_STEP_SUMMARY: a heading, the summary line, a table of changes and
// a collapsible <details> block with a ```diff per changed resource. When it
// would exceed the limit it stops adding resources and ends with
// "…and N more changes not shown; see the json plan".
type planMarkdown struct{ opts PlanOptions }

var _ PlanFormatter = (*planMarkdown)(nil)

func (m *planMarkdown) Format(w io.Writer, p *plan.Plan) error {
	limit := m.opts.MaxBytes
	if limit <= 0 {
		limit = MarkdownLimit
	}
	var b strings.Builder
	b.WriteString("### bapi plan\n\n**" + mdCell(PlanSummary(p)) + "**\n")
	for _, wn := range p.Warnings {
		b.WriteString("\n> [!WARNING]\n> " + mdCell(wn.Message) + "\n")
	}
	b.WriteString(planMarkdownBanner(p))
	changed := planChanged(p)
	if len(changed) == 0 {
		_, err := io.WriteString(w, b.String())
		return err
	}
	head := b.String()
	const tableHead = "\n| | Resource | Action | Fields | Source |\n|---|---|---|---|---|\n"
	// The footer is written only when something is left out; reserve room
	// for the longest one.
	footer := func(n int) string {
		return fmt.Sprintf("\n…and %d more %s not shown; see the json plan (bapi plan --format json, or -out FILE).\n", n, plural1(n, "change", "changes"))
	}
	budget := limit - len(head) - len(tableHead) - len(footer(len(changed)))

	var rows, details strings.Builder
	shown := 0
	for _, c := range changed {
		row := planMarkdownRow(c)
		det := planMarkdownDetails(p, c)
		switch {
		case len(row)+len(det) <= budget:
		case len(row)+len(planMarkdownTooBig(c)) <= budget:
			det = planMarkdownTooBig(c)
		default:
			det = ""
		}
		if det == "" {
			break
		}
		budget -= len(row) + len(det)
		rows.WriteString(row)
		details.WriteString(det)
		shown++
	}
	b.WriteString(tableHead)
	b.WriteString(rows.String())
	b.WriteString(details.String())
	if shown < len(changed) {
		b.WriteString(footer(len(changed) - shown))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func planMarkdownRow(c plan.Change) string {
	src := planSource(c)
	if src == "" {
		src = "-"
	} else {
		src = planCode(src)
	}
	return fmt.Sprintf("| %s | %s | %s | %d | %s |\n", planSymbol(c.Action), planCode(c.Address.String()), c.Action, len(c.Diffs), src)
}

func planMarkdownSummary(c plan.Change) string {
	return fmt.Sprintf("\n<details><summary><code>%s %s %s</code> (%s)</summary>\n\n",
		planSymbol(c.Action), c.Action, planHTML(c.Address.String()), plural(len(c.Diffs), "field", "fields"))
}

func planMarkdownDetails(p *plan.Plan, c plan.Change) string {
	var body strings.Builder
	for _, d := range c.Diffs {
		for _, l := range planMarkdownLines(d, c.Action) {
			body.WriteString(l + "\n")
		}
	}
	fence := planFence(body.String())
	return planMarkdownSummary(c) + planMarkdownTables(p, c) + fence + "diff\n" + body.String() + fence + "\n\n</details>\n"
}

// planMarkdownTooBig stands in for a diff that alone would not fit.
func planMarkdownTooBig(c plan.Change) string {
	return planMarkdownSummary(c) + "The diff is too large to show here; see the json plan.\n\n</details>\n"
}

// planMarkdownLines renders one field difference as diff lines, so GitHub
// colours them: a changed value is a "-" line and a "+" line; a multi-line
// value is "@@ /Path @@" followed by its line diff.
func planMarkdownLines(d plan.FieldDiff, action plan.Action) []string {
	added := d.Before == nil || action == plan.ActionCreate
	if !planMultiline(d) {
		switch {
		case added:
			return []string{"+ " + d.Path + ": " + planValue(d.After)}
		case d.After == nil:
			return []string{"- " + d.Path + ": " + planValue(d.Before)}
		}
		return []string{"- " + d.Path + ": " + planValue(d.Before), "+ " + d.Path + ": " + planValue(d.After)}
	}
	out := []string{"@@ " + d.Path + " @@"}
	for _, l := range planValueDiff(d) {
		if l.Kind == '@' {
			out = append(out, l.Text)
			continue
		}
		out = append(out, string(l.Kind)+" "+l.Text)
	}
	return out
}

// planFence returns a code fence longer than any run of backticks in s.
func planFence(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// planCode writes s as an inline code span in a table cell.
func planCode(s string) string {
	s = strings.NewReplacer("|", `\|`, "\n", " ", "\r", "").Replace(s)
	fence := "`"
	if strings.Contains(s, "`") {
		fence = "`` "
		return fence + s + " ``"
	}
	return fence + s + fence
}

// planHTML escapes s for HTML text.
func planHTML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}
