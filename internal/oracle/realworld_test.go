package oracle

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bapi-dev/bapi/internal/realworld"
	"go.yaml.in/yaml/v3"
)

// TestTransformerAgreesOnRealProjects holds bapi to the 1.8 transformer on
// the schemas real users wrote: every project of ../shared/realworld on
// transformer v2 is imported as a user would (internal/realworld), each of
// its APIs and environments becomes a case with its own auth modes, and
// bapi's verdict must be the transformer's, with the same exceptions as the
// repository's cases. (It found bapi refusing a String id related through
// String fields, which the transformer accepts.)
func TestTransformerAgreesOnRealProjects(t *testing.T) {
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "@aws-amplify", "graphql-transformer")); err != nil && !testing.Short() {
		t.Skip("the transformer is not installed: run `npm ci --prefix testdata/oracle` to run the differential test")
	}
	realProjects(t, 2, oracleDir)
}

// TestTransformerV1AgreesOnRealProjects is the same for the projects on
// transformer v1, judged by the v1 line (testdata/oracle/v1).
func TestTransformerV1AgreesOnRealProjects(t *testing.T) {
	dir := filepath.Join(oracleDir, "v1")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "graphql-transformer-core")); err != nil && !testing.Short() {
		t.Skip("the v1 transformer is not installed: run `npm ci --prefix testdata/oracle/v1`")
	}
	realProjects(t, 1, dir)
}

// realProjects imports the real projects on the transformer version and
// judges them with the transformer installed in driverDir.
func realProjects(t *testing.T, version int, driverDir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the differential test runs Node.js on every schema; CI runs it (scripts/test.sh -full)")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to run the differential test")
	}
	entries, err := os.ReadDir(realworld.Projects)
	if err != nil {
		t.Skipf("%s is absent: the real-world projects are not on this machine", realworld.Projects)
	}
	ctx := context.Background()
	dir := t.TempDir()
	var files []string
	for _, e := range entries {
		proj, _, err := realworld.Import(ctx, filepath.Join(realworld.Projects, e.Name()))
		if err != nil || proj.TransformerVersion != version {
			continue // TestRealWorld (pkg/importer) reports what does not import
		}
		var b bytes.Buffer
		for i, r := range proj.Requests {
			if i > 0 {
				b.WriteString("---\n")
			}
			y, err := yaml.Marshal(r)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(y)
		}
		name := realWorldPrefix + e.Name() + ".yaml"
		if version == 1 {
			name = realWorldPrefix + e.Name() + "-v1.yaml" // collect's mark of a v1 case
		}
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		t.Fatalf("no real-world project on transformer v%d imported", version)
	}
	cases := collect(t, version, nil, files...)
	verdicts := runTransformer(t, driverDir, cases)
	agree, excused, gaps := judge(t, cases, verdicts)
	accepted := 0
	for _, v := range verdicts {
		if v.Accept {
			accepted++
		}
	}
	t.Logf("real-world projects on transformer v%d: %d, %d cases (APIs x environments); the transformer accepts %d; bapi agrees on %d, %d differ for the listed reasons, %d known gaps", version, len(files), len(cases), accepted, agree, excused, gaps)
}
