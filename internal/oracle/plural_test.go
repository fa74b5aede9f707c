package oracle

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/amplifyname"
	"github.com/bapi-dev/bapi/internal/realworld"
)

// TestPluralMatchesPluralize holds amplifyname.Plural (and PluralInitial,
// the initial it gives without pluralizing), which names list,
// sync and search queries and default @index names, to the pluralize
// package of the transformer's own tree (testdata/oracle/plural.js), on
// every identifier of the repository's test data and examples and of the
// real projects' schemas, and on every word of pluralize's own rules, as
// written, Title cased and upper cased.
func TestPluralMatchesPluralize(t *testing.T) {
	if _, err := os.Stat(filepath.Join(oracleDir, "node_modules", "pluralize")); err != nil {
		t.Skip("the transformer is not installed: run `npm ci --prefix testdata/oracle`")
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is not on PATH: install Node.js 20")
	}
	words := map[string]bool{}
	ident := regexp.MustCompile(`\b[A-Za-z][A-Za-z0-9_]{0,40}\b`)
	roots := []string{filepath.Join("..", "..", "testdata"), filepath.Join("..", "..", "examples")}
	if _, err := os.Stat(realworld.Projects); err == nil {
		roots = append(roots, realworld.Projects)
	} else {
		t.Logf("the real projects (%s) are absent: only the repository's words are checked", realworld.Projects)
	}
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			if d.IsDir() || (!strings.HasSuffix(p, ".graphql") && !strings.HasSuffix(p, ".yaml")) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, w := range ident.FindAll(data, -1) {
				words[string(w)] = true
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	own := runPlural(t, []string{"--words"}, "")
	// And the pronouns pluralize's later rules pair (my/our, its, his and
	// her/their), which 8.0.0 pluralizes by its general rules.
	for _, w := range append(strings.Fields(own), "my", "our", "its", "his", "her", "their") {
		words[w] = true
		words[strings.ToUpper(w[:1])+w[1:]] = true
		words[strings.ToUpper(w)] = true
	}
	list := make([]string, 0, len(words))
	for w := range words {
		list = append(list, w)
	}
	sort.Strings(list)
	out := runPlural(t, nil, strings.Join(list, "\n")+"\n")
	checked, differ := 0, 0
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		word, want, ok := strings.Cut(line, "\t")
		if !ok {
			t.Fatalf("plural.js printed %q", line)
		}
		checked++
		if got := amplifyname.Plural(word); got != want {
			differ++
			if differ <= 20 {
				t.Errorf("Plural(%q) = %q, pluralize says %q", word, got, want)
			}
		}
		if got := amplifyname.PluralInitial(word); want != "" && got != strings.ToLower(want[:1])[0] {
			t.Errorf("PluralInitial(%q) = %q, but pluralize's plural is %q", word, got, want)
		}
	}
	if checked != len(list) {
		t.Fatalf("plural.js answered %d of %d words", checked, len(list))
	}
	if checked < 1000 {
		t.Fatalf("only %d words checked: the test data moved?", checked)
	}
	t.Logf("%d words, %d differ from pluralize", checked, differ)
}

// runPlural runs testdata/oracle/plural.js with args and input on stdin.
func runPlural(t *testing.T, args []string, input string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", append([]string{"plural.js"}, args...)...)
	cmd.Dir = oracleDir
	cmd.Stdin = strings.NewReader(input)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node plural.js: %v: %s", err, stderr.String())
	}
	return string(out)
}
