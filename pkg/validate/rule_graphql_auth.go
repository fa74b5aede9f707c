package validate

import (
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/vektah/gqlparser/v2/ast"
)

// Rule IDs of the @auth rules. They are checked by graphql-valid's check,
// which parses TransformSchema once (parsing is the expensive part) and
// reports all five; each ID still has its own severity, doc page and config
// entry, and a rule turned off only drops its own findings.
const (
	RuleAuthMode     = "graphql-auth-mode"
	RuleAuthProvider = "graphql-auth-provider"
	RuleAuthCustom   = "graphql-auth-custom"
	RuleAuthGroups   = "graphql-auth-groups"
	RuleAuthModel    = "graphql-auth-model"
)

// acceptedProviders maps each strategy to the providers Amplify accepts.
var acceptedProviders = map[string][]string{
	"public":  {"apiKey", "iam", "identityPool"},
	"private": {"userPools", "iam", "identityPool", "oidc"},
	"owner":   {"userPools", "oidc"},
	"groups":  {"userPools", "oidc"},
	"custom":  {"function"},
}

// providerModes maps a provider to the auth mode that enables it.
var providerModes = map[string]string{
	"apiKey":       model.ModeAPIKey,
	"iam":          model.ModeAWSIAM,
	"identityPool": model.ModeAWSIAM,
	"userPools":    model.ModeAmazonCognitoUserPools,
	"oidc":         model.ModeOpenIDConnect,
}

// authRuleUse is one rule object of an @auth directive (or the global rule).
type authRuleUse struct {
	obj      *ast.Value
	def      *ast.Definition      // the type it is on (input AMPLIFY for the global rule)
	field    *ast.FieldDefinition // the field it is on; nil on a type
	allow    string
	allowPos *ast.Position
	provider *ast.Value
	groups   bool
	global   bool // the global rule (input AMPLIFY)
}

// where names what the rule is on: "type Post", "field Post.title", "the
// global rule (input AMPLIFY)". It is worded only for a message, not for
// every rule of every document.
func (u authRuleUse) where() string {
	switch {
	case u.global:
		return "the global rule (input AMPLIFY)"
	case u.field != nil:
		return "field " + u.def.Name + "." + u.field.Name
	}
	return "type " + u.def.Name
}

func (u authRuleUse) describe() string {
	return fmt.Sprintf("@auth rule {allow: %s} on %s", u.allow, u.where())
}

func newAuthRuleUse(obj *ast.Value, def *ast.Definition, field *ast.FieldDefinition) authRuleUse {
	u := authRuleUse{obj: obj, def: def, field: field, allowPos: obj.Position}
	for _, c := range obj.Children {
		switch c.Name {
		case "allow":
			u.allow, u.allowPos = c.Value.Raw, c.Value.Position
		case "provider":
			u.provider = c.Value
		case "groups", "groupsField":
			u.groups = true
		}
	}
	return u
}

// authRuleObjects yields the rule objects of an @auth directive's rules
// argument, skipping anything that is not an object.
func authRuleObjects(dir *ast.Directive) iter.Seq[*ast.Value] {
	return func(yield func(*ast.Value) bool) {
		arg := dir.Arguments.ForName("rules")
		if arg == nil || arg.Value == nil || arg.Value.Kind != ast.ListValue {
			return
		}
		for _, c := range arg.Value.Children {
			if c.Value != nil && c.Value.Kind == ast.ObjectValue && !yield(c.Value) {
				return
			}
		}
	}
}

// authDirectives yields the @auth directives of a list (DirectiveList's
// ForNames, without the slice it builds for each type and field).
func authDirectives(dirs ast.DirectiveList) iter.Seq[*ast.Directive] {
	return func(yield func(*ast.Directive) bool) {
		for _, dir := range dirs {
			if dir.Name == "auth" && !yield(dir) {
				return
			}
		}
	}
}

// authRuleUses yields every @auth rule object of the definitions, in
// schema order: for each definition its global rule (input AMPLIFY), its
// type rules, then its fields' rules.
func authRuleUses(defs ast.DefinitionList) iter.Seq[authRuleUse] {
	return func(yield func(authRuleUse) bool) {
		for _, def := range defs {
			if def.Kind == ast.InputObject && def.Name == "AMPLIFY" {
				if f := def.Fields.ForName("globalAuthRule"); f != nil && f.DefaultValue != nil && f.DefaultValue.Kind == ast.ObjectValue {
					u := newAuthRuleUse(f.DefaultValue, def, nil)
					u.global = true
					if !yield(u) {
						return
					}
				}
			}
			for dir := range authDirectives(def.Directives) {
				for obj := range authRuleObjects(dir) {
					if !yield(newAuthRuleUse(obj, def, nil)) {
						return
					}
				}
			}
			for _, f := range def.Fields {
				for dir := range authDirectives(f.Directives) {
					for obj := range authRuleObjects(dir) {
						if !yield(newAuthRuleUse(obj, def, f)) {
							return
						}
					}
				}
			}
		}
	}
}

