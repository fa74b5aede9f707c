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
		NewAcross: func() Across { return &addresses{seen: map[string][]addressDecl{}} },
	}
}

// addresses is the per-run state of address-duplicate.
type addresses struct {
	order []string
	seen  map[string][]addressDecl
}

// addressDecl is one declaration of an address: where, and in which
// document of its file.
type addressDecl struct {
	loc finding.Location
	doc int
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
	a.seen[addr] = append(a.seen[addr], addressDecl{loc, p.Doc.Index})
}

func (a *addresses) Finish(report func(finding.Finding)) {
	for _, addr := range a.order {
		decls := a.seen[addr]
		if len(decls) < 2 {
			continue
		}
		for i, d := range decls {
			var rel []finding.Related
			for j, other := range decls {
				if j != i {
					rel = append(rel, finding.Related{Location: other.loc, Message: "also declared here"})
				}
			}
			other := decls[(i+1)%len(decls)].loc
			if i > 0 {
				other = decls[0].loc
			}
			report(finding.Finding{
				Location: d.loc,
				Document: d.doc,
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
