package schemagen

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGenerateDeterministic(t *testing.T) {
	for i := 0; i < 50; i++ {
		if diff := cmp.Diff(Generate(7, i), Generate(7, i)); diff != "" {
			t.Fatalf("case %d differs between two calls (-first +second):\n%s", i, diff)
		}
	}
	same := 0
	for i := 0; i < 50; i++ {
		if Generate(1, i).Schema == Generate(2, i).Schema {
			same++
		}
	}
	if same > 5 {
		t.Errorf("seeds 1 and 2 give the same schema for %d of 50 cases", same)
	}
}

// TestGenerateCovers checks that a few hundred cases use every directive,
// argument, strategy, provider and relation shape the generator knows.
func TestGenerateCovers(t *testing.T) {
	want := []string{
		"@model", "@model(subscriptions: null)", "@model(queries:", "timestamps:",
		"@primaryKey", "sortKeyFields:", "@index", "queryField:",
		"@hasMany", "@hasOne", "@belongsTo", "@manyToMany", "references:", "indexName:",
		"@auth", "allow: public", "allow: private", "allow: owner", "allow: groups",
		"provider: apiKey", "provider: iam", "provider: identityPool", "provider: userPools", "provider: oidc",
		"ownerField:", "identityClaim:", "groupClaim:", "groupsField:", "groups: [", "operations: [",
		"@default", "@mapsTo", "@searchable", "extend type", "@function", "@http",
		"input AMPLIFY", "enum Status", "@key", "type Query", "type Mutation",
	}
	var all strings.Builder
	modes := map[string]bool{}
	for i := 0; i < 600; i++ {
		c := Generate(1, i)
		all.WriteString(c.Schema)
		modes[c.DefaultMode] = true
		for _, m := range c.AdditionalModes {
			modes[m] = true
		}
	}
	for _, w := range want {
		if !strings.Contains(all.String(), w) {
			t.Errorf("600 cases never contain %q", w)
		}
	}
	if len(modes) != 4 {
		t.Errorf("auth modes used: %v, want all four", modes)
	}
}
