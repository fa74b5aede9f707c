package validate

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/bapi-dev/bapi/internal/editdist"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/schema"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// RuleSchema is the ID of the schema conformance rule.
const RuleSchema = "schema"

// schemaRule checks a document against schema/backend-api.schema.json.
func schemaRule() *Rule {
	// The maps of a document's value are reused from document to document
	// (valueMaps): they are most of what this rule allocates. The pool
	// belongs to this rule value (All makes a new one per call).
	values := &sync.Pool{New: func() any { return &valueMaps{} }}
	return &Rule{
		ID:       RuleSchema,
		Severity: finding.Error,
		Summary:  "The document matches the CreateBackendAPI request schema",
		Check: func(p *Pass) {
			vm := values.Get().(*valueMaps)
			if checkSchema(p, vm) {
				// Valid: schema.Validate kept nothing of the value.
				vm.reset()
				values.Put(vm)
			}
		},
	}
}

// checkSchema checks p's document, building its value with vm's maps, and
// reports whether it is valid (then nothing holds the value any more).
func checkSchema(p *Pass, vm *valueMaps) bool {
	err := schema.Validate(vm.value(p.Doc.Root))
	if err == nil {
		return true
	}
	verr, ok := err.(*jsonschema.ValidationError)
	if !ok {
		p.Report(p.Doc.Root, "", "schema validation failed: %v", err)
		return false
	}
	lv, fs := caseMisspellings(p.Doc.Root, leaves(verr, nil))
	for _, leaf := range lv {
		if p.Context().Err() != nil {
			return false
		}
		fs = append(fs, describe(p.Doc.Root, leaf)...)
	}
	finding.Sort(fs)
	fs = slices.CompactFunc(fs, func(a, b finding.Finding) bool {
		return a.Line == b.Line && a.Column == b.Column && a.Message == b.Message
	})
	for _, f := range fs {
		p.ReportFinding(f)
	}
	return false
}

// nodeValue converts a YAML node into the JSON-like value the validator
// takes, by the scalar's resolved tag. Aliases never reach here (the loader
// rejects documents with anchors or aliases); should one, it becomes null.
func nodeValue(n *yaml.Node) any {
	var vm *valueMaps
	return vm.value(n)
}

// valueMaps holds the maps of one document's value (nodeValue) for reuse by
// the next document's: a valid document's value is a few small maps, which
// conforms reads and drops. A nil *valueMaps makes new maps.
type valueMaps struct {
	maps []map[string]any
	next int
}

// Bounds of what valueMaps keeps between documents, so that a hostile
// document's thousands of mappings, or one of thousands of keys, are not
// held for the rest of the run.
const (
	maxValueMaps    = 64
	maxValueMapKeys = 32
)

// value is nodeValue, with vm's maps.
func (vm *valueMaps) value(n *yaml.Node) any {
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return vm.value(n.Content[0])
	case yaml.MappingNode:
		m := vm.get(len(n.Content) / 2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[keyString(n.Content[i])] = vm.value(n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, c := range n.Content {
			s[i] = vm.value(c)
		}
		return s
	case yaml.ScalarNode:
		return scalarValue(n)
	}
	return nil
}

// get returns an empty map for a mapping of size keys: the next one kept,
// or a new one (kept when there is room).
func (vm *valueMaps) get(size int) map[string]any {
	if vm == nil || size > maxValueMapKeys {
		return make(map[string]any, size)
	}
	if vm.next < len(vm.maps) {
		m := vm.maps[vm.next]
		vm.next++
		return m
	}
	m := make(map[string]any, size)
	if len(vm.maps) < maxValueMaps {
		vm.maps = append(vm.maps, m)
		vm.next++
	}
	return m
}

// reset empties the maps handed out, for the next document.
func (vm *valueMaps) reset() {
	for _, m := range vm.maps[:vm.next] {
		clear(m) // at most maxValueMapKeys keys: get keeps no larger map
	}
	vm.next = 0
}

func keyString(k *yaml.Node) string {
	if k.Kind == yaml.ScalarNode {
		return k.Value
	}
	// A complex key (a mapping or list used as a key) cannot match any
	// member name; name it by position so it is reported as unknown.
	return fmt.Sprintf("<complex key at %d:%d>", k.Line, k.Column)
}

func scalarValue(n *yaml.Node) any {
	if _, bad := nonFinite(n); bad && n.ShortTag() != "!!str" {
		// JSON has no NaN, infinity or numbers beyond float64. null fails
		// every type the schema allows, so the type error lands on this
		// node and describe words it (see nonFiniteMessage). A plain 1e400
		// is a string to yaml.v3 (so fine where a string is expected); where
		// a number is, describe words its type error the same way.
		return nil
	}
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool":
		if b, err := strconv.ParseBool(strings.ToLower(n.Value)); err == nil {
			return b
		}
		return n.Value
	case "!!int":
		if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return float64(i)
		}
		if u, err := strconv.ParseUint(strings.TrimPrefix(n.Value, "+"), 0, 64); err == nil {
			return float64(u)
		}
		if f, ok := parseFloat(n.Value); ok {
			return f
		}
		return n.Value
	case "!!float":
		if f, ok := parseFloat(n.Value); ok {
			return f
		}
		return n.Value
	}
	return n.Value
}

