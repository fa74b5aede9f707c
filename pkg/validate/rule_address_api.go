package validate

import (
	"fmt"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// RuleAddressOneAPI is the ID of the one-API-per-environment rule.
const RuleAddressOneAPI = "address-one-api"

func addressOneAPIRule() *Rule {
	return &Rule{
		ID:        RuleAddressOneAPI,
		Severity:  finding.Error,
		Summary:   "No two specs declare different GraphQL APIs (ResourceName) in one AppId/BackendEnvironmentName: an environment holds one",
		NewAcross: func() Across { return &pairAPIs{seen: map[appEnv][]pairAPI{}} },
	}
}

// pairAPI is one declaration of an API in an app/environment pair.
type pairAPI struct {
	name string
	loc  finding.Location
	doc  int
}

// pairAPIs is the per-run state of address-one-api: every declaration, by
// AppId/BackendEnvironmentName, in the order seen.
type pairAPIs struct {
	order []appEnv
	seen  map[appEnv][]pairAPI
}

// appEnv is an AppId/BackendEnvironmentName pair (a key, so that a document
// costs no joined string).
type appEnv struct{ app, env string }

func (k appEnv) String() string { return k.app + "/" + k.env }

func (a *pairAPIs) Observe(p *Pass) {
	app, env, res, loc, ok := docAddress(p)
	if !ok {
		return
	}
	pair := appEnv{app, env}
	if _, ok := a.seen[pair]; !ok {
		a.order = append(a.order, pair)
	}
	a.seen[pair] = append(a.seen[pair], pairAPI{name: res, loc: loc, doc: p.Doc.Index})
}

// maxRelatedAPIs caps the related locations of one finding: with n specs in
// one environment, listing every other one would hold n*n locations.
const maxRelatedAPIs = 10

// Finish reports every declaration that shares its pair with a declaration
// of another ResourceName, pointing at the first such other one and listing
// them (the first maxRelatedAPIs) as related. Two declarations of the same
// name are address-duplicate's to report.
func (a *pairAPIs) Finish(report func(finding.Finding)) {
	for _, pair := range a.order {
		decls := a.seen[pair]
		if len(decls) < 2 {
			continue // one declaration: nothing to report
		}
		named := make(map[string]int, len(decls))
		for _, d := range decls {
			named[d.name]++
		}
		for i, d := range decls {
			var rel []finding.Related
			var first *pairAPI
			others := len(decls) - named[d.name]
			for j := range decls {
				o := &decls[j]
				if j == i || o.name == d.name {
					continue
				}
				if first == nil {
					first = o
				}
				rel = append(rel, finding.Related{Location: o.loc, Message: fmt.Sprintf("GraphQL API %s declared here", o.name)})
				if len(rel) == maxRelatedAPIs {
					break
				}
			}
			if first == nil {
				continue
			}
			more := ""
			if others > maxRelatedAPIs {
				more = fmt.Sprintf(" (and %d more declarations of other APIs there)", others-1)
			}
			report(finding.Finding{
				Location: d.loc,
				Document: d.doc,
				Pointer:  "/ResourceName",
				Message: fmt.Sprintf("environment %s also gets GraphQL API %s, declared at %s%s; an Amplify app environment holds one GraphQL API, and a second CreateBackendAPI job fails: keep one ResourceName per AppId/BackendEnvironmentName, or move one spec to another environment",
					pair, first.name, first.loc, more),
				Related: rel,
			})
		}
	}
}
