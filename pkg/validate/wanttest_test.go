package validate

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

// The want helper checks rule cases whose expectations are written in the
// input, as `// want` is in golang.org/x/tools' analysistest:
//
//   - `# want RULE-ID` (or `# want ID1, ID2`) at the end of a line expects a
//     finding of each rule on that line. Inside a TransformSchema block
//     scalar the comment is a GraphQL comment, so it works there too.
//   - `# want-line N RULE-ID` anywhere expects a finding on line N, for lines
//     that cannot carry a comment.
//
// The case file is run through Run (so through spec.Load, the engine, ignore
// comments and cross-document rules) with every rule, the schema rule
// included, so a case also shows that a rule does not repeat what the schema
// says. The set of (line, rule) of the findings must equal
// the set of wants; a good case has no wants and so must have no findings.

var (
	wantRE     = regexp.MustCompile(`#\s*want\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)`)
	wantLineRE = regexp.MustCompile(`#\s*want-line\s+(\d+)\s+([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)`)
)

type want struct {
	line int
	rule string
}

func (w want) String() string { return fmt.Sprintf("line %d: %s", w.line, w.rule) }

// readWants returns the expectations written in the file.
func readWants(t *testing.T, path string) []want {
	t.Helper()
	fh, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var out []want
	sc := bufio.NewScanner(fh)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if m := wantLineRE.FindStringSubmatch(line); m != nil {
			l, _ := strconv.Atoi(m[1])
			for _, id := range strings.Split(m[2], ",") {
				out = append(out, want{l, strings.TrimSpace(id)})
			}
			continue
		}
		if m := wantRE.FindStringSubmatch(line); m != nil {
			for _, id := range strings.Split(m[1], ",") {
				out = append(out, want{n, strings.TrimSpace(id)})
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkWants runs the case file and compares its findings with its wants.
// It returns the findings for further checks.
func checkWants(t *testing.T, path string, opts Options) []finding.Finding {
	t.Helper()
	wants := readWants(t, path)
	// A case named *-v1.yaml is a project on transformer v1.
	if strings.HasSuffix(path, "-v1.yaml") {
		cfg := Config{TransformerVersion: 1}
		if opts.Config != nil {
			cfg = *opts.Config
			cfg.TransformerVersion = 1
		}
		opts.Config = &cfg
	}
	res, err := Run(context.Background(), []spec.Source{{Path: path, Name: path}}, opts)
	if err != nil {
		t.Fatalf("run %s: %v", path, err)
	}
	var got []want
	for _, f := range res.Findings {
		got = append(got, want{f.Line, f.Rule})
	}
	norm := func(ws []want) []string {
		var s []string
		for _, w := range ws {
			s = append(s, w.String())
		}
		slices.Sort(s)
		return slices.Compact(s)
	}
	if diff := cmp.Diff(norm(wants), norm(got)); diff != "" {
		var msgs []string
		for _, f := range res.Findings {
			msgs = append(msgs, fmt.Sprintf("  %d:%d %s: %s", f.Line, f.Column, f.Rule, f.Message))
		}
		t.Errorf("%s: findings differ from # want comments (-want +got):\n%s\nfindings:\n%s", path, diff, strings.Join(msgs, "\n"))
	}
	return res.Findings
}

// TestRuleCases runs every case under testdata/rules/<ID>/.
func TestRuleCases(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "rules", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no rule cases found: %v", err)
	}
	for _, dir := range dirs {
		id := filepath.Base(dir)
		t.Run(id, func(t *testing.T) {
			t.Parallel()
			files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
			var good, bad int
			for _, f := range files {
				base := filepath.Base(f)
				switch {
				case strings.HasPrefix(base, "good"):
					good++
					if ws := readWants(t, f); len(ws) != 0 {
						t.Errorf("%s: a good case has no # want comments, found %v", f, ws)
					}
				case strings.HasPrefix(base, "bad"):
					bad++
					if !slices.ContainsFunc(readWants(t, f), func(w want) bool { return w.rule == id }) {
						t.Errorf("%s: a bad case of %s wants at least one %s finding", f, id, id)
					}
				default:
					t.Errorf("%s: name case files good*.yaml or bad*.yaml", f)
				}
				checkWants(t, f, Options{Parallelism: 1})
			}
			if good == 0 || bad == 0 {
				t.Errorf("%s: want at least one good and one bad case, have %d good, %d bad", dir, good, bad)
			}
		})
	}
}

// TestEveryRuleHasCases checks that each rule bapi reports outside the
// loader and the schema has a testdata directory.
func TestEveryRuleHasCases(t *testing.T) {
	for _, r := range All() {
		if isLoaderRule(r.ID) || r.ID == RuleSchema {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", "..", "testdata", "rules", r.ID)); err != nil {
			t.Errorf("rule %s has no cases: add testdata/rules/%s/good.yaml and bad.yaml", r.ID, r.ID)
		}
	}
}

func isLoaderRule(id string) bool {
	switch id {
	case spec.RuleYAMLSyntax, spec.RuleDuplicateKey, spec.RuleYAMLTab, spec.RuleYAMLAlias,
		spec.RuleFileTooLarge, spec.RuleEncoding, spec.RuleUnreadable, spec.RuleEmptyDocument, spec.RuleNotMapping, spec.RuleNotSpec:
		return true
	}
	return false
}