func parseFloat(s string) (float64, bool) {
	switch strings.ToLower(strings.TrimLeft(s, "+")) {
	case ".inf":
		return math.Inf(1), true
	case "-.inf":
		return math.Inf(-1), true
	case ".nan":
		return math.NaN(), true
	}
	f, err := strconv.ParseFloat(strings.ReplaceAll(s, "_", ""), 64)
	return f, err == nil
}

// nonFinite reports whether n is a YAML number that JSON cannot carry:
// .nan, .inf, -.inf, or one beyond float64's range (1e400). It says which.
func nonFinite(n *yaml.Node) (string, bool) {
	if n == nil || n.Kind != yaml.ScalarNode {
		return "", false
	}
	tag := n.ShortTag()
	if tag == "!!str" && n.Style == 0 && outOfRange(n.Value) {
		// yaml.v3 resolves a plain number it cannot hold (1e400) as a string.
		return outOfRangeWhy, true
	}
	if tag != "!!float" && tag != "!!int" {
		return "", false
	}
	if tag == "!!int" {
		if _, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
			return "", false
		}
	}
	f, ok := parseFloat(n.Value)
	switch {
	case ok && math.IsNaN(f):
		return "is not a finite number", true
	case ok && math.IsInf(f, 0):
		return "is not a finite number", true
	case !ok:
		if tag == "!!int" {
			if _, err := strconv.ParseUint(strings.TrimPrefix(n.Value, "+"), 0, 64); err == nil {
				return "", false // a large unsigned integer: scalarValue keeps it
			}
		}
		return outOfRangeWhy, true
	}
	return "", false
}

const outOfRangeWhy = "is not a finite number (beyond the range of a 64-bit float)"

// outOfRange reports whether s is written as a number but is too large for
// float64 or a 64-bit integer.
func outOfRange(s string) bool {
	if len(s) == 0 || !(s[0] >= '0' && s[0] <= '9' || s[0] == '-' || s[0] == '+' || s[0] == '.') {
		return false
	}
	t := strings.ReplaceAll(s, "_", "")
	if _, err := strconv.ParseFloat(t, 64); errors.Is(err, strconv.ErrRange) {
		return true
	}
	if _, err := strconv.ParseInt(t, 0, 64); errors.Is(err, strconv.ErrRange) {
		_, uerr := strconv.ParseUint(strings.TrimPrefix(t, "+"), 0, 64)
		return uerr != nil
	}
	return false
}

// nonFiniteMessage words a type error at a non-finite number:
// `ExpirationTime: .nan is not a finite number (NaN); a number of days is
// expected`.
func nonFiniteMessage(name string, n *yaml.Node, why string, want []string) string {
	key := lastName(name)
	var ws []string
	for _, w := range want {
		if key == "ExpirationTime" && (w == "number" || w == "integer") {
			ws = append(ws, "a number of days")
		} else if s, ok := jsonTypeNames[w]; ok {
			ws = append(ws, s)
		} else {
			ws = append(ws, w)
		}
	}
	msg := fmt.Sprintf("%s: %s %s; %s is expected", key, n.Value, why, strings.Join(ws, " or "))
	if slices.Contains(want, "string") {
		msg += fmt.Sprintf("; quote it: %q", n.Value)
	}
	return msg
}

// leaves collects the errors that carry a cause of their own, skipping the
// "doesn't validate with $ref / allOf / then" wrappers above them.
func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

// located is the node an instance location resolves to.
type located struct {
	key, value *yaml.Node // key is nil for the root and list items
	tokens     []string
}

