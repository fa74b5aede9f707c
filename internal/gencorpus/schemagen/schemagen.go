// Package schemagen generates Amplify GraphQL TransformSchemas with their
// auth modes, deterministically by seed, for bapi's differential test
// against the real transformer (internal/oracle): one to four @model types
// with scalars, enums and lists; @primaryKey and @index with sort keys and
// query fields; @hasOne, @hasMany, @belongsTo (fields or references) and
// @manyToMany; @auth rules of every strategy and provider, at type and
// field level, with operations, groups, claims and owner fields; @default,
// @mapsTo, @searchable, @function and @http resolvers, type extensions and
// the global auth rule; and, with some probability each, the mistakes and
// name clashes the transformer refuses (a wrong argument value, a missing
// field, a duplicate role, a generated field that clashes, a v1 directive).
// The same seed and index always give the same case.
package schemagen

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Case is one generated schema and the API's auth set-up.
type Case struct {
	Name               string
	Schema             string
	DefaultMode        string
	AdditionalModes    []string
	ConflictResolution string // "" for none
}

var (
	modes     = []string{"API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT"}
	typeNames = []string{"Post", "Comment", "Author", "Order", "Product", "Customer", "Message", "Room", "Ticket", "Photo", "Album", "Survey", "Task", "Project", "Note"}
	fieldName = []string{"title", "name", "content", "status", "price", "quantity", "email", "rating", "summary", "category", "url", "notes", "priority", "score", "label", "body", "total", "dueAt", "kind", "code"}
	scalarTyp = []string{"String", "Int", "Float", "Boolean", "ID", "AWSDateTime", "AWSDate", "AWSEmail", "AWSURL", "AWSJSON", "AWSTimestamp", "AWSPhone"}
	keyTyp    = []string{"String", "ID", "Int", "AWSDateTime", "Float"}
	strategy  = []string{"public", "private", "owner", "groups"}
	providers = []string{"apiKey", "iam", "identityPool", "userPools", "oidc"}
	ops       = []string{"create", "update", "delete", "read", "get", "list", "listen", "sync", "search"}
)

type field struct {
	name, typ string // typ as written, e.g. "String!", "[Tag]"
	dirs      []string
}

type object struct {
	name   string
	model  bool
	dirs   []string
	fields []*field
	auth   bool // has type-level @auth
}

type gen struct {
	r       *rand.Rand
	clean   bool // no deliberate mistakes in this case
	objects []*object
	enums   []string
	extra   []string // more definitions: enums, custom types, extensions
	modes   []string // enabled auth modes
}

// chance reports true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// mistake reports true with probability p, never in a clean case: about
// half the cases make none of the generator's deliberate mistakes, so the
// corpus holds schemas the transformer accepts as well as ones it refuses.
func (g *gen) mistake(p float64) bool { return g.chance(p) && !g.clean }

func (g *gen) pick(s []string) string { return s[g.r.IntN(len(s))] }

// Generate returns case i of the corpus of a seed.
func Generate(seed uint64, i int) Case {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(i)+0x5eed))}
	c := Case{Name: fmt.Sprintf("generated/seed-%d/%d", seed, i)}
	g.clean = g.chance(0.5)
	c.DefaultMode = g.pick(modes)
	g.modes = []string{c.DefaultMode}
	for _, m := range g.r.Perm(len(modes))[:g.r.IntN(4)] {
		if modes[m] != c.DefaultMode {
			c.AdditionalModes = append(c.AdditionalModes, modes[m])
			g.modes = append(g.modes, modes[m])
		}
	}
	if g.chance(0.05) && c.DefaultMode != "OPENID_CONNECT" {
		c.AdditionalModes = append(c.AdditionalModes, "OPENID_CONNECT", "OPENID_CONNECT")
	}
	if g.chance(0.15) {
		c.ConflictResolution = g.pick([]string{"AUTOMERGE", "OPTIMISTIC_CONCURRENCY"})
	}
	c.Schema = g.schema()
	return c
}

