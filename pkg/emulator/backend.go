package emulator

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	bolt "go.etcd.io/bbolt"
)

// graphQLAPIID is the AppSync API ID the emulator gives an API, in the
// output of amplifyMetaConfig as the Amplify CLI writes it
// (GraphQLAPIIdOutput): 26 lower-case letters and digits, as AppSync's,
// the same for the same app, environment and API name, so that a test can
// name the API's tables (<model>-<apiId>-<env>).
func graphQLAPIID(app, env, name string) string {
	sum := sha256.Sum256([]byte(app + "/" + env + "/" + name))
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:]))[:26]
}

// Categories an Amplify Studio deployment (the service's API jobs) may hold.
// A backend holding any other category (function, analytics, geo,
// notifications, ...) fails every API deployment.
func deployableCategory(c string) bool {
	switch c {
	case "api", "auth", "storage":
		return true
	}
	return false
}

// categoryService names the service amplify-meta.json gives a category's
// resource, for the categories the emulator can put in a backend ("Custom"
// for others).
func categoryService(c string) string {
	switch c {
	case "auth":
		return "Cognito"
	case "storage":
		return "S3"
	case "function":
		return "Lambda"
	case "analytics", "notifications":
		return "Pinpoint"
	case "geo":
		return "Map"
	case "predictions":
		return "Rekognition"
	case "interactions":
		return "Lex"
	case "hosting":
		return "S3AndCloudFront"
	case "custom":
		return "customCDK"
	}
	return "Custom"
}

// featureFlags is the amplifyFeatureFlags GetBackend answers: the Amplify
// CLI's cli.json of a Gen 1 project using the v2 GraphQL transformer (v1
// for the environments of Options.TransformerV1).
const featureFlags = `{"features":{"graphqltransformer":{"addmissingownerfields":true,"improvepluralization":false,"validatetypenamereservedwords":true,"useexperimentalpipelinedtransformer":true,"enableiterativegsiupdates":true,"secondarykeyasgsi":true,"skipoverridemutationinputtypes":true,"transformerversion":2,"suppressschemamigrationprompt":true,"securityenhancementnotification":false,"showfieldauthnotification":false,"usesubusernamefordefaultidentityclaim":true,"usefieldnameforprimarykeyconnectionfield":false,"enableautoindexquerynames":true,"respectprimarykeyattributesonconnectionfield":true,"shoulddeepmergedirectiveconfigdefaults":false,"populateownerfieldforstaticgroupauth":true},"appsync":{"generategraphqlpermissions":true}}}`

// EnsureApp creates app (named after its ID) with the given backend
// environments, adding those it lacks if it exists. It starts no job: it is
// for setting up a test or demo, as if the app had been made with the
// Amplify CLI long ago.
func (s *Server) EnsureApp(ctx context.Context, app string, envs ...string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if e := s.write(func(tx *bolt.Tx) *apiError { return ensureApp(tx, app, envs, s.now()) }); e != nil {
		return fmt.Errorf("create app %s: %s", app, e.message)
	}
	return nil
}

func ensureApp(tx *bolt.Tx, app string, envs []string, now time.Time) *apiError {
	if e := checkID("appId", app); e != nil {
		return e
	}
	if len(envs) == 0 {
		return badRequest("app %s needs at least one backend environment", app)
	}
	for _, env := range envs {
		if e := checkID("backendEnvironmentName", env); e != nil {
			return e
		}
		if envExists(tx, app, env) {
			continue
		}
		if err := putJSON(tx.Bucket(bucketEnvs), key(app, env), envRecord{CreateTime: now, AppName: appName(tx, app)}); err != nil {
			return internal(err)
		}
	}
	return nil
}

// appName is the name of app: the one its first environment was made with,
// else its ID.
func appName(tx *bolt.Tx, app string) string {
	for _, env := range appEnvs(tx, app) {
		var rec envRecord
		if ok, err := getJSON(tx.Bucket(bucketEnvs), key(app, env), &rec); err == nil && ok && rec.AppName != "" {
			return rec.AppName
		}
	}
	return app
}

// appEnvs lists the backend environments of app, in name order.
func appEnvs(tx *bolt.Tx, app string) []string {
	var envs []string
	prefix := app + keySep
	c := tx.Bucket(bucketEnvs).Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		envs = append(envs, string(k[len(prefix):]))
	}
	return envs
}

// Categories lists categories that the backend of one environment holds
// besides its GraphQL API, as if added with the Amplify CLI.
type Categories struct {
	AppID                  string
	BackendEnvironmentName string
	// Names are category names as in amplify-meta.json: auth, storage,
	// function, analytics, geo, notifications, ...
	Names []string
}

