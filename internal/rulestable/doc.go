// Command rulestable regenerates the rules table from the registry
// (pkg/validate.All) into docs/rules/README.md and, between the markers
// <!-- rules:begin --> and <!-- rules:end -->, into README.md. Run it from
// the repository root: go run ./internal/rulestable
package main
