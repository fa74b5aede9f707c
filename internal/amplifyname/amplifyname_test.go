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
		{name: "upper-case ending", typeName: "BUS", field: "line", want: "bUSesByLine"},
		{name: "z", typeName: "Quiz", field: "topic", want: "quizesByTopic"},
		{name: "consonant y", typeName: "Category", field: "name", want: "categoriesByName"},
		{name: "vowel y", typeName: "Day", field: "date", want: "daysByDate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IndexName(tc.typeName, tc.field, tc.sortKeys); got != tc.want {
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
