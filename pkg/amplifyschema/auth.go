package amplifyschema

import (
	"github.com/vektah/gqlparser/v2/ast"
)

// AuthRule is one @auth rule object.
type AuthRule struct {
	// Allow is the strategy: public, private, owner, groups or custom.
	Allow string
	// Provider is the rule's provider, the transformer's default for the
	// strategy when the rule names none (DefaultProvider); Explicit says
	// whether the rule names it.
	Provider string
	Explicit bool
	// Operations are the rule's operations; nil means all of them (left
	// out, or null).
	Operations []string
	// OwnerField and IdentityClaim (an owner rule's), GroupsField,
	// GroupClaim and Groups (a groups rule's) are the rule's, or the auth
	// transformer's defaults: "owner", "sub::username", "",
	// "cognito:groups", none.
	OwnerField, IdentityClaim string
	GroupsField, GroupClaim   string
	Groups                    []string
	// Field is the field the rule is on; "" for a rule on the type.
	Field string
	// Pos is where the rule's allow argument is.
	Pos *ast.Position
}

// DefaultProvider is the provider the auth transformer gives a rule of
// strategy allow that names none.
func DefaultProvider(allow string) string {
	switch allow {
	case "public":
		return "apiKey"
	case "private", "owner", "groups":
		return "userPools"
	case "custom":
		return "function"
	}
	return ""
}

// authRules returns the @auth rules of a type and its fields, and whether
// the type itself has @auth.
func authRules(d *ast.Definition) ([]AuthRule, bool) {
	var out []AuthRule
	typeAuth := false
	for _, dir := range d.Directives.ForNames("auth") {
		typeAuth = true
		out = append(out, rulesOf(dir, "")...)
	}
	for _, f := range d.Fields {
		for _, dir := range f.Directives.ForNames("auth") {
			out = append(out, rulesOf(dir, f.Name)...)
		}
	}
	return out, typeAuth
}

func rulesOf(dir *ast.Directive, field string) []AuthRule {
	a := dir.Arguments.ForName("rules")
	if a == nil || a.Value == nil || a.Value.Kind != ast.ListValue {
		return nil
	}
	var out []AuthRule
	for _, c := range a.Value.Children {
		if c.Value != nil && c.Value.Kind == ast.ObjectValue {
			out = append(out, ParseAuthRule(c.Value, field))
		}
	}
	return out
}

// ParseAuthRule reads one @auth rule object, on field ("" for a rule on
// the type), filling in the transformer's defaults.
func ParseAuthRule(obj *ast.Value, field string) AuthRule {
	r := AuthRule{Field: field, Pos: obj.Position, OwnerField: "owner", IdentityClaim: "sub::username", GroupClaim: "cognito:groups"}
	for _, kv := range obj.Children {
		if kv.Value == nil {
			continue
		}
		switch kv.Name {
		case "allow":
			r.Allow, r.Pos = kv.Value.Raw, kv.Value.Position
		case "provider":
			r.Provider, r.Explicit = kv.Value.Raw, true
		case "operations":
			if kv.Value.Kind == ast.NullValue {
				continue
			}
			r.Operations = valueStrings(kv.Value, ast.EnumValue)
			if r.Operations == nil {
				r.Operations = []string{}
			}
		case "ownerField":
			r.OwnerField = kv.Value.Raw
		case "identityClaim":
			r.IdentityClaim = kv.Value.Raw
		case "groupsField":
			r.GroupsField = kv.Value.Raw
		case "groupClaim":
			r.GroupClaim = kv.Value.Raw
		case "groups":
			r.Groups = valueStrings(kv.Value, ast.StringValue)
		}
	}
	if r.Provider == "" {
		r.Provider = DefaultProvider(r.Allow)
	}
	return r
}
