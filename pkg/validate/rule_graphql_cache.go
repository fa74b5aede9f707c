package validate

import (
	"strconv"
	"strings"
	"sync"

	"github.com/bapi-dev/bapi/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// schemaCache lets the GraphQL rules check a schema file that several
// documents name (TransformSchemaFile) once per run, not once per document:
// ten APIs sharing a large schema cost one check. The first document's
// findings are kept and given to each later one, moved to its
// TransformSchemaFile key; mergeShared then reports a finding in the shared
// file once, with every document that names it.
//
// What the rules read besides the schema text is part of the key: the
// members of ResourceConfig in schemaCacheMembers. A GraphQL rule that comes
// to read another member of the document must add it there.
type schemaCache struct {
	mu      sync.Mutex
	entries map[string]*schemaCacheEntry
}

// schemaCacheMembers are the ResourceConfig members GraphQL rules read: auth
// modes (graphql-auth-mode) and the conflict resolution strategy
// (graphql-datastore-fields).
func schemaCacheMembers() [3]string {
	return [...]string{"DefaultAuthType", "AdditionalAuthTypes", "ConflictResolution"}
}

type schemaCacheEntry struct {
	once sync.Once
	// The document checked: its file, index and TransformSchemaFile key
	// position (not the document itself, which a run must not hold).
	file            string
	index           int
	keyLine, keyCol int
	found           []finding.Finding
}

// wrap returns check, run once per schema file and document settings; a
// document with an inline TransformSchema is always checked.
func (c *schemaCache) wrap(check func(p *Pass)) func(p *Pass) {
	return func(p *Pass) {
		key, ok := schemaCacheKey(p)
		if !ok {
			check(p)
			return
		}
		c.mu.Lock()
		if c.entries == nil {
			c.entries = map[string]*schemaCacheEntry{}
		}
		e := c.entries[key]
		if e == nil {
			e = &schemaCacheEntry{}
			c.entries[key] = e
		}
		c.mu.Unlock()
		checked := false
		e.once.Do(func() {
			checked = true
			e.file, e.index = p.Doc.File, p.Doc.Index
			e.keyLine, e.keyCol = p.Doc.Schema.Key.Line, p.Doc.Schema.Key.Column
			rec := NewPass(p.Rule, p.Doc, func(f finding.Finding) { e.found = append(e.found, f) })
			rec.ctx = p.ctx
			rec.Transformer = p.Transformer
			check(rec)
		})
		for _, f := range e.found {
			if !checked {
				f = e.move(f, p)
			}
			p.report(f)
		}
	}
}

// move gives a finding of the document checked to the document of p: one at
// its TransformSchemaFile key moves to p's key; one in a schema file gets
// p's key as related location.
func (e *schemaCacheEntry) move(f finding.Finding, p *Pass) finding.Finding {
	to := p.Doc.Schema.Key
	if f.File == e.file && f.Document == e.index {
		f.File, f.Document = p.Doc.File, p.Doc.Index
		if f.Line == e.keyLine && f.Column == e.keyCol {
			f.Line, f.Column = to.Line, to.Column
		}
		return f
	}
	related := make([]finding.Related, len(f.Related))
	for i, r := range f.Related {
		if r.File == e.file && r.Line == e.keyLine && r.Column == e.keyCol {
			r = namedBy(p, to)
		}
		related[i] = r
	}
	f.Related = related
	return f
}

// schemaCacheKey names what the GraphQL rules read of p's document: its
// schema files (name and digest of each) and the members of
// schemaCacheMembers. ok is false for a schema not read from files.
func schemaCacheKey(p *Pass) (string, bool) {
	s := p.Doc.Schema
	if s == nil || s.Key == nil {
		return "", false
	}
	var b strings.Builder
	for _, part := range s.Parts {
		b.WriteString(strconv.Quote(part.Name))
		b.WriteString(part.Digest)
		b.WriteByte(0)
	}
	rc := resourceConfig(p)
	for _, m := range schemaCacheMembers() {
		b.WriteString(m)
		nodeKey(&b, mapGet(rc, m))
	}
	return b.String(), true
}

// nodeKey writes n's content (kinds, tags and values, not positions).
func nodeKey(b *strings.Builder, n *yaml.Node) {
	if n == nil {
		b.WriteString("~")
		return
	}
	b.WriteString(strconv.Itoa(int(n.Kind)))
	b.WriteString(n.Tag)
	b.WriteString(strconv.Quote(n.Value))
	b.WriteByte('(')
	for _, c := range n.Content {
		nodeKey(b, c)
	}
	b.WriteByte(')')
}
