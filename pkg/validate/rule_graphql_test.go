package validate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"github.com/google/go-cmp/cmp"
)

// runText writes text to a file and runs the given rules over it.
func runText(t *testing.T, text string, opts Options) *Result {
	t.Helper()
	p := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := Run(context.Background(), []spec.Source{{Path: p, Name: "spec.yaml"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

const gqlHead = `AppId: d2x4example7q1
BackendEnvironmentName: dev
ResourceName: api
ResourceConfig:
  ApiName: api
  Service: AppSync
  DefaultAuthType:
    Mode: AMAZON_COGNITO_USER_POOLS
    Settings:
      CognitoUserPoolId: us-east-1_AbCdEf123
`

// TestGraphQLPositions checks exact line and column of findings inside
// TransformSchema for each scalar style.
func TestGraphQLPositions(t *testing.T) {
	type pos struct{ Line, Column int }
	tests := []struct {
		name   string
		schema string
		want   pos
	}{
		{"literal", "  TransformSchema: |\n    type T @model {\n      id: ID!\n      n: Nope\n    }\n", pos{14, 10}},
		{"literal explicit indent", "  TransformSchema: |4\n      type T @model {\n        n: Nope\n      }\n", pos{13, 12}},
		{"literal leading blank line", "  TransformSchema: |\n\n    type T @model { n: Nope }\n", pos{13, 24}},
		{"folded", "  TransformSchema: >\n    type T @model {\n      id: ID!\n\n      n: Nope\n    }\n", pos{15, 10}},
		{"double quoted", "  TransformSchema: \"type T @model { n: Nope }\"\n", pos{11, 40}},
		{"single quoted", "  TransformSchema: 'type T @model { n: Nope }'\n", pos{11, 40}},
		{"plain", "  TransformSchema: type T @model { n Nope }\n", pos{11, 38}},
		{"crlf", "  TransformSchema: |\r\n    type T @model {\r\n      n: Nope\r\n    }\r\n", pos{13, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := runText(t, gqlHead+tc.schema, Options{Rules: []*Rule{graphqlValidRule()}})
			if len(res.Findings) != 1 {
				t.Fatalf("want one finding, got %+v", res.Findings)
			}
			f := res.Findings[0]
			if diff := cmp.Diff(tc.want, pos{f.Line, f.Column}); diff != "" {
				t.Errorf("position (-want +got):\n%s\n%s", diff, f.Message)
			}
			if f.Rule != RuleGraphQLValid || f.Severity != finding.Error || f.Pointer != "/ResourceConfig/TransformSchema" {
				t.Errorf("finding fields: %+v", f)
			}
		})
	}
}

// TestGraphQLPreludeNotMutated checks that a schema extending a built-in
// type is refused with one finding (amplifyschema's TestReadLeavesPrelude
// checks that the shared prelude is not touched).
func TestGraphQLPreludeNotMutated(t *testing.T) {
	res := runText(t, gqlHead+"  TransformSchema: |\n    extend input AuthRule { extra: String }\n", Options{Rules: []*Rule{graphqlValidRule()}})
	if len(res.Findings) != 1 || res.Findings[0].Line != 12 {
		t.Fatalf("want one finding on line 12, got %+v", res.Findings)
	}
}
