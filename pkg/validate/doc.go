// Package validate turns spec files into findings: JSON Schema conformance
// (one rule) plus semantic rules a schema cannot say. Rules are registered in
// registry.go, each in its own file, each documented in docs/rules/ID.md.
//
// Run streams: files are loaded, parsed and checked in parallel, and each is
// dropped once checked, so memory stays flat as the file count grows.
package validate
