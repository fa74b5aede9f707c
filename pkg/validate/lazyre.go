package validate

import (
	"regexp"
	"sync"
)

// lazyRegexp is a regexp compiled on first use. Package-level patterns
// compiled with regexp.MustCompile run at every bapi start, whatever the
// command; a long or counted pattern (an e-mail address's {0,61}) costs a
// few hundred microseconds there.
type lazyRegexp struct {
	re func() *regexp.Regexp
}

// lazyRE returns a lazyRegexp for pattern; an invalid pattern panics on
// first use, as regexp.MustCompile would at start-up (the rule tests use
// every one).
func lazyRE(pattern string) *lazyRegexp {
	return &lazyRegexp{re: sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(pattern) })}
}

// MatchString reports whether s contains a match of the pattern.
func (l *lazyRegexp) MatchString(s string) bool { return l.re().MatchString(s) }
