package importer

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/model"
)

// Backend is what FromService needs of the AmplifyBackend client.
type Backend interface {
	GetBackend(ctx context.Context, in *model.GetBackendRequest) (*model.GetBackendResponse, error)
	GetBackendAPI(ctx context.Context, in *model.GetBackendAPIRequest) (*model.GetBackendAPIResponse, error)
}

// ServiceOptions configure FromService.
type ServiceOptions struct {
	// Envs limits the import to these environments; nil means every
	// environment of the app.
	Envs []string
}

// EnvError is an environment asked for that the app does not have.
type EnvError struct {
	AppID string
	Env   string
	Have  []string
}

func (e *EnvError) Error() string {
	return fmt.Sprintf("app %s has no backend environment %q (it has %s); check --env", e.AppID, e.Env, strings.Join(e.Have, ", "))
}

// FromService reads the AppSync APIs of app appID from the service: the
// environments from GetBackend, the APIs of each from its amplify-meta
// (GetBackend's amplifyMetaConfig, "api" entries with service AppSync), and
// each API's configuration from GetBackendAPI. Requests come in
// environment order (as given, else the app's), APIs by name.
func FromService(ctx context.Context, api Backend, appID string, opts ServiceOptions) ([]*model.CreateBackendAPIRequest, error) {
	app, err := api.GetBackend(ctx, &model.GetBackendRequest{AppId: appID})
	if err != nil {
		return nil, fmt.Errorf("read app %s (GetBackend): %w", appID, err)
	}
	envs := opts.Envs
	if len(envs) == 0 {
		envs = app.BackendEnvironmentList
	}
	for _, env := range envs {
		if !slices.Contains(app.BackendEnvironmentList, env) {
			return nil, &EnvError{AppID: appID, Env: env, Have: app.BackendEnvironmentList}
		}
	}
	if len(envs) == 0 {
		return nil, fmt.Errorf("app %s has no backend environment; create one (amplify env add, or aws amplifybackend create-backend) and import again", appID)
	}
	var out []*model.CreateBackendAPIRequest
	for _, env := range envs {
		be, err := api.GetBackend(ctx, &model.GetBackendRequest{AppId: appID, BackendEnvironmentName: env})
		if err != nil {
			return nil, fmt.Errorf("read environment %s of app %s (GetBackend): %w", env, appID, err)
		}
		names, err := metaAPIs(be.AmplifyMetaConfig)
		if err != nil {
			return nil, fmt.Errorf("environment %s of app %s: %w", env, appID, err)
		}
		for _, name := range names {
			got, err := api.GetBackendAPI(ctx, &model.GetBackendAPIRequest{AppId: appID, BackendEnvironmentName: env, ResourceName: name})
			if err != nil {
				return nil, fmt.Errorf("read API %s/%s/%s (GetBackendAPI): %w", appID, env, name, err)
			}
			if got.ResourceConfig == nil {
				return nil, fmt.Errorf("API %s/%s/%s: GetBackendAPI returned no resourceConfig", appID, env, name)
			}
			out = append(out, &model.CreateBackendAPIRequest{AppId: appID, BackendEnvironmentName: env, ResourceName: name, ResourceConfig: got.ResourceConfig})
		}
	}
	return out, nil
}

// metaAPIs lists, by name, the AppSync APIs of an amplify-meta.json.
func metaAPIs(meta string) ([]string, error) {
	if strings.TrimSpace(meta) == "" {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		return nil, fmt.Errorf("amplifyMetaConfig is not JSON: %w", err)
	}
	var apis map[string]struct {
		Service string `json:"service"`
	}
	if raw, ok := m["api"]; ok {
		if err := json.Unmarshal(raw, &apis); err != nil {
			return nil, fmt.Errorf("amplifyMetaConfig's \"api\" is not a map of APIs: %w", err)
		}
	}
	var names []string
	for name, a := range apis {
		if strings.EqualFold(a.Service, "AppSync") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}
