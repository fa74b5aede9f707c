// Package amplifyname is the one place that spells the names Amplify's
// GraphQL transformers generate (amplify-category-api's
// graphql-index-transformer and graphql-transformer-common): the default
// name of an @index and the camelCase joins of relational key fields.
// pkg/validate (index names unique per type, the GSI budget) and
// pkg/amplifyschema (the model every other part reads) must agree on them.
package amplifyname

import (
	"strings"
	"sync"

	pluralize "github.com/gertd/go-pluralize"
)

// IndexName is the name the index transformer gives an @index without
// one: the plural of the type (plural, Plural's), lower first, "By" and the
// key fields upper first joined with "And" (Employee, manager, [level] ->
// employeesByManagerAndLevel).
func IndexName(plural, field string, sortKeys []string) string {
	var b strings.Builder
	b.WriteString(LowerFirst(plural))
	b.WriteString("By")
	for i, s := range append([]string{field}, sortKeys...) {
		if i > 0 {
			b.WriteString("And")
		}
		b.WriteString(UpperFirst(s))
	}
	return b.String()
}

// Plural is the plural the transformer v2 gives a name: the pluralize npm
// package's, at 8.0.0, the version the 1.8 line pins (Person -> People,
// Hero -> Heroes, News -> News, Category -> Categories). It costs about
// 20 µs a word (pluralize tries its rules in turn): a caller that asks for
// one name many times keeps the answers (Plurals).
//
// The rules are github.com/gertd/go-pluralize's, a Go port of pluralize,
// rather than written here again. That port follows pluralize's later,
// unreleased rules in four pronoun pairs (my/our, its/his/her -> their),
// which Plural answers as 8.0.0 does. internal/oracle's
// TestPluralMatchesPluralize holds Plural to node's pluralize 8.0.0 on
// every identifier of the repository and the real projects and every word
// of pluralize's own rules.
func Plural(s string) string {
	if p, ok := pluralize800[strings.ToLower(s)]; ok {
		return restoreCase(s, p)
	}
	return pluralizer().Plural(s)
}

// pluralizer is built on first use: its rules are some 300 regexps.
var pluralizer = sync.OnceValue(pluralize.NewClient)

// pluralize800 are pluralize 8.0.0's answers where go-pluralize's later
// irregular pairs differ: 8.0.0 has no such pairs and applies its general
// rules.
var pluralize800 = map[string]string{
	"my": "mies", "its": "its", "his": "his", "her": "hers",
	"our": "ours", "their": "theirs",
}

// restoreCase gives token the case of word, as pluralize does.
func restoreCase(word, token string) string {
	switch {
	case word == token:
		return token
	case word == strings.ToLower(word):
		return strings.ToLower(token)
	case word == strings.ToUpper(word):
		return strings.ToUpper(token)
	case word[:1] == strings.ToUpper(word[:1]):
		return strings.ToUpper(token[:1]) + strings.ToLower(token[1:])
	}
	return strings.ToLower(token)
}

// PluralInitial is the first letter, lower case, of Plural(s), without
// pluralizing s in most cases: pluralize's rules change a word's ending,
// never its first letter, but for the pronouns its irregular pairs name
// (I/we, me/us, he/they, thou/you, ...). So two names whose initials differ never
// pluralize alike. TestPluralMatchesPluralize checks it on every word it
// checks Plural on.
func PluralInitial(s string) byte {
	if s == "" {
		return 0
	}
	for _, w := range initialChangers {
		if strings.EqualFold(s, w) {
			return lowerASCII(Plural(s)[0])
		}
	}
	return lowerASCII(s[0])
}

// initialChangers are the words whose plural pluralize starts with another
// letter.
var initialChangers = [...]string{"i", "me", "he", "she", "is", "thou", "myself", "itself", "herself", "himself", "themself"}

func lowerASCII(b byte) byte {
	if 'A' <= b && b <= 'Z' {
		return b + 'a' - 'A'
	}
	return b
}

// Plurals keeps the plurals of the names its users ask for (type names,
// asked for once per @index and operation, and again by the next schema),
// so that each costs Plural's time once. It keeps at most maxPlurals
// names, then starts again, so that schemas of ever new names cannot grow
// it without end. The zero value is ready to use; it is safe for
// concurrent use (a validate run's workers share one).
type Plurals struct {
	mu sync.Mutex
	m  map[string]string
}

const maxPlurals = 4096

// Of is Plural(s), remembered.
func (p *Plurals) Of(s string) string {
	p.mu.Lock()
	v, ok := p.m[s]
	p.mu.Unlock()
	if ok {
		return v
	}
	v = Plural(s)
	p.mu.Lock()
	if p.m == nil || len(p.m) >= maxPlurals {
		p.m = map[string]string{}
	}
	p.m[s] = v
	p.mu.Unlock()
	return v
}

// PluralV1 is the plural transformer v1 gives a name: the name and "s"
// (graphql-transformer-common's plurality with improvePluralization off,
// the CLI's setting for every project it creates).
func PluralV1(s string) string { return s + "s" }

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
