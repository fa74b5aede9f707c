// Package model holds the AmplifyBackend request and response structures, named
// and shaped as in the service model. It imports nothing, so the load and
// validate stages (and a cold `bapi validate`) do not link the AWS SDK.
package model

// The request and response structures below are named and shaped as in the
// AmplifyBackend service model (service-2.json, API version 2020-08-11).
// Members carry two tags: `json` is the wire name (the model's camelCase
// locationName) and `yaml` is the model's PascalCase member name, which is how
// spec files spell them. Members bound to the URI (location "uri") are tagged
// json:"-" and placed in the path by the client.

// Job statuses that end a job. Any other status means the job is still
// running; the real service has been seen answering "RUNNING" and others.
const (
	StatusCompleted = "COMPLETED"
	StatusFailed    = "FAILED"
)

// IsTerminal reports whether a job status ends the job.
func IsTerminal(status string) bool {
	return status == StatusCompleted || status == StatusFailed
}

// Auth modes (the model's Mode enum).
const (
	ModeAPIKey                 = "API_KEY"
	ModeAWSIAM                 = "AWS_IAM"
	ModeAmazonCognitoUserPools = "AMAZON_COGNITO_USER_POOLS"
	ModeOpenIDConnect          = "OPENID_CONNECT"
)

// Modes lists the Mode enum in model order.
func Modes() []string {
	return []string{ModeAPIKey, ModeAWSIAM, ModeAmazonCognitoUserPools, ModeOpenIDConnect}
}

// ResolutionStrategies lists the ResolutionStrategy enum in model order.
func ResolutionStrategies() []string {
	return []string{"OPTIMISTIC_CONCURRENCY", "LAMBDA", "AUTOMERGE", "NONE"}
}

// BackendAPIAppSyncAuthSettings is the model's BackendAPIAppSyncAuthSettings.
type BackendAPIAppSyncAuthSettings struct {
	CognitoUserPoolId  string   `json:"cognitoUserPoolId,omitempty" yaml:"CognitoUserPoolId,omitempty"`
	Description        string   `json:"description,omitempty" yaml:"Description,omitempty"`
	ExpirationTime     *float64 `json:"expirationTime,omitempty" yaml:"ExpirationTime,omitempty"`
	OpenIDAuthTTL      string   `json:"openIDAuthTTL,omitempty" yaml:"OpenIDAuthTTL,omitempty"`
	OpenIDClientId     string   `json:"openIDClientId,omitempty" yaml:"OpenIDClientId,omitempty"`
	OpenIDIatTTL       string   `json:"openIDIatTTL,omitempty" yaml:"OpenIDIatTTL,omitempty"`
	OpenIDIssueURL     string   `json:"openIDIssueURL,omitempty" yaml:"OpenIDIssueURL,omitempty"`
	OpenIDProviderName string   `json:"openIDProviderName,omitempty" yaml:"OpenIDProviderName,omitempty"`
}

// BackendAPIAuthType is the model's BackendAPIAuthType.
type BackendAPIAuthType struct {
	Mode     string                         `json:"mode,omitempty" yaml:"Mode,omitempty"`
	Settings *BackendAPIAppSyncAuthSettings `json:"settings,omitempty" yaml:"Settings,omitempty"`
}

// BackendAPIConflictResolution is the model's BackendAPIConflictResolution.
type BackendAPIConflictResolution struct {
	ResolutionStrategy string `json:"resolutionStrategy,omitempty" yaml:"ResolutionStrategy,omitempty"`
}

// BackendAPIResourceConfig is the model's BackendAPIResourceConfig.
type BackendAPIResourceConfig struct {
	AdditionalAuthTypes []BackendAPIAuthType          `json:"additionalAuthTypes,omitempty" yaml:"AdditionalAuthTypes,omitempty"`
	ApiName             string                        `json:"apiName,omitempty" yaml:"ApiName,omitempty"`
	ConflictResolution  *BackendAPIConflictResolution `json:"conflictResolution,omitempty" yaml:"ConflictResolution,omitempty"`
	DefaultAuthType     *BackendAPIAuthType           `json:"defaultAuthType,omitempty" yaml:"DefaultAuthType,omitempty"`
	Service             string                        `json:"service,omitempty" yaml:"Service,omitempty"`
	TransformSchema     string                        `json:"transformSchema,omitempty" yaml:"TransformSchema,omitempty"`
}

// CreateBackendAPIRequest is the model's CreateBackendAPIRequest. It is also
// the shape of one spec document.
type CreateBackendAPIRequest struct {
	AppId                  string                    `json:"-" yaml:"AppId"`
	BackendEnvironmentName string                    `json:"backendEnvironmentName" yaml:"BackendEnvironmentName"`
	ResourceConfig         *BackendAPIResourceConfig `json:"resourceConfig" yaml:"ResourceConfig"`
	ResourceName           string                    `json:"resourceName" yaml:"ResourceName"`
}

// CreateBackendAPIResponse is the model's CreateBackendAPIResponse.
type CreateBackendAPIResponse = BackendAPIJobResponse

// BackendAPIJobResponse is the common shape of the Create, Update and Delete
// responses: the job the call started.
type BackendAPIJobResponse struct {
	AppId                  string `json:"appId,omitempty"`
	BackendEnvironmentName string `json:"backendEnvironmentName,omitempty"`
	Error                  string `json:"error,omitempty"`
	JobId                  string `json:"jobId,omitempty"`
	Operation              string `json:"operation,omitempty"`
	Status                 string `json:"status,omitempty"`
}