// modelNames lists the types that have @model in defs (on their definition
// or an extension).
func modelNames(defs ast.DefinitionList) map[string]bool {
	models := map[string]bool{}
	for _, def := range defs {
		if def.Directives.ForName("model") != nil {
			models[def.Name] = true
		}
	}
	return models
}

// checkAuth checks the @auth rules of a parsed TransformSchema.
func checkAuth(p *Pass, st *schemaText, sd *ast.SchemaDocument) {
	{
		report := func(id string, pos *ast.Position, format string, args ...any) {
			p.ReportFinding(st.finding(p, pos, finding.Finding{
				Rule:     id,
				Severity: registeredSeverity(id),
				DocURL:   DocURL(id),
				Message:  fmt.Sprintf(format, args...),
			}))
		}
		defs := amplifyschema.AllDefinitions(sd)
		var enabledArr [8]string
		enabled := enabledArr[:0]
		var defaultMode string
		for i, at := range authTypes(p) {
			if at.mode != "" {
				enabled = append(enabled, at.mode)
			}
			if i == 0 && !at.additional() {
				defaultMode = at.mode
			}
		}
		checkAuthRules(defs, report)
		// Built only for a type with @auth but no @model of its own (its
		// @model may be on an extension): most have it on themselves.
		var models map[string]bool
		for _, def := range defs {
			if def.Kind != ast.Object || def.Directives.ForName("model") != nil {
				continue
			}
			for dir := range authDirectives(def.Directives) {
				if models == nil {
					models = modelNames(defs)
				}
				if !models[def.Name] {
					report(RuleAuthModel, dir.Position, "type %s has @auth but no @model; Amplify applies type-level @auth only to @model types: add @model, or move the rules to its fields", def.Name)
				}
			}
		}
		for u := range authRuleUses(defs) {
			accepted, known := acceptedProviders[u.allow]
			if !known {
				continue // not an AuthStrategy value: graphql-valid reports it
			}
			provider := amplifyschema.DefaultProvider(u.allow)
			provPos := u.allowPos
			explicit := u.provider != nil
			if explicit {
				provider, provPos = u.provider.Raw, u.provider.Position
			}
			if u.allow == "custom" || provider == "function" {
				report(RuleAuthCustom, provPos, "%s uses Lambda authorization (provider function), which this API cannot enable (CreateBackendAPI has no AWS_LAMBDA mode); use another strategy", u.describe())
				continue
			}
			if u.allow == "groups" && !u.groups {
				report(RuleAuthGroups, u.obj.Position, "%s names no groups; add groups: [\"Admin\"] for static groups or groupsField: \"groups\" for dynamic ones", u.describe())
			}
			if !slices.Contains(accepted, provider) {
				if _, ok := providerModes[provider]; ok {
					report(RuleAuthProvider, provPos, "%s: strategy %s does not accept provider %s; use one of %s", u.describe(), u.allow, provider, strings.Join(accepted, ", "))
				} // else not an AuthProvider value: graphql-valid reports it
				continue
			}
			mode := providerModes[provider]
			if defaultMode == "" || slices.Contains(enabled, mode) {
				continue // without a DefaultAuthType the schema rule reports
			}
			if u.global {
				// The CLI takes the global public rule without API_KEY
				// (sandbox mode then asks for a key when run by hand), and
				// the transformer ignores it: no failure to report.
				continue
			}
			how := "by default"
			if explicit {
				how = "explicitly"
			}
			report(RuleAuthMode, u.obj.Position, "%s uses provider %s (%s), which needs auth mode %s, but the API enables only %s; add \"- Mode: %s\" under ResourceConfig.AdditionalAuthTypes",
				u.describe(), provider, how, mode, strings.Join(enabled, ", "), mode)
		}
	}
}

func graphqlAuthRules() []*Rule {
	return []*Rule{
		{ID: RuleAuthMode, Severity: finding.Error, Summary: "Every @auth rule's provider is enabled by DefaultAuthType or AdditionalAuthTypes"},
		{ID: RuleAuthProvider, Severity: finding.Error, Summary: "Every @auth rule's provider is one its strategy accepts"},
		{ID: RuleAuthCustom, Severity: finding.Error, Summary: "No @auth rule uses Lambda authorization (allow: custom), which this API cannot enable"},
		{ID: RuleAuthGroups, Severity: finding.Error, Summary: "Every @auth groups rule names groups or groupsField"},
		{ID: RuleAuthModel, Severity: finding.Error, Summary: "A type with @auth has @model"},
	}
}
