package validate

import (
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Helpers shared by the rules. They read the yaml.Node tree directly and
// tolerate any shape: a value of the wrong kind is treated as absent, since
// the schema rule already reports it.

// mapKey returns the key and value nodes of key in the mapping n, or nils
// when n is not a mapping or has no such key.
func mapKey(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind == yaml.ScalarNode && n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// mapGet returns the value of key in the mapping n, or nil.
func mapGet(n *yaml.Node, key string) *yaml.Node {
	_, v := mapKey(n, key)
	return v
}

// str returns the value of a string scalar node, and whether n is one. The
// loader resolves every tag outside the YAML core schema (a yaml-tag
// finding) as if the value were untagged, so a !Ref'd or !Sub'd string is a
// string here too, and the rules check it.
func str(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || n.Tag != "!!str" {
		return "", false
	}
	return n.Value, true
}

// number returns the value of a numeric scalar node, and whether n is one.
func number(n *yaml.Node) (float64, bool) {
	if n == nil || n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
	if err != nil {
		if i, err := strconv.ParseInt(strings.ReplaceAll(n.Value, "_", ""), 0, 64); err == nil {
			return float64(i), true
		}
		return 0, false
	}
	return f, true
}

// resourceConfig returns the document's ResourceConfig mapping, or nil.
func resourceConfig(p *Pass) *yaml.Node {
	rc := mapGet(p.Doc.Root, "ResourceConfig")
	if rc == nil || rc.Kind != yaml.MappingNode {
		return nil
	}
	return rc
}

// authType is one DefaultAuthType or AdditionalAuthTypes entry.
type authType struct {
	node     *yaml.Node // the auth type mapping
	index    int        // its index in AdditionalAuthTypes; -1 for DefaultAuthType
	mode     string     // Mode, "" when absent or not a string
	modeNode *yaml.Node
	settings *yaml.Node // the Settings value, nil when absent
	setKey   *yaml.Node // the Settings key
}

// authTypes lists the document's auth types: the default first, then each
// additional one, skipping entries that are not mappings. The list is built
// once per document and shared by the rules (docFacts): callers must not
// change it.
func authTypes(p *Pass) []authType {
	f := p.docFacts()
	if !f.authTypesDone {
		f.authTypes, f.authTypesDone = readAuthTypes(p, f.authTypesBuf[:0]), true
	}
	return f.authTypes
}

// readAuthTypes appends the document's auth types to out, for authTypes.
func readAuthTypes(p *Pass, out []authType) []authType {
	rc := resourceConfig(p)
	if rc == nil {
		return nil
	}
	add := func(n *yaml.Node, index int) {
		if n == nil || n.Kind != yaml.MappingNode {
			return
		}
		at := authType{node: n, index: index}
		at.modeNode = mapGet(n, "Mode")
		at.mode, _ = str(at.modeNode)
		at.setKey, at.settings = mapKey(n, "Settings")
		out = append(out, at)
	}
	add(mapGet(rc, "DefaultAuthType"), -1)
	if add2 := mapGet(rc, "AdditionalAuthTypes"); add2 != nil && add2.Kind == yaml.SequenceNode {
		for i, n := range add2.Content {
			add(n, i)
		}
	}
	return out
}

// additional reports whether the auth type is an AdditionalAuthTypes entry.
func (a authType) additional() bool { return a.index >= 0 }

// pointer is the auth type's JSON pointer (written for a finding only).
func (a authType) pointer() string {
	if a.index < 0 {
		return "/ResourceConfig/DefaultAuthType"
	}
	return "/ResourceConfig/AdditionalAuthTypes/" + strconv.Itoa(a.index)
}

// settingPointer is the JSON pointer of the auth type's setting name.
func (a authType) settingPointer(name string) string {
	return a.pointer() + "/Settings/" + name
}

// setting returns the key and value of a setting of the auth type.
func (a authType) setting(name string) (k, v *yaml.Node) {
	return mapKey(a.settings, name)
}
