package main

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// otherServiceIAM names the IAM service prefix of a client operation that is
// not an AmplifyBackend one (whose actions are "amplifybackend:" + the
// operation). The Amplify service's own GetApp, for example, is the IAM
// action amplify:GetApp.
var otherServiceIAM = map[string]string{
	"GetApp":                    "amplify",
	"DescribeTable":             "dynamodb",
	"DescribeContinuousBackups": "dynamodb",
}

// iamAction is the IAM action that allows the client operation op.
func iamAction(op string) string {
	if svc, ok := otherServiceIAM[op]; ok {
		return svc + ":" + op
	}
	return "amplifybackend:" + op
}

// parseGoDir parses the non-test Go files of dir (not its subdirectories).
func parseGoDir(t *testing.T, fset *token.FileSet, dir string) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	return files
}

// calledNames returns the names of the functions and methods n calls or
// takes as values (x.Name(...), x.Name, Name(...)).
func calledNames(n ast.Node) map[string]bool {
	out := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			out[n.Sel.Name] = true
		case *ast.CallExpr:
			if fn, ok := n.Fun.(*ast.Ident); ok {
				out[fn.Name] = true
			}
		}
		return true
	})
	return out
}

// clientOperations reads pkg/amplifybackend: the service operation of each
// client method (the method that declares `const op = "Name"`), and the
// operations each of the package's other functions calls (such as the
// ListBackendJobs paginator), by function name.
func clientOperations(t *testing.T) (methodOp map[string]string, helperOps map[string][]string) {
	t.Helper()
	fset := token.NewFileSet()
	files := parseGoDir(t, fset, filepath.Join("..", "..", "pkg", "amplifybackend"))
	methodOp = map[string]string{}
	var funcs []*ast.FuncDecl
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Body == nil {
				continue
			}
			funcs = append(funcs, fd)
			if fd.Recv == nil {
				continue
			}
			ast.Inspect(fd.Body, func(n ast.Node) bool {
				vs, ok := n.(*ast.ValueSpec)
				if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "op" || len(vs.Values) != 1 {
					return true
				}
				if lit, ok := vs.Values[0].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						methodOp[fd.Name.Name] = s
					}
				}
				return false
			})
		}
	}
	// A helper's operations are those it calls, directly or through other
	// helpers (ListAllBackendJobs -> the paginator's NextPage ->
	// ListBackendJobs): grow the sets until nothing changes.
	calls := map[string]map[string]bool{}
	for _, fd := range funcs {
		if _, isOp := methodOp[fd.Name.Name]; !isOp {
			if calls[fd.Name.Name] == nil {
				calls[fd.Name.Name] = map[string]bool{}
			}
			for name := range calledNames(fd.Body) {
				calls[fd.Name.Name][name] = true
			}
		}
	}
	sets := map[string]map[string]bool{}
	for changed := true; changed; {
		changed = false
		for fn, names := range calls {
			if sets[fn] == nil {
				sets[fn] = map[string]bool{}
			}
			for name := range names {
				var add []string
				if op, ok := methodOp[name]; ok {
					add = append(add, op)
				}
				for op := range sets[name] {
					add = append(add, op)
				}
				for _, op := range add {
					if !sets[fn][op] {
						sets[fn][op] = true
						changed = true
					}
				}
			}
		}
	}
	helperOps = map[string][]string{}
	for fn, ops := range sets {
		for op := range ops {
			helperOps[fn] = append(helperOps[fn], op)
		}
	}
	return methodOp, helperOps
}

