// Package amplifybackend is a typed client for the AmplifyBackend REST-JSON
// API (service model 2020-08-11), built on the aws-sdk-go-v2 core: credentials
// and region from aws-sdk-go-v2/config, SigV4 signing, the SDK's standard
// retryer and endpoint resolution that honours --endpoint-url,
// AWS_ENDPOINT_URL_AMPLIFYBACKEND and AWS_ENDPOINT_URL.
//
// Only the operations bapi uses are here; see API.
//
// Build a client from the standard AWS configuration chain:
//
//	c, err := amplifybackend.Load(ctx, amplifybackend.LoadOptions{Profile: p, Region: r, EndpointURL: u})
//
// or from an aws.Config you already have with New. Each call marshals its
// request (members bound to the URI go into the path, one escaped segment
// each; the rest into a camelCase JSON body), signs every attempt afresh, and
// retries 429 TooManyRequestsException, 504 GatewayTimeoutException, other
// 5xx answers and dropped connections with the SDK's jittered exponential
// backoff, up to Options.MaxAttempts. Errors answered by the service are
// *APIError values (match with errors.As, HasCode, IsNotFound); they carry
// the code, message, request ID and attempt count, never credentials.
//
// How many attempts a call took is visible three ways: APIError.Attempts on
// failure, a CallInfo filled in through WithCallInfo, and the
// Options.OnAttempt callback. Per-call time limits come from the context.
//
// ListBackendJobs returns one page; NewListBackendJobsPaginator and
// ListAllBackendJobs follow NextToken.
package amplifybackend