// SeedJob is a job of another operation (GenerateBackendAPIModels,
// DeleteBackend, ...) running on an environment when the emulator starts:
// RUNNING for Duration, then COMPLETED. While it runs it is the
// environment's pending job.
type SeedJob struct {
	AppID                  string
	BackendEnvironmentName string
	Operation              string
	Duration               time.Duration
}

// StartJob starts a job like a SeedJob now, and returns its ID.
func (s *Server) StartJob(ctx context.Context, j SeedJob) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	var id string
	e := s.write(func(tx *bolt.Tx) *apiError {
		var e *apiError
		id, e = startSeedJob(tx, j, s.now())
		return e
	})
	if e != nil {
		return "", fmt.Errorf("start %s job on %s/%s: %s", j.Operation, j.AppID, j.BackendEnvironmentName, e.message)
	}
	return id, nil
}

func startSeedJob(tx *bolt.Tx, j SeedJob, now time.Time) (string, *apiError) {
	if e := checkAppEnv(tx, j.AppID, j.BackendEnvironmentName); e != nil {
		return "", e
	}
	rec, err := newJob(tx, j.Operation, j.AppID, j.BackendEnvironmentName, "", now, j.Duration, false)
	if err != nil {
		return "", internal(err)
	}
	return rec.JobID, nil
}

func setCategories(tx *bolt.Tx, c Categories) *apiError {
	if e := checkAppEnv(tx, c.AppID, c.BackendEnvironmentName); e != nil {
		return e
	}
	var rec envRecord
	if _, err := getJSON(tx.Bucket(bucketEnvs), key(c.AppID, c.BackendEnvironmentName), &rec); err != nil {
		return internal(err)
	}
	names := slices.Clone(c.Names)
	sort.Strings(names)
	rec.Categories = slices.Compact(names)
	if err := putJSON(tx.Bucket(bucketEnvs), key(c.AppID, c.BackendEnvironmentName), rec); err != nil {
		return internal(err)
	}
	return nil
}

// startMissing is the message of e, an error of a start option on app/env;
// when the app or environment does not exist, it says how to give it at
// start (bapi emulator's --app, which holds Options.Apps), not the service's
// advice to run amplify init.
func startMissing(e *apiError, app, env string) string {
	if e.code != codeNotFound {
		return e.message
	}
	return fmt.Sprintf("app %s has no backend environment %s at start: give it with --app %s=%s (apps and environments are made before categories and seeded jobs), or create it with CreateBackend in a --state kept from an earlier run", app, env, app, env)
}

// startState sets up what Options give at start: apps, categories, then
// seeded jobs, in one transaction.
func (s *Server) startState() error {
	now := s.now()
	e := s.write(func(tx *bolt.Tx) *apiError {
		apps := make([]string, 0, len(s.opts.Apps))
		for app := range s.opts.Apps {
			apps = append(apps, app)
		}
		sort.Strings(apps)
		for _, app := range apps {
			if e := ensureApp(tx, app, s.opts.Apps[app], now); e != nil {
				return e
			}
		}
		for _, c := range s.opts.Categories {
			if e := setCategories(tx, c); e != nil {
				return &apiError{message: fmt.Sprintf("categories of %s/%s: %s", c.AppID, c.BackendEnvironmentName, startMissing(e, c.AppID, c.BackendEnvironmentName))}
			}
		}
		for _, j := range s.opts.SeedJobs {
			if _, e := startSeedJob(tx, j, now); e != nil {
				return &apiError{message: fmt.Sprintf("seed job %s on %s/%s: %s", j.Operation, j.AppID, j.BackendEnvironmentName, startMissing(e, j.AppID, j.BackendEnvironmentName))}
			}
		}
		return nil
	})
	if e != nil {
		return fmt.Errorf("emulator start state: %s", e.message)
	}
	return nil
}

// envCategories returns the categories recorded for app/env.
func envCategories(tx *bolt.Tx, app, env string) ([]string, error) {
	var rec envRecord
	if _, err := getJSON(tx.Bucket(bucketEnvs), key(app, env), &rec); err != nil {
		return nil, err
	}
	return rec.Categories, nil
}

