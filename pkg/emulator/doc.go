// Package emulator is a local AmplifyBackend service speaking the real
// REST-JSON wire protocol (the public service model, API version 2020-08-11),
// for tests, demos and trying bapi without an AWS account.
//
// It serves CreateBackend, GetBackend, CreateBackendAPI, GetBackendAPI,
// UpdateBackendAPI, DeleteBackendAPI, GetBackendJob and ListBackendJobs on
// the same paths,
// methods, camelCase members, status codes and error shapes as the service
// (error code in the X-Amzn-ErrorType header, {"message": ...} body, an
// X-Amzn-RequestId header on every answer). GET /metrics answers request
// counters as JSON and needs no signature.
//
// Security: every API request must be SigV4-signed (service amplifybackend,
// the emulator's region) with the emulator's access key pair. A missing
// Authorization header answers 403 MissingAuthenticationTokenException, a
// malformed one 403 IncompleteSignatureException, an unknown access key 403
// UnrecognizedClientException, a wrong signature, region or service, or an
// X-Amz-Date more than 15 minutes away from the emulator's clock 403
// InvalidSignatureException.
//
// Path IDs: the model gives appId, backendEnvironmentName and jobId no
// pattern, so the emulator refuses only IDs that cannot be real: empty, or
// holding '/', white space or control characters once percent-decoded
// (400 BadRequestException).
//
// State lives in a bbolt file, created with its directory if missing. A
// state file locked by another emulator fails New after a second. Every
// accepted mutation is committed (and
// fsynced) before it is answered, so a crash or kill -9 loses nothing that was
// answered 200.
//
// Apps and backend environments must exist, as in the service: CreateBackend
// makes one (starting a CreateBackend job) or Options.Apps gives them at
// start. Any call on a missing app or environment answers 404
// NotFoundException. GetBackend answers the environment list and, for an
// environment, its amplifyMetaConfig (amplify-meta.json: providers, with
// the identity pool's AuthRoleArn and UnauthRoleArn, the api category once
// an API exists, and Options.Categories, the auth one with its output
// UserPoolId: the pool the API names, else one made from the region and the
// app ID; AppClientIDWeb, AppClientID and IdentityPoolId, made from the app
// and environment) and feature flags.
//
// The service's own rules (docs/service-behaviour.md has the evidence): an
// environment holds one GraphQL API, so a CreateBackendAPI of another name
// starts a job that ends FAILED with the Amplify CLI's "GraphQL API X
// already exists in the project" and changes nothing; UpdateBackendAPI
// applies only the non-empty DefaultAuthType, AdditionalAuthTypes,
// ConflictResolution and TransformSchema, and never changes ApiName; a
// backend holding categories other than api, auth and storage fails every
// API job with Amplify Studio's "Deployment failed because your app backend
// contains ..."; GetBackendAPI of a missing API answers 404, or 200 with an
// error member (Options.MissingAPI).
//
// Jobs: Create, Update and Delete each start a job. The change is applied when
// the call is accepted, so GetBackendAPI shows the configuration as accepted
// right away. The call answers status IN_PROGRESS; GetBackendJob and
// ListBackendJobs answer RUNNING until Options.JobDuration has passed since
// the call, then COMPLETED, or FAILED with an Error for the share of jobs set
// by Options.FaultJobFailure. A FAILED job rolls its resource back to the
// configuration it had before the call (so a failed create leaves no
// resource). An update whose TransformSchema creates or deletes more than
// one global secondary index on a table also ends FAILED, with
// CloudFormation's "Cannot perform more than one GSI creation or deletion
// in a single update" (pkg/plan/schemachange decides from pkg/amplifyschema's
// model of both schemas). Job status is computed
// from stored timestamps when read, so it needs no background work and
// survives restarts. Job IDs are random UUIDs; createTime and updateTime are
// epoch milliseconds; ListBackendJobs lists newest first, at most 25 a page.
// Only one job may be pending per app and environment: another mutation
// meanwhile answers 400 with the service's message ("ValidationException -
// An error occurred while processing your request: There is already a
// pending job for the requested appId: ..."), its code BadRequestException
// or ValidationException (Options.PendingJobCode). Options.SeedJobs start
// jobs of other operations (GenerateBackendAPIModels, DeleteBackend, ...)
// that hold the environment while they run.
//
// Faults (429 TooManyRequestsException, 504 GatewayTimeoutException, failed
// jobs) are drawn from a random source seeded by Options.Seed, so the same
// seed and the same sequence of requests give the same faults. A faulted
// request changes nothing. Options.ConsistencyDelay makes GetBackendJob
// answer 404 for that long after a job was created, as the real service
// briefly does.
package emulator
