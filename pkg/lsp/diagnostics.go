package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// snapshot is what one validation run reads, copied under the lock.
type snapshot struct {
	root    string
	enc     string
	config  *validate.Config
	docs    map[string]*document
	sources []string
	uris    map[string]string
	old     map[string][]finding.Finding
}

// isSpecPath reports whether a path is one bapi reads as a spec file.
func isSpecPath(p string) bool {
	ext := strings.ToLower(filepath.Ext(p))
	return ext == ".yaml" || ext == ".yml"
}

// discover lists the workspace's spec files, as bapi validate ROOT would,
// leaving out node_modules (a JavaScript project's dependencies hold YAML
// files that are not specs).
func discover(ctx context.Context, root string) ([]string, error) {
	if root == "" {
		return nil, nil
	}
	srcs, err := spec.Discover(ctx, []string{root}, spec.Options{})
	if err != nil {
		return nil, fmt.Errorf("find the workspace's spec files: %w", err)
	}
	out := make([]string, 0, len(srcs))
	for _, s := range srcs {
		if slices.Contains(strings.Split(filepath.ToSlash(s.Path), "/"), "node_modules") {
			continue
		}
		out = append(out, s.Path)
	}
	return out, nil
}

// publish validates the workspace with the open buffers laid over it and
// publishes the diagnostics of every open file and of every schema file an
// open spec names, clearing those that no longer have any.
func (s *server) publish(ctx context.Context) error {
	s.mu.Lock()
	rescan, root := s.rescan, s.root
	s.rescan = false
	cfgErr := s.configErr
	s.configErr = nil
	s.mu.Unlock()
	if cfgErr != nil {
		_ = s.conn.notify("window/showMessage", map[string]any{"type": 1, "message": "bapi: " + cfgErr.Error() + "; using the default rule settings"})
	}
	if rescan {
		found, err := discover(ctx, root)
		if err != nil {
			return err
		}
		s.mu.Lock()
		s.sources = found
		s.mu.Unlock()
	}
	snap := s.snapshot()
	byPath, err := run(ctx, snap)
	if err != nil {
		return err
	}
	// Publish for open files and for the schema files an open spec names.
	show := map[string]bool{}
	for p := range snap.docs {
		show[p] = true
	}
	for p, fs := range byPath {
		for _, f := range fs {
			for _, r := range f.Related {
				if snap.docs[absIn(snap.root, r.File)] != nil {
					show[p] = true
				}
			}
		}
	}
	next := map[string][]finding.Finding{}
	for p := range show {
		next[p] = byPath[p]
	}
	for p := range snap.old {
		if _, ok := next[p]; !ok {
			next[p] = nil // clear what was published before
		}
	}
	// Recorded before publishing, so a code action asked for as soon as
	// a diagnostic arrives finds its finding.
	s.mu.Lock()
	for p, fs := range next {
		if fs == nil && snap.docs[p] == nil {
			delete(s.published, p)
			continue
		}
		s.published[p] = fs
		if s.uris[p] == "" {
			s.uris[p] = pathURI(p)
		}
	}
	s.mu.Unlock()
	for p, fs := range next {
		if err := ctx.Err(); err != nil {
			return err
		}
		uri := snap.uris[p]
		if uri == "" {
			uri = pathURI(p)
		}
		params := publishDiagnosticsParams{URI: uri, Diagnostics: s.diagnostics(snap, p, fs)}
		if d := snap.docs[p]; d != nil {
			v := d.version
			params.Version = &v
		}
		if err := s.conn.notify("textDocument/publishDiagnostics", params); err != nil {
			return err
		}
	}
	return nil
}

func (s *server) snapshot() snapshot {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{root: s.root, enc: s.enc, config: s.config, docs: map[string]*document{}, sources: s.sources, uris: map[string]string{}, old: map[string][]finding.Finding{}}
	for p, d := range s.docs {
		c := *d
		snap.docs[p] = &c
	}
	for p, u := range s.uris {
		snap.uris[p] = u
	}
	for p, fs := range s.published {
		snap.old[p] = fs
	}
	return snap
}

// absIn is a finding's file name as an absolute path.
func absIn(root, name string) string {
	if filepath.IsAbs(name) || root == "" {
		return filepath.Clean(name)
	}
	return filepath.Join(root, name)
}

