package spec

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/bapi-dev/bapi/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// RuleSchemaFile is the ID of the loader rule for TransformSchemaFile: the
// files it names exist, are readable UTF-8 within the size cap, and the
// document gives TransformSchema or TransformSchemaFile, exactly one.
const RuleSchemaFile = "transform-schema-file"

// SchemaFileKey is the ResourceConfig member, a bapi extension of the
// request, that names the files holding TransformSchema.
const SchemaFileKey = "TransformSchemaFile"

// Schema is a document's TransformSchema read from the files its
// TransformSchemaFile names, joined in order with a newline between files,
// as the Amplify CLI joins the files of an API's schema/ folder.
type Schema struct {
	// Text is what is sent to the service as TransformSchema.
	Text string
	// Parts are the files, in order; Parts[i].Offset is where the file's
	// text starts in Text.
	Parts []SchemaPart
	// Key and Value are the TransformSchemaFile key and value nodes.
	Key, Value *yaml.Node
}

// SchemaPart is one file of a Schema.
type SchemaPart struct {
	// Name is how findings name the file: the path given, joined to the
	// directory of the spec's name.
	Name string
	// Digest is the hex SHA-256 of the file's bytes.
	Digest string
	// Offset is the byte offset of the file's text in Schema.Text.
	Offset int
	// Len is the length in bytes of the file's text.
	Len int
}

// Locate maps a byte offset in Text to the part holding it and the offset
// within that part. An offset on a joining newline belongs to the part
// before it; ok is false when the schema has no parts.
func (s *Schema) Locate(off int) (part *SchemaPart, within int, ok bool) {
	if len(s.Parts) == 0 {
		return nil, 0, false
	}
	// The last part starting at or before off.
	i := sort.Search(len(s.Parts), func(i int) bool { return s.Parts[i].Offset > off })
	if i == 0 {
		return &s.Parts[0], 0, true
	}
	p := &s.Parts[i-1]
	return p, min(off-p.Offset, p.Len), true
}

// SchemaInput is one schema file read for a spec file, for the plan's
// inputs.
type SchemaInput struct {
	Name   string
	Digest string
}

// ResolveSchemaFiles reads the schema files that the documents of f name
// with TransformSchemaFile, relative to the directory of src (for standard
// input, of opts.StdinFilename, else the working directory). Each document
// that names readable files gets Document.Schema; problems (a file missing,
// unreadable, a directory, over the size cap, not UTF-8, a pattern matching
// nothing, an absolute path, or both TransformSchema and
// TransformSchemaFile given) are RuleSchemaFile findings of f at the key. The files
// read are listed, once each, in f.Schemas.
func ResolveSchemaFiles(ctx context.Context, src Source, f *File, opts Options) error {
	readDir, nameDir := schemaDirs(src, f, opts)
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	r := &schemaReader{readDir: readDir, nameDir: nameDir, rootDir: opts.Root, limit: limit, file: f, cache: map[string]*schemaRead{}, overlay: opts.Overlay}
	for _, d := range f.Docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		r.document(d)
	}
	return r.rootErr
}

// rootPaths is Options.Root made absolute, then with symbolic links
// resolved: the two spellings a path inside it may start with.
func rootPaths(root string) ([2]string, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return [2]string{}, err
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return [2]string{}, fmt.Errorf("the directory files must be in: %w", pathErr(err))
	}
	return [2]string{abs, resolved}, nil
}

// outside reports whether p is outside Options.Root; the root is resolved
// on first use, so that specs naming no schema file cost nothing.
func (r *schemaReader) outside(p string) bool {
	if r.rootDir == "" || r.rootErr != nil {
		return r.rootErr != nil
	}
	if r.root[0] == "" {
		r.root, r.rootErr = rootPaths(r.rootDir)
		if r.rootErr != nil {
			return true
		}
	}
	return !within(r.root, p)
}

// schemaDirs returns the directory schema paths are read from and the one
// their names are joined to.
func schemaDirs(src Source, f *File, opts Options) (readDir, nameDir string) {
	if src.Path == "-" {
		if opts.StdinFilename != "" {
			d := filepath.Dir(opts.StdinFilename)
			return d, d
		}
		return ".", "."
	}
	return filepath.Dir(src.Path), filepath.Dir(f.Name)
}

type schemaRead struct {
	text    string
	digest  string
	problem string // why the file cannot be used; "" when it can
}

type schemaReader struct {
	readDir, nameDir string
	rootDir          string    // Options.Root; "" for none
	root             [2]string // rootDir absolute, then resolved, once needed
	rootErr          error     // why rootDir cannot be resolved
	limit            int64
	file             *File
	cache            map[string]*schemaRead
	listed           map[string]bool
	overlay          Overlay
}

