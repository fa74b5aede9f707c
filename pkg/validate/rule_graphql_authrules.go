package validate

import (
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/vektah/gqlparser/v2/ast"
)

// Rule IDs of the checks the Amplify GraphQL transformer's auth transformer
// (@aws-amplify/graphql-auth-transformer, utils/validations.js and
// accesscontrol/acm.js) and the Amplify CLI's sandbox-mode helper make on
// @auth rules, beyond what graphql-auth-provider and graphql-auth-mode say.
const (
	RuleAuthRules     = "graphql-auth-rules"
	RuleAuthDuplicate = "graphql-auth-duplicate"
	RuleAuthGlobal    = "graphql-auth-global"
)

func authRuleRules() []*Rule {
	return []*Rule{
		{ID: RuleAuthRules, Severity: finding.Error, Summary: "Every @auth has rules, and each rule's arguments fit: groups not empty nor beside groupsField, groupClaim not on owner, identityClaim not on groups, no get/list/search/listen/sync beside read or on a field"},
		{ID: RuleAuthDuplicate, Severity: finding.Error, Summary: "No @model type's @auth gives one role (strategy, provider and owner field, groups field or group) two rules"},
		{ID: RuleAuthGlobal, Severity: finding.Error, Summary: "input AMPLIFY declares globalAuthRule: AuthRule = { allow: public }, the only global rule the Amplify CLI takes"},
	}
}

// ruleChild returns the value of a field of an @auth rule object.
func ruleChild(obj *ast.Value, name string) *ast.Value {
	for _, c := range obj.Children {
		if c.Name == name {
			return c.Value
		}
	}
	return nil
}

// ruleString returns a string (or enum) field of an @auth rule object, or
// def.
func ruleString(obj *ast.Value, name, def string) string {
	if v := ruleChild(obj, name); v != nil && v.Kind != ast.NullValue && v.Raw != "" {
		return v.Raw
	}
	return def
}

// checkAuthRules reports the @auth rule checks of this file on a parsed
// TransformSchema.
func checkAuthRules(defs ast.DefinitionList, report func(id string, pos *ast.Position, format string, args ...any)) {
	for _, def := range defs {
		if def.Kind == ast.InputObject && def.Name == "AMPLIFY" {
			checkGlobalRule(def, report)
		}
		model := def.Directives.ForName("model") != nil
		for dir := range authDirectives(def.Directives) {
			checkAuthDirective(dir, def.Name, false, report)
			if model {
				checkAuthRoles(dir, def.Name, report)
			}
		}
		operation := def.Name == "Query" || def.Name == "Mutation" || def.Name == "Subscription"
		for _, f := range def.Fields {
			for dir := range authDirectives(f.Directives) {
				if def.Kind == ast.Interface {
					report(RuleAuthRules, dir.Position, "The @auth directive cannot be placed on an interface's field. See %s.%s: put the rules on the fields of the types that implement it", def.Name, f.Name)
					continue
				}
				checkAuthDirective(dir, f.Name, true, report)
				if operation || !model {
					checkNoOperations(dir, def.Name, operation, report)
				}
			}
		}
	}
}

// checkAuthDirective checks one @auth directive's rules argument and each
// rule's arguments (the auth transformer's validateRules and
// commonRuleValidation), on `where`, the type or field name the
// transformer's message names.
func checkAuthDirective(dir *ast.Directive, where string, onField bool, report func(id string, pos *ast.Position, format string, args ...any)) {
	if arg := dir.Arguments.ForName("rules"); arg != nil && arg.Value != nil && arg.Value.Kind == ast.ListValue && len(arg.Value.Children) == 0 {
		report(RuleAuthRules, arg.Value.Position, "@auth on %s does not have any auth rules: give at least one rule, e.g. rules: [{ allow: owner }], or remove @auth", where)
	}
	for obj := range authRuleObjects(dir) {
		allow := ruleString(obj, "allow", "")
		if v := ruleChild(obj, "identityClaim"); v != nil && allow == "groups" {
			report(RuleAuthRules, v.Position, "@auth identityClaim can only be used for 'allow: owner' (this rule on %s is allow: groups): use groupClaim to name the claim that holds the groups", where)
		}
		if v := ruleChild(obj, "groupClaim"); v != nil && allow == "owner" {
			report(RuleAuthRules, v.Position, "@auth groupClaim can only be used 'allow: groups' (this rule on %s is allow: owner): use identityClaim to name the claim that holds the owner", where)
		}
		groups, field := ruleChild(obj, "groups"), ruleChild(obj, "groupsField")
		if groups != nil && groups.Kind != ast.NullValue && field != nil && field.Kind != ast.NullValue {
			report(RuleAuthRules, field.Position, "This rule has groupsField and groups, please use one or the other: static groups (groups: [...]) and dynamic ones (groupsField) are two rules")
		}
		if allow == "groups" && groups != nil && groups.Kind == ast.ListValue && len(groups.Children) == 0 {
			report(RuleAuthRules, groups.Position, "@auth rules using groups cannot have an empty list: name the groups, e.g. groups: [\"Admin\"], or use groupsField")
		}
		checkRuleOperations(ruleChild(obj, "operations"), onField, report)
	}
}

