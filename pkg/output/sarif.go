package output

import (
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// sarifFormatter writes a SARIF 2.1.0 log with one run: the tool with its
// rules, and one result per finding.
type sarifFormatter struct{ opts FindingsOptions }

var _ FindingsFormatter = (*sarifFormatter)(nil)

const (
	sarifVersion = "2.1.0"
	sarifSchema  = "https://json.schemastore.org/sarif-2.1.0.json"
)

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version,omitempty"`
	InformationURI string      `json:"informationUri,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string          `json:"id"`
	ShortDescription     sarifMessage    `json:"shortDescription"`
	HelpURI              string          `json:"helpUri,omitempty"`
	DefaultConfiguration sarifRuleConfig `json:"defaultConfiguration"`
}

type sarifRuleConfig struct {
	Level string `json:"level"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID           string          `json:"ruleId"`
	RuleIndex        *int            `json:"ruleIndex,omitempty"`
	Level            string          `json:"level"`
	Message          sarifMessage    `json:"message"`
	Locations        []sarifLocation `json:"locations"`
	RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
}

type sarifLocation struct {
	ID               *int                  `json:"id,omitempty"`
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
	Message          *sarifMessage         `json:"message,omitempty"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndLine     int `json:"endLine,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

func sarifLevel(s finding.Severity) string {
	switch s {
	case finding.Error:
		return "error"
	case finding.Warning:
		return "warning"
	case finding.Info:
		return "note"
	}
	return "none"
}

// sarifInvocation reports how the run went: only written when it failed,
// with the failures as notifications (SARIF 3.20.21).
type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifMessage    `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

// sarifHead is the log without its runs, which are written piece by piece.
type sarifHead struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
}

func (s *sarifFormatter) Format(w io.Writer, r *FindingsResult) error {
	driver := sarifDriver{
		Name:           toolName(s.opts),
		Version:        s.opts.ToolVersion,
		InformationURI: s.opts.InformationURI,
		Rules:          []sarifRule{},
	}
	index := make(map[string]int, len(r.Rules))
	for _, rule := range r.Rules {
		if _, dup := index[rule.ID]; dup {
			continue
		}
		index[rule.ID] = len(driver.Rules)
		summary := rule.Summary
		if summary == "" {
			summary = rule.ID
		}
		driver.Rules = append(driver.Rules, sarifRule{
			ID:                   rule.ID,
			ShortDescription:     sarifMessage{Text: summary},
			HelpURI:              rule.DocURL,
			DefaultConfiguration: sarifRuleConfig{Level: sarifLevel(rule.Severity)},
		})
	}
	// The log is written as one document, the results one at a time, so
	// that many findings are never held twice (as findings and as JSON).
	jw := newJSONWriter(w)
	jw.object("", sarifHead{Schema: sarifSchema, Version: sarifVersion}, func() {
		jw.member("  ", "runs")
		jw.ew.write("[\n    {\n      \"tool\": ")
		jw.value("      ", sarifTool{Driver: driver})
		jw.ew.write(",\n      \"results\": ")
		if len(r.Findings) == 0 {
			jw.ew.write("[]")
		} else {
			jw.ew.write("[\n")
			for i := range r.Findings {
				if i > 0 {
					jw.ew.write(",\n")
				}
				jw.ew.write("        ")
				jw.value("        ", sarifResultOf(&r.Findings[i], index))
			}
			jw.ew.write("\n      ]")
		}
		jw.ew.write(",\n      \"columnKind\": \"unicodeCodePoints\"")
		if r.Config != "" {
			// The configuration applied, in the run's property bag.
			jw.ew.write(",\n      \"properties\": ")
			jw.value("      ", map[string]string{"config": r.Config})
		}
		if len(r.Errors) > 0 {
			inv := sarifInvocation{ToolExecutionNotifications: make([]sarifNotification, 0, len(r.Errors))}
			for _, e := range r.Errors {
				n := sarifNotification{Level: "error", Message: sarifMessage{Text: e.Message}}
				if e.File != "" {
					n.Locations = []sarifLocation{{PhysicalLocation: sarifPhysical(finding.Location{File: e.File}, 0, 0)}}
				}
				inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
			}
			jw.ew.write(",\n      \"invocations\": ")
			jw.value("      ", []sarifInvocation{inv})
		}
		jw.ew.write("\n    }\n  ]")
	})
	jw.ew.write("\n")
	if jw.ew.err != nil {
		return fmt.Errorf("write sarif findings: %w", jw.ew.err)
	}
	return nil
}

func sarifResultOf(f *finding.Finding, index map[string]int) sarifResult {
	res := sarifResult{
		RuleID:    f.Rule,
		Level:     sarifLevel(f.Severity),
		Message:   sarifMessage{Text: f.Message},
		Locations: []sarifLocation{{PhysicalLocation: sarifPhysical(f.Location, f.EndLine, f.EndColumn)}},
	}
	if i, ok := index[f.Rule]; ok {
		res.RuleIndex = &i
	}
	for i, rel := range f.Related {
		id := i + 1
		res.RelatedLocations = append(res.RelatedLocations, sarifLocation{
			ID:               &id,
			PhysicalLocation: sarifPhysical(rel.Location, 0, 0),
			Message:          &sarifMessage{Text: rel.Message},
		})
	}
	return res
}

func toolName(o FindingsOptions) string {
	if o.ToolName == "" {
		return "bapi"
	}
	return o.ToolName
}

func sarifPhysical(l finding.Location, endLine, endColumn int) sarifPhysicalLocation {
	p := sarifPhysicalLocation{ArtifactLocation: sarifArtifactLocation{URI: fileURI(l.File)}}
	if l.Line > 0 {
		reg := &sarifRegion{StartLine: l.Line, StartColumn: l.Column}
		if endLine >= l.Line {
			reg.EndLine = endLine
			if endColumn > 0 {
				reg.EndColumn = endColumn + 1 // SARIF end columns are exclusive
			}
		}
		p.Region = reg
	}
	return p
}

// fileURI turns a file name into a URI reference: forward slashes, each
// segment percent-encoded as an RFC 3986 path segment; an absolute path
// becomes a file:// URI. A relative path whose first segment holds a colon
// ("a:b.yaml") would read as a URI with scheme "a", so it gets a "./" prefix
// (RFC 3986 section 4.2).
func fileURI(name string) string {
	slashed := filepath.ToSlash(name)
	segs := strings.Split(slashed, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	p := strings.Join(segs, "/")
	if filepath.IsAbs(name) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p // Windows drive letter
		}
		return "file://" + p
	}
	if strings.Contains(segs[0], ":") {
		return "./" + p
	}
	return p
}
