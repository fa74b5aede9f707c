// Command parsefloor is the speed floor for bapi validate: it reads the same
// files and parses every YAML document into a yaml.Node with
// go.yaml.in/yaml/v3 on all cores, and does nothing else. bapi validate
// cannot be faster than this; scripts/bench-validate.sh compares the two.
//
//	go run ./internal/parsefloor DIR...
//
// Arguments are files or directories (searched recursively for *.yaml and
// *.yml, hidden directories skipped), like bapi validate's. It prints the
// number of files and documents parsed.
package main
