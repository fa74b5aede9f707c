package spec

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// YAML tags. A spec is checked as data, and sent to the service as JSON:
// only the tags of the YAML 1.2 core schema (the JSON types, plus maps and
// sequences) have a meaning there. Any other tag, such as CloudFormation's
// short forms (!Ref, !Sub, !GetAtt) or YAML 1.1's !!binary, !!timestamp,
// !!set and !!merge, is a yaml-tag finding at the tag: the rules would see
// a tagged value as no string at all and skip it, while the value is sent
// as its plain text (a !Ref is never resolved, a !!binary never decoded).
// !!timestamp is left out on purpose: the 1.2 core schema has no
// timestamp type, so a plain 2024-01-01 is a string there (resolveCore).

// maxTagFindings caps yaml-tag findings per document; a hostile file may
// hold millions of tags.
const maxTagFindings = 20

// coreTag reports whether tag is one of the YAML 1.2 core schema's.
func coreTag(tag string) bool {
	switch tag {
	case "!!str", "!!int", "!!float", "!!bool", "!!null", "!!map", "!!seq":
		return true
	}
	return false
}

// tag reports an explicit tag on n that is not the core schema's, and
// resolves n as the core schema resolves it untagged, so that the rules
// still check its value (a quoted or block scalar is a string).
func (w *walker) tag(n *yaml.Node) {
	explicit := n.Style&yaml.TaggedStyle != 0
	if coreTag(n.Tag) || (!explicit && n.Tag == "") {
		return
	}
	if explicit {
		w.tags++
		switch {
		case w.tags <= maxTagFindings:
			w.l.add(w.doc, n.Line, n.Column, RuleYAMLTag, "tag %s: only the YAML core schema's tags (!!str, !!int, !!float, !!bool, !!null, !!map, !!seq) are allowed in spec files; %s", n.Tag, tagHint(n.Tag))
		case w.tags == maxTagFindings+1:
			w.l.add(w.doc, n.Line, n.Column, RuleYAMLTag, "more tags follow; only the first %d are reported", maxTagFindings)
		}
	}
	resolveCore(n)
}

// tagHint says what to write instead of a tagged value.
func tagHint(tag string) string {
	switch {
	case tag == "!!binary":
		return "bapi does not decode base64, so the service would get the base64 text: write the value itself"
	case tag == "!!timestamp":
		return "a date is a string in a spec: remove the tag"
	case !strings.HasPrefix(tag, "!!") && len(tag) > 1:
		return "CloudFormation intrinsic functions such as !Ref and !Sub are not resolved in a spec, so the value would be sent as written: write the value itself"
	}
	return "remove the tag and write the value itself"
}

// resolveCore gives n the tag the YAML 1.2 core schema gives it untagged:
// !!map, !!seq, or for a scalar !!str when it is quoted or a block, else
// what its plain text resolves to, a plain date (YAML 1.1's timestamp) or
// << (YAML 1.1's merge key) being a string.
func resolveCore(n *yaml.Node) {
	n.Style &^= yaml.TaggedStyle
	n.Tag = ""
	switch n.Kind {
	case yaml.MappingNode:
		n.Tag = "!!map"
	case yaml.SequenceNode:
		n.Tag = "!!seq"
	case yaml.ScalarNode:
		if t := n.ShortTag(); coreTag(t) {
			n.Tag = t
		} else {
			n.Tag = "!!str"
		}
	}
}