func (r *schemaReader) report(d *Document, n *yaml.Node, ptr, format string, args ...any) {
	r.file.Findings = append(r.file.Findings, finding.Finding{
		Location: finding.Location{File: r.file.Name, Line: n.Line, Column: n.Column},
		Severity: finding.Error,
		Rule:     RuleSchemaFile,
		Message:  fmt.Sprintf(format, args...),
		Pointer:  ptr,
		Document: d.Index,
	})
}

const schemaFilePtr = "/ResourceConfig/" + SchemaFileKey

func (r *schemaReader) document(d *Document) {
	_, rc := lookup(d.Root, "ResourceConfig")
	if rc == nil || rc.Kind != yaml.MappingNode {
		return // the schema rule reports a missing or malformed ResourceConfig
	}
	k, v := lookup(rc, SchemaFileKey)
	if k == nil {
		return
	}
	// Neither is no finding: TransformSchema is optional in the service
	// model, and a spec without one sends none.
	if tsKey, _ := lookup(rc, "TransformSchema"); tsKey != nil {
		r.report(d, k, schemaFilePtr, "ResourceConfig has both TransformSchema (line %d) and %s; keep one: the inline schema or the file", tsKey.Line, SchemaFileKey)
		return
	}
	var entries []*yaml.Node
	switch v.Kind {
	case yaml.ScalarNode:
		entries = []*yaml.Node{v}
	case yaml.SequenceNode:
		entries = v.Content
	default:
		return // the schema rule reports the wrong type
	}
	s := &Schema{Key: k, Value: v}
	var text strings.Builder
	ok := len(entries) > 0
	for i, e := range entries {
		ptr := schemaFilePtr
		at := k
		if v.Kind == yaml.SequenceNode {
			ptr = fmt.Sprintf("%s/%d", schemaFilePtr, i)
			at = e
		}
		if e.Kind != yaml.ScalarNode || e.Tag != "!!str" || e.Value == "" {
			ok = false // the schema rule reports it
			continue
		}
		paths, problem := r.expand(e.Value)
		if problem != "" {
			r.report(d, at, ptr, "%s %q: %s", SchemaFileKey, e.Value, problem)
			ok = false
			continue
		}
		for _, p := range paths {
			got := r.read(p)
			name := r.name(p)
			if got.problem != "" {
				r.report(d, at, ptr, "schema file %s: %s", name, got.problem)
				ok = false
				continue
			}
			// Each file is within the cap; so must the joined schema be, or
			// a pattern matching many files would hold them all in memory.
			sep := min(len(s.Parts), 1)
			if int64(text.Len()+sep+len(got.text)) > r.limit {
				r.report(d, k, schemaFilePtr, "the schema files %s names are together larger than the size cap of %d bytes (reached at %s, file %d); name fewer files or raise the cap (--max-file-size)", SchemaFileKey, r.limit, name, len(s.Parts)+1)
				return
			}
			if len(s.Parts) > 0 {
				text.WriteByte('\n')
			}
			s.Parts = append(s.Parts, SchemaPart{Name: name, Digest: got.digest, Offset: text.Len(), Len: len(got.text)})
			text.WriteString(got.text)
			r.list(name, got.digest)
		}
	}
	if !ok {
		return
	}
	s.Text = text.String()
	d.Schema = s
}

// lookup returns the key and value nodes of key in mapping n.
func lookup(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if c := n.Content[i]; c.Kind == yaml.ScalarNode && c.Value == key {
			return c, n.Content[i+1]
		}
	}
	return nil, nil
}

// expand turns one TransformSchemaFile entry into the paths to read (a
// pattern into its matches, sorted), or says why it cannot.
func (r *schemaReader) expand(entry string) ([]string, string) {
	rel := filepath.FromSlash(entry)
	if filepath.IsAbs(rel) || filepath.VolumeName(rel) != "" {
		return nil, "is an absolute path; give the path relative to the spec file, so the repository works wherever it is checked out"
	}
	p := filepath.Join(r.readDir, rel)
	if !strings.ContainsAny(entry, "*?[") {
		return []string{p}, ""
	}
	matches, err := filepath.Glob(p)
	if err != nil {
		return nil, fmt.Sprintf("is not a valid pattern (%v); patterns use * ? and [...] as in shell globs", err)
	}
	var files []string
	for _, m := range matches {
		if info, err := os.Stat(m); err == nil && info.IsDir() {
			continue
		}
		if r.outside(m) {
			// One finding, naming no match: the names would list a
			// directory outside.
			return nil, outsideProblem("matches files that are")
		}
		files = append(files, m)
	}
	if len(files) == 0 && r.outside(filepath.Dir(p)) {
		return nil, outsideProblem("names a directory that is")
	}
	if len(files) == 0 {
		return nil, fmt.Sprintf("matches no file in %s; check the pattern, which is relative to the spec file", r.name(filepath.Dir(p)))
	}
	return files, ""
}

