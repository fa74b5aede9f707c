package validate

import (
	"context"
	"runtime"
	"sync"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

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
}

// Input is one file that was read, with its digest.
type Input struct {
	Name   string `json:"name"`
	Digest string `json:"sha256"`
}

// Result is what a run found.
type Result struct {
	// Files and Documents count what was read.
	Files     int
	Documents int
	// Findings of all files, sorted with finding.Compare.
	Findings []finding.Finding
	// Inputs lists every file read, in source order.
	Inputs []Input
	// Docs holds the documents, in source order, when KeepDocuments is set.
	Docs []*spec.Document
}

// Counts tallies the findings.
func (r *Result) Counts() finding.Counts { return finding.Count(r.Findings) }

// Run loads and checks every source. Content problems are findings; an
// unreadable source is an error (*spec.InputError) and stops the run.
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
		file *spec.File
		err  error
	}
	results := make([]chan fileResult, len(sources))
	for i := range results {
		results[i] = make(chan fileResult, 1)
	}

	// Workers load and check files; the collector below consumes results in
	// source order so output and Across observation order are deterministic.
	// A bounded window keeps memory flat: at most 2*par files are held.
	sem := make(chan struct{}, 2*par)
	var wg sync.WaitGroup
	go func() {
		work := make(chan int)
		for w := 0; w < par; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range work {
					f, err := spec.Load(ctx, sources[i], opts.Load)
					if err == nil {
						for _, d := range f.Docs {
							for _, r := range rules {
								if r.Check == nil {
									continue
								}
								r.Check(NewPass(r, d, func(fd finding.Finding) {
									f.Findings = append(f.Findings, fd)
								}))
							}
						}
					}
					results[i] <- fileResult{f, err}
				}
			}()
		}
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

	res := &Result{Findings: []finding.Finding{}}
	var firstErr error
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
		res.Files++
		res.Documents += len(f.Docs)
		res.Inputs = append(res.Inputs, Input{Name: f.Name, Digest: f.Digest})
		res.Findings = append(res.Findings, f.Findings...)
		for _, d := range f.Docs {
			for _, ac := range acrosses {
				ac.a.Observe(NewPass(ac.rule, d, func(fd finding.Finding) {
					res.Findings = append(res.Findings, fd)
				}))
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
	finding.Sort(res.Findings)
	return res, nil
}
