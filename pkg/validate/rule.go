package validate

import (
	"context"
	"fmt"

	"github.com/bapi-dev/bapi/internal/version"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"go.yaml.in/yaml/v3"
)

// DocBaseURL is where rule documentation lives; a rule's page is
// DocBaseURL/<ref>/docs/rules/<ID>.md.
const DocBaseURL = "https://github.com/bapi-dev/bapi/blob"

// Rule is one check. It has a stable ID that is never reused, a default
// severity, a one-line summary and a doc page. A rule never prints and never
// depends on another rule: it reports through its Pass.
type Rule struct {
	// ID is stable and never reused, e.g. "auth-mode-settings".
	ID string
	// Severity is the default severity of its findings.
	Severity finding.Severity
	// Summary is one line for `bapi rules` and SARIF.
	Summary string
	// Check runs once per document. Nil for rules reported by the loader.
	Check func(p *Pass)
	// NewAcross, when set, makes per-run state for a rule that looks across
	// all documents of a run (e.g. duplicate addresses). Observe is called
	// once per document, possibly from several goroutines one at a time (the
	// engine serialises calls); Finish once at the end.
	NewAcross func() Across
}

// Across is per-run state of a rule that looks across documents.
type Across interface {
	Observe(p *Pass)
	Finish(report func(finding.Finding))
}

// DocURL is the link to the rule's documentation.
func (r *Rule) DocURL() string { return DocURL(r.ID) }

// DocURL is the documentation link of the rule with the given ID.
func DocURL(id string) string {
	return fmt.Sprintf("%s/%s/docs/rules/%s.md", DocBaseURL, version.DocRef(), id)
}

// Pass hands one document to one rule.
type Pass struct {
	Rule *Rule
	Doc  *spec.Document
	// Transformer is the Amplify GraphQL transformer version the document
	// is written for (Config.Transformer()); 0 means the default.
	Transformer int
	// report receives findings; the engine fills in severity and doc URL.
	report func(finding.Finding)
	// ctx is the run's context (Context).
	ctx context.Context
	// facts are the document's facts several rules read (docFacts), shared
	// by the passes over one document; nil until first asked for.
	facts *docFacts
}

// docFacts are facts of one document that several rules read, computed on
// first use and then shared by every pass over the document, as go/analysis
// shares one analyzer's result with the analyzers that require it: ten
// rules read the auth types, and each built them again (issue 15's keep).
// The engine makes one per document; a pass made with NewPass makes its own
// on first use. Rules read them and never change them.
type docFacts struct {
	authTypesDone bool
	authTypes     []authType
	// authTypesBuf holds the auth types of a document with up to four
	// (most have one or two), so that they cost no allocation.
	authTypesBuf [4]authType
}

// docFacts returns the pass's shared facts, made on first use.
func (p *Pass) docFacts() *docFacts {
	if p.facts == nil {
		p.facts = &docFacts{}
	}
	return p.facts
}

// Context is the run's context: a rule with a long pass over a document
// stops when it is done (the run is then abandoned).
func (p *Pass) Context() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

// TransformerVersion returns the transformer version of the document: 1 or
// 2 (the default).
func (p *Pass) TransformerVersion() int {
	if p.Transformer == 0 {
		return DefaultTransformerVersion
	}
	return p.Transformer
}

// NewPass makes a pass; tests of single rules use it.
func NewPass(r *Rule, doc *spec.Document, report func(finding.Finding)) *Pass {
	return &Pass{Rule: r, Doc: doc, report: report}
}

// Report reports a finding at node (its line and column) with a JSON pointer.
func (p *Pass) Report(node *yaml.Node, pointer string, format string, args ...any) {
	f := finding.Finding{Pointer: pointer, Message: fmt.Sprintf(format, args...)}
	if node != nil {
		f.Line, f.Column = node.Line, node.Column
	}
	p.ReportFinding(f)
}

// ReportFinding reports a fully built finding; missing fields (file,
// document, rule, severity, doc URL) are filled in from the pass.
func (p *Pass) ReportFinding(f finding.Finding) {
	if f.File == "" {
		f.File = p.Doc.File
		f.Document = p.Doc.Index
	}
	if f.Rule == "" {
		f.Rule = p.Rule.ID
	}
	if f.Severity == 0 {
		f.Severity = p.Rule.Severity
	}
	if f.DocURL == "" {
		f.DocURL = p.Rule.DocURL()
	}
	p.report(f)
}
