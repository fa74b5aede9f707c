package gen2

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/vektah/gqlparser/v2/ast"
	"go.yaml.in/yaml/v3"
)

// ModelTables is the table comparison of one model in one environment:
// the table Gen 1 made and the one Gen 2 expects to import.
type ModelTables struct {
	// Address is the resource's address, AppId/Env/ResourceName.
	Address string `json:"address"`
	// Type is the GraphQL type, the model name Gen 2's mapping is keyed by.
	Type        string       `json:"type"`
	Gen1        Table        `json:"gen1"`
	Gen2        Table        `json:"gen2"`
	Differences []Difference `json:"differences"`
}

// Report is what bapi gen2 check found.
type Report struct {
	// Findings, sorted with finding.Compare, each once.
	Findings []finding.Finding
	// Tables is the comparison of every model's table, by address and
	// type.
	Tables []ModelTables
}

// TableName is the name of a model's table in an environment,
// <base>-<apiId>-<env>, where base is the model's table name (@mapsTo's
// name, else the type's). An unknown API ID is written <apiId>.
func TableName(m *amplifyschema.Model, apiID, env string) string {
	if apiID == "" {
		apiID = "<apiId>"
	}
	return m.Table + "-" + apiID + "-" + env
}

// CheckOptions configure Check.
type CheckOptions struct {
	// TransformerVersion is the version the project declares
	// (.bapi.yaml transformer-version); 1 blocks the move whatever the
	// schemas use. 0 means 2.
	TransformerVersion int
}

// Check is bapi gen2 check on the APIs: readiness findings and the table
// comparison, offline.
func Check(ctx context.Context, apis []*API, opts CheckOptions) (*Report, error) {
	c := &checker{seen: map[string]bool{}, v1Project: opts.TransformerVersion == 1}
	r := &Report{Tables: []ModelTables{}}
	for _, a := range apis {
		for _, e := range a.Envs {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			c.env(a, e)
			r.Tables = append(r.Tables, tables(a, e)...)
		}
	}
	for _, t := range r.Tables {
		if diffs := importDiffs(t.Differences); len(diffs) > 0 {
			e := findEnv(apis, t.Address)
			words := make([]string, 0, len(diffs))
			for _, d := range diffs {
				words = append(words, fmt.Sprintf("%s: Gen 1 %s, Gen 2 expects %s", d.Property, d.Gen1, d.Gen2))
			}
			m := t.Gen1.Model
			hint := ""
			if len(m.Key) > 1 || m.Key[0] != "id" {
				hint = fmt.Sprintf("; the data construct of @aws-amplify/backend-data 1.9.0 expects every imported table keyed by id and ignores @primaryKey (%s) (amplify-category-api#3489); leave %s out of the mapping, or wait for a backend-data release with amplify-category-api#3523", strings.Join(m.Key, ", "), m.Type)
			}
			c.report(e.pos.at(m.Def.Position), RuleTableImport,
				"the first Gen 2 deploy fails importing table %s of %s (\"Imported table properties did not match the expected table properties\"): %s%s",
				t.Gen1.Name, m.Type, strings.Join(words, "; "), hint)
		}
	}
	sortFindings(c.findings)
	r.Findings = c.findings
	if r.Findings == nil {
		r.Findings = []finding.Finding{}
	}
	return r, nil
}

func sortFindings(fs []finding.Finding) { slices.SortFunc(fs, finding.Compare) }

func findEnv(apis []*API, address string) *Env {
	for _, a := range apis {
		for _, e := range a.Envs {
			if a.AppID+"/"+e.Name()+"/"+a.ResourceName == address {
				return e
			}
		}
	}
	return nil
}

// importDiffs are the differences other than deletion protection, which
// RuleDeletionProtection reports once per environment.
func importDiffs(ds []Difference) []Difference {
	return slices.DeleteFunc(slices.Clone(ds), func(d Difference) bool { return d.Property == "DeletionProtectionEnabled" })
}

// tables compares every @model table of an environment.
func tables(a *API, e *Env) []ModelTables {
	var out []ModelTables
	for _, m := range e.Schema.SortedModels() {
		name := TableName(m, "", e.Name())
		g1, g2 := Gen1Table(m, name), Gen2Table(m, name)
		out = append(out, ModelTables{
			Address: a.AppID + "/" + e.Name() + "/" + a.ResourceName, Type: m.Type,
			Gen1: g1, Gen2: g2, Differences: Compare(g1, g2),
		})
	}
	return out
}

type checker struct {
	findings  []finding.Finding
	seen      map[string]bool
	v1Project bool
}

// report adds a finding at f's location, once: environments that share a
// schema file report its problems once.
func (c *checker) report(f finding.Finding, id, format string, args ...any) {
	r := rule(id)
	f.Rule, f.Severity, f.DocURL = r.ID, r.Severity, r.DocURL()
	f.Message = fmt.Sprintf(format, args...)
	k := fmt.Sprintf("%s:%d:%d:%s:%s", f.File, f.Line, f.Column, f.Rule, f.Message)
	if c.seen[k] {
		return
	}
	c.seen[k] = true
	c.findings = append(c.findings, f)
}

