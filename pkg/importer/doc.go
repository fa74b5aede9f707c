// Package importer adopts existing AWS Amplify Gen 1 GraphQL APIs as bapi
// specs. FromService reads them from the live AmplifyBackend service
// (GetBackend for the environments and the amplify-meta of each, then
// GetBackendAPI per API); FromProject reads them offline from a local
// Amplify project (team-provider-info.json, the API's schema and its
// cli-inputs.json or backend-config.json, transform.conf.json). Both give
// CreateBackendAPI requests, which Layout turns into files: one spec per
// API, with a document per environment, and the schema in a .graphql file
// beside it that environments with the same schema share. Write writes the
// files atomically and never replaces one.
package importer
