package schema

import (
	"bytes"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// ID is the schema's $id.
const ID = "https://raw.githubusercontent.com/bapi-dev/bapi/main/schema/backend-api.schema.json"

//go:embed backend-api.schema.json
var raw []byte

// JSON returns the schema's bytes, exactly as in backend-api.schema.json.
// The caller gets its own copy.
func JSON() []byte { return bytes.Clone(raw) }

// Compiled returns the compiled schema. It compiles on first use and returns
// the same schema (or error) afterwards; it is safe for concurrent use.
func Compiled() (*jsonschema.Schema, error) { return compiled() }

var compiled = sync.OnceValues(compile)

func compile() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parse embedded schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource(ID, doc); err != nil {
		return nil, fmt.Errorf("add embedded schema: %w", err)
	}
	sch, err := c.Compile(ID)
	if err != nil {
		return nil, fmt.Errorf("compile embedded schema: %w", err)
	}
	return sch, nil
}

var parsed = sync.OnceValues(func() (map[string]any, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		return nil, err
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("embedded schema is not an object")
	}
	return m, nil
})

// Lookup resolves a schema location as reported in a validation error's
// SchemaURL ("ID#/$defs/Mode") to that part of the schema as decoded JSON
// (so callers can read its properties, enum or title). It returns nil when
// the location is not in this schema.
func Lookup(schemaURL string) map[string]any {
	root, err := parsed()
	if err != nil {
		return nil
	}
	base, frag, _ := strings.Cut(schemaURL, "#")
	if base != ID && base != "" {
		return nil
	}
	var cur any = root
	if frag == "" {
		return root
	}
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := cur.(type) {
		case map[string]any:
			cur = c[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil
			}
			cur = c[i]
		default:
			return nil
		}
	}
	m, _ := cur.(map[string]any)
	return m
}
