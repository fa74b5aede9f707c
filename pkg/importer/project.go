package importer

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/model"
)

// ProjectError is a local Amplify project that cannot be imported: a file
// missing or malformed, or a setting bapi cannot express. Path names the
// file.
type ProjectError struct {
	Path string
	Err  error
}

func (e *ProjectError) Error() string { return fmt.Sprintf("%s: %v", e.Path, e.Err) }
func (e *ProjectError) Unwrap() error { return e.Err }

// Note is something import changed, left out or skipped, with the fix: a
// finding of import, which the command prints. Path names the file it is
// about.
type Note struct {
	Path    string
	Message string
}

func (n Note) String() string { return n.Path + ": " + n.Message }

// ProjectOptions configure FromProject.
type ProjectOptions struct {
	// Envs limits the import to these environments; nil means every
	// environment of team-provider-info.json.
	Envs []string
	// AppID is the Amplify app of the environments the project's files
	// give none for (--app-id): a fresh clone lacks team-provider-info.json
	// when the Amplify CLI keeps it out of git.
	AppID string
	// UserPoolIDs are Cognito user pool IDs by environment (--user-pool-id
	// [ENV=]ID); the key "" holds the one for every environment. Only
	// git-ignored files (amplify-meta.json) hold them otherwise.
	UserPoolIDs map[string]string
	// Live, when set, is asked for each environment's amplify-meta
	// (GetBackend's amplifyMetaConfig): the user pool IDs the files lack.
	Live Backend
}

// Project is what FromProject read.
type Project struct {
	// Requests are the APIs, one per API and environment, APIs by name,
	// environments in name order (or as ProjectOptions.Envs gives them).
	Requests []*model.CreateBackendAPIRequest
	// SchemaFiles are, for each API (ResourceName) whose schema is a
	// schema/ folder, its files in the order they are joined, their paths
	// relative to the folder: Layout keeps them as a list.
	SchemaFiles map[string][]File
	// TransformerVersion is the Amplify GraphQL transformer the project
	// is on (amplify/cli.json's graphqltransformer.transformerversion): 1
	// or 2.
	TransformerVersion int
	// Notes are what import changed, left out or skipped.
	Notes []Note
}

// The files of an Amplify Gen 1 project that FromProject reads, under
// amplify/.
const (
	tpiFile      = "team-provider-info.json"
	metaFile     = "amplify-meta.json"
	localEnvFile = "local-env-info.json"
	cliFile      = "cli.json"
)

// defaultKeyDays is the API key expiry, in days, the Amplify CLI proposes,
// written when the project gives none the service takes.
const defaultKeyDays = 7

