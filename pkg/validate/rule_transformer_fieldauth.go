package validate

import (
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// RuleAuthFieldRequired is the ID of the rule on field-level @auth and
// required fields, reported by graphql-valid's check with the other
// transformer rules.
const RuleAuthFieldRequired = "graphql-auth-field-required"

func authFieldRequiredRule() *Rule {
	return &Rule{ID: RuleAuthFieldRequired, Severity: finding.Error, Summary: "A required field of a @model type is readable by every role that field-level @auth gives read access to"}
}

// readOp reports whether an @auth operation reads.
func readOp(op string) bool {
	switch op {
	case "read", "get", "list", "sync", "listen", "search":
		return true
	}
	return false
}

// authRuleArgs are the arguments of one @auth rule object, with the
// transformer's defaults.
type authRuleArgs struct {
	allow, provider           string
	ownerField, identityClaim string
	groupsField, groupClaim   string
	groups                    []string
	operations                *ast.Value // nil: every operation
}

func parseAuthRule(obj *ast.Value) authRuleArgs {
	a := authRuleArgs{ownerField: "owner", identityClaim: "sub::username", groupClaim: "cognito:groups"}
	for _, c := range obj.Children {
		if c.Value == nil {
			continue
		}
		switch c.Name {
		case "allow":
			a.allow = c.Value.Raw
		case "provider":
			a.provider = c.Value.Raw
		case "ownerField":
			a.ownerField = c.Value.Raw
		case "identityClaim":
			a.identityClaim = c.Value.Raw
		case "groupsField":
			a.groupsField = c.Value.Raw
		case "groupClaim":
			a.groupClaim = c.Value.Raw
		case "groups":
			a.groups, _ = stringList(c.Value)
		case "operations":
			a.operations = c.Value
		}
	}
	if a.provider == "" {
		a.provider = defaultProviders[a.allow]
	}
	return a
}

// authRoles returns the roles an @auth rule object grants, named as the
// auth transformer names them (provider:strategy[:detail]), and whether it
// grants read access.
func authRoles(obj *ast.Value) (roles []string, read bool) {
	a := parseAuthRule(obj)
	read = a.operations == nil
	if a.operations != nil {
		for _, op := range a.operations.Children {
			if op.Value != nil && readOp(op.Value.Raw) {
				read = true
			}
		}
	}
	// The role names of the auth transformer's convertRulesToRoles: iam and
	// identityPool are one role, static groups one role per group.
	switch {
	case len(a.groups) > 0 && a.groupsField == "" && a.allow == "groups":
		for _, g := range a.groups {
			roles = append(roles, a.provider+":staticGroup:"+g+":"+a.groupClaim)
		}
	case a.provider == "apiKey":
		roles = []string{"apiKey:public"}
	case a.provider == "function":
		roles = []string{"function:custom"}
	case a.provider == "iam" || a.provider == "identityPool":
		roles = []string{"iam:" + a.allow}
	case a.allow == "groups":
		field := a.groupsField
		if field == "" {
			field = "groups"
		}
		roles = []string{a.provider + ":dynamicGroup:" + field + ":" + a.groupClaim}
	case a.allow == "owner":
		roles = []string{a.provider + ":owner:" + a.ownerField + ":" + a.identityClaim}
	case a.allow == "private":
		roles = []string{a.provider + ":private"}
	}
	return roles, read
}

// readRolesOf returns the read roles of the @auth directives' rules.
func readRolesOf(dirs ast.DirectiveList) []string {
	var out []string
	for _, dir := range dirs {
		for obj := range authRuleObjects(dir) {
			if roles, read := authRoles(obj); read {
				for _, r := range roles {
					if !slices.Contains(out, r) {
						out = append(out, r)
					}
				}
			}
		}
	}
	return out
}

// checkFieldAuth repeats the auth transformer's check that a field a role
// cannot read (because field-level @auth gave read access to a role the
// field's own rules lack) is nullable: the transformer resolves such a field
// to null for that role, which a required field cannot be. It applies while
// the model's subscriptions are on (the default).
func checkFieldAuth(c *tcheck, o *tobject) {
	if o.model == nil {
		return
	}
	hasFieldAuth := false
	for _, f := range o.fields {
		if f.Directives.ForName("auth") != nil {
			hasFieldAuth = true
			break
		}
	}
	if !hasFieldAuth {
		return
	}
	if subs := argValue(o.model, "subscriptions"); subs != nil && subs.Kind == ast.ObjectValue {
		for _, ch := range subs.Children {
			if ch.Name == "level" && ch.Value != nil && (ch.Value.Raw == "off" || ch.Value.Raw == "public") {
				return
			}
		}
	}
	typeRoles := readRolesOf(o.auth)
	all := slices.Clone(typeRoles)
	// The read roles of each field with its own @auth, by field index.
	fieldRoles := make(map[int][]string)
	for i, f := range o.fields {
		if f.Directives.ForName("auth") == nil {
			continue
		}
		roles := readRolesOf(f.Directives.ForNames("auth"))
		fieldRoles[i] = roles
		for _, r := range roles {
			if !slices.Contains(all, r) {
				all = append(all, r)
			}
		}
	}
	var missing []string
	var first *ast.FieldDefinition
	for i, f := range o.fields {
		if f.Type == nil || !f.Type.NonNull {
			continue
		}
		allowed, own := fieldRoles[i]
		if !own {
			allowed = typeRoles
		}
		for _, r := range fieldReadRoles(all, allowed) {
			if !slices.Contains(allowed, r) {
				missing = append(missing, f.Name)
				if first == nil {
					first = f
				}
				break
			}
		}
	}
	if first != nil {
		c.errorAt(RuleAuthFieldRequired, first.Position, "When using field-level authorization rules you need to add rules to all of the model's required fields with at least read permissions. Found model %q with required fields [%s] missing field-level authorization rules: give them @auth rules for every role that reads %s, or make them nullable",
			o.name, `"`+strings.Join(missing, `", "`)+`"`, o.name)
	}
}

// fieldReadRoles is the auth transformer's getReadRolesForField: when the
// private role of a provider may read the field, that provider's other roles
// need not.
func fieldReadRoles(all, allowed []string) []string {
	out := all
	for _, provider := range []string{"userPools", "oidc"} {
		private := provider + ":private"
		if slices.Contains(all, private) && slices.Contains(allowed, private) {
			out = slices.DeleteFunc(slices.Clone(out), func(r string) bool {
				return strings.HasPrefix(r, provider+":") && r != private
			})
		}
	}
	return out
}