func (c *checker) env(a *API, e *Env) {
	cfg := e.Config()
	rc := lookup(e.Doc.Root, "ResourceConfig")
	if cr := cfg.ConflictResolution; cr != nil && cr.ResolutionStrategy != "" && cr.ResolutionStrategy != "NONE" {
		n := lookup(lookup(rc, "ConflictResolution"), "ResolutionStrategy")
		c.report(e.pos.node(n, "/ResourceConfig/ConflictResolution/ResolutionStrategy"), RuleConflictResolution,
			"conflict resolution %s (DataStore) has no equivalent in Gen 2: move the clients off DataStore to the GraphQL API, set ResolutionStrategy: NONE and apply it before the export (see docs/gen2.md, \"Leave DataStore\"); the tables keep their _version, _deleted and _lastChangedAt attributes",
			cr.ResolutionStrategy)
	}
	sc := e.Schema
	if c.v1Project && len(sc.V1) == 0 {
		c.report(e.pos.at(nil), RuleTransformerV1,
			"the project declares transformer-version: 1 (.bapi.yaml), and Gen 2 runs transformer v2 only, whose @auth, @model and key semantics differ: migrate the API to transformer v2 in Gen 1 first (amplify migrate api), deploy it, set transformer-version: 2, then check again")
	}
	if len(sc.V1) > 0 {
		first := firstUse(sc, sc.V1)
		c.report(e.pos.at(first), RuleTransformerV1,
			"the schema uses transformer v1 directives (%s), which Gen 2 does not read: migrate it to transformer v2 in Gen 1 first (@key to @primaryKey/@index, @connection to @hasMany/@hasOne/@belongsTo; amplify migrate api), deploy, then check again",
			strings.Join(sc.V1, ", "))
	}
	for _, name := range []string{"searchable", "manyToMany", "predictions"} {
		for _, d := range sc.Uses[name] {
			c.report(e.pos.at(d.Position), RuleRecreatedEmpty, "%s", recreatedMessage(name))
		}
	}
	c.oidc(e)
	// Deletion protection, once per environment.
	var tables []string
	for _, m := range sc.SortedModels() {
		tables = append(tables, TableName(m, "", e.Name()))
	}
	if len(tables) > 0 {
		c.report(e.pos.at(nil), RuleDeletionProtection,
			"Gen 2 imports a Gen 1 table only when its deletion protection is on (the data construct expects DeletionProtectionEnabled true), and Gen 1 never turns it on: before the first Gen 2 deploy of environment %s, turn it on for %s (aws dynamodb update-table --table-name TABLE --deletion-protection-enabled, or amplify gen2-migration lock, which also does it); it also keeps the shared tables from being deleted with either stack",
			e.Name(), strings.Join(tables, ", "))
	}
	for _, m := range sc.SortedModels() {
		if len(m.Auth) == 0 {
			c.report(e.pos.at(m.Def.Position), RuleDefaultAuth,
				"@model %s has no @auth: Gen 1 lets the API's default mode (%s) reach it, Gen 2 makes it private to IAM; give it the rules you mean, e.g. @auth(rules: [{ allow: public }]), before the export",
				m.Type, defaultMode(e))
		}
		for _, r := range m.Auth {
			if r.Provider == "iam" {
				c.report(e.pos.at(r.Pos), RuleIAMProvider,
					"@auth rule { allow: %s, provider: iam } on %s: Gen 2 tells two IAM providers apart, identityPool (the Cognito identity pool's roles) and iam (other IAM principals, admitted only through Gen 2's access grants); decide which this rule meant before the move",
					r.Allow, ruleOwner(m, r))
			}
		}
		if d := m.Def.Directives.ForName("mapsTo"); d != nil {
			c.report(e.pos.at(d.Position), RuleMapsTo,
				"%s keeps its data in the table of %s (@mapsTo): the Gen 2 mapping must name table %s, which bapi gen2 export writes; a mapping from the type name alone imports the wrong (or no) table",
				m.Type, m.Table, TableName(m, "", e.Name()))
		}
	}
	for _, name := range []string{"function", "http"} {
		arg := map[string]string{"function": "name", "http": "url"}[name]
		for _, d := range sc.Uses[name] {
			if v := amplifyschema.StringArg(d, arg); strings.Contains(v, "${env}") {
				c.report(e.pos.at(d.Position), RuleEnvName,
					"@%s(%s: %q): Gen 1 puts the environment name (%s) in place of ${env}; Gen 2 puts the branch name, so map each branch to the resource you mean",
					name, arg, v, e.Name())
			}
		}
	}
}

func ruleOwner(m *amplifyschema.Model, r amplifyschema.AuthRule) string {
	if r.Field != "" {
		return m.Type + "." + r.Field
	}
	return m.Type
}