// userPoolIDRE matches a Cognito user pool ID (REGION_ID).
var userPoolIDRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]_[0-9a-zA-Z]+$`)

// ValidUserPoolID reports whether id has the form of a Cognito user pool
// ID, for --user-pool-id.
func ValidUserPoolID(id string) bool { return userPoolIDRE.MatchString(id) }

// tpiEnv is one environment of amplify/team-provider-info.json: the
// CloudFormation provider's settings (the Amplify app ID among them) and
// per-category, per-resource parameters (an imported Cognito user pool's
// ID among them). Categories are kept raw: their parameters are free-form.
type tpiEnv struct {
	AWSCloudFormation struct {
		AmplifyAppID string `json:"AmplifyAppId"`
		StackName    string `json:"StackName"`
	} `json:"awscloudformation"`
	Categories map[string]json.RawMessage `json:"categories"`
}

// meta is amplify/backend/amplify-meta.json (or GetBackend's
// amplifyMetaConfig): the deployed outputs of one environment.
type meta struct {
	Providers struct {
		AWSCloudFormation struct {
			AmplifyAppID string `json:"AmplifyAppId"`
			StackName    string `json:"StackName"`
		} `json:"awscloudformation"`
	} `json:"providers"`
	Auth map[string]struct {
		Output map[string]any `json:"output"`
	} `json:"auth"`
}

// userPool is the UserPoolId output of auth resource name, or "".
func (m *meta) userPool(name string) string {
	if m == nil {
		return ""
	}
	id, _ := m.Auth[name].Output["UserPoolId"].(string)
	return id
}

// onlyUserPool is the UserPoolId of the only auth resource that has one,
// or "": the service's amplify-meta may name the resource otherwise than
// the project does.
func (m *meta) onlyUserPool() string {
	if m == nil {
		return ""
	}
	var ids []string
	for name := range m.Auth {
		if id := m.userPool(name); id != "" {
			ids = append(ids, id)
		}
	}
	if len(ids) != 1 {
		return ""
	}
	return ids[0]
}

// cliInputs is amplify/backend/api/NAME/cli-inputs.json (Amplify CLI 7 and
// later): the AppSync API's service configuration.
type cliInputs struct {
	ServiceConfiguration struct {
		APIName             string        `json:"apiName"`
		DefaultAuthType     *cliAuthType  `json:"defaultAuthType"`
		AdditionalAuthTypes []cliAuthType `json:"additionalAuthTypes"`
		ConflictResolution  *struct {
			DefaultResolutionStrategy *struct {
				Type string `json:"type"`
			} `json:"defaultResolutionStrategy"`
			PerModelResolutionStrategy []json.RawMessage `json:"perModelResolutionStrategy"`
		} `json:"conflictResolution"`
	} `json:"serviceConfiguration"`
}

type cliAuthType struct {
	Mode              string    `json:"mode"`
	ExpirationTime    *flexDays `json:"expirationTime"`
	KeyDescription    string    `json:"keyDescription"`
	CognitoUserPoolID string    `json:"cognitoUserPoolId"`
	OpenIDProvider    string    `json:"openIDProviderName"`
	OpenIDIssuerURL   string    `json:"openIDIssuerURL"`
	OpenIDIssueURL    string    `json:"openIDIssueURL"` // the headless interface's spelling
	OpenIDClientID    string    `json:"openIDClientID"`
	OpenIDAuthTTL     any       `json:"openIDAuthTTL"`
	OpenIDIatTTL      any       `json:"openIDIatTTL"`
	keySource         string    // what the expiry came from, for notes
	keyEpoch          *flexDays // the pre-2020 APIKeyExpirationEpoch, a date
}

// flexDays is a number the Amplify CLI wrote as a JSON number or, in CLI
// 4.x, as a string of one ("365").
type flexDays struct {
	v   float64
	raw string
}

func (d *flexDays) UnmarshalJSON(b []byte) error {
	d.raw = string(b)
	var f float64
	if err := json.Unmarshal(b, &f); err == nil {
		d.v = f
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("%s is neither a number nor a string of one", b)
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return fmt.Errorf("%s is not a number", b)
	}
	d.v = f
	return nil
}

// backendConfig is amplify/backend/backend-config.json: per category, per
// resource, its service and, for an API, its auth configuration (the form
// projects without cli-inputs.json keep it in).
type backendConfig map[string]map[string]struct {
	Service string `json:"service"`
	Output  *struct {
		// SecurityType is the pre-2020 form: one auth mode, its
		// settings in the API's parameters.json.
		SecurityType string `json:"securityType"`
		AuthConfig   *struct {
			DefaultAuthentication             *legacyAuth  `json:"defaultAuthentication"`
			AdditionalAuthenticationProviders []legacyAuth `json:"additionalAuthenticationProviders"`
		} `json:"authConfig"`
	} `json:"output"`
}

type legacyAuth struct {
	AuthenticationType string `json:"authenticationType"`
	APIKeyConfig       *struct {
		APIKeyExpirationDays *flexDays `json:"apiKeyExpirationDays"`
		Description          string    `json:"description"`
	} `json:"apiKeyConfig"`
	UserPoolConfig *struct {
		UserPoolID string `json:"userPoolId"`
	} `json:"userPoolConfig"`
	OpenIDConnectConfig *struct {
		Name      string `json:"name"`
		IssuerURL string `json:"issuerUrl"`
		ClientID  string `json:"clientId"`
		IatTTL    any    `json:"iatTTL"`
		AuthTTL   any    `json:"authTTL"`
	} `json:"openIDConnectConfig"`
}

// apiParameters is amplify/backend/api/NAME/parameters.json.
type apiParameters struct {
	AppSyncAPIName string `json:"AppSyncApiName"`
	// AuthCognitoUserPoolID is the pre-2020 form's pool: an ID, or
	// {"Fn::GetAtt": ["authNAME", "Outputs.UserPoolId"]}.
	AuthCognitoUserPoolID json.RawMessage `json:"AuthCognitoUserPoolId"`
	// APIKeyExpirationEpoch is the pre-2020 form's key expiry: a date in
	// seconds since 1970, or 0 (7 days from the deployment) or -1 (no
	// key), as the CLI's CloudFormation parameter takes it.
	APIKeyExpirationEpoch *flexDays `json:"APIKeyExpirationEpoch"`
}

// transformConf is amplify/backend/api/NAME/transform.conf.json: the
// project-wide conflict handler of a DataStore-enabled API.
type transformConf struct {
	ResolverConfig *struct {
		Project *struct {
			ConflictHandler string `json:"ConflictHandler"`
		} `json:"project"`
	} `json:"ResolverConfig"`
}

type project struct {
	files *projectFiles
	opts  ProjectOptions
	tpi   map[string]tpiEnv
	// hasTPI is false when team-provider-info.json is missing or lists no
	// environment.
	hasTPI  bool
	backend backendConfig
	// meta is amplify-meta.json, of the environment checked out
	// (current), which holds the outputs (user pool IDs) of that
	// environment only; nil when missing.
	meta    *meta
	current string
	// live is each environment's amplifyMetaConfig read from the service.
	live  map[string]*meta
	notes []Note
}

func (p *project) path(parts ...string) string {
	return filepath.Join(append([]string{p.files.dir, "amplify"}, parts...)...)
}

func (p *project) note(path, format string, args ...any) {
	n := Note{Path: path, Message: fmt.Sprintf(format, args...)}
	if !slices.Contains(p.notes, n) {
		p.notes = append(p.notes, n)
	}
}

// skipError is an environment that cannot be imported: it is skipped with
// the reason, and the others are imported.
type skipError struct{ err *ProjectError }

func (e *skipError) Error() string { return e.err.Error() }
func (e *skipError) Unwrap() error { return e.err }

// FromProject reads the AppSync APIs of the local Amplify Gen 1 project in
// dir, one request per API and environment. What the committed files lack
// (git-ignored: the app ID, the environment, a user pool ID) comes from
// opts, or from the live service when opts.Live is set. An environment that
// cannot be imported is skipped with a note; when none can, the error says
// why.
func FromProject(ctx context.Context, dir string, opts ProjectOptions) (*Project, error) {
	files, err := newProjectFiles(dir)
	if err != nil {
		return nil, err
	}
	p := &project{files: files, opts: opts}
	if err := p.read(); err != nil {
		return nil, err
	}
	envs, apps, err := p.environments()
	if err != nil {
		return nil, err
	}
	if opts.Live != nil {
		if err := p.readLive(ctx, envs, apps); err != nil {
			return nil, err
		}
	}
	var apis []string
	for name, res := range p.backend["api"] {
		if strings.EqualFold(res.Service, "AppSync") {
			apis = append(apis, name)
		}
	}
	sort.Strings(apis)
	if len(apis) == 0 {
		return nil, &ProjectError{Path: p.path("backend", "backend-config.json"), Err: errors.New("has no AppSync API under \"api\"; add one with amplify add api, or import a live app with bapi import APPID")}
	}
	out := &Project{SchemaFiles: map[string][]File{}}
	if out.TransformerVersion, err = p.transformerVersion(); err != nil {
		return nil, err
	}
	var parsed []*projectAPI
	for _, name := range apis {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		api, err := p.api(name)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, api)
		if api.parts != nil {
			out.SchemaFiles[name] = api.parts
		}
	}
	// Resolve each environment for every API first, so that an
	// environment skipped for one API is skipped for all.
	byEnv := map[string][]*model.CreateBackendAPIRequest{}
	var skipped []string
	for _, env := range envs {
		if apps[env] == "" {
			skipped = append(skipped, env)
			continue
		}
		for _, api := range parsed {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			cfg, err := p.envConfig(api, env)
			var skip *skipError
			if errors.As(err, &skip) {
				p.note(skip.err.Path, "environment %s skipped: %v", env, skip.err.Err)
				skipped = append(skipped, env)
				byEnv[env] = nil
				break
			}
			if err != nil {
				return nil, err
			}
			byEnv[env] = append(byEnv[env], &model.CreateBackendAPIRequest{AppId: apps[env], BackendEnvironmentName: env, ResourceName: api.name, ResourceConfig: cfg})
		}
	}
	for _, api := range parsed {
		for _, env := range envs {
			for _, r := range byEnv[env] {
				if r.ResourceName == api.name {
					out.Requests = append(out.Requests, r)
				}
			}
		}
	}
	if len(out.Requests) == 0 {
		var reasons []string
		for _, n := range p.notes {
			reasons = append(reasons, n.String())
		}
		return nil, &ProjectError{Path: p.path(), Err: fmt.Errorf("no environment can be imported (%s): %s", strings.Join(skipped, ", "), strings.Join(reasons, "; "))}
	}
	out.Notes = p.notes
	return out, nil
}

// read reads the project-wide files.
func (p *project) read() error {
	tpiPath := p.path(tpiFile)
	if ok, err := p.files.readJSON(tpiPath, &p.tpi, false); err != nil {
		return err
	} else {
		p.hasTPI = ok && len(p.tpi) > 0
	}
	if _, err := p.files.readJSON(p.path("backend", "backend-config.json"), &p.backend, true); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &ProjectError{Path: p.path("backend", "backend-config.json"), Err: errors.New("does not exist; give the directory of an Amplify Gen 1 project (the one holding amplify/backend/backend-config.json), or run amplify pull there first")}
		}
		return err
	}
	var m meta
	if ok, err := p.files.readJSON(p.path("backend", metaFile), &m, false); err != nil {
		return err
	} else if ok {
		p.meta = &m
	}
	var local struct {
		EnvName string `json:"envName"`
	}
	if _, err := p.files.readJSON(p.path(".config", localEnvFile), &local, false); err != nil {
		return err
	}
	p.current = local.EnvName
	if p.current == "" && p.meta != nil {
		// The environment amplify-meta.json was written for: the one
		// whose stack it names, or the only one.
		stack := p.meta.Providers.AWSCloudFormation.StackName
		for env, info := range p.tpi {
			if stack != "" && info.AWSCloudFormation.StackName == stack {
				p.current = env
			}
		}
		if p.current == "" && len(p.tpi) == 1 {
			for env := range p.tpi {
				p.current = env
			}
		}
		if p.current == "" && !p.hasTPI && len(p.opts.Envs) == 1 {
			p.current = p.opts.Envs[0]
		}
	}
	return nil
}

// environments lists the environments to import and the app of each ("" for
// one that has none: it is skipped, with a note).
func (p *project) environments() ([]string, map[string]string, error) {
	tpiPath := p.path(tpiFile)
	envs := p.opts.Envs
	if len(envs) == 0 {
		envs = slices.Sorted(maps.Keys(p.tpi))
	}
	if len(envs) == 0 && p.current != "" {
		envs = []string{p.current}
	}
	if len(envs) == 0 {
		what := "does not exist (newer Amplify CLIs keep it out of git, so a fresh clone lacks it)"
		if p.files.exists(tpiPath) {
			what = "lists no environment"
		}
		return nil, nil, &ProjectError{Path: tpiPath, Err: fmt.Errorf("%s, and no other file names the environment; give the app and the environment to import: --app-id APPID --env ENV (amplify status or the Amplify console shows them)", what)}
	}
	apps := map[string]string{}
	for _, env := range envs {
		info, ok := p.tpi[env]
		if p.hasTPI && !ok {
			return nil, nil, &ProjectError{Path: tpiPath, Err: fmt.Errorf("has no environment %q (it has %s)", env, strings.Join(slices.Sorted(maps.Keys(p.tpi)), ", "))}
		}
		app := info.AWSCloudFormation.AmplifyAppID
		if app == "" && env == p.current && p.meta != nil {
			app = p.meta.Providers.AWSCloudFormation.AmplifyAppID
		}
		switch {
		case app != "" && p.opts.AppID != "" && app != p.opts.AppID:
			return nil, nil, &ProjectError{Path: tpiPath, Err: fmt.Errorf("environment %s belongs to app %s, not %s as --app-id says; leave --app-id out, or import another environment (--env)", env, app, p.opts.AppID)}
		case app == "":
			app = p.opts.AppID
		}
		if app == "" {
			if p.hasTPI {
				p.note(tpiPath, "environment %s skipped: it has no awscloudformation.AmplifyAppId (it was never connected to an Amplify app); to import it, give its app: --env %s --app-id APPID", env, env)
			} else {
				return nil, nil, &ProjectError{Path: tpiPath, Err: fmt.Errorf("does not exist (newer Amplify CLIs keep it out of git, so a fresh clone lacks it), and no other file names the app of environment %s; give it: --app-id APPID (amplify status or the Amplify console shows it)", env)}
			}
		}
		apps[env] = app
	}
	return envs, apps, nil
}

// readLive reads each environment's amplify-meta from the service.
func (p *project) readLive(ctx context.Context, envs []string, apps map[string]string) error {
	p.live = map[string]*meta{}
	for _, env := range envs {
		if apps[env] == "" {
			continue
		}
		be, err := p.opts.Live.GetBackend(ctx, &model.GetBackendRequest{AppId: apps[env], BackendEnvironmentName: env})
		if err != nil {
			return fmt.Errorf("read environment %s of app %s (GetBackend), for its user pool IDs: %w", env, apps[env], err)
		}
		if strings.TrimSpace(be.AmplifyMetaConfig) == "" {
			continue
		}
		var m meta
		if err := json.Unmarshal([]byte(be.AmplifyMetaConfig), &m); err != nil {
			return fmt.Errorf("environment %s of app %s: GetBackend's amplifyMetaConfig is not the JSON of an amplify-meta.json: %w", env, apps[env], err)
		}
		p.live[env] = &m
	}
	return nil
}

// transformerVersion is the project's GraphQL transformer: amplify/cli.json's
// features.graphqltransformer.transformerversion, which the Amplify CLI
// takes as 1 when the file or the flag is missing (projects from before the
// v2 transformer).
func (p *project) transformerVersion() (int, error) {
	var c struct {
		Features struct {
			GraphQLTransformer struct {
				TransformerVersion *flexDays `json:"transformerversion"`
			} `json:"graphqltransformer"`
		} `json:"features"`
	}
	if _, err := p.files.readJSON(p.path(cliFile), &c, false); err != nil {
		return 0, err
	}
	if v := c.Features.GraphQLTransformer.TransformerVersion; v != nil && v.v == 2 {
		return 2, nil
	}
	return 1, nil
}

// projectAPI is what the project says of one API, before the settings that
// differ by environment (user pool IDs) are resolved.
type projectAPI struct {
	name, apiName, schema string
	parts                 []File
	defaultAuth           *cliAuthType
	additional            []cliAuthType
	conflict              string
	source                string // the file the auth settings came from
}

func (p *project) api(name string) (*projectAPI, error) {
	dir := p.path("backend", "api", name)
	schema, parts, err := p.files.readSchema(dir)
	if err != nil {
		return nil, err
	}
	a := &projectAPI{name: name, apiName: name, schema: schema, parts: parts}
	var params apiParameters
	paramsPath := filepath.Join(dir, "parameters.json")
	if _, err := p.files.readJSON(paramsPath, &params, false); err != nil {
		return nil, err
	}
	if params.AppSyncAPIName != "" {
		a.apiName = params.AppSyncAPIName
	}
	var ci cliInputs
	ciPath := filepath.Join(dir, "cli-inputs.json")
	hasCI, err := p.files.readJSON(ciPath, &ci, false)
	if err != nil {
		return nil, err
	}
	res := p.backend["api"][name]
	switch {
	case hasCI && ci.ServiceConfiguration.DefaultAuthType != nil:
		sc := ci.ServiceConfiguration
		a.source = ciPath
		if sc.APIName != "" {
			a.apiName = sc.APIName
		}
		a.defaultAuth = sc.DefaultAuthType
		a.additional = sc.AdditionalAuthTypes
		if o := res.Output; o != nil && o.AuthConfig != nil && o.AuthConfig.DefaultAuthentication != nil {
			if old := o.AuthConfig.DefaultAuthentication.AuthenticationType; old != "" && old != a.defaultAuth.Mode {
				p.note(p.path("backend", "backend-config.json"), "API %s's default auth mode is %s here but %s in cli-inputs.json; import took cli-inputs.json's, which the Amplify CLI deploys from since version 7 (run amplify push, or amplify api update, to bring them together)", name, old, a.defaultAuth.Mode)
			}
		}
		for i := range a.additional {
			a.additional[i].keySource = ciPath + " (expirationTime)"
		}
		a.defaultAuth.keySource = ciPath + " (expirationTime)"
		if cr := sc.ConflictResolution; cr != nil && cr.DefaultResolutionStrategy != nil {
			a.conflict = cr.DefaultResolutionStrategy.Type
			if len(cr.PerModelResolutionStrategy) > 0 {
				return nil, &ProjectError{Path: a.source, Err: errors.New("sets a conflict resolution strategy per model, which CreateBackendAPI cannot express (one strategy for the API); remove perModelResolutionStrategy, or keep managing this API with the Amplify CLI")}
			}
		}
	case res.Output != nil && res.Output.AuthConfig != nil && res.Output.AuthConfig.DefaultAuthentication != nil:
		a.source = p.path("backend", "backend-config.json")
		ac := res.Output.AuthConfig
		a.defaultAuth = fromLegacy(*ac.DefaultAuthentication, a.source)
		for _, l := range ac.AdditionalAuthenticationProviders {
			a.additional = append(a.additional, *fromLegacy(l, a.source))
		}
	case res.Output != nil && res.Output.SecurityType != "":
		// The pre-2020 form: one mode in backend-config.json, its
		// settings in parameters.json.
		a.source = paramsPath
		at := &cliAuthType{Mode: res.Output.SecurityType, keySource: paramsPath + " (APIKeyExpirationEpoch)", keyEpoch: params.APIKeyExpirationEpoch}
		if len(params.AuthCognitoUserPoolID) > 0 {
			at.CognitoUserPoolID = poolRef(params.AuthCognitoUserPoolID)
		}
		a.defaultAuth = at
	default:
		return nil, &ProjectError{Path: p.path("backend", "backend-config.json"), Err: fmt.Errorf("api.%s has no output.authConfig.defaultAuthentication (nor the older output.securityType), and %s does not exist; run amplify api update or amplify pull to write them", name, ciPath)}
	}
	if a.conflict == "" {
		var tc transformConf
		if _, err := p.files.readJSON(filepath.Join(dir, "transform.conf.json"), &tc, false); err != nil {
			return nil, err
		}
		if rc := tc.ResolverConfig; rc != nil && rc.Project != nil {
			a.conflict = rc.Project.ConflictHandler
		}
	}
	return a, nil
}

// poolRef is the user pool parameters.json's AuthCognitoUserPoolId names:
// an ID as written, or the auth resource of {"Fn::GetAtt": [RESOURCE,
// "Outputs.UserPoolId"]}.
func poolRef(raw json.RawMessage) string {
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return id
	}
	var getAtt struct {
		GetAtt []string `json:"Fn::GetAtt"`
	}
	if json.Unmarshal(raw, &getAtt) == nil && len(getAtt.GetAtt) > 0 {
		return getAtt.GetAtt[0]
	}
	return ""
}

func fromLegacy(l legacyAuth, source string) *cliAuthType {
	a := &cliAuthType{Mode: l.AuthenticationType, keySource: source + " (apiKeyExpirationDays)"}
	if k := l.APIKeyConfig; k != nil {
		a.ExpirationTime, a.KeyDescription = k.APIKeyExpirationDays, k.Description
	}
	if u := l.UserPoolConfig; u != nil {
		a.CognitoUserPoolID = u.UserPoolID
	}
	if o := l.OpenIDConnectConfig; o != nil {
		a.OpenIDProvider, a.OpenIDIssuerURL, a.OpenIDClientID, a.OpenIDIatTTL, a.OpenIDAuthTTL = o.Name, o.IssuerURL, o.ClientID, o.IatTTL, o.AuthTTL
	}
	return a
}

// envConfig is the API's configuration in one environment.
func (p *project) envConfig(a *projectAPI, env string) (*model.BackendAPIResourceConfig, error) {
	cfg := &model.BackendAPIResourceConfig{ApiName: a.apiName, Service: "AppSync", TransformSchema: a.schema}
	def, err := p.auth(a, env, *a.defaultAuth)
	if err != nil {
		return nil, err
	}
	cfg.DefaultAuthType = def
	for _, at := range a.additional {
		m, err := p.auth(a, env, at)
		if err != nil {
			return nil, err
		}
		cfg.AdditionalAuthTypes = append(cfg.AdditionalAuthTypes, *m)
	}
	if a.conflict != "" {
		cfg.ConflictResolution = &model.BackendAPIConflictResolution{ResolutionStrategy: a.conflict}
	}
	return cfg, nil
}

func (p *project) auth(a *projectAPI, env string, at cliAuthType) (*model.BackendAPIAuthType, error) {
	out := &model.BackendAPIAuthType{Mode: at.Mode}
	s := &model.BackendAPIAppSyncAuthSettings{}
	switch at.Mode {
	case model.ModeAPIKey:
		days := p.keyDays(a, at)
		s.ExpirationTime, s.Description = &days, at.KeyDescription
	case model.ModeAWSIAM:
	case model.ModeAmazonCognitoUserPools:
		id, err := p.userPoolID(a, env, at.CognitoUserPoolID)
		if err != nil {
			return nil, err
		}
		s.CognitoUserPoolId = id
	case model.ModeOpenIDConnect:
		s.OpenIDProviderName, s.OpenIDClientId = at.OpenIDProvider, at.OpenIDClientID
		s.OpenIDIssueURL = cmp.Or(at.OpenIDIssuerURL, at.OpenIDIssueURL)
		s.OpenIDAuthTTL, s.OpenIDIatTTL = ttl(at.OpenIDAuthTTL), ttl(at.OpenIDIatTTL)
	case "AWS_LAMBDA":
		return nil, &ProjectError{Path: a.source, Err: fmt.Errorf("API %s uses Lambda authorization (AWS_LAMBDA), which CreateBackendAPI cannot express; bapi cannot manage this API", a.name)}
	default:
		return nil, &ProjectError{Path: a.source, Err: fmt.Errorf("API %s has auth mode %q, which bapi does not know (want API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS or OPENID_CONNECT)", a.name, at.Mode)}
	}
	if *s != (model.BackendAPIAppSyncAuthSettings{}) {
		out.Settings = s
	}
	return out, nil
}

// keyDays is an API key's ExpirationTime: the project's number of days when
// the service takes it (a whole number from 1 to 365), else the Amplify
// CLI's default, with a note that says what was changed and how to set
// another.
func (p *project) keyDays(a *projectAPI, at cliAuthType) float64 {
	fix := fmt.Sprintf("ExpirationTime is written as %d (the Amplify CLI's default); set the number of days you want (1 to 365) in the spec of API %s", defaultKeyDays, a.name)
	switch d := at.ExpirationTime; {
	case at.keyEpoch != nil && d == nil:
		// The pre-2020 parameter: 0 is 7 days from the deployment, -1
		// no key at all, anything else the date the key expires.
		switch e := at.keyEpoch.v; {
		case e == 0:
			return defaultKeyDays
		case e < 0:
			p.note(at.keySource, "API %s was deployed without an API key (APIKeyExpirationEpoch %s), which CreateBackendAPI cannot express (an API_KEY mode has a key); %s", a.name, strings.Trim(at.keyEpoch.raw, `"`), fix)
		default:
			p.note(at.keySource, "the API key of API %s expires at a date (APIKeyExpirationEpoch %s, seconds since 1970), which CreateBackendAPI cannot express (it takes a number of days); %s", a.name, strings.Trim(at.keyEpoch.raw, `"`), fix)
		}
	case d == nil:
		p.note(at.keySource, "the API key of API %s has no expiry in the project; %s", a.name, fix)
	case d.v >= 1 && d.v <= 365 && d.v == math.Trunc(d.v):
		return d.v
	default:
		p.note(at.keySource, "the API key of API %s expires after %s days, which the service refuses (it takes a whole number from 1 to 365); %s", a.name, strings.Trim(d.raw, `"`), fix)
	}
	return defaultKeyDays
}

