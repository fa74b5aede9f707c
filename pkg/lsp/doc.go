// Package lsp is bapi's language server: it speaks the Language Server
// Protocol (3.17) on a stream (bapi lsp uses stdin and stdout) and gives an
// editor bapi's findings as diagnostics while the user types, quick fixes for
// the findings whose fix is certain, and completion and hover for the Amplify
// directives inside GraphQL: a spec's inline TransformSchema block or a
// .graphql file a spec names with TransformSchemaFile.
//
// Diagnostics come from validate.Run over the whole workspace (so rules
// across files, such as address-duplicate, see every spec), with the
// editor's unsaved buffers laid over the files on disk (spec.Overlay). The
// server reads no network and no credentials.
//
// The protocol is written by hand (jsonrpc.go, protocol.go) rather than
// taken from a library; jsonrpc.go says why.
package lsp
