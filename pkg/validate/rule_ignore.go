package validate

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
)

// RuleIgnoreUnused is the ID of the rule that reports bapi:ignore comments
// that suppress nothing.
const RuleIgnoreUnused = "ignore-unused"

func ignoreUnusedRule() *Rule {
	return &Rule{
		ID:       RuleIgnoreUnused,
		Severity: finding.Warning,
		Summary:  "Every bapi:ignore comment suppresses a finding",
	}
}

// ignoreComment is one "# bapi:ignore ID[,ID...]" comment.
//
// On a line with content it suppresses the named rules' findings on that
// line. In a document's head (the comment lines before its first key, up to
// and including its "---" line) it suppresses them in the whole document.
// Text after " -- " is a free-form reason; a further "#" ends the list.
type ignoreComment struct {
	file      string
	line, col int
	doc       int  // the document it is in
	wholeDoc  bool // in the document's head
	ids       []string
	used      []bool
}

var ignoreRE = regexp.MustCompile(`(^|\s)#\s*bapi:ignore(\s.*)?$`)

// scanIgnores finds the ignore comments of a file, given its loaded
// documents (which carry the file's bytes).
func scanIgnores(docs []*spec.Document) []*ignoreComment {
	if len(docs) == 0 || !bytes.Contains(docs[0].Source, []byte("bapi:ignore")) {
		return nil
	}
	src := docs[0].Source
	lines := bytes.Split(src, []byte("\n"))
	// head[line] is the index+1 of the document whose head holds the line.
	head := map[int]int{}
	for _, d := range docs {
		for l := d.Root.Line - 1; l >= 1 && l <= len(lines); l-- {
			t := bytes.TrimSpace(lines[l-1])
			if bytes.HasPrefix(t, []byte("---")) {
				head[l] = d.Index + 1
				break
			}
			if len(t) != 0 && t[0] != '#' {
				break
			}
			head[l] = d.Index + 1
		}
	}
	docAt := func(line int) int {
		idx := docs[0].Index
		for _, d := range docs {
			if d.Root.Line <= line {
				idx = d.Index
			}
		}
		return idx
	}
	var out []*ignoreComment
	for i, raw := range lines {
		if !bytes.Contains(raw, []byte("bapi:ignore")) {
			continue
		}
		line := string(bytes.TrimSuffix(raw, []byte("\r")))
		m := ignoreRE.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		hash := strings.IndexByte(line[m[0]:], '#') + m[0]
		rest := ""
		if m[4] >= 0 {
			rest = line[m[4]:m[5]]
		}
		if j := strings.Index(rest, " --"); j >= 0 {
			rest = rest[:j]
		}
		if j := strings.IndexByte(rest, '#'); j >= 0 {
			rest = rest[:j] // another comment follows
		}
		ids := strings.FieldsFunc(rest, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
		if len(ids) == 0 {
			continue
		}
		c := &ignoreComment{
			file: docs[0].File,
			line: i + 1,
			col:  utf8.RuneCountInString(line[:hash]) + 1,
			ids:  ids,
			used: make([]bool, len(ids)),
		}
		if d, ok := head[i+1]; ok {
			c.wholeDoc, c.doc = true, d-1
		} else {
			c.doc = docAt(i + 1)
		}
		out = append(out, c)
	}
	return out
}

// suppresses reports whether the comment suppresses f, and marks it used.
func (c *ignoreComment) suppresses(f finding.Finding) bool {
	if f.File != c.file {
		return false
	}
	if c.wholeDoc {
		if f.Document != c.doc {
			return false
		}
	} else if f.Line != c.line {
		return false
	}
	for i, id := range c.ids {
		if id == f.Rule {
			c.used[i] = true
			return true
		}
	}
	return false
}

// unused returns ignore-unused findings for the IDs that suppressed nothing.
// ran says whether a rule ran (known and not off); IDs of rules that did not
// run are not reported, IDs no rule has are.
func (c *ignoreComment) unused(known, ran func(string) bool) []finding.Finding {
	var out []finding.Finding
	for i, id := range c.ids {
		if c.used[i] {
			continue
		}
		var msg string
		switch {
		case !known(id):
			msg = fmt.Sprintf("bapi:ignore names %q, which is not a rule ID; fix the ID (run `bapi rules` to list them) or remove it", id)
		case !ran(id):
			continue
		case c.wholeDoc:
			msg = fmt.Sprintf("bapi:ignore %s suppresses nothing: this document has no %s finding; remove it", id, id)
		default:
			msg = fmt.Sprintf("bapi:ignore %s suppresses nothing: this line has no %s finding; remove it, or move it to the line the finding is on", id, id)
		}
		out = append(out, finding.Finding{
			Location: finding.Location{File: c.file, Line: c.line, Column: c.col},
			Rule:     RuleIgnoreUnused,
			Severity: finding.Warning,
			Message:  msg,
			Document: c.doc,
			DocURL:   DocURL(RuleIgnoreUnused),
		})
	}
	return out
}