func (g *gen) schema() string {
	n := 1 + g.r.IntN(4)
	names := g.r.Perm(len(typeNames))[:n]
	if g.chance(0.3) {
		e := "Status"
		g.enums = append(g.enums, e)
		g.extra = append(g.extra, "enum Status { DRAFT PUBLISHED ARCHIVED }")
	}
	for _, ni := range names {
		o := &object{name: typeNames[ni], model: !g.mistake(0.03)}
		g.objects = append(g.objects, o)
		g.fields(o)
	}
	for _, o := range g.objects {
		g.keys(o)
	}
	g.relations()
	for _, o := range g.objects {
		g.auth(o)
		g.misc(o)
	}
	g.operations()
	if g.chance(0.05) {
		rule := "{ allow: public }"
		if g.mistake(0.3) {
			rule = "{ allow: " + g.pick(strategy) + " }"
		}
		g.extra = append(g.extra, "input AMPLIFY { globalAuthRule: AuthRule = "+rule+" }")
	}
	var b strings.Builder
	for _, o := range g.objects {
		b.WriteString("type " + o.name)
		if o.model {
			b.WriteString(" @model" + g.modelArgs(o))
		}
		for _, d := range o.dirs {
			b.WriteString(" " + d)
		}
		b.WriteString(" {\n")
		for _, f := range o.fields {
			b.WriteString("  " + f.name + ": " + f.typ)
			for _, d := range f.dirs {
				b.WriteString(" " + d)
			}
			b.WriteString("\n")
		}
		b.WriteString("}\n")
	}
	for _, e := range g.extra {
		b.WriteString(e + "\n")
	}
	return b.String()
}

func (g *gen) fields(o *object) {
	o.fields = append(o.fields, &field{name: "id", typ: "ID!"})
	for _, fi := range g.r.Perm(len(fieldName))[:1+g.r.IntN(5)] {
		t := g.pick(scalarTyp)
		if len(g.enums) > 0 && g.chance(0.15) {
			t = g.enums[0]
		}
		if g.chance(0.1) {
			t = "[" + t + "]"
		}
		if g.chance(0.3) {
			t += "!"
		}
		f := &field{name: fieldName[fi], typ: t}
		if g.chance(0.08) {
			f.dirs = append(f.dirs, g.defaultDir(t))
		}
		o.fields = append(o.fields, f)
	}
}

// defaultDir is a @default for a field of type t: mostly a fitting value,
// sometimes not.
func (g *gen) defaultDir(t string) string {
	base := strings.Trim(t, "[]!")
	v := map[string]string{"String": "x", "Int": "3", "Float": "1.5", "Boolean": "true", "ID": "a1",
		"AWSDateTime": "2024-01-02T03:04:05Z", "AWSDate": "2024-01-02", "AWSEmail": "a@example.com", "AWSURL": "https://example.com",
		"AWSJSON": `{\"a\":1}`, "AWSTimestamp": "1700000000", "AWSPhone": "+12065550100", "Status": "DRAFT"}[base]
	if g.mistake(0.3) {
		v = g.pick([]string{"abc", "3.x", "yes", "2024-13-40", "not json", "UNKNOWN"})
	}
	return fmt.Sprintf("@default(value: %q)", v)
}

// keys adds @primaryKey and @index.
func (g *gen) keys(o *object) {
	if g.chance(0.25) {
		f := g.keyField(o, true)
		arg := ""
		if g.chance(0.5) {
			arg = fmt.Sprintf("(sortKeyFields: [%q])", g.sortField(o, f, true))
		}
		f.dirs = append(f.dirs, "@primaryKey"+arg)
	}
	for k := 0; k < g.r.IntN(3); k++ {
		f := g.keyField(o, false)
		var args []string
		if g.chance(0.6) {
			args = append(args, fmt.Sprintf("name: %q", "by"+upper(f.name)+fmt.Sprint(k)))
		}
		if g.chance(0.4) {
			args = append(args, fmt.Sprintf("sortKeyFields: [%q]", g.sortField(o, f, false)))
		}
		if g.chance(0.4) {
			q := lower(o.name) + "By" + upper(f.name)
			switch {
			case g.mistake(0.15):
				q = "list" + o.name + "s"
			case g.mistake(0.15):
				q = "get" + o.name
			case g.chance(0.1):
				q = "byAnything"
			}
			args = append(args, fmt.Sprintf("queryField: %q", q))
		}
		d := "@index"
		if len(args) > 0 {
			d += "(" + strings.Join(args, ", ") + ")"
		}
		f.dirs = append(f.dirs, d)
	}
}

