package amplifybackend

import "context"

// API is the set of AmplifyBackend operations bapi uses, in the client's own
// signatures. pkg/plan and pkg/apply depend on this narrow interface; in
// tests it is satisfied by the real *Client talking HTTP to pkg/emulator.
type API interface {
	CreateBackend(ctx context.Context, in *CreateBackendRequest) (*CreateBackendResponse, error)
	GetBackend(ctx context.Context, in *GetBackendRequest) (*GetBackendResponse, error)
	CreateBackendAPI(ctx context.Context, in *CreateBackendAPIRequest) (*CreateBackendAPIResponse, error)
	GetBackendAPI(ctx context.Context, in *GetBackendAPIRequest) (*GetBackendAPIResponse, error)
	UpdateBackendAPI(ctx context.Context, in *UpdateBackendAPIRequest) (*UpdateBackendAPIResponse, error)
	DeleteBackendAPI(ctx context.Context, in *DeleteBackendAPIRequest) (*DeleteBackendAPIResponse, error)
	GetBackendJob(ctx context.Context, in *GetBackendJobRequest) (*GetBackendJobResponse, error)
	ListBackendJobs(ctx context.Context, in *ListBackendJobsRequest) (*ListBackendJobsResponse, error)
}
