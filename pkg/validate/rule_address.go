package validate

import (
	"fmt"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// RuleAddressDuplicate is the ID of the duplicate address rule.
const RuleAddressDuplicate = "address-duplicate"

func addressDuplicateRule() *Rule {
	return &Rule{
		ID:        RuleAddressDuplicate,
		Severity:  finding.Error,
		Summary:   "No AppId/BackendEnvironmentName/ResourceName address is declared twice across the files given",
		NewAcross: func() Across { return &addresses{seen: map[string][]finding.Location{}} },
	}
}

// addresses is the per-run state of address-duplicate.
type addresses struct {
	order []string
	seen  map[string][]finding.Location
	docs  map[finding.Location]int
}

func (a *addresses) Observe(p *Pass) {
	app, env, res, loc, ok := docAddress(p)
	if !ok {
		return
	}
	addr := app + "/" + env + "/" + res
	if _, ok := a.seen[addr]; !ok {
		a.order = append(a.order, addr)
	}
	a.seen[addr] = append(a.seen[addr], loc)
	if a.docs == nil {
		a.docs = map[finding.Location]int{}
	}
	a.docs[loc] = p.Doc.Index
}

func (a *addresses) Finish(report func(finding.Finding)) {
	for _, addr := range a.order {
		locs := a.seen[addr]
		if len(locs) < 2 {
			continue
		}
		for i, loc := range locs {
			var rel []finding.Related
			for j, other := range locs {
				if j != i {
					rel = append(rel, finding.Related{Location: other, Message: "also declared here"})
				}
			}
			other := locs[(i+1)%len(locs)]
			if i > 0 {
				other = locs[0]
			}
			report(finding.Finding{
				Location: loc,
				Document: a.docs[loc],
				Pointer:  "/ResourceName",
				Message:  fmt.Sprintf("address %s is also declared at %s; each AppId/BackendEnvironmentName/ResourceName may be declared once across all files: remove one or change its ResourceName", addr, other),
				Related:  rel,
			})
		}
	}
}

// docAddress reads the document's AppId, BackendEnvironmentName and
// ResourceName, and the position of its ResourceName key; ok is false when
// one of them is not a string.
func docAddress(p *Pass) (app, env, res string, loc finding.Location, ok bool) {
	root := p.Doc.Root
	app, ok1 := str(mapGet(root, "AppId"))
	env, ok2 := str(mapGet(root, "BackendEnvironmentName"))
	res, ok3 := str(mapGet(root, "ResourceName"))
	if !ok1 || !ok2 || !ok3 {
		return "", "", "", finding.Location{}, false
	}
	k, _ := mapKey(root, "ResourceName")
	return app, env, res, finding.Location{File: p.Doc.File, Line: k.Line, Column: k.Column}, true
}
