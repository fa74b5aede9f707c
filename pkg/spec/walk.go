package spec

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Walking a parsed document: its shape, anchors, aliases and duplicate keys.

// document checks one parsed document and keeps it when it is clean.
func (l *loader) document(i int, doc *yaml.Node) {
	if len(doc.Content) == 0 {
		l.add(i, max(doc.Line, 1), max(doc.Column, 1), RuleEmptyDocument, "document is empty; remove the extra \"---\" or write the request here")
		return
	}
	root := doc.Content[0]
	if root.Kind == yaml.MappingNode && !hasSpecKey(root) {
		// Some other YAML file (a workflow, a Compose file): one finding,
		// not a wall of schema errors.
		l.add(i, root.Line, root.Column, RuleNotSpec, "document is not a bapi spec: it has %s at the top and none of AppId, BackendEnvironmentName, ResourceName or ResourceConfig%s; give bapi only spec files (the pre-commit hook: set its files: pattern; .bapi.yaml: ignore)", topKeys(root), kindHint(root))
		return
	}
	before := len(l.file.Findings) + l.dropped
	w := walker{l: l, doc: i}
	w.walk(root)
	if added := len(l.file.Findings) + l.dropped - before; added > w.dupKeys+min(w.tags, maxTagFindings+1) {
		return // anchors or aliases
	}
	// Duplicate keys are reported, and the document is still checked with
	// the last occurrence of each key, which is what most YAML and JSON
	// decoders keep (yaml.v3 refuses such a mapping, so the finding stays an
	// error and plan never sends the document).
	for _, m := range w.dupMaps {
		keepLast(m)
	}
	switch root.Kind {
	case yaml.MappingNode:
		if l.dropped > 0 {
			// Past the cap on findings the file is hostile or badly
			// broken: its documents are counted (Documents) but no more
			// are checked.
			return
		}
		if l.lines == nil {
			l.lines = &sharedLines{src: l.data}
		}
		l.file.Docs = append(l.file.Docs, &Document{File: l.name, Index: i, Root: root, Source: l.data, lines: l.lines})
	case yaml.ScalarNode:
		if root.Tag == "!!null" && root.Value == "" {
			l.add(i, max(doc.Line, 1), max(doc.Column, 1), RuleEmptyDocument, "document is empty; remove the extra \"---\" or write the request here")
			return
		}
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is a scalar (%s), not a mapping; a spec document is a mapping of AppId, BackendEnvironmentName, ResourceName and ResourceConfig", shortTag(root.Tag))
	case yaml.SequenceNode:
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is a list, not a mapping; write one request per document and separate documents with \"---\"")
	default:
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is not a mapping; a spec document is a mapping of AppId, BackendEnvironmentName, ResourceName and ResourceConfig")
	}
}

// specKeys are the members of a CreateBackendAPI request.
func specKeys() [4]string {
	return [...]string{"AppId", "BackendEnvironmentName", "ResourceName", "ResourceConfig"}
}

// hasSpecKey reports whether a top-level mapping has any request member,
// in any case: a spec with a misspelt key is still a spec, whose schema
// findings say what is wrong.
func hasSpecKey(m *yaml.Node) bool {
	for j := 0; j+1 < len(m.Content); j += 2 {
		for _, k := range specKeys() {
			if strings.EqualFold(m.Content[j].Value, k) {
				return true
			}
		}
	}
	return len(m.Content) == 0 // {} is an empty spec: the schema says what is missing
}

// topKeys names the first keys of a mapping, for a message.
func topKeys(m *yaml.Node) string {
	var keys []string
	for j := 0; j+1 < len(m.Content) && len(keys) < 3; j += 2 {
		keys = append(keys, strconv.Quote(m.Content[j].Value))
	}
	s := strings.Join(keys, ", ")
	if n := len(m.Content) / 2; n > len(keys) {
		s += fmt.Sprintf(" and %d more keys", n-len(keys))
	}
	return s
}