// checkNoOperations reports operations on the @auth rules of a field of
// Query, Mutation or Subscription, or of a type without @model (the auth
// transformer's validateFieldRules): there is nothing to choose among.
func checkNoOperations(dir *ast.Directive, typeName string, operation bool, report func(id string, pos *ast.Position, format string, args ...any)) {
	for obj := range authRuleObjects(dir) {
		v := ruleChild(obj, "operations")
		if v == nil || v.Kind != ast.ListValue || len(v.Children) == 0 {
			continue
		}
		if operation {
			report(RuleAuthRules, v.Position, "@auth rules on fields within Query, Mutation, Subscription cannot specify 'operations' argument as these rules are already on an operation already: remove operations from this rule on %s", typeName)
		} else {
			report(RuleAuthRules, v.Position, "@auth rules on fields within types that does not have @model directive cannot specify 'operations' argument (%s has no @model, so no operations are generated for it): remove operations", typeName)
		}
	}
}

// checkRuleOperations reports what the auth transformer's
// getAuthDirectiveRules refuses of a rule's operations: get, list, search,
// listen or sync on a field rule (read is the one read operation there),
// and any of them beside read, which already grants them all.
func checkRuleOperations(v *ast.Value, field bool, report func(id string, pos *ast.Position, format string, args ...any)) {
	if v == nil || v.Kind != ast.ListValue {
		return
	}
	var read bool
	var narrow []string
	for _, c := range v.Children {
		switch op := c.Value.Raw; op {
		case "read":
			read = true
		case "get", "list", "search", "listen", "sync":
			narrow = append(narrow, op)
		}
	}
	switch {
	case len(narrow) == 0:
	case field:
		report(RuleAuthRules, v.Position, "'%s' operation is not allowed at the field level: use read", strings.Join(narrow, ","))
	case read:
		report(RuleAuthRules, v.Position, "'%s' operations are specified in addition to 'read'. Either remove 'read' to limit access only to '%s' or only keep 'read' to grant all get,list,search,listen,sync access", strings.Join(narrow, ","), strings.Join(narrow, ","))
	}
}

// checkAuthRoles reports a role given twice by a @model type's @auth: the
// auth transformer turns each rule into a role named by its strategy,
// provider and what it keys on (acm.js setRole: "@auth Post:apiKey:public
// already exists for Post"), and a type-level role may appear once. Field
// rules may repeat one (they overwrite).
func checkAuthRoles(dir *ast.Directive, typeName string, report func(id string, pos *ast.Position, format string, args ...any)) {
	var seen roleSet
	for obj := range authRuleObjects(dir) {
		roles, _ := authRoles(obj)
		for _, r := range roles {
			if !seen.add(r) {
				report(RuleAuthDuplicate, obj.Position, "@auth %s:%s already exists for %s: two rules give the same role; merge them into one rule with the union of their operations", typeName, r, typeName)
				break
			}
		}
	}
}

// roleSet is a set of role names: the first few in an array (a directive
// has a few rules; a map cost allocations for every @model type of every
// document), in a map beyond (a hostile schema's thousands stay linear).
type roleSet struct {
	few  [8]string
	n    int
	many map[string]bool
}

// add adds r and reports whether it was not there yet.
func (s *roleSet) add(r string) bool {
	if s.many != nil {
		if s.many[r] {
			return false
		}
		s.many[r] = true
		return true
	}
	if slices.Contains(s.few[:s.n], r) {
		return false
	}
	if s.n < len(s.few) {
		s.few[s.n] = r
		s.n++
		return true
	}
	s.many = make(map[string]bool, 2*len(s.few))
	for _, f := range s.few {
		s.many[f] = true
	}
	s.many[r] = true
	return true
}

// checkGlobalRule checks input AMPLIFY as the Amplify CLI reads it before
// it runs the transformer (amplify-category-api's sandbox-mode helpers,
// schemaHasSandboxModeEnabled): it needs a globalAuthRule (or
// global_auth_rule) field of type AuthRule whose default value starts with
// allow: public; anything else fails the push.
func checkGlobalRule(def *ast.Definition, report func(id string, pos *ast.Position, format string, args ...any)) {
	var f *ast.FieldDefinition
	for _, fd := range def.Fields {
		if fd.Name == "globalAuthRule" || fd.Name == "global_auth_rule" {
			f = fd
			break
		}
	}
	const want = "globalAuthRule: AuthRule = { allow: public }"
	if f == nil {
		report(RuleAuthGlobal, def.Position, "input AMPLIFY requires \"globalAuthRule\" field: declare %s (public access to every model, with an API key), or remove input AMPLIFY and give each model @auth rules", want)
		return
	}
	v := f.DefaultValue
	ok := f.Type != nil && f.Type.Elem == nil && !f.Type.NonNull && f.Type.NamedType == "AuthRule" &&
		v != nil && v.Kind == ast.ObjectValue && len(v.Children) > 0 &&
		v.Children[0].Name == "allow" && v.Children[0].Value != nil && v.Children[0].Value.Raw == "public"
	if !ok {
		pos := f.Position
		if v != nil {
			pos = v.Position
		}
		got := "no default value"
		if v != nil {
			got = v.String()
		}
		report(RuleAuthGlobal, pos, "the global auth rule (input AMPLIFY) must be %s, the only one the Amplify CLI takes (sandbox mode), not %s: give each model @auth rules instead", want, strings.TrimSpace(got))
	}
}
