// Command rulestable regenerates the rules table from the registry
// (pkg/validate.All, then bapi gen2 check's, pkg/gen2.Rules) into
// docs/rules/README.md and validate's, between the markers
// <!-- rules:begin --> and <!-- rules:end -->, into README.md. Run it from
// the repository root: go run ./internal/rulestable
package main
