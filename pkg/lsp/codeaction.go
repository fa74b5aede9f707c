package lsp

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/validate"
	"go.yaml.in/yaml/v3"
)

// Quick fixes, offered only where the fix is certain.

// Rule IDs the quick fixes handle; each names a rule of pkg/validate.
const (
	ruleSchema         = "schema"
	ruleAuthMode       = "graphql-auth-mode"
	ruleDataStoreField = "graphql-datastore-fields"
)

// modeNeeded reads the auth mode a graphql-auth-mode finding asks for from
// the fix its message spells out ("add "- Mode: X" under ...").
var modeNeeded = regexp.MustCompile(`"- Mode: ([A-Z_]+)"`)

// addableModes are the auth modes a quick fix can add, with the settings
// each needs (under the item's "Mode:" line): AWS_IAM needs none, API_KEY
// an ExpirationTime, which is given the Amplify CLI's default of 7 days.
// The others need IDs only the user knows, so they are not added.
var addableModes = map[string][]string{
	"AWS_IAM": nil,
	"API_KEY": {"Settings:", "  ExpirationTime: 7"},
}

func (s *server) codeActions(p codeActionParams) []CodeAction {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	fs := s.published[path]
	enc := s.enc
	var text string
	if d := s.docs[path]; d != nil {
		text = d.text
	}
	docs := s.docs
	s.mu.Unlock()
	if text == "" {
		s.mu.Lock()
		text = fileText(docs, path)
		s.mu.Unlock()
	}
	ls := lines(text)
	out := []CodeAction{}
	for _, f := range fs {
		rg := findingRange(ls, f, enc)
		if !overlaps(rg, p.Range) {
			continue
		}
		diag := Diagnostic{Range: rg, Severity: severity(f.Severity), Code: f.Rule, Source: "bapi", Message: f.Message}
		add := func(title string, preferred bool, edits ...TextEdit) {
			out = append(out, CodeAction{
				Title: title, Kind: "quickfix", Diagnostics: []Diagnostic{diag}, IsPreferred: preferred,
				Edit: WorkspaceEdit{Changes: map[string][]TextEdit{p.TextDocument.URI: edits}},
			})
		}
		yamlFile := isSpecPath(path)
		switch f.Rule {
		case ruleAuthMode:
			if m := modeNeeded.FindStringSubmatch(f.Message); m != nil && yamlFile {
				if e, ok := addAuthMode(text, ls, f.Document, m[1]); ok {
					add(fmt.Sprintf("Add auth mode %s to AdditionalAuthTypes", m[1]), true, e)
				}
			}
		case ruleSchema:
			if yamlFile {
				if e, ok := unquoteNumber(text, ls, f, enc); ok {
					add("Remove the quotes: the value is a number", true, e)
				}
			}
		case ruleDataStoreField:
			if e, ok := removeFieldLine(ls, f); ok {
				add("Remove the field: AppSync adds it when ConflictResolution is set", true, e)
			}
		}
		if yamlFile && f.Line > 0 && f.Line <= len(ls) && f.Rule != "" && f.Rule != validate.RuleIgnoreUnused && !strings.Contains(ls[f.Line-1], "bapi:ignore") {
			end := Position{Line: f.Line - 1, Character: units(ls[f.Line-1], enc)}
			add(fmt.Sprintf("Ignore %s on this line (# bapi:ignore)", f.Rule), false, TextEdit{Range: Range{Start: end, End: end}, NewText: " # bapi:ignore " + f.Rule})
		}
	}
	return out
}