// locate walks the node tree along an instance location.
func locate(root *yaml.Node, tokens []string) located {
	l := located{value: root}
	for i, tok := range tokens {
		n := l.value
		switch n.Kind {
		case yaml.MappingNode:
			found := false
			for j := 0; j+1 < len(n.Content); j += 2 {
				if keyString(n.Content[j]) == tok {
					l.key, l.value, found = n.Content[j], n.Content[j+1], true
					break
				}
			}
			if !found {
				l.tokens = tokens[:i]
				return l
			}
		case yaml.SequenceNode:
			k, err := strconv.Atoi(tok)
			if err != nil || k < 0 || k >= len(n.Content) {
				l.tokens = tokens[:i]
				return l
			}
			l.key, l.value = nil, n.Content[k]
		default:
			l.tokens = tokens[:i]
			return l
		}
	}
	l.tokens = tokens
	return l
}

// pointer is the RFC 6901 JSON pointer of the tokens.
func pointer(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}

// humanPath writes tokens as ResourceConfig.AdditionalAuthTypes[1].Settings.
func humanPath(root *yaml.Node, tokens []string) string {
	var b strings.Builder
	n := root
	for _, t := range tokens {
		if n != nil && n.Kind == yaml.SequenceNode {
			b.WriteString("[" + t + "]")
		} else {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(t)
		}
		if n != nil {
			n = locate(n, []string{t}).value
			if n == nil {
				break
			}
		}
	}
	return b.String()
}

func at(n *yaml.Node, ptr, msg string) finding.Finding {
	f := finding.Finding{Pointer: ptr, Message: msg}
	if n != nil {
		f.Line, f.Column = n.Line, n.Column
	}
	return f
}

// describe words one leaf error as findings, at the offending node.
func describe(root *yaml.Node, e *jsonschema.ValidationError) []finding.Finding {
	loc := locate(root, e.InstanceLocation)
	ptr := pointer(loc.tokens)
	name := humanPath(root, loc.tokens)
	if name == "" {
		name = "the document"
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var out []finding.Finding
		where := "under " + name
		if len(loc.tokens) == 0 {
			where = "at the top level of the document"
		}
		why := ""
		if strings.Contains(e.SchemaURL, "/then") {
			if mode := modeOf(loc, root); mode != "" {
				why = fmt.Sprintf(" (Mode %s needs it)", mode)
			}
		}
		for _, m := range k.Missing {
			out = append(out, at(loc.value, pointer(append(slices.Clone(loc.tokens), m)),
				fmt.Sprintf("missing required key %q%s; add it %s", m, why, where)))
		}
		return out
	case *kind.AdditionalProperties:
		allowed := allowedKeys(e.SchemaURL)
		list := strings.Join(allowed, ", ")
		keys := keyNodes(loc.value)
		keyOf := func(prop string) *yaml.Node {
			if k := keys[prop]; k != nil {
				return k
			}
			return loc.value
		}
		props := k.Properties
		if len(props) > maxRuleFindings && loc.value.Kind == yaml.MappingNode {
			// In file order: only the first maxRuleFindings are shown
			// (checker.check), so only they get a suggestion and the list of
			// allowed keys; the rest are counted. 100,000 unknown keys
			// spent most of their time on words no one reads.
			unknown := make(map[string]bool, len(props))
			for _, p := range props {
				unknown[p] = true
			}
			props = make([]string, 0, len(props))
			for j := 0; j+1 < len(loc.value.Content); j += 2 {
				if name := keyString(loc.value.Content[j]); unknown[name] {
					delete(unknown, name)
					props = append(props, name)
				}
			}
			for _, p := range k.Properties {
				if unknown[p] {
					props = append(props, p)
				}
			}
		}
		out := make([]finding.Finding, 0, len(props))
		for i, prop := range props {
			msg := "unknown key " + strconv.Quote(prop) + " in " + name
			if i <= maxRuleFindings {
				if s := suggest(prop, allowed); s != "" {
					msg += fmt.Sprintf("; did you mean %q? Allowed keys: %s", s, list)
				} else {
					msg += "; allowed keys: " + list
				}
			}
			out = append(out, at(keyOf(prop), pointer(append(slices.Clone(loc.tokens), prop)), msg))
		}
		return out
	case *kind.Type:
		if why, bad := nonFinite(loc.value); bad && len(loc.tokens) == len(e.InstanceLocation) {
			return []finding.Finding{at(loc.value, ptr, nonFiniteMessage(name, loc.value, why, k.Want))}
		}
		return []finding.Finding{at(loc.value, ptr, typeMessage(name, loc.value, k.Want))}
	case *kind.Enum:
		var want []string
		for _, w := range k.Want {
			want = append(want, fmt.Sprint(w))
		}
		msg := fmt.Sprintf("%s: %s is not allowed; use one of %s", lastName(name), shown(loc.value), strings.Join(want, ", "))
		if s := suggest(fmt.Sprint(k.Got), want); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return []finding.Finding{at(loc.value, ptr, msg)}
	case *kind.Const:
		return []finding.Finding{at(loc.value, ptr, fmt.Sprintf("%s: %s is not allowed; the value must be %v", lastName(name), shown(loc.value), k.Want))}
	case *kind.MinLength:
		if k.Got == 0 {
			return []finding.Finding{at(loc.value, ptr, fmt.Sprintf("%s is an empty string; give a value", lastName(name)))}
		}
		return []finding.Finding{at(loc.value, ptr, fmt.Sprintf("%s is too short: %d characters, at least %d are needed", lastName(name), k.Got, k.Want))}
	}
	p := message.NewPrinter(language.English)
	return []finding.Finding{at(loc.value, ptr, fmt.Sprintf("%s: %s", name, e.ErrorKind.LocalizedString(p)))}
}

