package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestUpstreamJSONSchemaNotLinked checks that the bapi binary links
// internal/jsonschema and not github.com/santhosh-tekuri/jsonschema/v6,
// whose init compiles every draft's meta-schemas (about 3 ms of every start;
// docs/benchmarks.md), and not the AWS SDK through pkg/validate.
func TestUpstreamJSONSchemaNotLinked(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	deps := strings.Fields(string(out))
	for _, d := range deps {
		if strings.HasPrefix(d, "github.com/santhosh-tekuri/jsonschema") {
			t.Errorf("bapi links %s; import github.com/bapi-dev/bapi/internal/jsonschema instead (its drafts compile lazily)", d)
		}
	}
	out, err = exec.Command(goTool, "list", "-deps", "../../pkg/validate", "../../pkg/spec").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, "github.com/aws/") {
			t.Errorf("pkg/validate or pkg/spec imports %s; load and validate use pkg/model, not the AWS SDK", d)
		}
	}
}
