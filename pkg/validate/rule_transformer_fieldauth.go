package validate

import (
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
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

// authRoles returns the roles an @auth rule object grants, named as the
// auth transformer names them (provider:strategy[:detail]), and whether it
// grants read access.
func authRoles(obj *ast.Value) (roles []string, read bool) {
	a := amplifyschema.ParseAuthRule(obj, "")
	read = a.Operations == nil || slices.ContainsFunc(a.Operations, readOp)
	// The role names of the auth transformer's convertRulesToRoles: iam and
	// identityPool are one role, static groups one role per group.
	switch {
	case len(a.Groups) > 0 && a.GroupsField == "" && a.Allow == "groups":
		for _, g := range a.Groups {
			roles = append(roles, a.Provider+":staticGroup:"+g+":"+a.GroupClaim)
		}
	case a.Provider == "apiKey":
		roles = []string{"apiKey:public"}
	case a.Provider == "function":
		roles = []string{"function:custom"}
	case a.Provider == "iam" || a.Provider == "identityPool":
		roles = []string{"iam:" + a.Allow}
	case a.Allow == "groups":
		field := a.GroupsField
		if field == "" {
			field = "groups"
		}
		roles = []string{a.Provider + ":dynamicGroup:" + field + ":" + a.GroupClaim}
	case a.Allow == "owner":
		roles = []string{a.Provider + ":owner:" + a.OwnerField + ":" + a.IdentityClaim}
	case a.Allow == "private":
		roles = []string{a.Provider + ":private"}
	}
	return roles, read
}

// checkFieldAuth repeats the auth transformer's check that a field a role
// cannot read (because field-level @auth gave read access to a role the
// field's own rules lack) is nullable: the transformer resolves such a field
// to null for that role, which a required field cannot be. It applies while
// the model's subscriptions are on (the default).
func checkFieldAuth(c *tcheck, o *amplifyschema.Object) {
	if o.Model == nil {
		return
	}
	hasFieldAuth := false
	for _, f := range o.Fields {
		if f.Directives.ForName("auth") != nil {
			hasFieldAuth = true
			break
		}
	}
	if !hasFieldAuth {
		return
	}
	if subs := argValue(o.Model, "subscriptions"); subs != nil && subs.Kind == ast.ObjectValue {
		for _, ch := range subs.Children {
			if ch.Name == "level" && ch.Value != nil && (ch.Value.Raw == "off" || ch.Value.Raw == "public") {
				return
			}
		}
	}
	acm := newFieldACM(o)
	var missing []string
	var first *ast.FieldDefinition
	for i, f := range o.Fields {
		if f.Type == nil || !f.Type.NonNull {
			continue
		}
		if acm.needsFieldResolver(i) {
			missing = append(missing, f.Name)
			if first == nil {
				first = f
			}
		}
	}
	if first != nil {
		c.errorAt(RuleAuthFieldRequired, first.Position, "When using field-level authorization rules you need to add rules to all of the model's required fields with at least read permissions. Found model %q with required fields [%s] missing field-level authorization rules: give them @auth rules for every role that reads %s, or make them nullable",
			o.Name, `"`+strings.Join(missing, `", "`)+`"`, o.Name)
	}
}

// The model operations of the auth transformer's access control matrix
// (utils/constants.js MODEL_OPERATIONS), as bits; read is the five read
// operations.
const (
	opCreate = 1 << iota
	opUpdate
	opDelete
	opGet
	opList
	opSearch
	opListen
	opSync

	opRead = opGet | opList | opSearch | opListen | opSync
	opAll  = opCreate | opUpdate | opDelete | opRead
)

// opBits returns the operations of a rule: every one when it names none.
func opBits(ops []string) uint8 {
	if ops == nil {
		return opAll
	}
	var m uint8
	for _, op := range ops {
		m |= opBit(op)
	}
	return m
}

// opBit is the bit of one operation name; an unknown name has none.
func opBit(op string) uint8 {
	switch op {
	case "create":
		return opCreate
	case "update":
		return opUpdate
	case "delete":
		return opDelete
	case "read":
		return opRead
	case "get":
		return opGet
	case "list":
		return opList
	case "search":
		return opSearch
	case "listen":
		return opListen
	case "sync":
		return opSync
	}
	return 0
}

// fieldACM is the auth transformer's access control matrix of a model
// (accesscontrol/acm.js): for each role, the operations it may do on each
// field. Type rules set every field; a field's own rules first clear that
// field for every role, then set it (a role new there gets that field
// only).
type fieldACM struct {
	roles  []string
	matrix map[string][]uint8 // role -> field index -> operations
	nf     int
}

func newFieldACM(o *amplifyschema.Object) *fieldACM {
	a := &fieldACM{matrix: map[string][]uint8{}, nf: len(o.Fields)}
	set := func(role string, field int, ops uint8) {
		vec, ok := a.matrix[role]
		if !ok {
			vec = make([]uint8, a.nf)
			a.matrix[role] = vec
			a.roles = append(a.roles, role)
			if field < 0 {
				for i := range vec {
					vec[i] = ops
				}
				return
			}
		}
		if field >= 0 {
			vec[field] = ops
		}
	}
	for _, dir := range o.Auth {
		for obj := range authRuleObjects(dir) {
			roles, _ := authRoles(obj)
			ops := opBits(amplifyschema.ParseAuthRule(obj, "").Operations)
			for _, r := range roles {
				set(r, -1, ops)
			}
		}
	}
	for i, f := range o.Fields {
		dirs := f.Directives.ForNames("auth")
		if len(dirs) == 0 {
			continue
		}
		for _, vec := range a.matrix {
			vec[i] = 0
		}
		for _, dir := range dirs {
			for obj := range authRuleObjects(dir) {
				roles, _ := authRoles(obj)
				ops := opBits(amplifyschema.ParseAuthRule(obj, "").Operations)
				for _, r := range roles {
					set(r, i, ops)
				}
			}
		}
	}
	return a
}

// needsFieldResolver is the auth transformer's test of a field: the roles
// that may read the model (those allowed get on some field: the
// transformer collects the roles of the first read operation only), less,
// when a provider's private role may do every read operation on the field,
// that provider's other roles; the field needs a resolver (and so must be
// nullable) when one of them may not read it.
func (a *fieldACM) needsFieldResolver(field int) bool {
	var read []string
	for _, r := range a.roles {
		for _, ops := range a.matrix[r] {
			if ops&opGet != 0 {
				read = append(read, r)
				break
			}
		}
	}
	for _, provider := range []string{"userPools", "oidc"} {
		private := provider + ":private"
		if slices.Contains(read, private) && a.matrix[private][field]&opRead == opRead {
			read = slices.DeleteFunc(read, func(r string) bool {
				return strings.HasPrefix(r, provider+":") && r != private
			})
		}
	}
	for _, r := range read {
		if a.matrix[r][field]&opRead == 0 {
			return true
		}
	}
	return false
}