// kindHint guesses what kind of file a non-spec document is, from keys
// that mark well-known YAML files.
func kindHint(m *yaml.Node) string {
	has := map[string]bool{}
	for j := 0; j+1 < len(m.Content); j += 2 {
		has[m.Content[j].Value] = true
	}
	switch {
	case has["jobs"] && (has["on"] || has["true"]):
		return " (it looks like a GitHub Actions workflow)"
	case has["services"] || (has["version"] && has["volumes"]):
		return " (it looks like a Compose file)"
	case has["apiVersion"] && has["kind"]:
		return " (it looks like a Kubernetes manifest)"
	case has["repos"]:
		return " (it looks like a pre-commit config)"
	case has["AWSTemplateFormatVersion"] || has["Resources"]:
		return " (it looks like a CloudFormation template)"
	}
	return ""
}

func shortTag(tag string) string {
	switch tag {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return tag
}

// walker reports anchors, aliases and duplicate keys. It never follows an
// alias, so it runs in time linear in the size of the file.
type walker struct {
	l       *loader
	doc     int
	aliases int
	// dupKeys counts the duplicate keys reported; dupMaps are the mappings
	// holding them.
	dupKeys int
	dupMaps []*yaml.Node
	// tags counts the tags outside the core schema (tags.go); the document
	// is still checked, each resolved as if untagged.
	tags int
}

// dup reports key k as a repeat of first, in mapping m.
func (w *walker) dup(m, k, first *yaml.Node) {
	w.l.add(w.doc, k.Line, k.Column, RuleDuplicateKey, "duplicate key %q: already defined at line %d; remove one of them (bapi checks the last one, line %d)", k.Value, first.Line, k.Line)
	w.dupKeys++
	if len(w.dupMaps) == 0 || w.dupMaps[len(w.dupMaps)-1] != m {
		w.dupMaps = append(w.dupMaps, m)
	}
}

// keepLast removes from mapping m every pair whose scalar key appears again
// later, so the last occurrence of each key remains.
func keepLast(m *yaml.Node) {
	last := make(map[string]int, len(m.Content)/2)
	for j := 0; j+1 < len(m.Content); j += 2 {
		if k := m.Content[j]; k.Kind == yaml.ScalarNode {
			last[k.Value] = j
		}
	}
	out := m.Content[:0]
	for j := 0; j+1 < len(m.Content); j += 2 {
		k := m.Content[j]
		if k.Kind == yaml.ScalarNode && last[k.Value] != j {
			continue
		}
		out = append(out, k, m.Content[j+1])
	}
	clear(m.Content[len(out):])
	m.Content = out
}

// maxAliasFindings caps alias and anchor findings per document; a hostile
// file may hold millions of them.
const maxAliasFindings = 20

func (w *walker) walk(n *yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind == yaml.AliasNode {
		w.alias(n, "alias *%s: YAML anchors and aliases are not allowed in spec files (they can expand without bound); write the value out", n.Value)
		return
	}
	if n.Anchor != "" {
		w.alias(n, "anchor &%s: YAML anchors and aliases are not allowed in spec files (they can expand without bound); write the value out", n.Anchor)
	}
	w.tag(n)
	if n.Kind == yaml.MappingNode && len(n.Content) <= 32 {
		// Few keys (the usual case): comparing with the keys before is
		// cheaper than building a map.
		for j := 2; j+1 < len(n.Content); j += 2 {
			k := n.Content[j]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			for i := 0; i < j; i += 2 {
				if first := n.Content[i]; first.Kind == yaml.ScalarNode && first.Value == k.Value {
					w.dup(n, k, first)
					break
				}
			}
		}
	} else if n.Kind == yaml.MappingNode {
		var keys map[string]*yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			k := n.Content[j]
			if k.Kind == yaml.ScalarNode {
				if keys == nil {
					keys = make(map[string]*yaml.Node, len(n.Content)/2)
				}
				if first, ok := keys[k.Value]; ok {
					w.dup(n, k, first)
				} else {
					keys[k.Value] = k
				}
			}
		}
	}
	for _, c := range n.Content {
		w.walk(c)
	}
}

func (w *walker) alias(n *yaml.Node, format, name string) {
	w.aliases++
	switch {
	case w.aliases <= maxAliasFindings:
		w.l.add(w.doc, n.Line, n.Column, RuleYAMLAlias, format, name)
	case w.aliases == maxAliasFindings+1:
		w.l.add(w.doc, n.Line, n.Column, RuleYAMLAlias, "more anchors and aliases follow; only the first %d are reported", maxAliasFindings)
	}
}

func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}
