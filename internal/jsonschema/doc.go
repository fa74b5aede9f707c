// Package jsonschema is github.com/santhosh-tekuri/jsonschema/v6 at v6.0.3
// (Apache License 2.0, see LICENSE), copied with one change: the upstream
// package compiles the meta-schemas of all five drafts in its init, about
// 3 ms of every bapi start, even for "bapi version"; here each draft's
// meta-schemas are compiled on first use (Draft.load in draft.go), so a
// run compiles only the draft its schema uses (2020-12), and only when it
// compiles one. Import paths were changed to this package's; nothing else.
//
// bapi imports this package, never the upstream one, outside tests
// (cmd/bapi's TestUpstreamJSONSchemaNotLinked checks it). To update, copy
// the new upstream version's non-test files and kind/, metaschemas/ and
// LICENSE over these, and apply the change in draft.go again.
package jsonschema