// keyField returns a field for a key: mostly a fitting scalar, which it
// makes required for a primary key; sometimes an unfit one.
func (g *gen) keyField(o *object, primary bool) *field {
	if !g.mistake(0.06) {
		f := &field{name: "k" + fmt.Sprint(len(o.fields)), typ: g.pick(keyTyp)}
		if primary || g.chance(0.5) {
			f.typ += "!"
		}
		o.fields = append(o.fields, f)
		return f
	}
	return o.fields[g.r.IntN(len(o.fields))]
}

// sortField names a sort key field for a key on not: mostly a new key
// field (required for a primary key), sometimes another field of o, or one
// it lacks.
func (g *gen) sortField(o *object, not *field, primary bool) string {
	switch {
	case g.mistake(0.04):
		return "missing"
	case g.mistake(0.1):
		for _, i := range g.r.Perm(len(o.fields)) {
			if o.fields[i] != not {
				return o.fields[i].name
			}
		}
	}
	f := &field{name: "s" + fmt.Sprint(len(o.fields)), typ: g.pick(keyTyp)}
	if primary || g.chance(0.5) {
		f.typ += "!"
	}
	o.fields = append(o.fields, f)
	return f.name
}

// relations relates pairs of types.
func (g *gen) relations() {
	if len(g.objects) < 2 {
		return
	}
	for k := 0; k < 1+g.r.IntN(2); k++ {
		a, b := g.objects[g.r.IntN(len(g.objects))], g.objects[g.r.IntN(len(g.objects))]
		if a == b && !g.chance(0.2) {
			continue
		}
		kind := g.r.IntN(5)
		if g.mistake(0.15) {
			kind = 5
		}
		switch kind {
		case 0: // hasMany with fields (the parent's key on the child, with an index)
			fk := lower(a.name) + "ID"
			b.fields = append(b.fields, &field{name: fk, typ: "ID", dirs: []string{fmt.Sprintf("@index(name: %q)", "by"+a.name)}})
			arg := fmt.Sprintf("(indexName: %q, fields: [\"id\"])", "by"+a.name)
			if g.chance(0.3) {
				arg = ""
			}
			a.fields = append(a.fields, &field{name: lower(b.name) + "s", typ: "[" + b.name + "]", dirs: []string{"@hasMany" + arg}})
		case 1: // hasMany with references, and the @belongsTo (sometimes not)
			fk := lower(a.name) + "Ref"
			b.fields = append(b.fields, &field{name: fk, typ: "ID"})
			dir := fmt.Sprintf("@hasMany(references: [%q])", fk)
			if g.mistake(0.15) {
				dir = fmt.Sprintf("@hasMany(fields: [\"id\"], references: [%q])", fk)
			}
			a.fields = append(a.fields, &field{name: lower(b.name) + "List", typ: "[" + b.name + "]", dirs: []string{dir}})
			if !g.mistake(0.2) {
				b.fields = append(b.fields, &field{name: lower(a.name) + "Parent", typ: a.name, dirs: []string{fmt.Sprintf("@belongsTo(references: [%q])", fk)}})
			}
		case 2: // hasOne with fields
			fk := lower(b.name) + "OneID"
			a.fields = append(a.fields, &field{name: fk, typ: "ID"})
			a.fields = append(a.fields, &field{name: lower(b.name) + "One", typ: b.name, dirs: []string{fmt.Sprintf("@hasOne(fields: [%q])", fk)}})
		case 3: // belongsTo with a matching hasMany (sometimes none)
			if !g.mistake(0.2) {
				a.fields = append(a.fields, &field{name: lower(b.name) + "Kids", typ: "[" + b.name + "]", dirs: []string{"@hasMany"}})
			}
			b.fields = append(b.fields, &field{name: lower(a.name) + "Up", typ: a.name, dirs: []string{"@belongsTo"}})
		case 4: // manyToMany, sometimes named after a type
			rel := a.name + b.name + "Link"
			if g.mistake(0.2) {
				rel = g.objects[0].name
			}
			a.fields = append(a.fields, &field{name: lower(b.name) + "Links", typ: "[" + b.name + "]", dirs: []string{fmt.Sprintf("@manyToMany(relationName: %q)", rel)}})
			b.fields = append(b.fields, &field{name: lower(a.name) + "Links", typ: "[" + a.name + "]", dirs: []string{fmt.Sprintf("@manyToMany(relationName: %q)", rel)}})
		case 5: // a wrong shape: a list for hasOne, or a single for hasMany
			if g.chance(0.5) {
				a.fields = append(a.fields, &field{name: lower(b.name) + "Bad", typ: "[" + b.name + "]", dirs: []string{"@hasOne"}})
			} else {
				a.fields = append(a.fields, &field{name: lower(b.name) + "Bad", typ: b.name, dirs: []string{"@hasMany"}})
			}
		}
	}
}

