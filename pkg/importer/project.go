package importer

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
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

// ProjectOptions configure FromProject.
type ProjectOptions struct {
	// Envs limits the import to these environments; nil means every
	// environment of team-provider-info.json.
	Envs []string
}

// teamProviderInfo is amplify/team-provider-info.json: per environment, the
// CloudFormation provider's settings (the Amplify app ID among them) and
// per-category, per-resource parameters (an imported Cognito user pool's
// ID among them).
type teamProviderInfo map[string]struct {
	AWSCloudFormation struct {
		AmplifyAppID string `json:"AmplifyAppId"`
		Region       string `json:"Region"`
	} `json:"awscloudformation"`
	Categories map[string]map[string]map[string]any `json:"categories"`
}

// cliInputs is amplify/backend/api/NAME/cli-inputs.json (Amplify CLI 7 and
// later): the AppSync API's service configuration.
type cliInputs struct {
	Version              int `json:"version"`
	ServiceConfiguration struct {
		APIName             string        `json:"apiName"`
		ServiceName         string        `json:"serviceName"`
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
	Mode              string   `json:"mode"`
	ExpirationTime    *float64 `json:"expirationTime"`
	KeyDescription    string   `json:"keyDescription"`
	CognitoUserPoolID string   `json:"cognitoUserPoolId"`
	OpenIDProvider    string   `json:"openIDProviderName"`
	OpenIDIssuerURL   string   `json:"openIDIssuerURL"`
	OpenIDIssueURL    string   `json:"openIDIssueURL"` // the headless interface's spelling
	OpenIDClientID    string   `json:"openIDClientID"`
	OpenIDAuthTTL     any      `json:"openIDAuthTTL"`
	OpenIDIatTTL      any      `json:"openIDIatTTL"`
}

// backendConfig is amplify/backend/backend-config.json: per category, per
// resource, its service and, for an API, its auth configuration (the form
// older projects without cli-inputs.json keep it in).
type backendConfig map[string]map[string]struct {
	Service string `json:"service"`
	Output  *struct {
		AuthConfig *struct {
			DefaultAuthentication             *legacyAuth  `json:"defaultAuthentication"`
			AdditionalAuthenticationProviders []legacyAuth `json:"additionalAuthenticationProviders"`
		} `json:"authConfig"`
	} `json:"output"`
}

type legacyAuth struct {
	AuthenticationType string `json:"authenticationType"`
	APIKeyConfig       *struct {
		APIKeyExpirationDays *float64 `json:"apiKeyExpirationDays"`
		Description          string   `json:"description"`
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

// transformConf is amplify/backend/api/NAME/transform.conf.json: the
// project-wide conflict handler of a DataStore-enabled API.
type transformConf struct {
	ResolverConfig *struct {
		Project *struct {
			ConflictHandler   string `json:"ConflictHandler"`
			ConflictDetection string `json:"ConflictDetection"`
		} `json:"project"`
	} `json:"ResolverConfig"`
}

// userPoolIDRE matches a Cognito user pool ID (REGION_ID).
var userPoolIDRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]_[0-9a-zA-Z]+$`)

type project struct {
	dir     string
	tpi     teamProviderInfo
	backend backendConfig
	// meta is amplify-meta.json of the environment checked out (envName),
	// which holds the outputs (user pool IDs) of that environment only.
	meta    map[string]map[string]struct{ Output map[string]any }
	envName string
}

func (p *project) path(parts ...string) string {
	return filepath.Join(append([]string{p.dir, "amplify"}, parts...)...)
}

func readJSON(path string, v any, required bool) (bool, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return false, nil
	}
	if err != nil {
		return false, &ProjectError{Path: path, Err: err}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, &ProjectError{Path: path, Err: fmt.Errorf("not the JSON the Amplify CLI writes: %w", err)}
	}
	return true, nil
}

// FromProject reads the AppSync APIs of the local Amplify Gen 1 project in
// dir, one request per API and environment, environments in name order.
func FromProject(ctx context.Context, dir string, opts ProjectOptions) ([]*model.CreateBackendAPIRequest, error) {
	p := &project{dir: dir}
	if _, err := readJSON(p.path("team-provider-info.json"), &p.tpi, true); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, &ProjectError{Path: p.path("team-provider-info.json"), Err: errors.New("does not exist; give the directory of an Amplify Gen 1 project (the one holding amplify/), after amplify init or amplify pull")}
		}
		return nil, err
	}
	if _, err := readJSON(p.path("backend", "backend-config.json"), &p.backend, true); err != nil {
		return nil, err
	}
	if _, err := readJSON(p.path("backend", "amplify-meta.json"), &p.meta, false); err != nil {
		return nil, err
	}
	var local struct {
		EnvName string `json:"envName"`
	}
	if _, err := readJSON(p.path(".config", "local-env-info.json"), &local, false); err != nil {
		return nil, err
	}
	p.envName = local.EnvName

	envs := opts.Envs
	if len(envs) == 0 {
		for env := range p.tpi {
			envs = append(envs, env)
		}
		sort.Strings(envs)
	}
	if len(envs) == 0 {
		return nil, &ProjectError{Path: p.path("team-provider-info.json"), Err: errors.New("lists no environment; run amplify env add or amplify pull first")}
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
	var out []*model.CreateBackendAPIRequest
	for _, name := range apis {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		api, err := p.api(name)
		if err != nil {
			return nil, err
		}
		for _, env := range envs {
			info, ok := p.tpi[env]
			if !ok {
				return nil, &ProjectError{Path: p.path("team-provider-info.json"), Err: fmt.Errorf("has no environment %q (it has %s)", env, strings.Join(slices.Sorted(maps.Keys(p.tpi)), ", "))}
			}
			appID := info.AWSCloudFormation.AmplifyAppID
			if appID == "" {
				return nil, &ProjectError{Path: p.path("team-provider-info.json"), Err: fmt.Errorf("environment %s has no awscloudformation.AmplifyAppId; connect it to an Amplify app (amplify push, or amplify pull --appId) first", env)}
			}
			cfg, err := p.envConfig(api, env)
			if err != nil {
				return nil, err
			}
			out = append(out, &model.CreateBackendAPIRequest{AppId: appID, BackendEnvironmentName: env, ResourceName: name, ResourceConfig: cfg})
		}
	}
	return out, nil
}

// projectAPI is what the project says of one API, before the settings that
// differ by environment (user pool IDs) are resolved.
type projectAPI struct {
	name, apiName, schema string
	defaultAuth           *cliAuthType
	additional            []cliAuthType
	conflict              string
	source                string // the file the auth settings came from
}

func (p *project) api(name string) (*projectAPI, error) {
	dir := p.path("backend", "api", name)
	schema, err := readProjectSchema(dir)
	if err != nil {
		return nil, err
	}
	a := &projectAPI{name: name, apiName: name, schema: schema}
	var params struct {
		AppSyncAPIName string `json:"AppSyncApiName"`
	}
	if _, err := readJSON(filepath.Join(dir, "parameters.json"), &params, false); err != nil {
		return nil, err
	}
	if params.AppSyncAPIName != "" {
		a.apiName = params.AppSyncAPIName
	}
	var ci cliInputs
	hasCI, err := readJSON(filepath.Join(dir, "cli-inputs.json"), &ci, false)
	if err != nil {
		return nil, err
	}
	if hasCI && ci.ServiceConfiguration.DefaultAuthType != nil {
		sc := ci.ServiceConfiguration
		a.source = filepath.Join(dir, "cli-inputs.json")
		if sc.APIName != "" {
			a.apiName = sc.APIName
		}
		a.defaultAuth = sc.DefaultAuthType
		a.additional = sc.AdditionalAuthTypes
		if cr := sc.ConflictResolution; cr != nil && cr.DefaultResolutionStrategy != nil {
			a.conflict = cr.DefaultResolutionStrategy.Type
			if len(cr.PerModelResolutionStrategy) > 0 {
				return nil, &ProjectError{Path: a.source, Err: errors.New("sets a conflict resolution strategy per model, which CreateBackendAPI cannot express (one strategy for the API); remove perModelResolutionStrategy, or keep managing this API with the Amplify CLI")}
			}
		}
	} else {
		a.source = p.path("backend", "backend-config.json")
		res := p.backend["api"][name]
		if res.Output == nil || res.Output.AuthConfig == nil || res.Output.AuthConfig.DefaultAuthentication == nil {
			return nil, &ProjectError{Path: a.source, Err: fmt.Errorf("api.%s has no output.authConfig.defaultAuthentication, and %s does not exist; run amplify api update or amplify pull to write them", name, filepath.Join(dir, "cli-inputs.json"))}
		}
		ac := res.Output.AuthConfig
		a.defaultAuth = fromLegacy(*ac.DefaultAuthentication)
		for _, l := range ac.AdditionalAuthenticationProviders {
			a.additional = append(a.additional, *fromLegacy(l))
		}
	}
	if a.conflict == "" {
		var tc transformConf
		if _, err := readJSON(filepath.Join(dir, "transform.conf.json"), &tc, false); err != nil {
			return nil, err
		}
		if rc := tc.ResolverConfig; rc != nil && rc.Project != nil {
			a.conflict = rc.Project.ConflictHandler
		}
	}
	return a, nil
}

func fromLegacy(l legacyAuth) *cliAuthType {
	a := &cliAuthType{Mode: l.AuthenticationType}
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
		s.ExpirationTime, s.Description = at.ExpirationTime, at.KeyDescription
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
// Amplify CLI names the project's auth resource (authNAME) rather than the
// pool, whose ID differs by environment: it is in team-provider-info.json
// for an imported pool, and in amplify-meta.json for the environment
// checked out.
func (p *project) userPoolID(a *projectAPI, env, ref string) (string, error) {
	if userPoolIDRE.MatchString(ref) {
		return ref, nil
	}
	var auths []string
	for name, res := range p.backend["auth"] {
		if strings.EqualFold(res.Service, "Cognito") {
			auths = append(auths, name)
		}
	}
	sort.Strings(auths)
	name := ref
	if name == "" || !slices.Contains(auths, name) {
		if len(auths) != 1 {
			return "", &ProjectError{Path: a.source, Err: fmt.Errorf("API %s uses Cognito user pools (%q), but the project has %d Cognito auth resources (%s); bapi cannot tell which pool is meant", a.name, ref, len(auths), strings.Join(auths, ", "))}
		}
		name = auths[0]
	}
	if params := p.tpi[env].Categories["auth"][name]; params != nil {
		if id, _ := params["userPoolId"].(string); id != "" {
			return id, nil
		}
	}
	if env == p.envName {
		if id, _ := p.meta["auth"][name].Output["UserPoolId"].(string); id != "" {
			return id, nil
		}
	}
	return "", &ProjectError{Path: p.path("backend", "amplify-meta.json"), Err: fmt.Errorf("the user pool ID of auth resource %s in environment %s is not in the project (amplify-meta.json holds the checked-out environment's, %q); run amplify env checkout %s and import that environment again (--env %s), or import from the service: bapi import APPID", name, env, p.envName, env, env)}
}

// readProjectSchema reads an API's schema as the Amplify CLI does:
// schema.graphql, else every file of the schema/ folder, depth first in
// name order, dot files skipped, joined with newlines.
func readProjectSchema(apiDir string) (string, error) {
	single := filepath.Join(apiDir, "schema.graphql")
	data, err := os.ReadFile(single)
	if err == nil {
		return string(data), nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", &ProjectError{Path: single, Err: err}
	}
	folder := filepath.Join(apiDir, "schema")
	var parts []string
	var walk func(dir string) error
	walk = func(dir string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return &ProjectError{Path: dir, Err: err}
		}
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := filepath.Join(dir, e.Name())
			if e.IsDir() {
				if err := walk(p); err != nil {
					return err
				}
				continue
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return &ProjectError{Path: p, Err: err}
			}
			parts = append(parts, string(b))
		}
		return nil
	}
	if _, err := os.Stat(folder); errors.Is(err, fs.ErrNotExist) {
		return "", &ProjectError{Path: single, Err: fmt.Errorf("does not exist, nor does %s; the API has no schema", folder)}
	}
	if err := walk(folder); err != nil {
		return "", err
	}
	return strings.Join(parts, "\n"), nil
}