// operationsCalledFrom returns the service operations the non-test code
// under roots calls through the client, sorted.
func operationsCalledFrom(t *testing.T, methodOp map[string]string, helperOps map[string][]string, roots ...string) []string {
	t.Helper()
	set := map[string]bool{}
	fset := token.NewFileSet()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			// The client itself and the emulator (which serves the
			// operations, and calls none) are not callers.
			switch d.Name() {
			case "testdata", "amplifybackend", "emulator":
				return filepath.SkipDir
			}
			for _, f := range parseGoDir(t, fset, p) {
				for name := range calledNames(f) {
					if op, ok := methodOp[name]; ok {
						set[op] = true
					}
					for _, op := range helperOps[name] {
						set[op] = true
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	var out []string
	for op := range set {
		out = append(out, iamAction(op))
	}
	slices.Sort(out)
	return out
}

// TestIAMPoliciesAllowWhatTheClientCalls: every IAM policy the docs give
// (README.md, docs/aws.md, docs/github.md) allows exactly the actions of the
// service operations bapi calls, read from the code: a new call (such as
// GetBackend before everything else) that the docs miss makes the documented
// least-privilege role fail on it. The plan-only policies (Sid BapiPlan,
// BapiPlanReadOnly) allow what pkg/plan and pkg/importer call; the deploy
// policy (BapiPlanAndApply) what any command calls.
func TestIAMPoliciesAllowWhatTheClientCalls(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	methodOp, helperOps := clientOperations(t)
	if len(methodOp) == 0 {
		t.Fatal("found no client operation (const op = ...) in pkg/amplifybackend")
	}
	readOnly := operationsCalledFrom(t, methodOp, helperOps, filepath.Join(root, "pkg", "plan"), filepath.Join(root, "pkg", "importer"))
	// The commands' calls: internal/ holds test and benchmark tools, which
	// no documented role runs.
	all := operationsCalledFrom(t, methodOp, helperOps, filepath.Join(root, "cmd"), filepath.Join(root, "pkg"))
	for _, a := range []string{"amplifybackend:GetBackend", "amplifybackend:GetBackendAPI", "amplifybackend:CreateBackendAPI"} {
		if !slices.Contains(all, a) {
			t.Fatalf("the call scan missed %s (found %v): fix operationsCalledFrom", a, all)
		}
	}
	// bapi gen2 check --live alone reads DynamoDB; the deploy role does
	// not run it, and docs/aws.md's table gives its action apart.
	all = slices.DeleteFunc(all, func(a string) bool { return strings.HasPrefix(a, "dynamodb:") })
	want := map[string][]string{"BapiPlan": readOnly, "BapiPlanReadOnly": readOnly, "BapiPlanAndApply": all}

	type statement struct {
		Sid    string
		Action any
	}
	type policy struct {
		Statement []statement
	}
	policies := 0
	for _, doc := range []string{"README.md", "docs/aws.md", "docs/github.md"} {
		b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(doc)))
		if err != nil {
			t.Fatal(err)
		}
		blocks := strings.Split(string(b), "```json\n")[1:]
		found := 0
		for _, blk := range blocks {
			body, _, _ := strings.Cut(blk, "```")
			if !strings.Contains(body, "amplifybackend:") {
				continue
			}
			found++
			policies++
			var p policy
			if err := json.Unmarshal([]byte(body), &p); err != nil {
				t.Errorf("%s: a policy that is not JSON: %v\n%s", doc, err, body)
				continue
			}
			for _, st := range p.Statement {
				w, ok := want[st.Sid]
				if !ok {
					t.Errorf("%s: policy statement Sid %q: want one of BapiPlan, BapiPlanReadOnly (plan only) or BapiPlanAndApply, so this test knows what it must allow", doc, st.Sid)
					continue
				}
				var got []string
				switch a := st.Action.(type) {
				case string:
					got = []string{a}
				case []any:
					for _, x := range a {
						s, _ := x.(string)
						got = append(got, s)
					}
				}
				slices.Sort(got)
				if diff := cmp.Diff(w, got); diff != "" {
					t.Errorf("%s: policy %s allows other actions than bapi's calls need (-need +documented):\n%s", doc, st.Sid, diff)
				}
			}
		}
		if found == 0 {
			t.Errorf("%s: no IAM policy (a ```json block with amplifybackend: actions) found", doc)
		}
	}
	if policies < 4 {
		t.Errorf("found %d IAM policies in the docs, want at least 4", policies)
	}
}

// TestExampleWorkflowsBuildFromCheckout: the workflows users copy build bapi
// from a checkout of bapi (as action.yml does), never with `go install
// .../cmd/bapi@VERSION`, which cannot resolve before the module's first
// release.
func TestExampleWorkflowsBuildFromCheckout(t *testing.T) {
	t.Parallel()
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "github", "*.yml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples/github/*.yml: %v", err)
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "github.com/bapi-dev/bapi/cmd/bapi@") && !strings.HasPrefix(strings.TrimSpace(line), "#") {
				t.Errorf("%s:%d: installs a published bapi (%s); check bapi out and build it with its action, as bapi-action.yml does", filepath.Base(p), i+1, strings.TrimSpace(line))
			}
		}
		if !strings.Contains(string(b), "repository: bapi-dev/bapi") {
			t.Errorf("%s: does not check out bapi-dev/bapi to build it from", filepath.Base(p))
		}
	}
}
