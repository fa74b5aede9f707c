package jsonschema

import (
	"strings"
	"testing"
)

// TestDraftsCompileLazily checks bapi's one change: compiling a 2020-12
// schema compiles that draft's meta-schemas only, and validation works.
// Draft 4 is used by no other test in this package, so it must still be
// untouched.
func TestDraftsCompileLazily(t *testing.T) {
	doc, err := UnmarshalJSON(strings.NewReader(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "required": ["a"], "properties": {"a": {"type": "integer", "minimum": 1}}}`))
	if err != nil {
		t.Fatal(err)
	}
	c := NewCompiler()
	if err := c.AddResource("mem://s.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("mem://s.json")
	if err != nil {
		t.Fatal(err)
	}
	if Draft2020.sch == nil {
		t.Error("draft 2020-12 meta-schema not compiled after compiling a 2020-12 schema")
	}
	if Draft4.sch != nil {
		t.Error("draft 4 meta-schema compiled though no schema used it")
	}
	if err := sch.Validate(map[string]any{"a": 2.0}); err != nil {
		t.Errorf("valid instance: %v", err)
	}
	if err := sch.Validate(map[string]any{"a": 0.0}); err == nil {
		t.Error("invalid instance (a below minimum) accepted")
	}
	// A schema that breaks its meta-schema is still refused.
	bad, _ := UnmarshalJSON(strings.NewReader(`{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 5}`))
	if err := c.AddResource("mem://bad.json", bad); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Compile("mem://bad.json"); err == nil {
		t.Error("a schema invalid against its meta-schema compiled")
	}
}