// keyNodes indexes the key nodes of mapping n by name (the first of each),
// so that a mapping with many unknown keys is not scanned once per key.
func keyNodes(n *yaml.Node) map[string]*yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	m := make(map[string]*yaml.Node, len(n.Content)/2)
	for j := 0; j+1 < len(n.Content); j += 2 {
		if name := keyString(n.Content[j]); m[name] == nil {
			m[name] = n.Content[j]
		}
	}
	return m
}

// lastName is the last member name of a human path ("Settings" of
// "ResourceConfig.DefaultAuthType.Settings"), keeping list indexes.
func lastName(path string) string {
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// modeOf finds the Mode of the auth type that a Settings (or auth type)
// mapping belongs to.
func modeOf(loc located, root *yaml.Node) string {
	for n := len(loc.tokens); n >= 0; n-- {
		v := locate(root, loc.tokens[:n]).value
		if v == nil || v.Kind != yaml.MappingNode {
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			if v.Content[j].Value == "Mode" && v.Content[j+1].Kind == yaml.ScalarNode {
				return v.Content[j+1].Value
			}
		}
	}
	return ""
}

// allowedKeys lists the members the schema location allows, sorted.
func allowedKeys(schemaURL string) []string {
	obj := schema.Lookup(schemaURL)
	props, _ := obj["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// what says what a node is, for messages: `"7" is a string`.
func what(n *yaml.Node) string {
	if n == nil {
		return "missing"
	}
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	switch n.ShortTag() {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "empty (null)"
	}
	return "a " + strings.TrimPrefix(n.ShortTag(), "!!")
}

// shown renders a scalar for a message: strings quoted, others as written.
func shown(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return what(n)
	}
	v := n.Value
	if len(v) > 60 {
		v = v[:57] + "..."
	}
	if n.ShortTag() == "!!str" {
		return strconv.Quote(v)
	}
	return v
}

var jsonTypeNames = map[string]string{
	"object":  "a mapping",
	"array":   "a list",
	"string":  "a string",
	"number":  "a number",
	"integer": "an integer",
	"boolean": "a boolean (true or false)",
	"null":    "null",
}

func typeMessage(name string, n *yaml.Node, want []string) string {
	var ws []string
	for _, w := range want {
		if s, ok := jsonTypeNames[w]; ok {
			ws = append(ws, s)
		} else {
			ws = append(ws, w)
		}
	}
	expected := strings.Join(ws, " or ")
	key := lastName(name)
	var msg string
	if n != nil && n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		msg = fmt.Sprintf("%s: %s is %s; %s is expected", key, shown(n), what(n), expected)
	} else {
		msg = fmt.Sprintf("%s is %s; %s is expected", key, what(n), expected)
	}
	if n != nil && n.Kind == yaml.ScalarNode {
		switch {
		case slices.Contains(want, "number") && n.ShortTag() == "!!str":
			if _, ok := parseFloat(n.Value); ok {
				msg += "; remove the quotes"
			}
		case slices.Contains(want, "string") && n.ShortTag() != "!!str" && n.ShortTag() != "!!null":
			msg += fmt.Sprintf("; quote it: %q", n.Value)
		}
	}
	return msg
}

// suggest returns the candidate closest to s when it is a likely typo: a
// case-insensitive match or within edit distance 2.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if strings.EqualFold(s, c) {
			return c
		}
		if d := editdist.Distance(strings.ToLower(s), strings.ToLower(c), bestD); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
