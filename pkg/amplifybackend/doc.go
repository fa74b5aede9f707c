// Package amplifybackend is a typed client for the AmplifyBackend REST-JSON
// API (service model 2020-08-11), built on the aws-sdk-go-v2 core: credentials
// and region from aws-sdk-go-v2/config, SigV4 signing, the SDK's standard
// retryer and endpoint resolution that honours --endpoint-url,
// AWS_ENDPOINT_URL_AMPLIFYBACKEND and AWS_ENDPOINT_URL.
//
// Only the operations bapi uses are here; see API.
package amplifybackend
