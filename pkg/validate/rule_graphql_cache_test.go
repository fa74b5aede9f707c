package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// sharedSpecs writes a spec file of n documents naming shared.graphql,
// each with the auth mode modes[i], and returns its source.
func sharedSpecs(t *testing.T, schema string, modes ...string) spec.Source {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i, mode := range modes {
		fmt.Fprintf(&b, `---
AppId: d2x4example7q1
BackendEnvironmentName: env%c
ResourceName: api
ResourceConfig:
  ApiName: api
  Service: AppSync
  DefaultAuthType:
    Mode: %s
  TransformSchemaFile: shared.graphql
`, 'a'+i, mode)
	}
	for name, text := range map[string]string{"specs.yaml": b.String(), "shared.graphql": schema} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return spec.Source{Path: filepath.Join(dir, "specs.yaml"), Name: "specs.yaml"}
}

// TestSharedSchemaCheckedOnce: documents that name the same schema file
// with the same settings are checked once; each gets the findings, at its
// own TransformSchemaFile key.
func TestSharedSchemaCheckedOnce(t *testing.T) {
	t.Parallel()
	src := sharedSpecs(t, "type T { f: String }\n", "API_KEY", "API_KEY", "API_KEY", "AWS_IAM")
	f, err := spec.Load(context.Background(), src, spec.Options{})
	if err != nil || len(f.Docs) != 4 {
		t.Fatalf("load: %v, %d documents", err, len(f.Docs))
	}
	calls := 0
	rule := &Rule{ID: "test"}
	c := &schemaCache{}
	check := c.wrap(func(p *Pass) {
		calls++
		p.Report(p.Doc.Schema.Key, "", "at the key")
	})
	var got []finding.Finding
	for _, d := range f.Docs {
		check(NewPass(rule, d, func(f finding.Finding) { got = append(got, f) }))
	}
	if calls != 2 {
		t.Errorf("checked %d times, want 2 (once per settings)", calls)
	}
	for i, d := range f.Docs {
		if got[i].Line != d.Schema.Key.Line || got[i].Document != d.Index {
			t.Errorf("document %d: finding at line %d of document %d, want line %d", d.Index, got[i].Line, got[i].Document, d.Schema.Key.Line)
		}
	}
}

// TestSharedSchemaFindingsOnce: a finding in a shared schema file is
// reported once, with every document that names it; a finding that depends
// on the document's settings (graphql-auth-mode) is reported for the
// documents it concerns.
func TestSharedSchemaFindingsOnce(t *testing.T) {
	t.Parallel()
	schema := "type T @model @auth(rules: [{ allow: public }]) {\n  f: Undefined\n}\ntype U @model @auth(rules: [{ allow: public }]) { f: String }\n"
	src := sharedSpecs(t, schema, "API_KEY", "API_KEY", "AWS_IAM")
	res, err := Run(context.Background(), []spec.Source{src}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var inFile, modes []finding.Finding
	for _, f := range res.Findings {
		switch {
		case f.File == "shared.graphql" && f.Rule == RuleGraphQLValid:
			inFile = append(inFile, f)
		case f.File == "shared.graphql" && f.Rule == RuleAuthMode:
			modes = append(modes, f)
		}
	}
	if len(inFile) != 1 || inFile[0].Line != 2 || len(inFile[0].Related) != 3 {
		t.Fatalf("findings in shared.graphql: %+v; want one at line 2 with 3 related documents", inFile)
	}
	// Two @auth rules need API_KEY, which only the third document lacks.
	if len(modes) != 2 || len(modes[0].Related) != 1 || modes[0].Related[0].Line != 30 {
		t.Errorf("%s findings: %+v; want 2, each naming the third document (line 30) only", RuleAuthMode, modes)
	}
}
