// Package schema holds the JSON Schema (draft 2020-12) of one bapi spec
// document, the CreateBackendAPI request with PascalCase member names. It is
// embedded in the binary and compiled once per process, when first needed:
// Validate, the one entry, passes a document its hand-written fast path
// (Conforms) certainly accepts without compiling the schema.
package schema
