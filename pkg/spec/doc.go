// Package spec loads bapi spec files: YAML documents, each one
// CreateBackendAPI request, parsed into yaml.Node trees so every value keeps
// its line and column. Hostile or broken input becomes findings with
// positions, never a panic, a hang or unbounded memory.
//
// Discover expands command-line arguments into sources; Load reads and parses
// one source. Callers stream: load a file, validate it, drop it.
package spec
