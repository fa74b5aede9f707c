package validate

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/bapi-dev/bapi/schema"
)

// specValues loads every YAML document under testdata and examples and
// returns them as nodeValue gives them.
func specValues(t *testing.T) []any {
	t.Helper()
	var out []any
	for _, root := range []string{"../../testdata", "../../examples"} {
		err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || (filepath.Ext(p) != ".yaml" && filepath.Ext(p) != ".yml") {
				return err
			}
			f, err := spec.Load(context.Background(), spec.Source{Path: p, Name: p}, spec.Options{})
			if err != nil {
				return nil // unreadable on purpose (permissions) or too large: not a document
			}
			for _, doc := range f.Docs {
				out = append(out, nodeValue(doc.Root))
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out) < 50 {
		t.Fatalf("only %d documents found", len(out))
	}
	return out
}

// variants returns copies of v each with one change: a member removed, a
// value replaced by one of another type or an odd value, or an unknown
// member added, at every depth.
func variants(v any) []any {
	odd := []any{nil, true, 0.0, 7.0, -1.5, "", "x", "API_KEY", "AUTOMERGE", []any{}, []any{"a"}, map[string]any{}, map[string]any{"Mode": "AWS_IAM"}}
	var out []any
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			without := cloneMap(v)
			delete(without, k)
			out = append(out, without)
			for _, o := range odd {
				with := cloneMap(v)
				with[k] = o
				out = append(out, with)
			}
			for _, sub := range variants(v[k]) {
				with := cloneMap(v)
				with[k] = sub
				out = append(out, with)
			}
		}
		for _, extra := range []string{"Extra", "appid", "Settings", "Mode", "ExpirationTime"} {
			if _, ok := v[extra]; !ok {
				with := cloneMap(v)
				with[extra] = "x"
				out = append(out, with)
			}
		}
	case []any:
		for i := range v {
			out = append(out, slices.Delete(slices.Clone(v), i, i+1))
			for _, sub := range variants(v[i]) {
				with := slices.Clone(v)
				with[i] = sub
				out = append(out, with)
			}
			for _, o := range odd {
				with := slices.Clone(v)
				with[i] = o
				out = append(out, with)
			}
		}
	}
	return out
}

func cloneMap(m map[string]any) map[string]any {
	c := make(map[string]any, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// TestConformsAgreesWithSchema checks the fast path never accepts what the
// schema rejects, on every spec in the repository and on every one-change
// variant of them, and that it accepts the valid specs (else it is no
// faster).
func TestConformsAgreesWithSchema(t *testing.T) {
	t.Parallel()
	sch, err := schema.Compiled()
	if err != nil {
		t.Fatal(err)
	}
	var accepted, valid, checked int
	check := func(v any) {
		checked++
		ok := sch.Validate(v) == nil
		if ok {
			valid++
		}
		if schema.Conforms(v) {
			accepted++
			if !ok {
				t.Errorf("schema.Conforms accepts a document the schema rejects (%v):\n%s", sch.Validate(v), fmt.Sprint(v))
			}
		}
	}
	docs := specValues(t)
	for _, v := range docs {
		check(v)
		for _, w := range variants(v) {
			check(w)
		}
	}
	t.Logf("%d documents checked, %d valid, %d accepted by schema.Conforms", checked, valid, accepted)
	if accepted < valid*9/10 {
		t.Errorf("schema.Conforms accepts %d of %d valid documents; the fast path should cover nearly all", accepted, valid)
	}
}