// run validates the snapshot and groups the findings by absolute path.
func run(ctx context.Context, snap snapshot) (map[string][]finding.Finding, error) {
	overlay := spec.Overlay{}
	seen := map[string]bool{}
	var sources []spec.Source
	add := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		name := p
		if rel, err := filepath.Rel(snap.root, p); err == nil && snap.root != "" && !strings.HasPrefix(rel, "..") {
			name = rel
		}
		sources = append(sources, spec.Source{Path: p, Name: name})
	}
	for _, p := range snap.sources {
		add(p)
	}
	for p, d := range snap.docs {
		overlay[p] = []byte(d.text)
		if isSpecPath(p) {
			add(p)
		}
	}
	slices.SortFunc(sources, func(a, b spec.Source) int { return strings.Compare(a.Path, b.Path) })
	// A spec file deleted since the last scan is dropped, not an error.
	kept := sources[:0]
	for _, src := range sources {
		if _, open := overlay[src.Path]; open {
			kept = append(kept, src)
		} else if _, err := os.Stat(src.Path); err == nil {
			kept = append(kept, src)
		}
	}
	root := snap.root
	if root == "" {
		root = "."
	}
	res, err := validate.Run(ctx, kept, validate.Options{
		Load:   spec.Options{Root: root, Overlay: overlay},
		Config: snap.config,
	})
	if err != nil {
		return nil, fmt.Errorf("validate the workspace: %w", err)
	}
	// A YAML file that is not a spec (a document-not-spec finding) is
	// some other tool's file that the editor opened with bapi attached:
	// none of its findings are shown.
	notSpec := map[[2]any]bool{}
	for _, f := range res.Findings {
		if f.Rule == spec.RuleNotSpec {
			notSpec[[2]any{f.File, f.Document}] = true
		}
	}
	out := map[string][]finding.Finding{}
	for _, f := range res.Findings {
		if notSpec[[2]any{f.File, f.Document}] {
			continue
		}
		p := absIn(snap.root, f.File)
		out[p] = append(out[p], f)
	}
	return out, nil
}

// diagnostics converts the findings of one file.
func (s *server) diagnostics(snap snapshot, p string, fs []finding.Finding) []Diagnostic {
	out := []Diagnostic{}
	if len(fs) == 0 {
		return out
	}
	ls := lines(fileText(snap.docs, p))
	for _, f := range fs {
		d := Diagnostic{
			Range:    findingRange(ls, f, snap.enc),
			Severity: severity(f.Severity),
			Code:     f.Rule,
			Source:   "bapi",
			Message:  f.Message,
		}
		if f.DocURL != "" {
			d.CodeDescription = &codeDescription{Href: f.DocURL}
		}
		for _, r := range f.Related {
			rp := absIn(snap.root, r.File)
			rls := ls
			if rp != p {
				rls = lines(fileText(snap.docs, rp))
			}
			start := position(rls, r.Line, r.Column, snap.enc)
			d.RelatedInformation = append(d.RelatedInformation, diagnosticRelatedInformation{
				Location: Location{URI: cmpOr(snap.uris[rp], pathURI(rp)), Range: Range{Start: start, End: start}},
				Message:  r.Message,
			})
		}
		out = append(out, d)
	}
	return out
}

// fileText is an open buffer's text, or the file's on disk ("" when it
// cannot be read: positions then fall at the start of their lines).
func fileText(docs map[string]*document, p string) string {
	if d := docs[p]; d != nil {
		return d.text
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return ""
	}
	return string(b)
}

// findingRange is the range of a finding: to its end when it has one, else
// over the token at its position.
func findingRange(ls []string, f finding.Finding, enc string) Range {
	start := position(ls, f.Line, f.Column, enc)
	if f.EndLine > 0 {
		return Range{Start: start, End: position(ls, f.EndLine, f.EndColumn+1, enc)}
	}
	if f.Line <= 0 || f.Line > len(ls) {
		return Range{Start: start, End: start}
	}
	line := ls[f.Line-1]
	b := byteOfRune(line, f.Column-1)
	e := tokenEnd(line, b)
	return Range{Start: start, End: Position{Line: start.Line, Character: units(line[:e], enc)}}
}

func severity(s finding.Severity) int {
	switch s {
	case finding.Error:
		return severityError
	case finding.Warning:
		return severityWarning
	}
	return severityInformation
}
