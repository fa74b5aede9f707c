package main

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/bapi-dev/bapi/pkg/gen2"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

func rulesCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:  "rules",
		Usage: "list every rule bapi validate and bapi gen2 check check: ID, default severity, summary, doc link",
		Description: `Each rule has a stable ID. Change a rule of bapi validate's severity or turn it off in .bapi.yaml
(rules: {RULE-ID: error|warning|info|off}); ignore one finding with a
"# bapi:ignore RULE-ID" comment on its line. bapi gen2 check's rules (gen2-*) come last,
their summaries starting "gen2 check:" (in JSON, "command": "gen2 check").
Each rule's page is docs/rules/RULE-ID.md.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "output `FORMAT`: text or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("rules takes no arguments; see bapi rules --help")
			}
			switch f := c.String("format"); f {
			case "text":
				return writeRulesText(e.stdout)
			case "json":
				return writeRulesJSON(e.stdout)
			default:
				return usageError("unknown --format %q for rules; use text or json", f)
			}
		},
	}
}

func writeRulesText(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tSUMMARY")
	for _, r := range validate.All() {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Summary)
	}
	for _, r := range gen2.Listed() {
		fmt.Fprintf(tw, "%s\t%s\t%s: %s\n", r.ID, r.Severity, gen2RulesCommand, r.Summary)
	}
	return tw.Flush()
}

// gen2RulesCommand marks bapi gen2 check's rules in bapi rules.
const gen2RulesCommand = "gen2 check"

type ruleJSON struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	DocURL   string `json:"doc_url"`
	// Command is the command whose rule it is: validate or gen2 check.
	Command string `json:"command"`
}

func writeRulesJSON(w io.Writer) error {
	out := struct {
		FormatVersion string     `json:"format_version"`
		Rules         []ruleJSON `json:"rules"`
	}{FormatVersion: "1.0", Rules: []ruleJSON{}}
	for _, r := range validate.All() {
		out.Rules = append(out.Rules, ruleJSON{ID: r.ID, Severity: r.Severity.String(), Summary: r.Summary, DocURL: r.DocURL(), Command: "validate"})
	}
	for _, r := range gen2.Listed() {
		out.Rules = append(out.Rules, ruleJSON{ID: r.ID, Severity: r.Severity.String(), Summary: r.Summary, DocURL: r.DocURL(), Command: gen2RulesCommand})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
