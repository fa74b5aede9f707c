package importer

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/bapi-dev/bapi/pkg/plan"
	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/bapi-dev/bapi/schema"
	"go.yaml.in/yaml/v3"
)

// File is one file to write, its path relative to the output directory.
type File struct {
	Path string
	Data []byte
}

// Modeline is the first line of every spec written: it points the YAML
// language server (editors) at bapi's JSON Schema.
const Modeline = "# yaml-language-server: $schema=" + schema.ID

// specDoc is one spec document in the order a reader expects.
type specDoc struct {
	AppId                  string     `yaml:"AppId"`
	BackendEnvironmentName string     `yaml:"BackendEnvironmentName"`
	ResourceName           string     `yaml:"ResourceName"`
	ResourceConfig         specConfig `yaml:"ResourceConfig"`
}

type specConfig struct {
	ApiName             string                              `yaml:"ApiName,omitempty"`
	Service             string                              `yaml:"Service,omitempty"`
	DefaultAuthType     *model.BackendAPIAuthType           `yaml:"DefaultAuthType,omitempty"`
	AdditionalAuthTypes []model.BackendAPIAuthType          `yaml:"AdditionalAuthTypes,omitempty"`
	ConflictResolution  *model.BackendAPIConflictResolution `yaml:"ConflictResolution,omitempty"`
	// TransformSchemaFile is a file name, or a list of them.
	TransformSchemaFile any `yaml:"TransformSchemaFile,omitempty"`
}

// LayoutOptions configure Layout.
type LayoutOptions struct {
	// Source says where the APIs came from, for the spec's header comment.
	Source string
	// SchemaFiles are the files of an API's schema folder (Project's
	// SchemaFiles), by ResourceName: they are written as they are, under
	// NAME/, and the spec names them as a list.
	SchemaFiles map[string][]File
}

// Layout turns the requests into files: for each API (ResourceName), NAME.yaml
// with one document per environment, in the order given, and its schema in
// NAME.graphql, or, when the environments' schemas differ, in
// NAME.ENV.graphql named after the first environment of each group of
// environments with the same schema. An API with opts.SchemaFiles keeps
// them: NAME/FILE for each, named by a list, for every environment whose
// schema is their join.
func Layout(reqs []*model.CreateBackendAPIRequest, opts LayoutOptions) ([]File, error) {
	var names []string
	byName := map[string][]*model.CreateBackendAPIRequest{}
	for _, r := range reqs {
		if r.ResourceConfig == nil {
			return nil, fmt.Errorf("API %s of environment %s has no configuration", r.ResourceName, r.BackendEnvironmentName)
		}
		if _, ok := byName[r.ResourceName]; !ok {
			names = append(names, r.ResourceName)
		}
		byName[r.ResourceName] = append(byName[r.ResourceName], r)
	}
	var files []File
	used := map[string]string{} // file name -> API, to catch two APIs mapping to one name
	claim := func(path, api string) error {
		key := strings.ToLower(path)
		if other, ok := used[key]; ok && other != api {
			return fmt.Errorf("APIs %s and %s would both be written to %s; import them into separate directories (--out)", other, api, path)
		}
		used[key] = api
		return nil
	}
	for _, name := range names {
		group := byName[name]
		base := fileName(name)
		// Group the environments by schema, in order; schemas that differ
		// only in trailing whitespace, which plan ignores, are the same.
		// The file holds the normalized text.
		var schemas []string
		schemaFile := map[string]string{}
		var folder []string // the folder's file names, when the API keeps one
		folderText := ""
		if parts := opts.SchemaFiles[name]; len(parts) > 0 {
			texts := make([]string, len(parts))
			for i, p := range parts {
				texts[i] = string(p.Data)
				segs := strings.Split(p.Path, "/")
				for j, seg := range segs {
					segs[j] = fileName(seg) // no glob metacharacter: the spec reads them as patterns
				}
				folder = append(folder, base+"/"+strings.Join(segs, "/"))
			}
			folderText = plan.NormalizeSchema(strings.Join(texts, "\n"))
		}
		for _, r := range group {
			s := plan.NormalizeSchema(r.ResourceConfig.TransformSchema)
			if s == "" || folder != nil && s == folderText {
				continue
			}
			if _, ok := schemaFile[s]; !ok {
				schemas = append(schemas, s)
				schemaFile[s] = base + "." + fileName(r.BackendEnvironmentName) + ".graphql"
			}
		}
		if len(schemas) == 1 && folder == nil {
			schemaFile[schemas[0]] = base + ".graphql"
		}
		envs := make([]string, 0, len(group))
		for _, r := range group {
			envs = append(envs, r.BackendEnvironmentName)
		}
		var b bytes.Buffer
		fmt.Fprintf(&b, "%s\n#\n# API %s, imported by bapi import from %s (environments %s).\n", Modeline, name, opts.Source, strings.Join(envs, ", "))
		b.WriteString("# Check it with bapi validate, see the difference with the service with bapi plan.\n")
		for i, r := range group {
			if i > 0 {
				b.WriteString("---\n")
			}
			cfg := r.ResourceConfig
			var schemaRef any
			if f := schemaFile[plan.NormalizeSchema(cfg.TransformSchema)]; f != "" {
				schemaRef = f
			}
			if folder != nil && plan.NormalizeSchema(cfg.TransformSchema) == folderText {
				schemaRef = folder
			}
			doc := specDoc{
				AppId:                  r.AppId,
				BackendEnvironmentName: r.BackendEnvironmentName,
				ResourceName:           r.ResourceName,
				ResourceConfig: specConfig{
					ApiName:             cfg.ApiName,
					Service:             cfg.Service,
					DefaultAuthType:     cfg.DefaultAuthType,
					AdditionalAuthTypes: cfg.AdditionalAuthTypes,
					ConflictResolution:  cfg.ConflictResolution,
					TransformSchemaFile: schemaRef,
				},
			}
			enc := yaml.NewEncoder(&b)
			enc.SetIndent(2)
			if err := enc.Encode(doc); err != nil {
				return nil, fmt.Errorf("encode the spec of %s/%s/%s: %w", r.AppId, r.BackendEnvironmentName, name, err)
			}
			if err := enc.Close(); err != nil {
				return nil, fmt.Errorf("encode the spec of %s/%s/%s: %w", r.AppId, r.BackendEnvironmentName, name, err)
			}
		}
		if err := claim(base+".yaml", name); err != nil {
			return nil, err
		}
		files = append(files, File{Path: base + ".yaml", Data: b.Bytes()})
		for i, p := range opts.SchemaFiles[name] {
			if err := claim(folder[i], name); err != nil {
				return nil, err
			}
			files = append(files, File{Path: folder[i], Data: p.Data})
		}
		for _, s := range schemas {
			if err := claim(schemaFile[s], name); err != nil {
				return nil, err
			}
			data := s
			if !strings.HasSuffix(data, "\n") {
				data += "\n"
			}
			files = append(files, File{Path: schemaFile[s], Data: []byte(data)})
		}
	}
	slices.SortStableFunc(files, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	return files, nil
}

// fileName makes a name safe as a file name: letters, digits, '.', '-' and
// '_' are kept, anything else becomes '_'.
func fileName(s string) string {
	out := []byte(s)
	for i, c := range out {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' && i > 0) {
			out[i] = '_'
		}
	}
	if len(out) == 0 {
		return "_"
	}
	return string(out)
}

