// Package amplifyname is the one place that spells the names Amplify's
// GraphQL transformers generate (amplify-category-api's
// graphql-index-transformer and graphql-transformer-common): the default
// name of an @index and the camelCase joins of relational key fields.
// pkg/validate (index names unique per type, the GSI budget) and
// pkg/amplifyschema (the model every other part reads) must agree on them.
package amplifyname

import "strings"

// IndexName is the name the index transformer gives an @index without
// one: the plural of the type, lower first, "By" and the key fields upper
// first joined with "And" (Employee, manager, [level] ->
// employeesByManagerAndLevel).
func IndexName(typeName, field string, sortKeys []string) string {
	var b strings.Builder
	b.WriteString(LowerFirst(Plural(typeName)))
	b.WriteString("By")
	for i, s := range append([]string{field}, sortKeys...) {
		if i > 0 {
			b.WriteString("And")
		}
		b.WriteString(UpperFirst(s))
	}
	return b.String()
}

// Plural is a small English pluraliser: enough for the names of types
// (the transformer uses the pluralize package; irregular nouns differ).
func Plural(s string) string {
	lower := strings.ToLower(s)
	switch {
	case strings.HasSuffix(lower, "s"), strings.HasSuffix(lower, "x"), strings.HasSuffix(lower, "z"),
		strings.HasSuffix(lower, "ch"), strings.HasSuffix(lower, "sh"):
		return s + "es"
	case strings.HasSuffix(lower, "y") && len(s) > 1 && !strings.ContainsAny(lower[len(lower)-2:len(lower)-1], "aeiou"):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// Camel joins words in camelCase, as graphql-transformer-common's
// toCamelCase: the first word lower first, the others upper first.
func Camel(words ...string) string {
	var b strings.Builder
	for i, w := range words {
		if i == 0 {
			b.WriteString(LowerFirst(w))
		} else {
			b.WriteString(UpperFirst(w))
		}
	}
	return b.String()
}

// UpperFirst is s with its first byte upper case.
func UpperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// LowerFirst is s with its first byte lower case.
func LowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
