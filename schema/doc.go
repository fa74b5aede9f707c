// Package schema holds the JSON Schema (draft 2020-12) of one bapi spec
// document, the CreateBackendAPI request with PascalCase member names. It is
// embedded in the binary and compiled once per process.
package schema
