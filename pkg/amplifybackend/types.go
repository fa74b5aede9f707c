package amplifybackend

import "github.com/bapi-dev/bapi/pkg/model"

// The request and response structures live in pkg/model, a leaf package with
// no imports, so that loading and validating specs does not link the AWS SDK.
// They are re-exported here under the names the client has always used.

// Job statuses that end a job.
const (
	StatusCompleted = model.StatusCompleted
	StatusFailed    = model.StatusFailed
)

// Auth modes (the model's Mode enum).
const (
	ModeAPIKey                 = model.ModeAPIKey
	ModeAWSIAM                 = model.ModeAWSIAM
	ModeAmazonCognitoUserPools = model.ModeAmazonCognitoUserPools
	ModeOpenIDConnect          = model.ModeOpenIDConnect
)

// IsTerminal reports whether a job status ends the job.
func IsTerminal(status string) bool { return model.IsTerminal(status) }

// Modes lists the Mode enum in model order.
func Modes() []string { return model.Modes() }

// ResolutionStrategies lists the ResolutionStrategy enum in model order.
func ResolutionStrategies() []string { return model.ResolutionStrategies() }

// The model's structures.
type (
	BackendAPIAppSyncAuthSettings = model.BackendAPIAppSyncAuthSettings
	BackendAPIAuthType            = model.BackendAPIAuthType
	BackendAPIConflictResolution  = model.BackendAPIConflictResolution
	BackendAPIResourceConfig      = model.BackendAPIResourceConfig
	CreateBackendAPIRequest       = model.CreateBackendAPIRequest
	CreateBackendAPIResponse      = model.CreateBackendAPIResponse
	BackendAPIJobResponse         = model.BackendAPIJobResponse
	GetBackendAPIRequest          = model.GetBackendAPIRequest
	GetBackendAPIResponse         = model.GetBackendAPIResponse
	UpdateBackendAPIRequest       = model.UpdateBackendAPIRequest
	UpdateBackendAPIResponse      = model.UpdateBackendAPIResponse
	DeleteBackendAPIRequest       = model.DeleteBackendAPIRequest
	DeleteBackendAPIResponse      = model.DeleteBackendAPIResponse
	GetBackendJobRequest          = model.GetBackendJobRequest
	GetBackendJobResponse         = model.GetBackendJobResponse
	BackendJobRespObj             = model.BackendJobRespObj
	ListBackendJobsRequest        = model.ListBackendJobsRequest
	ListBackendJobsResponse       = model.ListBackendJobsResponse
	CreateBackendRequest          = model.CreateBackendRequest
	CreateBackendResponse         = model.CreateBackendResponse
	GetBackendRequest             = model.GetBackendRequest
	GetBackendResponse            = model.GetBackendResponse
)
