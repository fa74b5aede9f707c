package output

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
)

// planSchemaNote is one fact of a change's schema_change, for the text and
// markdown views: a table deleted or replaced (destructive), or a table's
// index changes.
type planSchemaNote struct {
	destructive bool
	// allowed: the destructive change is in the plan's allow_destructive.
	allowed bool
	key     string // ADDRESS:Type
	text    string
	hints   []string
}

// planSchemaNotes lists what a change's schema change does to the tables.
func planSchemaNotes(p *plan.Plan, c plan.Change) []planSchemaNote {
	if c.SchemaChange == nil {
		return nil
	}
	var out []planSchemaNote
	for _, t := range c.SchemaChange.Tables {
		n := planSchemaNote{destructive: t.Destructive, key: c.Address.String() + ":" + t.Type, text: t.Message, hints: t.Hints}
		n.allowed = n.destructive && slices.Contains(p.AllowDestructive, n.key)
		out = append(out, n)
	}
	return out
}

// planAllowText says whether a destructive change is allowed, and how.
func (n planSchemaNote) allowText() string {
	if n.allowed {
		return "allowed by --allow-destructive " + n.key
	}
	return "apply refuses this unless run with --allow-destructive " + n.key
}

// planSchemaTotals counts a plan's destructive changes (and how many are
// not allowed) and lists the changes that need more than one deployment.
func planSchemaTotals(p *plan.Plan) (destructive, refused int, staged []plan.Change) {
	for _, c := range planChanged(p) {
		for _, n := range planSchemaNotes(p, c) {
			if n.destructive {
				destructive++
				if !n.allowed {
					refused++
				}
			}
		}
		if c.SchemaChange != nil && c.SchemaChange.Steps > 1 {
			staged = append(staged, c)
		}
	}
	return destructive, refused, staged
}

// planStepsText says why a change needs several deployments.
func planStepsText(r *schemachange.Report) string {
	if r.Unsplittable != "" {
		return fmt.Sprintf("needs %d deployments: CloudFormation creates or deletes one GSI per table per update (%q), and bapi apply --staged cannot do it: %s",
			r.Steps, schemachange.GSIMessage, r.Unsplittable)
	}
	return fmt.Sprintf("needs %d deployments: CloudFormation creates or deletes one GSI per table per update (%q); apply it with bapi apply --staged, one UpdateBackendAPI job per step",
		r.Steps, schemachange.GSIMessage)
}

// planMarkdownBanner is the alert at the top of the markdown plan: the
// tables whose data the plan loses, and the changes that need more than
// one deployment. Empty when there are none.
func planMarkdownBanner(p *plan.Plan) string {
	destructive, refused, staged := planSchemaTotals(p)
	var b strings.Builder
	if destructive > 0 {
		fmt.Fprintf(&b, "\n> [!CAUTION]\n> **This plan deletes or replaces %s, and ALL THEIR DATA.**", plural(destructive, "table", "tables"))
		if refused > 0 {
			fmt.Fprintf(&b, " `bapi apply` refuses it unless each one (%d not allowed yet) is named with `--allow-destructive ADDRESS:Type`.", refused)
		}
		b.WriteString("\n>\n")
		for _, c := range planChanged(p) {
			for _, n := range planSchemaNotes(p, c) {
				if n.destructive {
					fmt.Fprintf(&b, "> - %s: %s (%s)\n", planCode(n.key), mdText(n.text), mdText(n.allowText()))
				}
			}
		}
	}
	if len(staged) > 0 {
		b.WriteString("\n> [!WARNING]\n> **More than one index change per table in one update.**\n>\n")
		for _, c := range staged {
			fmt.Fprintf(&b, "> - %s %s\n", planCode(c.Address.String()), mdText(planStepsText(c.SchemaChange)))
		}
	}
	return b.String()
}

// planMarkdownTables lists, in a change's details, what its schema change
// does to each table, with the hints.
func planMarkdownTables(p *plan.Plan, c plan.Change) string {
	var b strings.Builder
	for _, n := range planSchemaNotes(p, c) {
		label := "Indexes"
		hints := n.hints
		if n.destructive {
			label = "Destroys data"
			hints = append([]string{n.allowText()}, hints...)
		}
		fmt.Fprintf(&b, "- **%s:** %s\n", label, mdText(n.text))
		for _, h := range hints {
			fmt.Fprintf(&b, "  - %s\n", mdText(h))
		}
	}
	if c.SchemaChange != nil && c.SchemaChange.Unanalysed != "" {
		fmt.Fprintf(&b, "- **Not analysed:** %s\n", mdText(c.SchemaChange.Unanalysed))
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	return b.String()
}

// mdDirective matches a directive name, which GitHub would otherwise take
// for a mention of a user.
var mdDirective = regexp.MustCompile(`@[A-Za-z]\w*`)

// mdText escapes prose for markdown: HTML and pipes as in a cell, and each
// @directive in a code span.
func mdText(s string) string {
	return mdDirective.ReplaceAllStringFunc(mdCell(s), func(d string) string { return "`" + d + "`" })
}