// ttl is an OIDC TTL as the project writes it (a number or a string of
// milliseconds) as the service's string.
func ttl(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case float64:
		return fmt.Sprintf("%.0f", t)
	}
	return ""
}

// userPoolID resolves the user pool an API names in one environment. The
// Amplify CLI names the project's auth resource (authNAME, or NAME) rather
// than the pool, whose ID differs by environment. In order: --user-pool-id
// for the environment, team-provider-info.json (an imported pool), the
// service's amplify-meta of the environment (with credentials), and the
// git-ignored amplify-meta.json, which holds the checked-out environment's
// only. A pool found nowhere skips the environment.
func (p *project) userPoolID(a *projectAPI, env, ref string) (string, error) {
	if userPoolIDRE.MatchString(ref) {
		return ref, nil
	}
	if id := cmp.Or(p.opts.UserPoolIDs[env], p.opts.UserPoolIDs[""]); id != "" {
		return id, nil
	}
	var auths []string
	for name, res := range p.backend["auth"] {
		if strings.EqualFold(res.Service, "Cognito") {
			auths = append(auths, name)
		}
	}
	sort.Strings(auths)
	name := ref
	if !slices.Contains(auths, name) {
		name = strings.TrimPrefix(ref, "auth")
	}
	if name == "" || !slices.Contains(auths, name) {
		if len(auths) != 1 {
			return "", &ProjectError{Path: a.source, Err: fmt.Errorf("API %s uses Cognito user pools (%q), but the project has %d Cognito auth resources (%s); bapi cannot tell which pool is meant: give it with --user-pool-id [ENV=]ID", a.name, ref, len(auths), strings.Join(auths, ", "))}
		}
		name = auths[0]
	}
	if id := p.tpiUserPool(env, name); id != "" {
		return id, nil
	}
	if id := p.live[env].userPool(name); id != "" {
		return id, nil
	}
	if id := p.live[env].onlyUserPool(); id != "" {
		return id, nil
	}
	if env == p.current {
		if id := p.meta.userPool(name); id != "" {
			return id, nil
		}
	}
	metaPath := p.path("backend", metaFile)
	where := "does not exist (the Amplify CLI keeps it out of git)"
	switch {
	case p.meta != nil && env == p.current:
		where = fmt.Sprintf("gives no UserPoolId for auth resource %s", name)
	case p.meta != nil && p.current != "":
		where = fmt.Sprintf("holds environment %s's outputs only", p.current)
	case p.meta != nil:
		where = "holds one environment's outputs, and no file says which"
	}
	return "", &skipError{&ProjectError{Path: a.source, Err: fmt.Errorf("the user pool ID of auth resource %s in environment %s is not in the committed files (only amplify-meta.json holds it, and %s %s); give it: --user-pool-id %s=REGION_ID (aws cognito-idp list-user-pools), or give credentials (--profile, or --endpoint-url) to read it from the service", name, env, metaPath, where, env)}}
}

// tpiUserPool is an imported pool's ID (amplify import auth):
// team-provider-info.json's categories.auth.NAME.userPoolId.
func (p *project) tpiUserPool(env, name string) string {
	raw, ok := p.tpi[env].Categories["auth"]
	if !ok {
		return ""
	}
	var auth map[string]map[string]any
	if json.Unmarshal(raw, &auth) != nil {
		return ""
	}
	id, _ := auth[name]["userPoolId"].(string)
	return id
}
