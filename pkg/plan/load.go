package plan

import (
	"context"
	"fmt"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// LoadOptions configure LoadSpecs.
type LoadOptions struct {
	// Load configures reading: standard input, its name, size limits.
	Load spec.Options
	// ConfigPath is the configuration file to read (--config); it must
	// exist. Empty means the first .bapi.yaml in ConfigDir or a parent.
	ConfigPath string
	// ConfigDir is where the search for .bapi.yaml starts; empty means the
	// working directory.
	ConfigDir string
	// Parallelism is the number of files checked at once; 0 means one per
	// CPU.
	Parallelism int
}

// Specs are the validated specs, decoded for a plan.
type Specs struct {
	// Desired holds one entry per spec document, in source order.
	Desired []Desired
	// Inputs lists every file read, with its digest, for the plan.
	Inputs []Input
	// ConfigPath is the configuration file that was applied, or "".
	ConfigPath string
}

// InvalidError is returned by LoadSpecs when the specs have findings at or
// above the failing severity (error, or the configuration's min-severity).
type InvalidError struct {
	// Count is the number of failing findings.
	Count int
	// MinSeverity is the lowest severity that fails.
	MinSeverity finding.Severity
}

func (e *InvalidError) Error() string {
	noun := "finding"
	if e.MinSeverity == finding.Error {
		noun = "error"
	}
	if e.Count != 1 {
		noun += "s"
	}
	at := ""
	if e.MinSeverity != finding.Error {
		at = fmt.Sprintf(" at or above %s (min-severity)", e.MinSeverity)
	}
	return fmt.Sprintf("the specs have %d %s%s; fix them (bapi validate) and try again", e.Count, noun, at)
}

// NoSpecsError is returned by LoadSpecs when the paths hold no spec file,
// or only files the configuration ignores.
type NoSpecsError struct {
	Paths   []string
	Ignored []string
}

func (e *NoSpecsError) Error() string {
	if len(e.Ignored) > 0 {
		return fmt.Sprintf("every spec file in %s is ignored by the configuration (%s); give other paths or change its ignore list", strings.Join(e.Paths, ", "), strings.Join(e.Ignored, ", "))
	}
	return fmt.Sprintf("no spec files (*.yaml, *.yml) found in %s; give spec files or directories holding them", strings.Join(e.Paths, ", "))
}

// LoadSpecs is the front half of plan and apply: it discovers the spec
// files under paths, reads the configuration (.bapi.yaml or
// opts.ConfigPath), validates the files with it (rule severities and "off",
// ignored paths), and decodes the documents. The validate result is
// returned whenever validation ran, so the caller can show its findings,
// even with an error. The error is an *InvalidError when findings at or
// above the configuration's min-severity (default error) exist, a
// *NoSpecsError when there is nothing to plan, and otherwise a failure to
// read the configuration or a file (*spec.InputError, *validate.ConfigError).
func LoadSpecs(ctx context.Context, paths []string, opts LoadOptions) (*Specs, *validate.Result, error) {
	cfg, cfgPath, err := LoadConfig(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	sources, ignored, err := FindSpecs(ctx, paths, cfg, opts.Load)
	if err != nil {
		return nil, nil, err
	}
	if len(sources) == 0 && len(ignored) == 0 {
		return nil, nil, &NoSpecsError{Paths: paths}
	}
	res, err := validate.Run(ctx, sources, validate.Options{
		Load:          opts.Load,
		Parallelism:   opts.Parallelism,
		KeepDocuments: true,
		Config:        cfg,
	})
	if err != nil {
		return nil, nil, err
	}
	res.Skipped = append(ignored, res.Skipped...)
	if len(res.Inputs) == 0 {
		return nil, res, &NoSpecsError{Paths: paths, Ignored: res.Skipped}
	}
	minSev := finding.Error
	if cfg != nil && cfg.MinSeverity != 0 {
		minSev = cfg.MinSeverity
	}
	if res.Fails(minSev) {
		n := 0
		for _, f := range res.Findings {
			if f.Severity >= minSev {
				n++
			}
		}
		return nil, res, &InvalidError{Count: n, MinSeverity: minSev}
	}
	desired, err := DesiredFromDocuments(res.Docs)
	if err != nil {
		return nil, res, err
	}
	for i := range desired {
		desired[i].Transformer = cfg.Transformer()
	}
	return &Specs{Desired: desired, Inputs: InputsFromValidate(res.Inputs), ConfigPath: cfgPath}, res, nil
}

// LoadConfig reads the configuration LoadSpecs applies: opts.ConfigPath
// (--config) when given, else the first .bapi.yaml in opts.ConfigDir (the
// working directory when empty) or a parent. The configuration is nil, and
// its path "", when there is none.
func LoadConfig(ctx context.Context, opts LoadOptions) (*validate.Config, string, error) {
	dir := opts.ConfigDir
	if dir == "" {
		dir = "."
	}
	return validate.LoadConfig(ctx, dir, opts.ConfigPath)
}

// FindSpecs discovers the spec files under paths and drops those cfg
// ignores, returning the kept sources and the names of the ignored ones.
// It is the one discovery both plan (LoadSpecs) and apply's staleness
// check (CurrentInputs) use, so they always see the same files.
func FindSpecs(ctx context.Context, paths []string, cfg *validate.Config, opts spec.Options) (kept []spec.Source, ignored []string, err error) {
	sources, err := spec.Discover(ctx, paths, opts)
	if err != nil {
		return nil, nil, err
	}
	kept = make([]spec.Source, 0, len(sources))
	for _, src := range sources {
		if cfg.Ignored(src.Path) {
			ignored = append(ignored, src.Name)
			continue
		}
		kept = append(kept, src)
	}
	return kept, ignored, nil
}
