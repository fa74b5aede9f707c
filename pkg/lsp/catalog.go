package lsp

import (
	"fmt"
	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// catalog is the directive SDL of one transformer version
// (amplifyschema.DirectiveSDL), parsed: what completion offers and hover shows.
// It is derived from that one SDL, so the editor knows exactly the
// directives validation checks against.
type catalog struct {
	doc *ast.SchemaDocument
}

func newCatalog(version int) (*catalog, error) {
	sdl := amplifyschema.DirectiveSDL(version)
	doc, err := parser.ParseSchema(&ast.Source{Name: "directives.graphql", Input: sdl})
	if err != nil {
		return nil, fmt.Errorf("parse the directive definitions of transformer %d: %w", version, err)
	}
	return &catalog{doc: doc}, nil
}

func (c *catalog) directive(name string) *ast.DirectiveDefinition {
	return c.doc.Directives.ForName(name)
}

func (c *catalog) definition(name string) *ast.Definition {
	return c.doc.Definitions.ForName(name)
}

// typeOf is the named type of member key of a directive's arguments
// (dir set) or of an input type (in set).
func (c *catalog) typeOf(dir *ast.DirectiveDefinition, in *ast.Definition, key string) string {
	var t *ast.Type
	switch {
	case dir != nil:
		if a := dir.Arguments.ForName(key); a != nil {
			t = a.Type
		}
	case in != nil:
		if f := in.Fields.ForName(key); f != nil {
			t = f.Type
		}
	}
	if t == nil {
		return ""
	}
	return t.Name()
}

// signature renders a directive definition as SDL on one line.
func signature(d *ast.DirectiveDefinition) string {
	var b strings.Builder
	b.WriteString("directive @" + d.Name)
	if len(d.Arguments) > 0 {
		b.WriteString("(")
		for i, a := range d.Arguments {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(a.Name + ": " + a.Type.String())
			if a.DefaultValue != nil {
				b.WriteString(" = " + a.DefaultValue.String())
			}
		}
		b.WriteString(")")
	}
	if d.IsRepeatable {
		b.WriteString(" repeatable")
	}
	locs := make([]string, len(d.Locations))
	for i, l := range d.Locations {
		locs[i] = string(l)
	}
	b.WriteString(" on " + strings.Join(locs, " | "))
	return b.String()
}

// renderDefinition renders an input or enum type as SDL.
func renderDefinition(d *ast.Definition) string {
	var parts []string
	switch d.Kind {
	case ast.Enum:
		for _, v := range d.EnumValues {
			parts = append(parts, v.Name)
		}
		return "enum " + d.Name + " { " + strings.Join(parts, " ") + " }"
	case ast.InputObject:
		for _, f := range d.Fields {
			parts = append(parts, "  "+f.Name+": "+f.Type.String())
		}
		return "input " + d.Name + " {\n" + strings.Join(parts, "\n") + "\n}"
	case ast.Scalar:
		return "scalar " + d.Name
	}
	return string(d.Kind) + " " + d.Name
}

// directiveDoc is a directive's hover text: its definition, the input and
// enum types its arguments use, and the SDL's comment on it, in Markdown.
func (c *catalog) directiveDoc(d *ast.DirectiveDefinition) string {
	var b strings.Builder
	b.WriteString("```graphql\n" + signature(d) + "\n")
	seen := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		def := c.definition(name)
		if def == nil || seen[name] || (def.Kind != ast.InputObject && def.Kind != ast.Enum) {
			return
		}
		seen[name] = true
		b.WriteString(renderDefinition(def) + "\n")
		for _, f := range def.Fields {
			walk(f.Type.Name())
		}
	}
	for _, a := range d.Arguments {
		walk(a.Type.Name())
	}
	b.WriteString("```\n")
	if note := directiveNote(d.Name); note != "" {
		b.WriteString("\n" + note + "\n")
	}
	return b.String()
}
