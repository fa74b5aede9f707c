package amplifyname

import "testing"

func TestIndexName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		typeName string
		field    string
		sortKeys []string
		want     string
	}{
		{name: "one field", typeName: "Post", field: "title", want: "postsByTitle"},
		{name: "sort keys", typeName: "Employee", field: "manager", sortKeys: []string{"level", "startDate"}, want: "employeesByManagerAndLevelAndStartDate"},
		{name: "es", typeName: "Address", field: "city", want: "addressesByCity"},
		{name: "upper-case ending", typeName: "BUS", field: "line", want: "bUSESByLine"},
		{name: "z", typeName: "Quiz", field: "topic", want: "quizzesByTopic"},
		{name: "consonant y", typeName: "Category", field: "name", want: "categoriesByName"},
		{name: "vowel y", typeName: "Day", field: "date", want: "daysByDate"},
		{name: "irregular", typeName: "Person", field: "name", want: "peopleByName"},
		{name: "irregular child", typeName: "Child", field: "age", want: "childrenByAge"},
		{name: "uncountable", typeName: "News", field: "day", want: "newsByDay"},
		{name: "o", typeName: "Hero", field: "team", want: "heroesByTeam"},
		{name: "pronoun as pluralize 8.0.0", typeName: "My", field: "x", want: "miesByX"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IndexName(Plural(tc.typeName), tc.field, tc.sortKeys); got != tc.want {
				t.Errorf("IndexName(%q, %q, %q) = %q, want %q", tc.typeName, tc.field, tc.sortKeys, got, tc.want)
			}
		})
	}
}

func TestCamel(t *testing.T) {
	t.Parallel()
	if got, want := Camel("Blog", "posts", "id"), "blogPostsId"; got != want {
		t.Errorf("Camel = %q, want %q", got, want)
	}
	if got := Camel(); got != "" {
		t.Errorf("Camel() = %q, want empty", got)
	}
}

// TestPlurals checks that the memo answers as Plural does.
func TestPlurals(t *testing.T) {
	t.Parallel()
	var p Plurals
	for _, w := range []string{"Person", "Person", "Post", "Its", "Person"} {
		if got, want := p.Of(w), Plural(w); got != want {
			t.Errorf("Plurals.Of(%q) = %q, Plural says %q", w, got, want)
		}
	}
	if len(p.m) != 3 {
		t.Errorf("the memo holds %d names, want 3", len(p.m))
	}
}
