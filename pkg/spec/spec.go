package spec

import (
	"fmt"
	"io"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/model"
	"go.yaml.in/yaml/v3"
)

// DefaultMaxFileSize is the default cap on a spec file's size (1 MiB).
const DefaultMaxFileSize = 1 << 20

// Source is one input: a file path, or standard input.
type Source struct {
	// Path is the file to read; "-" means standard input.
	Path string
	// Name is how findings name the source (the path, or --stdin-filename).
	Name string
	// InDir is set for a file found by walking a directory: a file that
	// cannot be read (a dangling link, a link loop, a named pipe,
	// permission denied) is then a RuleUnreadable finding and the rest of
	// the directory is still checked. A file given by name that cannot be
	// read is an *InputError.
	InDir bool
	// Err is why a directory entry could not be listed, found while
	// walking (InDir); Load reports it as a RuleUnreadable finding.
	Err error
}

// File is one loaded source.
type File struct {
	Name string
	// Digest is the hex SHA-256 of the file's bytes.
	Digest string
	// Docs are the documents that parsed to a mapping. Documents that failed
	// to load are absent and have findings instead.
	Docs []*Document
	// Findings are problems found while loading (syntax, duplicate keys,
	// tabs, aliases, size, encoding, empty or non-mapping documents, schema
	// files).
	Findings []finding.Finding
	// Schemas lists the schema files the documents name with
	// TransformSchemaFile, each once, in the order first named.
	Schemas []SchemaInput
	// Documents is the number of YAML documents in the file, including
	// those that failed to load or were not kept once the file reached the
	// cap on findings; 0 when the file failed as a whole (over the size
	// cap, not UTF-8 text, no document at all).
	Documents int
}

// Document is one YAML document of a file that parsed to a mapping.
type Document struct {
	// File is the display name of the file (Source.Name).
	File string
	// Index is the 0-based position of the document in its file.
	Index int
	// Root is the document's top-level mapping node.
	Root *yaml.Node
	// Source holds the raw bytes of the whole file, for rules that map
	// positions inside block scalars.
	Source []byte
	// Schema is the TransformSchema read from the files the document names
	// with TransformSchemaFile; nil when it names none, or one could not be
	// read (a finding says why).
	Schema *Schema
	// lines indexes Source, shared by the documents of a file (SourceLine).
	lines *sharedLines
}

// Decode decodes the document into the typed model. It fails when the
// document does not have the model's shape; validate first. A schema read
// from TransformSchemaFile becomes the request's TransformSchema.
func (d *Document) Decode() (*model.CreateBackendAPIRequest, error) {
	var req model.CreateBackendAPIRequest
	if err := d.Root.Decode(&req); err != nil {
		return nil, err
	}
	if d.Schema != nil {
		if req.ResourceConfig == nil {
			req.ResourceConfig = &model.BackendAPIResourceConfig{}
		}
		req.ResourceConfig.TransformSchema = d.Schema.Text
	}
	return &req, nil
}

// Options configure loading.
type Options struct {
	// MaxFileSize caps a file's size in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Stdin is read for the source "-".
	Stdin io.Reader
	// StdinFilename names standard input in findings ("<stdin>" if empty).
	StdinFilename string
	// Root, when set, is the directory every schema file a spec names
	// (TransformSchemaFile) must resolve within, after symbolic links; a
	// file outside it is a RuleSchemaFile finding and is not read. The CLI
	// sets it to the working directory, so that a pull-request check
	// cannot read other files of the machine into its annotations.
	Root string
	// Overlay, when set, holds contents that replace files on disk (spec
	// files and schema files alike), keyed by absolute path.
	Overlay Overlay
}

// InputError is a source that could not be read at all (missing, permission
// denied, a directory where a file was expected). It is a tool failure, not a
// finding: the CLI exits 2 and names Path.
type InputError struct {
	Path string
	Err  error
}

func (e *InputError) Error() string { return fmt.Sprintf("read %s: %v", e.Path, e.Err) }
func (e *InputError) Unwrap() error { return e.Err }
