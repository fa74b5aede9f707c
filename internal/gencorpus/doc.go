// Command gencorpus writes a deterministic corpus of bapi spec files for
// benchmarks: realistic CreateBackendAPI requests across the four auth
// modes, with Amplify GraphQL TransformSchemas of 20 to 80 lines, and about
// 5% invalid files of varied kinds (unknown key, bad enum, missing required
// key, YAML syntax, duplicate key, tab indentation, missing auth settings,
// broken GraphQL).
//
//	go run ./internal/gencorpus -n 10000 -out DIR -seed 1
//
// The same -n and -seed always give the same bytes. Files go in
// subdirectories of 100 (DIR/000/spec-00000.yaml, ...).
package main
