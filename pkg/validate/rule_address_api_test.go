package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/spec"
)

// TestAddressOneAPIManyInOneEnvironment checks that n specs in one
// environment give n findings with a bounded list of related locations
// each, not n*n locations in all.
func TestAddressOneAPIManyInOneEnvironment(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n = 30
	var sources []spec.Source
	for i := 0; i < n; i++ {
		p := filepath.Join(dir, fmt.Sprintf("api%02d.yaml", i))
		doc := fmt.Sprintf("AppId: d2x4example7q1\nBackendEnvironmentName: dev\nResourceName: api%02d\nResourceConfig:\n  ApiName: api%02d\n  Service: AppSync\n", i, i)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		sources = append(sources, spec.Source{Path: p, Name: p})
	}
	res, err := Run(context.Background(), sources, Options{Rules: []*Rule{addressOneAPIRule()}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != n {
		t.Fatalf("%d findings, want %d", len(res.Findings), n)
	}
	for _, f := range res.Findings {
		if len(f.Related) != maxRelatedAPIs {
			t.Errorf("%s: %d related locations, want %d", f.Location, len(f.Related), maxRelatedAPIs)
		}
		if !strings.Contains(f.Message, fmt.Sprintf("(and %d more declarations of other APIs there)", n-2)) {
			t.Errorf("%s: message does not count the others left out: %s", f.Location, f.Message)
		}
	}
}
