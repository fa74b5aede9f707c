// Package emulator is a local AmplifyBackend service speaking the real
// REST-JSON wire protocol (the public service model, API version 2020-08-11),
// for tests, demos and trying bapi without an AWS account.
//
// It serves CreateBackendAPI, GetBackendAPI, UpdateBackendAPI,
// DeleteBackendAPI, GetBackendJob and ListBackendJobs on the same paths,
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
// answered 200. Apps and backend environments are created on first use: an
// accepted CreateBackendAPI registers its app and environment. Reads of an
// app or environment that no create has named answer 404 NotFoundException.
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
// in a single update" (pkg/plan/schemachange decides). Job status is computed from stored timestamps when read, so it
// needs no background work and survives restarts. Only one job may be
// pending per app and environment: another mutation meanwhile answers 400
// BadRequestException.
//
// Faults (429 TooManyRequestsException, 504 GatewayTimeoutException, failed
// jobs) are drawn from a random source seeded by Options.Seed, so the same
// seed and the same sequence of requests give the same faults. A faulted
// request changes nothing. Options.ConsistencyDelay makes GetBackendJob
// answer 404 for that long after a job was created, as the real service
// briefly does.
package emulator