// GetBackendAPIRequest is the model's GetBackendAPIRequest.
type GetBackendAPIRequest struct {
	AppId                  string                    `json:"-"`
	BackendEnvironmentName string                    `json:"-"`
	ResourceConfig         *BackendAPIResourceConfig `json:"resourceConfig,omitempty"`
	ResourceName           string                    `json:"resourceName"`
}

// GetBackendAPIResponse is the model's GetBackendAPIResponse.
type GetBackendAPIResponse struct {
	AppId                  string                    `json:"appId,omitempty"`
	BackendEnvironmentName string                    `json:"backendEnvironmentName,omitempty"`
	Error                  string                    `json:"error,omitempty"`
	ResourceConfig         *BackendAPIResourceConfig `json:"resourceConfig,omitempty"`
	ResourceName           string                    `json:"resourceName,omitempty"`
}

// UpdateBackendAPIRequest is the model's UpdateBackendAPIRequest.
type UpdateBackendAPIRequest struct {
	AppId                  string                    `json:"-"`
	BackendEnvironmentName string                    `json:"-"`
	ResourceConfig         *BackendAPIResourceConfig `json:"resourceConfig,omitempty"`
	ResourceName           string                    `json:"resourceName"`
}

// UpdateBackendAPIResponse is the model's UpdateBackendAPIResponse.
type UpdateBackendAPIResponse = BackendAPIJobResponse

// DeleteBackendAPIRequest is the model's DeleteBackendAPIRequest.
type DeleteBackendAPIRequest struct {
	AppId                  string                    `json:"-"`
	BackendEnvironmentName string                    `json:"-"`
	ResourceConfig         *BackendAPIResourceConfig `json:"resourceConfig,omitempty"`
	ResourceName           string                    `json:"resourceName"`
}

// DeleteBackendAPIResponse is the model's DeleteBackendAPIResponse.
type DeleteBackendAPIResponse = BackendAPIJobResponse

// GetBackendJobRequest is the model's GetBackendJobRequest (all members are
// in the URI; GET has no body).
type GetBackendJobRequest struct {
	AppId                  string `json:"-"`
	BackendEnvironmentName string `json:"-"`
	JobId                  string `json:"-"`
}

// GetBackendJobResponse is the model's GetBackendJobResponse.
type GetBackendJobResponse = BackendJobRespObj

// BackendJobRespObj is the model's BackendJobRespObj: one job.
type BackendJobRespObj struct {
	AppId                  string `json:"appId,omitempty"`
	BackendEnvironmentName string `json:"backendEnvironmentName,omitempty"`
	CreateTime             string `json:"createTime,omitempty"`
	Error                  string `json:"error,omitempty"`
	JobId                  string `json:"jobId,omitempty"`
	Operation              string `json:"operation,omitempty"`
	Status                 string `json:"status,omitempty"`
	UpdateTime             string `json:"updateTime,omitempty"`
}

// ListBackendJobsRequest is the model's ListBackendJobsRequest.
type ListBackendJobsRequest struct {
	AppId                  string `json:"-"`
	BackendEnvironmentName string `json:"-"`
	JobId                  string `json:"jobId,omitempty"`
	MaxResults             int32  `json:"maxResults,omitempty"`
	NextToken              string `json:"nextToken,omitempty"`
	Operation              string `json:"operation,omitempty"`
	Status                 string `json:"status,omitempty"`
}

// ListBackendJobsResponse is the model's ListBackendJobsResponse.
type ListBackendJobsResponse struct {
	Jobs      []BackendJobRespObj `json:"jobs"`
	NextToken string              `json:"nextToken,omitempty"`
}

// CreateBackendRequest is the model's CreateBackendRequest: it creates an
// app's backend environment. AppId is in the body here, unlike the API calls.
type CreateBackendRequest struct {
	AppId                  string         `json:"appId"`
	AppName                string         `json:"appName"`
	BackendEnvironmentName string         `json:"backendEnvironmentName"`
	ResourceConfig         map[string]any `json:"resourceConfig,omitempty"`
	ResourceName           string         `json:"resourceName,omitempty"`
}

// CreateBackendResponse is the model's CreateBackendResponse.
type CreateBackendResponse = BackendAPIJobResponse

// GetBackendRequest is the model's GetBackendRequest.
type GetBackendRequest struct {
	AppId                  string `json:"-"`
	BackendEnvironmentName string `json:"backendEnvironmentName,omitempty"`
}

// GetBackendResponse is the model's GetBackendResponse. AmplifyMetaConfig is
// the project's amplify-meta.json as a string: its top-level keys are the
// backend's categories (api, auth, storage, function, ...).
type GetBackendResponse struct {
	AmplifyFeatureFlags    string   `json:"amplifyFeatureFlags,omitempty"`
	AmplifyMetaConfig      string   `json:"amplifyMetaConfig,omitempty"`
	AppId                  string   `json:"appId,omitempty"`
	AppName                string   `json:"appName,omitempty"`
	BackendEnvironmentList []string `json:"backendEnvironmentList,omitempty"`
	BackendEnvironmentName string   `json:"backendEnvironmentName,omitempty"`
	Error                  string   `json:"error,omitempty"`
}
