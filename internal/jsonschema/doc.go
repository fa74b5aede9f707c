// Package jsonschema is github.com/santhosh-tekuri/jsonschema/v6 at v6.0.3
// (Apache License 2.0, see LICENSE): its non-test files, kind/,
// metaschemas/ and LICENSE, with import paths changed to this package's.
package jsonschema
