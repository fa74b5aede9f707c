// Package output renders bapi results for people and machines.
//
// Findings formats (bapi validate --format) each implement FindingsFormatter,
// one file per format, registered by name in FindingsFormats:
//
//   - text: one "path:line:col: severity: message [rule]" line per finding
//     and a summary line; colour only when FindingsOptions.Color is set.
//   - compact: one "path:line:col: severity: message (rule)" line per
//     finding, as tflint writes it; no summary, never in colour.
//   - json: a versioned object (see below).
//   - sarif: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//   - github: GitHub Actions workflow commands (::error file=...::message).
//   - junit: JUnit XML, one testsuite per file, one testcase per document.
//
// # JSON findings format (format_version "1.0")
//
//	{
//	  "format_version": "1.0",   // changes only when a field changes meaning or goes away
//	  "valid": true,             // false when any finding is an error
//	  "files": 3,                // files read
//	  "documents": 5,            // YAML documents seen, loaded or not: the sum of inputs[].documents
//	  "counts": {"errors": 0, "warnings": 0, "infos": 0},
//	  "config": "../.bapi.yaml", // the configuration applied; absent when none
//	  "inputs": [{"name": "a.yaml", "sha256": "...", "documents": 2}],
//	  "findings": [{
//	    "file": "a.yaml",        // as given on the command line (or --stdin-filename)
//	    "line": 4, "column": 3,  // 1-based; 0 when the finding is about the whole file
//	    "end_line": 4, "end_column": 9,  // optional, inclusive
//	    "severity": "error",     // error, warning or info
//	    "rule": "schema",        // stable rule ID (bapi rules)
//	    "message": "...",
//	    "pointer": "/ResourceConfig/ApiName",  // JSON pointer in the document, "" for the document
//	    "document": 0,           // 0-based index of the YAML document in the file
//	    "doc_url": "https://...",  // rule documentation
//	    "related": [{"file": "...", "line": 1, "column": 1, "message": "..."}]  // optional
//	  }],
//	  "errors": [{               // failures of the run itself, not findings; valid is then false
//	    "file": "missing.yaml",  // the input it is about, when there is one
//	    "message": "read missing.yaml: no such file or directory"
//	  }]
//	}
//
// Each input is a file read. Its "documents" counts the YAML documents in it,
// including those that failed to load (a syntax error in the second document
// still counts two); it is 0, and always written, when the file failed as a
// whole (bad encoding, over the size cap, no document at all). Its "sha256"
// is the digest of the file's bytes; it is left out for a file over the size
// cap, which bapi stops reading at the cap: a digest of the bytes read would
// name content that is not the file. The text summary line counts the same
// way: "... in 3 files (5 documents)".
//
// A run that fails (an input that cannot be read, an interrupted run) still
// writes a whole document in every machine format, carrying the failure:
// json "errors", SARIF invocations[].toolExecutionNotifications with
// executionSuccessful false, github "::error::" lines, junit a "bapi" suite
// of errored testcases. text and compact write nothing for it: the caller
// reports it on standard error. The json, sarif and junit documents are
// written a finding (a suite) at a time, never built whole in memory.
//
// Lists are always written as [], never null. New fields may be added
// without changing format_version.
//
// Formatters never detect terminals or read the environment: the caller
// decides (for example whether to colour) and passes FindingsOptions.
package output