func overlaps(a, b Range) bool {
	before := func(x, y Position) bool { return x.Line < y.Line || x.Line == y.Line && x.Character < y.Character }
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

// yamlDocument parses document idx of a YAML text; nil when it does not
// parse to a mapping.
func yamlDocument(text string, idx int) *yaml.Node {
	dec := yaml.NewDecoder(strings.NewReader(text))
	for i := 0; ; i++ {
		var n yaml.Node
		err := dec.Decode(&n)
		if errors.Is(err, io.EOF) || err != nil {
			return nil
		}
		if i == idx {
			if n.Kind == yaml.DocumentNode && len(n.Content) == 1 && n.Content[0].Kind == yaml.MappingNode {
				return n.Content[0]
			}
			return nil
		}
	}
}

func mappingValue(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// addAuthMode inserts "- Mode: MODE" as the first item of the document's
// AdditionalAuthTypes (its order does not matter), or the key with that
// item before ResourceConfig's first key.
func addAuthMode(text string, ls []string, doc int, mode string) (TextEdit, bool) {
	settings, ok := addableModes[mode]
	if !ok {
		return TextEdit{}, false
	}
	item := func(indent string) string {
		out := indent + "- Mode: " + mode + "\n"
		for _, l := range settings {
			out += indent + "  " + l + "\n"
		}
		return out
	}
	root := yamlDocument(text, doc)
	_, rc := mappingValue(root, "ResourceConfig")
	if rc == nil || rc.Kind != yaml.MappingNode || rc.Style&yaml.FlowStyle != 0 || len(rc.Content) == 0 {
		return TextEdit{}, false
	}
	_, aat := mappingValue(rc, "AdditionalAuthTypes")
	at := func(line int) Range {
		p := Position{Line: line - 1}
		return Range{Start: p, End: p}
	}
	if aat != nil {
		if aat.Kind != yaml.SequenceNode || aat.Style&yaml.FlowStyle != 0 || len(aat.Content) == 0 || aat.Line > len(ls) {
			return TextEdit{}, false
		}
		dash := ls[aat.Line-1]
		indent := dash[:len(dash)-len(strings.TrimLeft(dash, " "))]
		if !strings.HasPrefix(strings.TrimLeft(dash, " "), "-") {
			return TextEdit{}, false
		}
		return TextEdit{Range: at(aat.Line), NewText: item(indent)}, true
	}
	first := rc.Content[0]
	if first.Line > len(ls) {
		return TextEdit{}, false
	}
	indent := strings.Repeat(" ", first.Column-1)
	return TextEdit{Range: at(first.Line), NewText: indent + "AdditionalAuthTypes:\n" + item(indent+"  ")}, true
}

// unquoteNumber removes the quotes of a quoted number the schema rule
// found where a number is expected.
func unquoteNumber(text string, ls []string, f finding.Finding, enc string) (TextEdit, bool) {
	if !strings.Contains(f.Message, "number is expected") && !strings.Contains(f.Message, "integer is expected") {
		return TextEdit{}, false
	}
	n := nodeAt(yamlDocument(text, f.Document), f.Pointer)
	if n == nil || n.Kind != yaml.ScalarNode || (n.Style != yaml.DoubleQuotedStyle && n.Style != yaml.SingleQuotedStyle) {
		return TextEdit{}, false
	}
	if _, err := strconv.ParseFloat(strings.TrimSpace(n.Value), 64); err != nil || n.Line > len(ls) {
		return TextEdit{}, false
	}
	line := ls[n.Line-1]
	b := byteOfRune(line, n.Column-1)
	e := tokenEnd(line, b)
	if e-b != len(n.Value)+2 {
		return TextEdit{}, false // escapes or spaces: not certain
	}
	return TextEdit{
		Range:   Range{Start: Position{Line: n.Line - 1, Character: units(line[:b], enc)}, End: Position{Line: n.Line - 1, Character: units(line[:e], enc)}},
		NewText: strings.TrimSpace(n.Value),
	}, true
}

// nodeAt resolves a JSON pointer in a YAML mapping.
func nodeAt(n *yaml.Node, ptr string) *yaml.Node {
	if n == nil || ptr == "" || ptr[0] != '/' {
		return nil
	}
	for _, tok := range strings.Split(ptr[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch n.Kind {
		case yaml.MappingNode:
			_, v := mappingValue(n, tok)
			if v == nil {
				return nil
			}
			n = v
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
	}
	return n
}

// removeFieldLine deletes the line of a field definition that holds
// nothing else.
func removeFieldLine(ls []string, f finding.Finding) (TextEdit, bool) {
	if f.Line <= 0 || f.Line > len(ls) {
		return TextEdit{}, false
	}
	line := strings.TrimSpace(ls[f.Line-1])
	name, rest, ok := strings.Cut(line, ":")
	if !ok || !strings.HasPrefix(strings.TrimSpace(name), "_") || strings.ContainsAny(rest, "{}:") {
		return TextEdit{}, false
	}
	return TextEdit{Range: Range{Start: Position{Line: f.Line - 1}, End: Position{Line: f.Line}}, NewText: ""}, true
}

// completion answers textDocument/completion inside GraphQL.
func (s *server) completion(p textDocumentPositionParams) completionList {
	r, cat, ok := s.regionAt(p)
	if !ok {
		return completionList{Items: []CompletionItem{}}
	}
	return completionList{Items: completeGraphQL(cat, r)}
}

// hover answers textDocument/hover inside GraphQL.
func (s *server) hover(p textDocumentPositionParams) *hover {
	r, cat, ok := s.regionAt(p)
	if !ok {
		return nil
	}
	doc, start, end, ok := hoverGraphQL(cat, r)
	if !ok {
		return nil
	}
	s.mu.Lock()
	enc := s.enc
	text := ""
	if d := s.docs[uriPath(p.TextDocument.URI)]; d != nil {
		text = d.text
	}
	s.mu.Unlock()
	ls := lines(text)
	return &hover{Contents: markupContent{Kind: "markdown", Value: doc}, Range: &Range{Start: r.position(ls, start, enc), End: r.position(ls, end, enc)}}
}

// regionAt finds the GraphQL at a position of an open document, with the
// directive catalog of the project's transformer version.
func (s *server) regionAt(p textDocumentPositionParams) (gqlRegion, *catalog, bool) {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	d := s.docs[path]
	enc, version := s.enc, s.transformer
	s.mu.Unlock()
	if d == nil {
		return gqlRegion{}, nil, false
	}
	r, ok := graphqlAt(path, d.text, p.Position, enc)
	if !ok {
		return gqlRegion{}, nil, false
	}
	cat, err := newCatalog(version)
	if err != nil {
		return gqlRegion{}, nil, false
	}
	return r, cat, true
}
