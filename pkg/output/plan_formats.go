package output

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/plan"
)

// Plan formats (bapi plan --format) each implement PlanFormatter, one file
// per format, registered by name in PlanFormats:
//
//   - text: a terraform-like view: "+ create ADDRESS" and "~ update ADDRESS"
//     with one line per changed field, a line diff for multi-line values
//     (TransformSchema), and the summary line; colour only when
//     PlanOptions.Color is set.
//   - json: the plan itself, exactly as bapi plan -out writes it
//     (docs/plan-format.md).
//   - markdown: for pull-request comments and $GITHUB_STEP_SUMMARY: the
//     summary, a table of changes and a collapsible diff per resource, kept
//     under GitHub's 65,535-character limit.

// DefaultPlanFormat is the plan format used when none is named.
const DefaultPlanFormat = "text"

// PlanOptions configure a plan formatter.
type PlanOptions struct {
	// Color enables ANSI colours (text format only). The caller decides:
	// bapi sets it on a terminal when NO_COLOR is unset.
	Color bool
	// MaxBytes caps the markdown output; 0 means MarkdownLimit.
	MaxBytes int
}

// PlanFormatter writes a plan in one format.
type PlanFormatter interface {
	Format(w io.Writer, p *plan.Plan) error
}

// PlanFormats is the registry of plan formats: name to constructor. It feeds
// both the --format help and the unknown-name error.
func PlanFormats() map[string]func(PlanOptions) PlanFormatter {
	return map[string]func(PlanOptions) PlanFormatter{
		"text":     func(o PlanOptions) PlanFormatter { return &planText{opts: o} },
		"json":     func(o PlanOptions) PlanFormatter { return &planJSON{} },
		"markdown": func(o PlanOptions) PlanFormatter { return &planMarkdown{opts: o} },
	}
}

// PlanFormatNames lists the registered plan formats, sorted.
func PlanFormatNames() []string { return formatNames(PlanFormats()) }

// NewPlanFormatter returns the named plan formatter, or an error listing the
// known names.
func NewPlanFormatter(name string, opts PlanOptions) (PlanFormatter, error) {
	return newFormatter(PlanFormats(), "plan format", name, opts)
}

// PlanNoChanges is the summary of a plan that changes nothing.
const PlanNoChanges = "No changes. Your APIs match the specs."

// PlanSummary is the one-line summary every plan format shows, e.g.
// "Plan: 2 to create, 1 to update, 4 unchanged.", or PlanNoChanges.
func PlanSummary(p *plan.Plan) string {
	c := p.Counts()
	if c.Changes() == 0 {
		return PlanNoChanges
	}
	return fmt.Sprintf("Plan: %d to create, %d to update, %d unchanged.", c.Create, c.Update, c.NoOp)
}

// planValue formats one diff value: strings quoted, numbers in their
// shortest form, an absent value as null.
func planValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprintf("%v", v)
}

// planMultiline reports whether a diff is best shown as a line diff: either
// side is a string of several lines.
func planMultiline(d plan.FieldDiff) bool {
	for _, v := range []any{d.Before, d.After} {
		if s, ok := v.(string); ok && strings.Contains(s, "\n") {
			return true
		}
	}
	return false
}

// planLines splits a multi-line diff value into lines; a non-string or
// absent value has none.
func planLines(v any) []string {
	s, ok := v.(string)
	if !ok || s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// planChanged returns the changes that do something (create, update).
func planChanged(p *plan.Plan) []plan.Change {
	var out []plan.Change
	for _, c := range p.Changes {
		if c.Action != plan.ActionNoOp {
			out = append(out, c)
		}
	}
	return out
}

// planSymbol is the one-character marker of an action.
func planSymbol(a plan.Action) string {
	switch a {
	case plan.ActionCreate:
		return "+"
	case plan.ActionUpdate:
		return "~"
	}
	return " "
}

func planSource(c plan.Change) string {
	if c.Source.File == "" {
		return ""
	}
	if c.Source.Line > 0 {
		return fmt.Sprintf("%s:%d", c.Source.File, c.Source.Line)
	}
	return c.Source.File
}