func defaultMode(e *Env) string {
	if d := e.Config().DefaultAuthType; d != nil && d.Mode != "" {
		return d.Mode
	}
	return "the default"
}

func recreatedMessage(name string) string {
	switch name {
	case "searchable":
		return "@searchable: Gen 2 creates a new, empty OpenSearch domain; the Gen 1 domain's index is not moved; reindex from the DynamoDB table after the move, or replace search with another way"
	case "manyToMany":
		return "@manyToMany: Gen 2's data construct does not take @manyToMany, and its join table is not in the mapping; model the join as a @model with two @belongsTo and map it to the Gen 1 join table, or it starts empty"
	}
	return "@predictions: Gen 2 recreates the predictions resources new; nothing of Gen 1's is kept"
}

func firstUse(sc *amplifyschema.Schema, v1 []string) *ast.Position {
	var first *ast.Position
	for _, n := range v1 {
		for _, d := range sc.Uses[strings.TrimPrefix(n, "@")] {
			if first == nil || d.Position.Line < first.Line || (d.Position.Line == first.Line && d.Position.Column < first.Column) {
				first = d.Position
			}
		}
	}
	return first
}

// authTypes returns the document's auth types with their pointers.
func authTypes(cfg *model.BackendAPIResourceConfig) (types []model.BackendAPIAuthType, pointers []string) {
	if cfg.DefaultAuthType != nil {
		types = append(types, *cfg.DefaultAuthType)
		pointers = append(pointers, "/ResourceConfig/DefaultAuthType")
	}
	for i, a := range cfg.AdditionalAuthTypes {
		types = append(types, a)
		pointers = append(pointers, fmt.Sprintf("/ResourceConfig/AdditionalAuthTypes/%d", i))
	}
	return types, pointers
}

// millisToSeconds converts a Gen 1 OIDC TTL (milliseconds, a string) to
// Gen 2's seconds; whole is false when it is not a whole number of
// seconds, ok false when it is not a number.
func millisToSeconds(ms string) (secs int64, whole, ok bool) {
	v, err := strconv.ParseFloat(strings.TrimSpace(ms), 64)
	if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false, false
	}
	if v != math.Trunc(v) || int64(v)%1000 != 0 {
		return int64(v) / 1000, false, true
	}
	return int64(v) / 1000, true, true
}

func (c *checker) oidc(e *Env) {
	types, pointers := authTypes(e.Config())
	n := 0
	for i, t := range types {
		if t.Mode != model.ModeOpenIDConnect {
			continue
		}
		n++
		node := nodeAt(e, pointers[i])
		loc := e.pos.node(node, pointers[i])
		if n > 1 {
			c.report(loc, RuleOIDCUnconvertible,
				"a second OpenID Connect provider: Gen 2's defineData takes one (authorizationModes.oidcAuthorizationMode); this one's settings are not exported, so its users lose access unless you add it to the AppSync API by hand after the move")
			continue
		}
		s := t.Settings
		if s == nil {
			continue
		}
		var conv []string
		for _, ttl := range []struct{ name, gen2, v string }{
			{"OpenIDAuthTTL", "tokenExpiryFromAuthInSeconds", s.OpenIDAuthTTL},
			{"OpenIDIatTTL", "tokenExpireFromIssueInSeconds", s.OpenIDIatTTL},
		} {
			if ttl.v == "" {
				continue
			}
			secs, whole, ok := millisToSeconds(ttl.v)
			switch {
			case !ok:
				c.report(loc, RuleOIDCUnconvertible, "%s %q is not a number of milliseconds; Gen 2's %s needs seconds", ttl.name, ttl.v, ttl.gen2)
			case !whole:
				c.report(loc, RuleOIDCUnconvertible, "%s %s ms is not a whole number of seconds, and Gen 2's %s takes seconds: round it (to %d or %d s) in the spec and apply it first, so that both generations accept the same tokens",
					ttl.name, ttl.v, ttl.gen2, secs, secs+1)
			default:
				conv = append(conv, fmt.Sprintf("%s %s ms becomes %s: %d", ttl.name, ttl.v, ttl.gen2, secs))
			}
		}
		if len(conv) > 0 {
			c.report(loc, RuleOIDC, "OpenID Connect provider %s: Gen 1 counts token lifetimes in milliseconds, Gen 2 in seconds; bapi gen2 export converts them (%s); a value copied unconverted makes tokens valid 1000 times longer",
				s.OpenIDProviderName, strings.Join(conv, ", "))
		}
	}
}

// nodeAt follows a JSON pointer of /-separated keys and indexes from the
// document's root; nil when a step is missing.
func nodeAt(e *Env, pointer string) *yaml.Node {
	n := e.Doc.Root
	for _, step := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if n == nil {
			return nil
		}
		if i, err := strconv.Atoi(step); err == nil && n.Kind == yaml.SequenceNode {
			if i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
			continue
		}
		n = lookup(n, step)
	}
	return n
}