// name is how findings name the file read at p.
func (r *schemaReader) name(p string) string {
	rel, err := filepath.Rel(r.readDir, p)
	if err != nil {
		return p
	}
	return filepath.Join(r.nameDir, rel)
}

func (r *schemaReader) list(name, digest string) {
	if r.listed == nil {
		r.listed = map[string]bool{}
	}
	if !r.listed[name] {
		r.listed[name] = true
		r.file.Schemas = append(r.file.Schemas, SchemaInput{Name: name, Digest: digest})
	}
}

// read reads a schema file once per spec file.
func (r *schemaReader) read(p string) *schemaRead {
	if got, ok := r.cache[p]; ok {
		return got
	}
	var got *schemaRead
	if r.outside(p) {
		got = &schemaRead{problem: outsideProblem("is")}
	} else if data, ok := r.overlay.lookup(p); ok {
		got = checkSchemaBytes(data, r.limit)
	} else {
		got = readSchemaFile(p, r.limit)
	}
	r.cache[p] = got
	return got
}

// outsideProblem says that what is outside Options.Root, and what to do.
func outsideProblem(what string) string {
	return what + " outside the working directory (after symbolic links); bapi reads schema files only under the directory it runs in, so that a check cannot read other files of the machine: keep the schema files in the repository and run bapi from its root"
}

// within reports whether p is inside root (absolute as given, and
// resolved): as written, and, when p exists, after symbolic links. A path
// that does not exist but is inside as written is left to the read to
// report, so that a finding does not tell whether a file outside exists.
func within(root [2]string, p string) bool {
	a, err := filepath.Abs(p)
	if err != nil || !Inside(root[0], a) && !Inside(root[1], a) {
		return false
	}
	r, err := filepath.EvalSymlinks(a)
	if err != nil {
		return errors.Is(err, fs.ErrNotExist)
	}
	return Inside(root[1], r)
}

// Inside reports whether the absolute path p is root or under it, as
// filepath.Rel sees them (both cleaned, links not resolved): the one test of
// a project or working-directory boundary, for schema files here and a
// project's files in import.
func Inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func readSchemaFile(p string, limit int64) *schemaRead {
	fh, _, err := OpenRegular(p)
	if err != nil {
		switch {
		case errors.Is(err, ErrNotRegular):
			if fi, serr := os.Stat(p); serr == nil && fi.IsDir() {
				return &schemaRead{problem: "is a directory; name its files, e.g. with a pattern such as schema/*.graphql"}
			}
			return &schemaRead{problem: fmt.Sprintf("is not a regular file (%s); name a .graphql file", strings.TrimPrefix(pathErr(err).Error(), ErrNotRegular.Error()+": "))}
		case errors.Is(err, fs.ErrNotExist):
			return &schemaRead{problem: "does not exist; create it, or fix the path (it is relative to the spec file)"}
		case errors.Is(err, fs.ErrPermission):
			return &schemaRead{problem: "cannot be read (permission denied); make it readable"}
		}
		return &schemaRead{problem: fmt.Sprintf("cannot be read: %v", pathErr(err))}
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, limit+1))
	if err != nil {
		return &schemaRead{problem: fmt.Sprintf("cannot be read: %v", pathErr(err))}
	}
	return checkSchemaBytes(data, limit)
}

// checkSchemaBytes checks a schema file's contents (read from disk, or
// from an Overlay) against the size cap and for UTF-8.
func checkSchemaBytes(data []byte, limit int64) *schemaRead {
	if int64(len(data)) > limit {
		return &schemaRead{problem: fmt.Sprintf("is larger than the size cap of %d bytes; split the schema into several files or raise the cap (--max-file-size)", limit)}
	}
	if !utf8.Valid(data) {
		off := invalidUTF8(data)
		line := 1 + strings.Count(string(data[:off]), "\n")
		return &schemaRead{problem: fmt.Sprintf("is not UTF-8 text (invalid byte 0x%02x on line %d); save it as UTF-8", data[off], line)}
	}
	return &schemaRead{text: string(data), digest: Digest(data)}
}

// invalidUTF8 is the offset of the first byte that is not valid UTF-8.
func invalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return 0
}
