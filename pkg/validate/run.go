package validate

import (
	"context"
	"runtime"
	"sync"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// GCPercent is the garbage collector target the bapi command sets for its
// process (unless GOGC is set): a run allocates quickly (every file is parsed
// into nodes twice, YAML and GraphQL) and keeps little (a window of files), so
// Go's default of 100 spends about a quarter of the CPU collecting; at 300
// peak RSS stays far under 100 MB at 10,000 files (docs/benchmarks.md). The
// package never sets it itself: that is the process owner's choice.
const GCPercent = 300

// MemoryLimit is the soft memory limit the bapi command sets with GCPercent
// (unless GOMEMLIMIT is set): GCPercent lets the heap grow to four times
// what is live, and what is live grows with the findings a run holds (about
// 390 bytes each), so without a limit a run with 80,000 findings peaks near
// 200 MB. Under the limit the collector runs more often only when the heap
// nears it, so small runs keep GCPercent's speed (docs/benchmarks.md).
const MemoryLimit = 100 << 20

// Options configure a run.
type Options struct {
	// Load configures reading and parsing.
	Load spec.Options
	// Parallelism is the number of files loaded and checked at once;
	// 0 means one per CPU.
	Parallelism int
	// Rules to run; nil means All().
	Rules []*Rule
	// KeepDocuments returns the loaded documents in Result.Docs (plan needs
	// them). Without it documents are dropped once checked.
	KeepDocuments bool
	// Config holds .bapi.yaml settings: rule severities (or off) and ignored
	// paths. Nil means defaults. Its flag defaults are the caller's to apply.
	Config *Config
	// NoIgnoreComments disables "# bapi:ignore" comments (and so
	// ignore-unused findings).
	NoIgnoreComments bool
}

// Input is one file that was read, with its digest: a spec file, or a
// schema file a spec names with TransformSchemaFile (Documents 0).
type Input struct {
	Name string `json:"name"`
	// Digest is the hex SHA-256 of the file's bytes; empty for a file over
	// the size cap, which is not read to the end (a digest of the bytes read
	// would name content that is not the file).
	Digest string `json:"sha256,omitempty"`
	// Documents is the number of YAML documents in the file, including
	// those that failed to load (the highest document index + 1); 0 when
	// the file failed as a whole (unreadable encoding, over the size cap,
	// no document at all).
	Documents int `json:"documents"`
}

// Result is what a run found.
type Result struct {
	// Files counts the files read. Documents counts the YAML documents
	// seen in them, including those that failed to load: the sum of
	// Inputs[].Documents. DocumentsChecked counts the documents that loaded
	// and went through the rules.
	Files            int
	Documents        int
	DocumentsChecked int
	// Findings of all files, sorted with finding.Compare.
	Findings []finding.Finding
	// Inputs lists every file read, in source order.
	Inputs []Input
	// Docs holds the documents, in source order, when KeepDocuments is set.
	Docs []*spec.Document
	// Suppressed counts findings dropped by bapi:ignore comments.
	Suppressed int
	// Skipped lists sources not read because Config.Ignore matched them.
	Skipped []string
}

// Counts tallies the findings.
func (r *Result) Counts() finding.Counts { return finding.Count(r.Findings) }

// Fails reports whether a finding at or above min exists (--min-severity);
// a zero min means finding.Error.
func (r *Result) Fails(min finding.Severity) bool {
	if min == 0 {
		min = finding.Error
	}
	for _, f := range r.Findings {
		if f.Severity >= min {
			return true
		}
	}
	return false
}

// Run loads and checks every source. Content problems are findings, and so
// is a file found in a directory that cannot be read (spec.RuleUnreadable);
// a source given by name that cannot be read is an error
// (*spec.InputError) and stops the run.
func Run(ctx context.Context, sources []spec.Source, opts Options) (*Result, error) {
	rules := opts.Rules
	if rules == nil {
		rules = All()
	}
	par := opts.Parallelism
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var skipped []string
	if opts.Config != nil && len(opts.Config.Ignore) > 0 {
		kept := make([]spec.Source, 0, len(sources))
		for _, src := range sources {
			if opts.Config.Ignored(src.Path) {
				skipped = append(skipped, src.Name)
				continue
			}
			kept = append(kept, src)
		}
		sources = kept
	}

	type across struct {
		rule *Rule
		a    Across
	}
	var acrosses []across
	for _, r := range rules {
		if r.NewAcross != nil {
			acrosses = append(acrosses, across{r, r.NewAcross()})
		}
	}

	type fileResult struct {
		file    *spec.File
		ignores []*ignoreComment
		docs    int
		err     error
	}
	results := make([]chan fileResult, len(sources))
	for i := range results {
		results[i] = make(chan fileResult, 1)
	}

	// Workers load and check files; the collector below consumes results in
	// source order so output and Across observation order are deterministic.
	// A bounded window keeps memory flat: at most 2*par files are held.
	sem := make(chan struct{}, 2*par)
	// Workers are started here, not in the feeder goroutine, so every
	// wg.Add happens before any wg.Wait below (a run with no sources waits
	// at once).
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < par; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ck := newChecker(ctx, rules, opts.Config.Transformer())
			for i := range work {
				f, err := spec.Load(ctx, sources[i], opts.Load)
				var ignores []*ignoreComment
				docs := 0
				if err == nil {
					docs = f.Documents
					if !opts.NoIgnoreComments {
						ignores = scanIgnores(f.Docs)
					}
					f.Findings = ck.check(f)
				}
				results[i] <- fileResult{f, ignores, docs, err}
			}
		}()
	}
	go func() {
		defer close(work)
		for i := range sources {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()

	res := &Result{Findings: []finding.Finding{}, Skipped: skipped}
	// Every finding of a rule links the same page: hold the link once, not
	// once per finding (a run may hold hundreds of thousands).
	urls := map[string]string{}
	intern := func(fs []finding.Finding) {
		for i := range fs {
			u := fs[i].DocURL
			if same, ok := urls[u]; ok {
				fs[i].DocURL = same
			} else {
				urls[u] = u
			}
		}
	}
	// One pass shows each document to the Across rules in turn.
	observe := &Pass{report: func(fd finding.Finding) {
		res.Findings = append(res.Findings, fd)
	}}
	var ignores []*ignoreComment
	var firstErr error
	schemasSeen := map[string]bool{}
	for i := range sources {
		var fr fileResult
		select {
		case fr = <-results[i]:
		case <-ctx.Done():
			wg.Wait()
			return nil, ctx.Err()
		}
		<-sem
		if fr.err != nil {
			if firstErr == nil {
				firstErr = fr.err
				cancel()
			}
			break
		}
		f := fr.file
		ignores = append(ignores, fr.ignores...)
		res.Files++
		res.Documents += fr.docs
		res.DocumentsChecked += len(f.Docs)
		res.Inputs = append(res.Inputs, Input{Name: f.Name, Digest: f.Digest, Documents: fr.docs})
		res.Inputs = append(res.Inputs, schemaInputs(f, schemasSeen)...)
		intern(f.Findings)
		res.Findings = append(res.Findings, f.Findings...)
		for _, d := range f.Docs {
			observe.Doc, observe.facts = d, nil
			for _, ac := range acrosses {
				observe.Rule = ac.rule
				ac.a.Observe(observe)
			}
		}
		if opts.KeepDocuments {
			res.Docs = append(res.Docs, f.Docs...)
		}
	}
	cancel()
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	for _, ac := range acrosses {
		ac.a.Finish(func(fd finding.Finding) {
			if fd.Rule == "" {
				fd.Rule = ac.rule.ID
			}
			if fd.Severity == 0 {
				fd.Severity = ac.rule.Severity
			}
			if fd.DocURL == "" {
				fd.DocURL = ac.rule.DocURL()
			}
			res.Findings = append(res.Findings, fd)
		})
	}
	res.Findings = settle(res.Findings, rules, opts.Config, ignores, &res.Suppressed)
	finding.Sort(res.Findings)
	res.Findings = mergeShared(res.Findings)
	return res, nil
}

// maxRuleFindings caps the findings one rule reports in one document: a
// hostile TransformSchema can hold a defect every few bytes, and a hundred
// thousand findings help no one (the loader caps its own the same way).
const maxRuleFindings = spec.MaxFindings

// checker runs the rules over the documents of the files one worker loads.
// It holds one pass, handed to each rule in turn (its Rule set and its count
// of findings reset), and the current document's facts (docFacts), which the
// rules share: a file costs no pass, closure or facts of its own.
type checker struct {
	ctx           context.Context
	rules         []*Rule
	pass          Pass
	facts         docFacts
	fs            []finding.Finding
	kept, dropped int
}

func newChecker(ctx context.Context, rules []*Rule, transformer int) *checker {
	c := &checker{ctx: ctx, rules: rules}
	c.pass = Pass{ctx: ctx, Transformer: transformer, report: c.add}
	return c
}

// add takes a finding of the rule running, up to maxRuleFindings of it per
// document.
func (c *checker) add(fd finding.Finding) {
	if c.kept == maxRuleFindings {
		c.dropped++
		return
	}
	c.kept++
	c.fs = append(c.fs, fd)
}

// check runs the rules over the documents of f and returns f's findings
// with theirs. It stops between rules when the context is done.
func (c *checker) check(f *spec.File) []finding.Finding {
	c.fs = f.Findings
	defer func() { c.fs, c.pass.Doc, c.facts = nil, nil, docFacts{} }()
	for _, d := range f.Docs {
		c.pass.Doc, c.facts, c.pass.facts = d, docFacts{}, &c.facts
		for _, r := range c.rules {
			if r.Check == nil {
				continue
			}
			if c.ctx.Err() != nil {
				return c.fs
			}
			c.kept, c.dropped = 0, 0
			c.pass.Rule = r
			r.Check(&c.pass)
			if c.dropped > 0 {
				last := c.fs[len(c.fs)-1]
				last.Message = spec.MoreNotShown(c.dropped, r.ID+" finding", "this document")
				last.EndLine, last.EndColumn = 0, 0
				c.fs = append(c.fs, last)
			}
		}
	}
	return c.fs
}

// settle applies the configuration and the ignore comments to the findings
// of a run: it drops findings of rules turned off, sets configured
// severities, drops findings an ignore comment names, adds an
// ignore-unused finding for each ignored ID that suppressed nothing, and
// fills in every doc URL still empty.
func settle(fs []finding.Finding, rules []*Rule, cfg *Config, ignores []*ignoreComment, suppressed *int) []finding.Finding {
	known := map[string]bool{}
	for _, r := range All() {
		known[r.ID] = true
	}
	running := map[string]bool{}
	for _, r := range rules {
		if s, _ := cfg.setting(r.ID); !s.Off {
			running[r.ID] = true
		}
	}
	byFile := map[string][]*ignoreComment{}
	for _, c := range ignores {
		byFile[c.file] = append(byFile[c.file], c)
	}
	out := fs[:0]
next:
	for _, f := range fs {
		if s, ok := cfg.setting(f.Rule); ok && s.Off {
			continue
		}
		for _, c := range byFile[f.File] {
			if c.suppresses(f) {
				*suppressed++
				continue next
			}
		}
		out = append(out, f)
	}
	if running[RuleIgnoreUnused] {
		isKnown := func(id string) bool { return known[id] }
		ran := func(id string) bool { return running[id] }
		for _, c := range ignores {
			out = append(out, c.unused(isKnown, ran)...)
		}
	}
	for i := range out {
		if s, ok := cfg.setting(out[i].Rule); ok && s.Severity != 0 {
			out[i].Severity = s.Severity
		}
		// Load-stage findings (yaml-*, file-*, document-*) come from
		// pkg/spec, which knows no URLs: every finding gets its rule's page.
		if out[i].DocURL == "" && out[i].Rule != "" {
			out[i].DocURL = DocURL(out[i].Rule)
		}
	}
	return out
}
