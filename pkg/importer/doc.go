// Package importer adopts existing AWS Amplify Gen 1 GraphQL APIs as bapi
// specs. FromService reads them from the live AmplifyBackend service
// (GetBackend for the environments and the amplify-meta of each, then
// GetBackendAPI per API); FromProject reads them offline from a local
// Amplify project, in every form the Amplify CLI has written since 2019
// (team-provider-info.json, backend-config.json's authConfig or pre-2020
// securityType, each API's schema, cli-inputs.json or parameters.json,
// transform.conf.json, cli.json's transformer version), taking what a
// fresh clone lacks (the git-ignored app ID, environment, user pool IDs)
// from its options or from the service, reading only the project's own
// regular files, and skipping with a Note an environment it cannot import.
// Both give CreateBackendAPI requests, which Layout turns into files: one
// spec per API, with a document per environment, and the schema in a
// .graphql file beside it that environments with the same schema share (a
// schema/ folder kept as a list); TransformerConfig adds the .bapi.yaml of
// a project on transformer v1. Write writes the files atomically and never
// replaces one.
package importer