// deploymentRefusal is the error of an API job on a backend holding
// categories Amplify Studio cannot deploy, "" when there are none.
func deploymentRefusal(categories []string) string {
	var bad []string
	for _, c := range categories {
		if !deployableCategory(c) {
			bad = append(bad, c)
		}
	}
	if len(bad) == 0 {
		return ""
	}
	return "An error occurred while processing your request: Deployment failed because your app backend contains " +
		strings.Join(bad, ", ") + ". Amplify Studio only supports API, Auth, and Storage deployments. Please use the Amplify CLI to deploy updates."
}

// liveAPIs returns the GraphQL APIs app/env has at now, by resource name.
func liveAPIs(tx *bolt.Tx, app, env string, now time.Time) (map[string]*ab.BackendAPIResourceConfig, error) {
	out := map[string]*ab.BackendAPIResourceConfig{}
	prefix := string(key(app, env)) + keySep
	c := tx.Bucket(bucketResources).Cursor()
	for k, _ := c.Seek([]byte(prefix)); k != nil && strings.HasPrefix(string(k), prefix); k, _ = c.Next() {
		name := string(k[len(prefix):])
		cfg, _, err := effective(tx, app, env, name, now)
		if err != nil {
			return nil, err
		}
		if cfg != nil {
			out[name] = cfg
		}
	}
	return out, nil
}

// otherAPIMessage is the job error of a create on a pair that already has
// an API named existing: the Amplify CLI's headless add api refuses it.
func otherAPIMessage(existing string) string {
	return fmt.Sprintf("GraphQL API %s already exists in the project. Use 'amplify update api' to make modifications.", existing)
}

// metaConfig is the amplify-meta.json of app/env at now: its providers, the
// GraphQL API if there is one, and the recorded categories.
func metaConfig(tx *bolt.Tx, region, app, env string, now time.Time) (string, error) {
	apis, err := liveAPIs(tx, app, env, now)
	if err != nil {
		return "", err
	}
	cats, err := envCategories(tx, app, env)
	if err != nil {
		return "", err
	}
	stack := "amplify-" + appName(tx, app) + "-" + env
	meta := map[string]any{
		"providers": map[string]any{"awscloudformation": map[string]any{
			"AmplifyAppId":         app,
			"Region":               region,
			"StackName":            stack,
			"DeploymentBucketName": stack + "-deployment",
			// The roles the Amplify CLI makes for the environment's identity
			// pool, in the emulator's account (apps.go's).
			"AuthRoleArn":   "arn:aws:iam::123456789012:role/" + stack + "-authRole",
			"UnauthRoleArn": "arn:aws:iam::123456789012:role/" + stack + "-unauthRole",
		}},
	}
	if len(apis) > 0 {
		api := map[string]any{}
		for name, cfg := range apis {
			out := map[string]any{"GraphQLAPIIdOutput": graphQLAPIID(app, env, name)}
			if cfg.DefaultAuthType != nil {
				out["authConfig"] = map[string]any{"defaultAuthentication": map[string]any{"authenticationType": cfg.DefaultAuthType.Mode}}
			}
			api[name] = map[string]any{"service": "AppSync", "providerPlugin": "awscloudformation", "output": out}
		}
		meta["api"] = api
	}
	for _, c := range cats {
		if c == "api" {
			continue
		}
		res := map[string]any{"service": categoryService(c), "providerPlugin": "awscloudformation"}
		if c == "auth" {
			res["output"] = authOutput(apis, region, app, env)
		}
		meta[c] = map[string]any{app + c: res}
	}
	data, err := json.Marshal(meta)
	if err != nil {
		return "", err
	}
	return string(data), nil
}

// authOutput is the output of an environment's auth resource as the
// Amplify CLI writes it in amplify-meta.json: the user pool, its web and
// native app clients, and the identity pool. The client and identity pool
// IDs are made from the app and environment (the emulator has no Cognito):
// stable, and of Cognito's shapes.
func authOutput(apis map[string]*ab.BackendAPIResourceConfig, region, app, env string) map[string]any {
	id := alnum(app + env)
	return map[string]any{
		"UserPoolId":     userPoolID(apis, region, app),
		"AppClientIDWeb": "web" + id,
		"AppClientID":    "native" + id,
		"IdentityPoolId": fmt.Sprintf("%s:00000000-0000-4000-8000-%x", region, sha256.Sum256([]byte(app+"/"+env)))[:len(region)+37],
	}
}

// alnum is s without what is not an ASCII letter or digit.
func alnum(s string) string {
	out := make([]byte, 0, len(s))
	for _, c := range []byte(s) {
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			out = append(out, c)
		}
	}
	return string(out)
}

