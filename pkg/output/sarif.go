package output

import (
	"encoding/json"
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

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool       sarifTool     `json:"tool"`
	Results    []sarifResult `json:"results"`
	ColumnKind string        `json:"columnKind"`
}

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

func (s *sarifFormatter) Format(w io.Writer, r *FindingsResult) error {
	name := s.opts.ToolName
	if name == "" {
		name = "bapi"
	}
	driver := sarifDriver{
		Name:           name,
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
	results := make([]sarifResult, 0, len(r.Findings))
	for _, f := range r.Findings {
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
		results = append(results, res)
	}
	log := sarifLog{
		Schema:  sarifSchema,
		Version: sarifVersion,
		Runs: []sarifRun{{
			Tool:       sarifTool{Driver: driver},
			Results:    results,
			ColumnKind: "unicodeCodePoints",
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(log); err != nil {
		return fmt.Errorf("write sarif findings: %w", err)
	}
	return nil
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