// ExistsError is returned by Write when files it would write exist already;
// nothing was written.
type ExistsError struct {
	Paths []string
}

func (e *ExistsError) Error() string {
	what := "a file that exists"
	if len(e.Paths) > 1 {
		what = "files that exist"
	}
	return fmt.Sprintf("import would overwrite %s (%s); import never overwrites a file: move them away or import into another directory (--out)", what, strings.Join(e.Paths, ", "))
}

// Write writes the files under dir, creating directories as needed. It
// checks first that none exists, and then writes each atomically and only
// if it still does not exist; an *ExistsError names those that do. Once ctx
// is cancelled it writes no further file; written lists those it wrote.
func Write(ctx context.Context, dir string, files []File) (written []string, err error) {
	var exists []string
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if _, err := os.Lstat(p); err == nil {
			exists = append(exists, p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("check %s: %w", p, err)
		}
	}
	if len(exists) > 0 {
		return nil, &ExistsError{Paths: exists}
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return written, fmt.Errorf("import stopped before writing %s: %w", f.Path, err)
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return written, fmt.Errorf("create directory %s: %w", filepath.Dir(p), err)
		}
		if err := atomicfile.Create(p, f.Data, 0o644); err != nil {
			if errors.Is(err, fs.ErrExist) {
				return written, &ExistsError{Paths: []string{p}}
			}
			return written, fmt.Errorf("write %s: %w", p, err)
		}
		written = append(written, p)
	}
	return written, nil
}

// TransformerConfig is the .bapi.yaml import writes beside the specs of a
// project on the GraphQL transformer v1, so that validate checks their
// schemas against v1's directives. It returns nil when version is not 1,
// and nil with a note when outDir already holds a .bapi.yaml (import never
// overwrites a file) that does not say so.
func TransformerConfig(outDir string, version int) (*File, *Note, error) {
	if version != 1 {
		return nil, nil, nil
	}
	p := filepath.Join(outDir, validate.ConfigFileName)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return &File{Path: validate.ConfigFileName, Data: []byte("# The Amplify project these specs were imported from is on the GraphQL transformer v1\n# (amplify/cli.json): bapi validate checks their schemas against v1's directives.\ntransformer-version: 1\n")}, nil, nil
	}
	if err != nil {
		return nil, nil, fmt.Errorf("read %s: %w", p, err)
	}
	if cfg, err := validate.ParseConfig(p, data); err == nil && cfg.TransformerVersion == 1 {
		return nil, nil, nil
	}
	return nil, &Note{Path: p, Message: "the project is on the GraphQL transformer v1 (amplify/cli.json), and this file, which import does not overwrite, does not say so; add the line transformer-version: 1 to it, or validate checks the schemas against v2's directives"}, nil
}
