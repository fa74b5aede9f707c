package validate

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestGraphQLEveryError checks that graphql-valid reports every validation
// error of a TransformSchema, each at its own position, worded as gqlparser
// words it.
func TestGraphQLEveryError(t *testing.T) {
	schema := "  TransformSchema: |\n" +
		"    type T @model {\n" + // line 12
		"      id: ID!\n" +
		"      at: AWSDateTime @unknownDir\n" + // line 14
		"      b: Strin\n" + // line 15
		"      c: String @index(nam: \"x\") @primaryKey @primaryKey\n" + // line 16
		"    }\n"
	res := runText(t, gqlHead+schema, Options{Rules: []*Rule{graphqlValidRule()}})
	type got struct {
		Line, Column int
		Message      string
	}
	var gots []got
	for _, f := range res.Findings {
		gots = append(gots, got{f.Line, f.Column, f.Message})
	}
	const pre = "TransformSchema is not a valid Amplify GraphQL schema: "
	want := []got{
		{14, 24, pre + "Undefined directive unknownDir"},
		{15, 10, pre + "Undefined type Strin"},
		{16, 24, pre + "Undefined argument nam for directive index"},
		{16, 47, pre + "The directive primaryKey can only be used once at this location"},
	}
	if diff := cmp.Diff(want, gots); diff != "" {
		t.Errorf("findings (-want +got):\n%s", diff)
	}
}