// userPoolID is the Cognito user pool an environment's auth resource
// outputs: the pool its GraphQL API names, else one made from the region
// and the app ID, as amplify-meta.json's auth output UserPoolId holds it.
func userPoolID(apis map[string]*ab.BackendAPIResourceConfig, region, app string) string {
	for _, name := range slices.Sorted(maps.Keys(apis)) {
		cfg := apis[name]
		modes := cfg.AdditionalAuthTypes
		if cfg.DefaultAuthType != nil {
			modes = append([]ab.BackendAPIAuthType{*cfg.DefaultAuthType}, modes...)
		}
		for _, m := range modes {
			if m.Settings != nil && m.Settings.CognitoUserPoolId != "" {
				return m.Settings.CognitoUserPoolId
			}
		}
	}
	return region + "_" + alnum(app)
}

func (s *Server) createBackend(body []byte, now time.Time) (any, *apiError) {
	var in ab.CreateBackendRequest
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if e := required(map[string]bool{"appId": in.AppId != "", "appName": in.AppName != "", "backendEnvironmentName": in.BackendEnvironmentName != ""}); e != nil {
		return nil, e
	}
	if e := checkID("appId", in.AppId); e != nil {
		return nil, e
	}
	if e := checkID("backendEnvironmentName", in.BackendEnvironmentName); e != nil {
		return nil, e
	}
	var job *jobRecord
	e := s.write(func(tx *bolt.Tx) *apiError {
		if envExists(tx, in.AppId, in.BackendEnvironmentName) {
			return badRequest("Backend environment %s already exists in app %s.", in.BackendEnvironmentName, in.AppId)
		}
		name := in.AppName
		if appExists(tx, in.AppId) {
			name = appName(tx, in.AppId)
		}
		if err := putJSON(tx.Bucket(bucketEnvs), key(in.AppId, in.BackendEnvironmentName), envRecord{CreateTime: now, AppName: name}); err != nil {
			return internal(err)
		}
		var err error
		job, err = newJob(tx, OpCreateBackend, in.AppId, in.BackendEnvironmentName, "", now, s.opts.JobDuration, false)
		if err != nil {
			return internal(err)
		}
		return nil
	})
	if e != nil {
		return nil, e
	}
	return jobAnswer(job, now), nil
}

func (s *Server) getBackend(rt route, body []byte, now time.Time) (any, *apiError) {
	var in ab.GetBackendRequest
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	var out *ab.GetBackendResponse
	e := s.read(func(tx *bolt.Tx) *apiError {
		if !appExists(tx, rt.app) {
			return appNotFound(rt.app)
		}
		out = &ab.GetBackendResponse{AppId: rt.app, AppName: appName(tx, rt.app), BackendEnvironmentList: appEnvs(tx, rt.app)}
		if in.BackendEnvironmentName == "" {
			return nil
		}
		if !envExists(tx, rt.app, in.BackendEnvironmentName) {
			return envNotFound(rt.app, in.BackendEnvironmentName)
		}
		meta, err := metaConfig(tx, s.opts.Region, rt.app, in.BackendEnvironmentName, now)
		if err != nil {
			return internal(err)
		}
		out.BackendEnvironmentName = in.BackendEnvironmentName
		out.AmplifyMetaConfig = meta
		out.AmplifyFeatureFlags = featureFlags
		if s.opts.TransformerV1[rt.app+"/"+in.BackendEnvironmentName] {
			out.AmplifyFeatureFlags = strings.Replace(featureFlags, `"transformerversion":2`, `"transformerversion":1`, 1)
		}
		return nil
	})
	if e != nil {
		return nil, e
	}
	return out, nil
}

func appNotFound(app string) *apiError {
	return notFound("App", "App %s not found. Create it and its backend environment first: amplify init with the Amplify CLI, or CreateBackend.", app)
}

func envNotFound(app, env string) *apiError {
	return notFound("BackendEnvironment", "Backend environment %s not found in app %s. Create it first: amplify env add with the Amplify CLI, or CreateBackend.", env, app)
}

// pendingError is the service's refusal of a job while another is pending.
func (s *Server) pendingError(app, env string) *apiError {
	code := codeBadRequest
	switch s.opts.PendingJobCode {
	case PendingCodeValidation:
		code = codeValidation
	case PendingCodeAlternate:
		s.rngMu.Lock()
		s.pendingCount++
		n := s.pendingCount
		s.rngMu.Unlock()
		if n%2 == 0 {
			code = codeValidation
		}
	}
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(
		"ValidationException - An error occurred while processing your request: There is already a pending job for the requested appId: %s and backendEnvironmentName: %s, wait for it to complete before creating a new job.", app, env)}
}
