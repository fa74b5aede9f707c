package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestValidateDoesNotImportAWSSDK checks that the load and validate stages
// do not import the AWS SDK: they use pkg/model, a leaf package.
func TestValidateDoesNotImportAWSSDK(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goTool, "list", "-deps", "../../pkg/validate", "../../pkg/spec").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, "github.com/aws/") {
			t.Errorf("pkg/validate or pkg/spec imports %s; load and validate use pkg/model, not the AWS SDK", d)
		}
	}
}