// rule returns one @auth rule object.
func (g *gen) rule(o *object) string {
	s := g.strategy()
	var parts []string
	parts = append(parts, "allow: "+s)
	if p := g.provider(s); p != "" && (g.chance(0.4) || !g.defaultEnabled(s)) {
		parts = append(parts, "provider: "+p)
	}
	switch s {
	case "owner":
		if g.chance(0.3) {
			of := "editor"
			if !hasField(o, of) && g.chance(0.7) {
				o.fields = append(o.fields, &field{name: of, typ: "String"})
			}
			parts = append(parts, fmt.Sprintf("ownerField: %q", of))
		}
		if g.chance(0.15) {
			parts = append(parts, `identityClaim: "email"`)
		}
	case "groups":
		switch g.r.IntN(4) {
		case 0:
			parts = append(parts, `groupsField: "teams"`)
			if !hasField(o, "teams") {
				o.fields = append(o.fields, &field{name: "teams", typ: "[String]"})
			}
		case 1:
			if g.mistake(1) {
				parts = append(parts, `groups: []`)
			} else {
				parts = append(parts, `groups: ["Readers"]`)
			}
		default:
			parts = append(parts, fmt.Sprintf("groups: [%q]", g.pick([]string{"Admin", "Editor"})))
		}
	}
	if g.mistake(0.07) {
		parts = append(parts, g.pick([]string{`groupClaim: "roles"`, `identityClaim: "sub"`, `groupsField: "teams"`}))
	}
	if g.chance(0.35) {
		var os []string
		for _, i := range g.r.Perm(len(ops))[:1+g.r.IntN(3)] {
			os = append(os, ops[i])
		}
		if g.mistake(0.02) {
			os = append(os, "write")
		}
		parts = append(parts, "operations: ["+strings.Join(os, ", ")+"]")
	}
	if g.mistake(0.02) {
		parts = append(parts, `queries: [get]`)
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// defaultEnabled reports whether the default provider of strategy s is
// enabled: API_KEY for public, Cognito user pools for the others.
func (g *gen) defaultEnabled(s string) bool {
	if s == "public" {
		return slices.Contains(g.modes, "API_KEY")
	}
	return slices.Contains(g.modes, "AMAZON_COGNITO_USER_POOLS")
}

// strategy picks a strategy: mostly one the API can serve.
func (g *gen) strategy() string {
	for k := 0; k < 4; k++ {
		s := g.pick(strategy)
		if g.defaultEnabled(s) || g.provider(s) != "" {
			return s
		}
	}
	return g.pick(strategy)
}

// provider is the provider of a rule of strategy s: mostly none (the
// default) or one the strategy takes and the API enables, sometimes any.
func (g *gen) provider(s string) string {
	if g.mistake(0.06) {
		return g.pick(providers)
	}
	var fit []string
	for _, p := range map[string][]string{"public": {"apiKey", "iam", "identityPool"}, "private": {"userPools", "iam", "identityPool", "oidc"}, "owner": {"userPools", "oidc"}, "groups": {"userPools", "oidc"}}[s] {
		if slices.Contains(g.modes, map[string]string{"apiKey": "API_KEY", "iam": "AWS_IAM", "identityPool": "AWS_IAM", "userPools": "AMAZON_COGNITO_USER_POOLS", "oidc": "OPENID_CONNECT"}[p]) {
			fit = append(fit, p)
		}
	}
	if len(fit) == 0 {
		return ""
	}
	return g.pick(fit)
}

func (g *gen) auth(o *object) {
	if !g.chance(0.7) {
		return
	}
	var rules []string
	for k := 0; k < 1+g.r.IntN(3); k++ {
		rules = append(rules, g.rule(o))
	}
	if g.mistake(0.03) {
		rules = nil
	}
	o.dirs = append(o.dirs, "@auth(rules: ["+strings.Join(rules, ", ")+"])")
	o.auth = true
	if g.chance(0.15) {
		f := o.fields[g.r.IntN(len(o.fields))]
		f.dirs = append(f.dirs, "@auth(rules: ["+g.rule(o)+"])")
	}
}

// misc adds @mapsTo, @searchable and extensions.
func (g *gen) misc(o *object) {
	if g.chance(0.06) {
		target := "Old" + o.name
		if g.mistake(0.4) {
			target = g.objects[g.r.IntN(len(g.objects))].name
		}
		o.dirs = append(o.dirs, fmt.Sprintf("@mapsTo(name: %q)", target))
	}
	if g.chance(0.04) {
		o.dirs = append(o.dirs, "@searchable")
	}
	if g.chance(0.04) {
		k := 0
		if g.mistake(0.7) {
			k = 1 + g.r.IntN(2)
		}
		switch k {
		case 0:
			g.extra = append(g.extra, "extend type "+o.name+" { extra: String }")
		case 1:
			g.extra = append(g.extra, "extend type "+o.name+" @searchable")
		case 2:
			g.extra = append(g.extra, "extend type "+o.name+` { extra: String @default(value: "x") }`)
		}
	}
	if g.mistake(0.01) {
		o.dirs = append(o.dirs, `@key(fields: ["id"])`)
	}
}

// modelArgs are @model's arguments: mostly none.
func (g *gen) modelArgs(o *object) string {
	switch {
	case g.chance(0.08):
		return "(subscriptions: null)"
	case g.chance(0.05):
		return fmt.Sprintf("(queries: { get: %q })", "fetch"+o.name)
	case g.mistake(0.01):
		return `(queries: "none")`
	case g.chance(0.04):
		return "(timestamps: { createdAt: \"made\", updatedAt: \"changed\" })"
	}
	return ""
}

// operations adds custom Query and Mutation fields, some with the names
// @model generates.
func (g *gen) operations() {
	if !g.chance(0.2) {
		return
	}
	o := g.objects[0]
	q := "echo: String @function(name: \"echo-${env}\")"
	if g.mistake(0.3) {
		q = "get" + o.name + "(id: ID!): " + o.name + " @function(name: \"get-${env}\")"
	}
	g.extra = append(g.extra, "type Query { "+q+" }")
	if g.chance(0.4) {
		m := "ping: String @http(url: \"https://example.com/ping\")"
		if g.mistake(0.4) {
			m = "create" + o.name + "(x: String): " + o.name + " @function(name: \"c-${env}\")"
		}
		g.extra = append(g.extra, "type Mutation { "+m+" }")
	}
}

func hasField(o *object, name string) bool {
	for _, f := range o.fields {
		if f.name == name {
			return true
		}
	}
	return false
}

func upper(s string) string { return strings.ToUpper(s[:1]) + s[1:] }
func lower(s string) string { return strings.ToLower(s[:1]) + s[1:] }
