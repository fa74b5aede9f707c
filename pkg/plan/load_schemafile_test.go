package plan

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestLoadSpecsSchemaFileInputs: a schema file a spec names is an input of
// the plan, so the inputs digest changes when only the .graphql file does,
// and the desired TransformSchema is the file's text.
func TestLoadSpecsSchemaFileInputs(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"specs/api.yaml":    "AppId: d2x4example7q1\nBackendEnvironmentName: dev\nResourceName: api\nResourceConfig:\n  ApiName: api\n  Service: AppSync\n  DefaultAuthType:\n    Mode: AWS_IAM\n  TransformSchemaFile: api.graphql\n",
		"specs/api.graphql": "type Todo @model @auth(rules: [{ allow: private, provider: iam }]) { id: ID! }\n",
	})
	t.Chdir(dir)
	load := func() *Specs {
		t.Helper()
		specs, res, err := LoadSpecs(context.Background(), []string{"specs"}, LoadOptions{ConfigDir: dir})
		if err != nil {
			t.Fatalf("LoadSpecs: %v (findings %v)", err, res)
		}
		return specs
	}
	before := load()
	names := map[string]bool{}
	for _, in := range before.Inputs {
		names[in.Name] = true
	}
	if !names[filepath.Join("specs", "api.yaml")] || !names[filepath.Join("specs", "api.graphql")] || len(before.Inputs) != 2 {
		t.Fatalf("inputs %v, want the spec and its schema file", before.Inputs)
	}
	if got := before.Desired[0].Request.ResourceConfig.TransformSchema; got != "type Todo @model @auth(rules: [{ allow: private, provider: iam }]) { id: ID! }\n" {
		t.Errorf("desired TransformSchema %q, want the file's text", got)
	}
	if err := os.WriteFile(filepath.Join("specs", "api.graphql"), []byte("type Todo @model @auth(rules: [{ allow: private, provider: iam }]) { id: ID! name: String }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	after := load()
	if InputsDigest(before.Inputs) == InputsDigest(after.Inputs) {
		t.Errorf("the inputs digest did not change when only the schema file did")
	}
}
