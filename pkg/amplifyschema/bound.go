package amplifyschema

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// maxValidatorList bounds the lists of one definition (fields, enum
// values, arguments) that gqlparser's validator is given. It compares every
// pair of a list for repeats, so a type of 50,000 fields took 6 s and an
// enum of 80,000 values 13 s. No real schema comes near the bound; a hostile
// one is checked in full by collectSchemaErrors (linear: repeats, unknown
// types, directives and arguments), and gqlparser checks its first
// maxValidatorList entries of each list.
const maxValidatorList = 1000

// boundedForValidator returns user, or when a list of one of its
// definitions is longer than maxValidatorList, a shallow copy with every
// such list cut to maxValidatorList entries. user is not changed.
func boundedForValidator(user *ast.SchemaDocument) *ast.SchemaDocument {
	if !hasLongList(user) {
		return user
	}
	out := *user
	out.Definitions = boundDefs(user.Definitions)
	// gqlparser appends a type's extensions to its definition: keep the
	// extensions while the type's lists stay within the bound.
	sizes := map[string]int{}
	for _, d := range out.Definitions {
		sizes[d.Name] += len(d.Fields) + len(d.EnumValues)
	}
	var exts ast.DefinitionList
	for _, d := range boundDefs(user.Extensions) {
		if n := sizes[d.Name] + len(d.Fields) + len(d.EnumValues); n <= maxValidatorList {
			sizes[d.Name] = n
			exts = append(exts, d)
		}
	}
	out.Extensions = exts
	out.Directives = make(ast.DirectiveDefinitionList, len(user.Directives))
	for i, d := range user.Directives {
		if len(d.Arguments) > maxValidatorList {
			c := *d
			c.Arguments = d.Arguments[:maxValidatorList:maxValidatorList]
			d = &c
		}
		out.Directives[i] = d
	}
	return &out
}

func hasLongList(user *ast.SchemaDocument) bool {
	long := func(defs ast.DefinitionList) bool {
		for _, d := range defs {
			if len(d.Fields) > maxValidatorList || len(d.EnumValues) > maxValidatorList {
				return true
			}
			for _, f := range d.Fields {
				if len(f.Arguments) > maxValidatorList {
					return true
				}
			}
		}
		return false
	}
	for _, d := range user.Directives {
		if len(d.Arguments) > maxValidatorList {
			return true
		}
	}
	if long(user.Definitions) || long(user.Extensions) {
		return true
	}
	if len(user.Extensions) == 0 {
		return false
	}
	sizes := map[string]int{}
	for _, defs := range []ast.DefinitionList{user.Definitions, user.Extensions} {
		for _, d := range defs {
			sizes[d.Name] += len(d.Fields) + len(d.EnumValues)
			if sizes[d.Name] > maxValidatorList {
				return true
			}
		}
	}
	return false
}

func boundDefs(defs ast.DefinitionList) ast.DefinitionList {
	out := make(ast.DefinitionList, len(defs))
	for i, d := range defs {
		c := *d
		if len(c.Fields) > maxValidatorList {
			c.Fields = c.Fields[:maxValidatorList:maxValidatorList]
		}
		if len(c.EnumValues) > maxValidatorList {
			c.EnumValues = c.EnumValues[:maxValidatorList:maxValidatorList]
		}
		fields := make(ast.FieldList, len(c.Fields))
		for j, f := range c.Fields {
			if len(f.Arguments) > maxValidatorList {
				fc := *f
				fc.Arguments = f.Arguments[:maxValidatorList:maxValidatorList]
				f = &fc
			}
			fields[j] = f
		}
		c.Fields = fields
		out[i] = &c
	}
	return out
}

// boundedArtifact reports whether err, gqlparser's error on the bounded copy
// of user, comes from the cut itself: an argument a directive use names that
// the cut left out of the directive's definition.
func boundedArtifact(err error, user *ast.SchemaDocument) bool {
	e, ok := err.(*gqlerror.Error)
	if !ok {
		return false
	}
	var arg, dir string
	rest, found := strings.CutPrefix(e.Message, "Undefined argument ")
	if found {
		arg, dir, found = strings.Cut(strings.TrimSuffix(rest, "."), " for directive ")
	}
	if !found {
		return false
	}
	d := user.Directives.ForName(dir)
	return d != nil && len(d.Arguments) > maxValidatorList && d.Arguments.ForName(arg) != nil
}

// nameSet tells whether a name was added before: a few names are compared
// in turn, many through a map, so that checking a list for repeats is
// linear.
type nameSet struct {
	few  []string
	many map[string]bool
}

// add adds name and reports whether it was there already.
func (s *nameSet) add(name string) bool {
	if s.many == nil && len(s.few) < 16 {
		for _, n := range s.few {
			if n == name {
				return true
			}
		}
		s.few = append(s.few, name)
		return false
	}
	if s.many == nil {
		s.many = make(map[string]bool, 64)
		for _, n := range s.few {
			s.many[n] = true
		}
	}
	if s.many[name] {
		return true
	}
	s.many[name] = true
	return false
}
