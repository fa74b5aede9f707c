package validate

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"go.yaml.in/yaml/v3"
)

// caseMisspellings finds the keys written in another case than the spec's
// (appId: for AppId:, as the wire's camelCase or a Go struct would spell
// them) among the schema's leaf errors. The schema reports each such key
// twice, an unknown key and a missing required one; caseMisspellings turns
// the pair into one finding at the key that names the spec's spelling, and
// returns the leaves without those keys (a leaf left with nothing to report
// is dropped).
func caseMisspellings(root *yaml.Node, leaves []*jsonschema.ValidationError) ([]*jsonschema.ValidationError, []finding.Finding) {
	var out []finding.Finding
	renamed := map[string][]string{} // instance location -> spec spellings found miscased there
	for _, e := range leaves {
		ap, ok := e.ErrorKind.(*kind.AdditionalProperties)
		if !ok {
			continue
		}
		allowed := allowedKeys(e.SchemaURL)
		loc := locate(root, e.InstanceLocation)
		var rest []string
		for _, prop := range ap.Properties {
			i := slices.IndexFunc(allowed, func(a string) bool { return strings.EqualFold(a, prop) })
			if i < 0 || loc.value == nil || loc.value.Kind != yaml.MappingNode || len(loc.tokens) != len(e.InstanceLocation) || hasKey(loc.value, allowed[i]) {
				// Not a case slip, or one beside the right key (AppId and
				// appId both): the unknown-key message says it.
				rest = append(rest, prop)
				continue
			}
			key := loc.value
			for j := 0; j+1 < len(loc.value.Content); j += 2 {
				if keyString(loc.value.Content[j]) == prop {
					key = loc.value.Content[j]
					break
				}
			}
			where := pointer(e.InstanceLocation)
			renamed[where] = append(renamed[where], allowed[i])
			out = append(out, at(key, pointer(append(slices.Clone(loc.tokens), prop)),
				fmt.Sprintf("key %q is spelled %q in a spec; rename it (spec keys are the CreateBackendAPI member names as boto3 and the AWS CLI write them, not the wire's camelCase)", prop, allowed[i])))
		}
		e.ErrorKind = &kind.AdditionalProperties{Properties: rest}
	}
	if len(out) == 0 {
		return leaves, nil
	}
	kept := leaves[:0:0]
	for _, e := range leaves {
		switch k := e.ErrorKind.(type) {
		case *kind.AdditionalProperties:
			if len(k.Properties) == 0 {
				continue
			}
		case *kind.Required:
			done := renamed[pointer(e.InstanceLocation)]
			missing := slices.DeleteFunc(slices.Clone(k.Missing), func(m string) bool { return slices.Contains(done, m) })
			if len(missing) == 0 {
				continue
			}
			e.ErrorKind = &kind.Required{Missing: missing}
		}
		kept = append(kept, e)
	}
	return kept, out
}

// hasKey reports whether the mapping m has the key name.
func hasKey(m *yaml.Node, name string) bool {
	for j := 0; j+1 < len(m.Content); j += 2 {
		if keyString(m.Content[j]) == name {
			return true
		}
	}
	return false
}
