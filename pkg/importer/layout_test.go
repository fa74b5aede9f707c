package importer

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/model"
	"github.com/google/go-cmp/cmp"
)

func req(env, name, schema string) *model.CreateBackendAPIRequest {
	return &model.CreateBackendAPIRequest{AppId: "d1example", BackendEnvironmentName: env, ResourceName: name, ResourceConfig: &model.BackendAPIResourceConfig{
		ApiName: name, Service: "AppSync", DefaultAuthType: &model.BackendAPIAuthType{Mode: model.ModeAWSIAM}, TransformSchema: schema,
	}}
}

func TestLayoutSharesSchemas(t *testing.T) {
	tests := []struct {
		name  string
		reqs  []*model.CreateBackendAPIRequest
		files []string
		refs  map[string][]string // spec file -> TransformSchemaFile values, in document order
	}{
		{
			name:  "same schema everywhere: one file",
			reqs:  []*model.CreateBackendAPIRequest{req("dev", "blog", "type A"), req("prod", "blog", "type A")},
			files: []string{"blog.graphql", "blog.yaml"},
			refs:  map[string][]string{"blog.yaml": {"blog.graphql", "blog.graphql"}},
		},
		{
			name:  "dev and test share, prod differs",
			reqs:  []*model.CreateBackendAPIRequest{req("dev", "blog", "type B"), req("prod", "blog", "type A"), req("test", "blog", "type B")},
			files: []string{"blog.dev.graphql", "blog.prod.graphql", "blog.yaml"},
			refs:  map[string][]string{"blog.yaml": {"blog.dev.graphql", "blog.prod.graphql", "blog.dev.graphql"}},
		},
		{
			name:  "trailing whitespace is no difference",
			reqs:  []*model.CreateBackendAPIRequest{req("dev", "blog", "type A {  \n  id: ID!\n}"), req("prod", "blog", "type A {\r\n  id: ID!\n}\n\n")},
			files: []string{"blog.graphql", "blog.yaml"},
			refs:  map[string][]string{"blog.yaml": {"blog.graphql", "blog.graphql"}},
		},
		{
			name:  "two APIs, one without a schema",
			reqs:  []*model.CreateBackendAPIRequest{req("dev", "blog", "type A"), req("dev", "chat", "")},
			files: []string{"blog.graphql", "blog.yaml", "chat.yaml"},
			refs:  map[string][]string{"blog.yaml": {"blog.graphql"}, "chat.yaml": nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			files, err := Layout(tc.reqs, LayoutOptions{Source: "test"})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, f := range files {
				names = append(names, f.Path)
				if !strings.HasSuffix(f.Path, ".yaml") {
					continue
				}
				if !strings.HasPrefix(string(f.Data), Modeline+"\n") {
					t.Errorf("%s does not start with the modeline", f.Path)
				}
				var refs []string
				for _, line := range strings.Split(string(f.Data), "\n") {
					if v, ok := strings.CutPrefix(line, "  TransformSchemaFile: "); ok {
						refs = append(refs, v)
					}
				}
				if diff := cmp.Diff(tc.refs[f.Path], refs); diff != "" {
					t.Errorf("%s TransformSchemaFile (-want +got):\n%s", f.Path, diff)
				}
			}
			if diff := cmp.Diff(tc.files, names); diff != "" {
				t.Errorf("files (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWriteNeverOverwrites: with one file existing, Write names it and
// writes nothing.
func TestWriteNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	files := []File{{Path: "a.yaml", Data: []byte("new a")}, {Path: "a.graphql", Data: []byte("new schema")}}
	if err := os.WriteFile(filepath.Join(dir, "a.graphql"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	written, err := Write(context.Background(), dir, files)
	var ee *ExistsError
	if !errors.As(err, &ee) || len(ee.Paths) != 1 || ee.Paths[0] != filepath.Join(dir, "a.graphql") || len(written) != 0 {
		t.Fatalf("Write: %v (written %v), want an ExistsError naming a.graphql and nothing written", err, written)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a.yaml was written although a.graphql exists")
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "a.graphql")); string(b) != "mine" {
		t.Errorf("a.graphql was replaced: %q", b)
	}
	sub := filepath.Join(dir, "new", "bapi")
	if written, err := Write(context.Background(), sub, files); err != nil || len(written) != 2 {
		t.Fatalf("Write into a new directory: %v, %v", written, err)
	}
}

// TestWriteStopsWhenCancelled: once the context is cancelled, Write writes
// no further file and says why.
func TestWriteStopsWhenCancelled(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	written, err := Write(ctx, dir, []File{{Path: "a.yaml", Data: []byte("a")}})
	if !errors.Is(err, context.Canceled) || len(written) != 0 {
		t.Fatalf("Write with a cancelled context: %v (written %v), want context.Canceled and nothing written", err, written)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a.yaml was written after the context was cancelled")
	}
}

// TestTransformerConfig: a v1 project gets a .bapi.yaml that says so; an
// existing one is never overwritten, and a warning says what to add when it
// does not say so.
func TestTransformerConfig(t *testing.T) {
	dir := t.TempDir()
	if f, n, err := TransformerConfig(dir, 2); f != nil || n != nil || err != nil {
		t.Errorf("v2: %v, %v, %v; want nothing", f, n, err)
	}
	f, n, err := TransformerConfig(dir, 1)
	if err != nil || n != nil || f == nil || f.Path != ".bapi.yaml" || !strings.Contains(string(f.Data), "\ntransformer-version: 1\n") {
		t.Fatalf("v1: %v, %v, %v; want a .bapi.yaml", f, n, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".bapi.yaml"), f.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	if f, n, err := TransformerConfig(dir, 1); f != nil || n != nil || err != nil {
		t.Errorf("v1, already said: %v, %v, %v; want nothing", f, n, err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".bapi.yaml"), []byte("format: compact\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if f, n, err := TransformerConfig(dir, 1); f != nil || err != nil || n == nil || !strings.Contains(n.Message, "add the line transformer-version: 1") {
		t.Errorf("v1, existing config: %v, %v, %v; want a note", f, n, err)
	}
}
