package emulator

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOperationsListsEveryOp: Operations (which bapi emulator --help shows)
// names every exported Op constant of the package's source, so a new
// operation cannot be served without the help saying so.
func TestOperationsListsEveryOp(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	constRe := regexp.MustCompile(`(?m)^\s*(Op[A-Z]\w*)\s*=\s*"(\w+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range constRe.FindAllStringSubmatch(string(b), -1) {
			found++
			if !slices.Contains(Operations(), m[2]) {
				t.Errorf("%s: %s = %q is not in Operations(); add it so the emulator's help lists it", f, m[1], m[2])
			}
		}
	}
	if found < len(Operations()) {
		t.Errorf("found %d Op constants, fewer than Operations()'s %d: fix the pattern", found, len(Operations()))
	}
}
