package amplifybackend

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// The one operation of the Amplify service (not AmplifyBackend) that bapi
// uses: GetApp (GET /apps/{appId}, answering {"app": {...}}), to read the
// app's environment variables, where `amplify gen2-migration lock` marks
// the environment being moved to Gen 2 (GEN2_MIGRATION_ENVIRONMENT_NAME).
// Its model is aws-sdk-go-v2's service/amplify (api_op_GetApp.go, App in
// types.go); like AmplifyBackend it is rest-json, SigV4-signed.
const (
	// AppsSigningName is the Amplify service's SigV4 name.
	AppsSigningName = "amplify"
	// EnvEndpointURLAmplify overrides the Amplify service's endpoint.
	EnvEndpointURLAmplify = "AWS_ENDPOINT_URL_AMPLIFY"
	// MigrationEnvVar is the app environment variable that `amplify
	// gen2-migration lock` sets to the environment it locks.
	MigrationEnvVar = "GEN2_MIGRATION_ENVIRONMENT_NAME"
)

// GetAppRequest is GetApp's input.
type GetAppRequest struct {
	AppId string `json:"-"`
}

// App is the part of the Amplify service's App that bapi reads.
type App struct {
	AppId                string            `json:"appId"`
	AppArn               string            `json:"appArn,omitempty"`
	Name                 string            `json:"name"`
	EnvironmentVariables map[string]string `json:"environmentVariables,omitempty"`
}

// GetAppResponse is GetApp's output.
type GetAppResponse struct {
	App *App `json:"app"`
}

// AppsAPI is the Amplify service operation bapi uses.
type AppsAPI interface {
	GetApp(ctx context.Context, in *GetAppRequest) (*GetAppResponse, error)
}

// Compile-time check that *Client satisfies AppsAPI.
var _ AppsAPI = (*Client)(nil)

// GetApp reads an Amplify app (GET /apps/{appId} on the Amplify service).
func (c *Client) GetApp(ctx context.Context, in *GetAppRequest) (*GetAppResponse, error) {
	const op = "GetApp"
	if in == nil {
		in = &GetAppRequest{}
	}
	path, err := uriPath(op, "/apps/{appId}", map[string]string{"appId": in.AppId})
	if err != nil {
		return nil, err
	}
	out := &GetAppResponse{}
	if err := c.callService(ctx, service{endpoint: c.appsEndpoint, signing: AppsSigningName}, op, http.MethodGet, path, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// appsEndpoint is the Amplify service's endpoint: AWS_ENDPOINT_URL_AMPLIFY
// when set; the public https://amplify.{region}.amazonaws.com when the
// AmplifyBackend endpoint is the public default; otherwise the
// AmplifyBackend endpoint itself (an emulator or a proxy given with
// --endpoint-url or the environment serves both, as bapi's emulator does).
func appsEndpoint(backend *url.URL, source EndpointSource, region string, getenv func(string) string) (*url.URL, error) {
	if v := strings.TrimSpace(getenv(EnvEndpointURLAmplify)); v != "" {
		u, err := parseEndpoint(v)
		if err != nil {
			return nil, fmt.Errorf("endpoint from %s: %w", EnvEndpointURLAmplify, err)
		}
		return u, nil
	}
	if source != EndpointFromDefault || backend == nil {
		return backend, nil
	}
	return parseEndpoint(strings.Replace(DefaultEndpoint(region), "://amplifybackend.", "://amplify.", 1))
}
