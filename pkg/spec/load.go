package spec

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/bapi-dev/bapi/pkg/finding"
	"go.yaml.in/yaml/v3"
)

// StdinName names standard input in findings when no --stdin-filename is
// given.
const StdinName = "<stdin>"

// Discover expands arguments into sources: files as given, directories walked
// recursively for *.yaml and *.yml (hidden directories and files skipped), and
// "-" for standard input. An argument that is a symbolic link to a directory
// is walked like the directory, with paths reported under the link's name;
// symbolic links inside a walked directory are not followed into directories
// (no loops), while links to files are read. Sources come back in a stable order: arguments in
// the order given, each directory's files sorted by path; a path reached twice
// is listed once. An argument that does not exist or cannot be read is an
// *InputError.
func Discover(ctx context.Context, args []string, opts Options) ([]Source, error) {
	var out []Source
	seen := make(map[string]bool)
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			out = append(out, Source{Path: p, Name: p})
		}
	}
	stdin := false
	for _, arg := range args {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if arg == "-" {
			if stdin {
				return nil, &InputError{Path: "-", Err: errors.New(`standard input ("-") given more than once; give it once`)}
			}
			stdin = true
			out = append(out, Source{Path: "-", Name: stdinName(opts)})
			continue
		}
		if arg == "" {
			return nil, &InputError{Path: `""`, Err: errors.New("empty path; give a file or directory")}
		}
		info, err := os.Stat(arg)
		if err != nil {
			return nil, &InputError{Path: arg, Err: pathErr(err)}
		}
		if !info.IsDir() {
			add(arg)
			continue
		}
		found, err := walkDir(ctx, arg)
		if err != nil {
			return nil, err
		}
		slices.Sort(found)
		for _, p := range found {
			add(p)
		}
	}
	return out, nil
}

// walkDir lists the spec files under the directory arg, by the names the
// user would use: a path under arg. When arg itself is a symbolic link to a
// directory, its target is walked (filepath.WalkDir does not follow a
// symlinked root) and each path is reported under arg. Symbolic links inside
// the tree are not followed into directories, so a link cycle cannot loop; a
// link to a file is listed like a file and read through the link.
func walkDir(ctx context.Context, arg string) ([]string, error) {
	root := arg
	if li, err := os.Lstat(arg); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(arg)
		if err != nil {
			return nil, &InputError{Path: arg, Err: pathErr(err)}
		}
		root = target
	}
	var found []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		name := p
		if root != arg {
			rel, rerr := filepath.Rel(root, p)
			if rerr != nil {
				return &InputError{Path: p, Err: rerr}
			}
			name = filepath.Join(arg, rel)
		}
		if err != nil {
			return &InputError{Path: name, Err: pathErr(err)}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if p != root && isHidden(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		ext := strings.ToLower(filepath.Ext(d.Name()))
		if ext != ".yaml" && ext != ".yml" {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Not followed into a directory (see above); a dangling link
			// is still listed, so reading it reports the error.
			if info, err := os.Stat(p); err == nil && info.IsDir() {
				return nil
			}
		}
		found = append(found, name)
		return nil
	})
	return found, err
}

func isHidden(name string) bool {
	return len(name) > 1 && name[0] == '.' && name != ".."
}

// pathErr drops the *fs.PathError wrapper, whose path InputError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func stdinName(opts Options) string {
	if opts.StdinFilename != "" {
		return opts.StdinFilename
	}
	return StdinName
}

// Load reads and parses one source. Problems with the content are findings in
// the returned File; only a source that cannot be read is an error
// (*InputError). A document with any loader finding is left out of
// File.Docs; documents before a syntax error are still returned.
func Load(ctx context.Context, src Source, opts Options) (*File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	name := src.Name
	if name == "" {
		name = src.Path
		if src.Path == "-" {
			name = stdinName(opts)
		}
	}
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	data, err := readCapped(src, opts, limit)
	if err != nil {
		return nil, err
	}
	f := &File{Name: name}
	if int64(len(data)) > limit {
		f.Findings = append(f.Findings, finding.Finding{
			Location: finding.Location{File: name, Line: 1, Column: 1},
			Severity: finding.Error,
			Rule:     RuleFileTooLarge,
			Message:  fmt.Sprintf("file is larger than the size cap of %d bytes; split it into several files or raise the cap (--max-file-size)", limit),
		})
		return f, nil
	}
	sum := sha256.Sum256(data)
	f.Digest = hex.EncodeToString(sum[:])
	l := &loader{name: name, data: data, file: f}
	l.load(ctx)
	if l.dropped > 0 {
		last := f.Findings[len(f.Findings)-1]
		last.Message = fmt.Sprintf("%d more problems in this file are not shown; fix the ones above first", l.dropped)
		f.Findings = append(f.Findings, last)
	}
	return f, nil
}

// readCapped reads at most limit+1 bytes of the source.
func readCapped(src Source, opts Options, limit int64) ([]byte, error) {
	var r io.Reader
	path := src.Path
	if src.Path == "-" {
		if opts.Stdin == nil {
			return nil, &InputError{Path: stdinName(opts), Err: errors.New("no standard input available")}
		}
		path = stdinName(opts)
		r = opts.Stdin
	} else {
		fh, err := os.Open(src.Path)
		if err != nil {
			return nil, &InputError{Path: path, Err: pathErr(err)}
		}
		defer fh.Close()
		info, err := fh.Stat()
		if err != nil {
			return nil, &InputError{Path: path, Err: pathErr(err)}
		}
		if info.IsDir() {
			return nil, &InputError{Path: path, Err: errors.New("is a directory, not a file; give a file, or the directory without reading it as one file")}
		}
		r = fh
		if size := info.Size(); size >= 0 && size <= limit {
			// Sized to the file (plus one byte to see EOF), so reading
			// does not grow the buffer several times.
			data := make([]byte, 0, size+1)
			for {
				n, err := r.Read(data[len(data):cap(data)])
				data = data[:len(data)+n]
				if err == io.EOF {
					return data, nil
				}
				if err != nil {
					return nil, &InputError{Path: path, Err: pathErr(err)}
				}
				if len(data) == cap(data) {
					break // the file grew: read the rest with the cap
				}
			}
			rest, err := io.ReadAll(io.LimitReader(r, limit+1-int64(len(data))))
			if err != nil {
				return nil, &InputError{Path: path, Err: pathErr(err)}
			}
			return append(data, rest...), nil
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, &InputError{Path: path, Err: pathErr(err)}
	}
	return data, nil
}

type loader struct {
	name string
	data []byte
	file *File
	// dropped counts findings over maxFindings, which are not kept.
	dropped int
}

// maxFindings caps the loader findings of one file: a hostile file can hold
// a defect on every line.
const maxFindings = 100

func (l *loader) add(doc, line, col int, rule, format string, args ...any) {
	if len(l.file.Findings) >= maxFindings {
		l.dropped++
		return
	}
	l.file.Findings = append(l.file.Findings, finding.Finding{
		Location: finding.Location{File: l.name, Line: line, Column: col},
		Severity: finding.Error,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
		Document: doc,
	})
}

var lineErrRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (l *loader) load(ctx context.Context) {
	if !l.checkEncoding() {
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(l.data))
	prevEnd := 0 // last line of the previous document
	for i := 0; ; i++ {
		if ctx.Err() != nil {
			return
		}
		var doc yaml.Node
		err := decode(dec, &doc)
		if errors.Is(err, io.EOF) {
			if i == 0 {
				l.add(0, 1, 1, RuleEmptyDocument, "file has no YAML document; write a mapping such as \"AppId: ...\"")
			}
			return
		}
		if err != nil {
			// Tabs are looked for only now: clean files need no scan.
			l.syntaxError(i, err, tabIndents(l.data), prevEnd)
			return
		}
		prevEnd = max(prevEnd, lastLine(&doc))
		l.document(i, &doc)
	}
}

// decode parses the next document, turning a parser panic into an error.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

func (l *loader) syntaxError(doc int, err error, tabs []pos, prevEnd int) {
	msg := err.Error()
	line := 0
	if m := lineErrRE.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	// A tab in indentation before (or on) the failing line is the likely
	// cause: name it rather than the parser's generic complaint.
	reported := false
	for _, t := range tabs {
		if t.line > prevEnd && (line == 0 || t.line <= line) {
			l.add(doc, t.line, t.col, RuleYAMLTab, "tab character in indentation; YAML indents with spaces only, so replace the tab with spaces")
			reported = true
		}
	}
	if reported {
		return
	}
	col := 0
	if strings.Contains(msg, "unexpected end of stream") {
		// A quote left open: yaml.v3 names the line where the quoted
		// scalar began (or, when that is line 1, the end of input).
		// Follow quotes across lines to find the opening one; trust the
		// scan only when it agrees with yaml.v3, else keep yaml.v3's line.
		if ql, qc, ok := openQuoteAtEnd(l.data, prevEnd+1); ok && (line == 0 || ql == line || ql == 1) {
			line, col = ql, qc
		} else if line > 0 {
			col = syntaxColumn(lineText(l.data, line), msg)
		}
	}
	switch {
	case col > 0: // found above
	case line == 0:
		// No line: look for the token the message names from the
		// document's start.
		from := prevEnd + 1
		for n, last := from, lineCount(l.data); n <= last && col == 0; n++ {
			if c := syntaxColumn(lineText(l.data, n), msg); c > 0 {
				line, col = n, c
			}
		}
		if line == 0 {
			line = min(from, lineCount(l.data))
		}
	default:
		col = syntaxColumn(lineText(l.data, line), msg)
		if col == 0 && (strings.Contains(msg, "expected ',' or") || strings.Contains(msg, "expected node content")) {
			// yaml.v3 may name the line of the enclosing mapping: the
			// unclosed bracket is at or below it.
			for n, last := line+1, lineCount(l.data); n <= last; n++ {
				if c := syntaxColumn(lineText(l.data, n), msg); c > 0 {
					line, col = n, c
					break
				}
			}
		}
	}
	if col == 0 {
		col = firstNonSpace(l.data, line)
	}
	l.add(doc, line, col, RuleYAMLSyntax, "YAML syntax error: %s; fix the YAML near this line", msg)
}

// syntaxColumn guesses the 1-based column of a yaml.v3 syntax error on a
// line, from the token its message names; 0 when it cannot tell. yaml.v3's
// messages carry a line only (the line where the construct began, for the
// "did not find expected" ones).
func syntaxColumn(text, msg string) int {
	var want func(c byte, at int) bool
	switch {
	case strings.Contains(msg, "expected ',' or ']'"):
		return unclosed(text, '[', ']')
	case strings.Contains(msg, "expected ',' or '}'"):
		return unclosed(text, '{', '}')
	case strings.Contains(msg, "did not find expected node content"):
		if c := unclosed(text, '[', ']'); c > 0 {
			return c
		}
		return unclosed(text, '{', '}')
	case strings.Contains(msg, "mapping values are not allowed"):
		// The second "key:" on the line ("ApiName: api: x").
		seen := 0
		want = func(c byte, at int) bool {
			if c == ':' && (at+1 == len(text) || text[at+1] == ' ') {
				seen++
			}
			return seen == 2
		}
	case strings.Contains(msg, "cannot start any token"):
		want = func(c byte, at int) bool {
			return (c == '@' || c == '`') && (at == 0 || text[at-1] == ' ')
		}
	case strings.Contains(msg, "unexpected end of stream"):
		// An unclosed quote: the last quote opened on the line.
		if q := unclosedQuote(text); q >= 0 {
			return runeCol(text, q)
		}
		return 0
	default:
		return 0
	}
	at := scanLine(text, want)
	if at < 0 {
		return 0
	}
	return runeCol(text, at)
}

// scanLine calls f for each byte of text outside quotes and before a
// comment, and returns the index where f first answered true, or -1.
func scanLine(text string, f func(c byte, at int) bool) int {
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == quote {
				if quote == '\'' && i+1 < len(text) && text[i+1] == '\'' {
					i++ // '' is an escaped quote
					continue
				}
				quote = 0
			} else if c == '\\' && quote == '"' {
				i++
			}
			continue
		case c == '#' && (i == 0 || text[i-1] == ' '):
			return -1
		case (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [{,:-", text[i-1]) >= 0):
			quote = c
			continue
		}
		if f(c, i) {
			return i
		}
	}
	return -1
}

// unclosed returns the column of the first open bracket on the line that
// is not closed on it, or 0.
func unclosed(text string, open, close byte) int {
	var stack []int
	scanLine(text, func(c byte, at int) bool {
		switch c {
		case open:
			stack = append(stack, at)
		case close:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		}
		return false
	})
	if len(stack) == 0 {
		return 0
	}
	return runeCol(text, stack[0])
}

// unclosedQuote returns the index of a quote opened on the line and not
// closed on it, or -1.
func unclosedQuote(text string) int {
	start := -1
	var quote byte
	for i := 0; i < len(text); i++ {
		c := text[i]
		if quote != 0 {
			switch {
			case c == quote && quote == '\'' && i+1 < len(text) && text[i+1] == '\'':
				i++
			case c == quote:
				quote, start = 0, -1
			case c == '\\' && quote == '"':
				i++
			}
			continue
		}
		if c == '#' && (i == 0 || text[i-1] == ' ') {
			return -1
		}
		if (c == '"' || c == '\'') && (i == 0 || strings.IndexByte(" [{,:-", text[i-1]) >= 0) {
			quote, start = c, i
		}
	}
	return start
}

// openQuoteAtEnd follows the YAML from line from (1-based) to the end and
// returns the position of the opening quote of a quoted scalar still open
// at the end of input. Double-quoted scalars may span lines and have
// backslash escapes; single-quoted ones escape a quote by doubling it. Quotes
// inside plain scalars, comments and block scalars (| and >, with their
// indented content) open nothing. It is a heuristic: the caller checks the line
// against the parser's.
func openQuoteAtEnd(b []byte, from int) (line, col int, ok bool) {
	var (
		quote       byte // open quote, or 0
		qLine, qIdx int
		qText       string
		block       = -1 // indentation of the line opening a block scalar
		flow        int  // depth of [ and {
	)
	for n := 1; len(b) > 0; n++ {
		raw := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			raw, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		if n < from {
			continue
		}
		text := strings.TrimSuffix(string(raw), "\r")
		indent := len(text) - len(strings.TrimLeft(text, " "))
		blank := strings.TrimLeft(text, " \t") == ""
		if quote == 0 && block >= 0 {
			if blank || indent > block {
				continue
			}
			block = -1
		}
		atNode := true // a quote here would open a scalar
		plain := false // inside a plain scalar
	scan:
		for i := 0; i < len(text); i++ {
			c := text[i]
			if quote != 0 {
				switch {
				case c == '\'' && quote == '\'' && i+1 < len(text) && text[i+1] == '\'':
					i++
				case c == quote:
					quote, atNode = 0, false
				case c == '\\' && quote == '"':
					i++
				}
				continue
			}
			sep := i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\t'
			if c == '#' && (i == 0 || text[i-1] == ' ' || text[i-1] == '\t') {
				break
			}
			if plain {
				switch {
				case c == ':' && sep:
					plain, atNode = false, true
				case flow > 0 && (c == ',' || c == ']' || c == '}'):
					plain = false
				default:
					continue
				}
				if c == ':' {
					continue
				}
			}
			switch {
			case c == ' ' || c == '\t':
			case c == '"' || c == '\'':
				if atNode {
					quote, qLine, qIdx, qText = c, n, i, text
				}
			case (c == '-' || c == '?' || c == ':') && sep:
				atNode = true
			case c == '[' || c == '{':
				flow++
				atNode = true
			case c == ']' || c == '}':
				flow = max(flow-1, 0)
				atNode = false
			case c == ',' && flow > 0:
				atNode = true
			case (c == '|' || c == '>') && atNode && flow == 0:
				block = indent
				break scan
			case (c == '&' || c == '!') && atNode:
				for i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\t' {
					i++
				}
			default:
				if atNode {
					plain, atNode = true, false
				}
			}
		}
	}
	if quote == 0 {
		return 0, 0, false
	}
	return qLine, runeCol(qText, qIdx), true
}

// runeCol is the 1-based column of byte index i of text, in characters.
func runeCol(text string, i int) int {
	return utf8.RuneCountInString(text[:i]) + 1
}

// lineText returns line n (1-based) of b, without its line break.
func lineText(b []byte, n int) string {
	for i := 1; i < n; i++ {
		j := bytes.IndexByte(b, '\n')
		if j < 0 {
			return ""
		}
		b = b[j+1:]
	}
	if j := bytes.IndexByte(b, '\n'); j >= 0 {
		b = b[:j]
	}
	return strings.TrimSuffix(string(b), "\r")
}

// document checks one parsed document and keeps it when it is clean.
func (l *loader) document(i int, doc *yaml.Node) {
	if len(doc.Content) == 0 {
		l.add(i, max(doc.Line, 1), max(doc.Column, 1), RuleEmptyDocument, "document is empty; remove the extra \"---\" or write the request here")
		return
	}
	root := doc.Content[0]
	before := len(l.file.Findings) + l.dropped
	w := walker{l: l, doc: i}
	w.walk(root)
	if added := len(l.file.Findings) + l.dropped - before; added > w.dupKeys || l.dropped > 0 {
		return // anchors or aliases, or a hostile number of defects
	}
	// Duplicate keys are reported, and the document is still checked with
	// the last occurrence of each key, which is what most YAML and JSON
	// decoders keep (yaml.v3 refuses such a mapping, so the finding stays an
	// error and plan never sends the document).
	for _, m := range w.dupMaps {
		keepLast(m)
	}
	switch root.Kind {
	case yaml.MappingNode:
		l.file.Docs = append(l.file.Docs, &Document{File: l.name, Index: i, Root: root, Source: l.data})
	case yaml.ScalarNode:
		if root.Tag == "!!null" && root.Value == "" {
			l.add(i, max(doc.Line, 1), max(doc.Column, 1), RuleEmptyDocument, "document is empty; remove the extra \"---\" or write the request here")
			return
		}
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is a scalar (%s), not a mapping; a spec document is a mapping of AppId, BackendEnvironmentName, ResourceName and ResourceConfig", shortTag(root.Tag))
	case yaml.SequenceNode:
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is a list, not a mapping; write one request per document and separate documents with \"---\"")
	default:
		l.add(i, root.Line, root.Column, RuleNotMapping, "document is not a mapping; a spec document is a mapping of AppId, BackendEnvironmentName, ResourceName and ResourceConfig")
	}
}

func shortTag(tag string) string {
	switch tag {
	case "!!str":
		return "a string"
	case "!!int":
		return "an integer"
	case "!!float":
		return "a number"
	case "!!bool":
		return "a boolean"
	case "!!null":
		return "null"
	}
	return tag
}

// walker reports anchors, aliases and duplicate keys. It never follows an
// alias, so it runs in time linear in the size of the file.
type walker struct {
	l       *loader
	doc     int
	aliases int
	// dupKeys counts the duplicate keys reported; dupMaps are the mappings
	// holding them.
	dupKeys int
	dupMaps []*yaml.Node
}

// dup reports key k as a repeat of first, in mapping m.
func (w *walker) dup(m, k, first *yaml.Node) {
	w.l.add(w.doc, k.Line, k.Column, RuleDuplicateKey, "duplicate key %q: already defined at line %d; remove one of them (bapi checks the last one, line %d)", k.Value, first.Line, k.Line)
	w.dupKeys++
	if len(w.dupMaps) == 0 || w.dupMaps[len(w.dupMaps)-1] != m {
		w.dupMaps = append(w.dupMaps, m)
	}
}

// keepLast removes from mapping m every pair whose scalar key appears again
// later, so the last occurrence of each key remains.
func keepLast(m *yaml.Node) {
	last := make(map[string]int, len(m.Content)/2)
	for j := 0; j+1 < len(m.Content); j += 2 {
		if k := m.Content[j]; k.Kind == yaml.ScalarNode {
			last[k.Value] = j
		}
	}
	out := m.Content[:0]
	for j := 0; j+1 < len(m.Content); j += 2 {
		k := m.Content[j]
		if k.Kind == yaml.ScalarNode && last[k.Value] != j {
			continue
		}
		out = append(out, k, m.Content[j+1])
	}
	clear(m.Content[len(out):])
	m.Content = out
}

// maxAliasFindings caps alias and anchor findings per document; a hostile
// file may hold millions of them.
const maxAliasFindings = 20

func (w *walker) walk(n *yaml.Node) {
	if n == nil {
		return
	}
	if n.Kind == yaml.AliasNode {
		w.alias(n, "alias *%s: YAML anchors and aliases are not allowed in spec files (they can expand without bound); write the value out", n.Value)
		return
	}
	if n.Anchor != "" {
		w.alias(n, "anchor &%s: YAML anchors and aliases are not allowed in spec files (they can expand without bound); write the value out", n.Anchor)
	}
	if n.Kind == yaml.MappingNode && len(n.Content) <= 32 {
		// Few keys (the usual case): comparing with the keys before is
		// cheaper than building a map.
		for j := 2; j+1 < len(n.Content); j += 2 {
			k := n.Content[j]
			if k.Kind != yaml.ScalarNode {
				continue
			}
			for i := 0; i < j; i += 2 {
				if first := n.Content[i]; first.Kind == yaml.ScalarNode && first.Value == k.Value {
					w.dup(n, k, first)
					break
				}
			}
		}
	} else if n.Kind == yaml.MappingNode {
		var keys map[string]*yaml.Node
		for j := 0; j+1 < len(n.Content); j += 2 {
			k := n.Content[j]
			if k.Kind == yaml.ScalarNode {
				if keys == nil {
					keys = make(map[string]*yaml.Node, len(n.Content)/2)
				}
				if first, ok := keys[k.Value]; ok {
					w.dup(n, k, first)
				} else {
					keys[k.Value] = k
				}
			}
		}
	}
	for _, c := range n.Content {
		w.walk(c)
	}
}

func (w *walker) alias(n *yaml.Node, format, name string) {
	w.aliases++
	switch {
	case w.aliases <= maxAliasFindings:
		w.l.add(w.doc, n.Line, n.Column, RuleYAMLAlias, format, name)
	case w.aliases == maxAliasFindings+1:
		w.l.add(w.doc, n.Line, n.Column, RuleYAMLAlias, "more anchors and aliases follow; only the first %d are reported", maxAliasFindings)
	}
}

func lastLine(n *yaml.Node) int {
	l := n.Line
	for _, c := range n.Content {
		l = max(l, lastLine(c))
	}
	return l
}

// checkEncoding reports the first byte that makes the file not UTF-8 text:
// invalid UTF-8, a NUL or another control character YAML rejects.
func (l *loader) checkEncoding() bool {
	b := l.data
	if plainASCII(b) {
		return true
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\n':
				line, col = line+1, 1
				i++
				continue
			case c == 0:
				l.add(0, line, col, RuleEncoding, "NUL byte: this looks like a binary file, not YAML text; give a UTF-8 YAML file")
				return false
			case c < 0x20 && c != '\t' && c != '\r', c == 0x7f:
				l.add(0, line, col, RuleEncoding, "control character U+%04X is not allowed in YAML; remove it or write it as an escape in a double-quoted string", c)
				return false
			}
			i++
			col++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			l.add(0, line, col, RuleEncoding, "invalid UTF-8 byte 0x%02X: spec files must be UTF-8 text; convert the file to UTF-8", c)
			return false
		}
		if (r >= 0x80 && r <= 0x9f && r != 0x85) || r == 0xfffe || r == 0xffff {
			l.add(0, line, col, RuleEncoding, "control character U+%04X is not allowed in YAML; remove it", r)
			return false
		}
		i += size
		col++
	}
	return true
}

// plainASCII reports whether b is printable ASCII with tabs and line ends
// only: the common case, checked without tracking positions.
func plainASCII(b []byte) bool {
	for _, c := range b {
		if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c >= 0x7f {
			return false
		}
	}
	return true
}

type pos struct{ line, col int }

// tabIndents finds tabs in the indentation of lines (including after "- "
// sequence indicators), skipping the content of block scalars, where tabs
// are text. The parser's error is then reported as the tab it stems from.
func tabIndents(b []byte) []pos {
	var out []pos
	block := -1 // indentation of the line that opened a block scalar
	for n := 0; len(b) > 0; n++ {
		line := b
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, b = b[:i], b[i+1:]
		} else {
			b = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		spaces := 0
		for spaces < len(line) && line[spaces] == ' ' {
			spaces++
		}
		rest := line[spaces:]
		blank := len(bytes.TrimLeft(rest, " \t")) == 0
		if block >= 0 {
			if blank || spaces > block {
				continue
			}
			block = -1
		}
		if blank {
			continue
		}
		// Walk the indentation: spaces, tabs and "- " indicators.
		col := 1
		for j := 0; j < len(line); j++ {
			c := line[j]
			if c == '\t' {
				if !bytes.HasPrefix(bytes.TrimLeft(line[j:], " \t"), []byte("#")) {
					out = append(out, pos{n + 1, col})
				}
				break
			}
			if c == ' ' || (c == '-' && j+1 < len(line) && (line[j+1] == ' ' || line[j+1] == '\t')) {
				col++
				continue
			}
			break
		}
		if opensBlockScalar(line) {
			block = spaces
		}
	}
	return out
}

// opensBlockScalar reports whether a line ends in a block scalar header
// ("key: |", "- >-", "key: |2 # comment").
func opensBlockScalar(line []byte) bool {
	if bytes.IndexByte(line, '|') < 0 && bytes.IndexByte(line, '>') < 0 {
		return false
	}
	if i := bytes.Index(line, []byte(" #")); i >= 0 {
		line = line[:i]
	}
	line = bytes.TrimRight(line, " \t")
	line = bytes.TrimRight(line, "0123456789+-")
	n := len(line)
	if n == 0 || (line[n-1] != '|' && line[n-1] != '>') {
		return false
	}
	before := bytes.TrimRight(line[:n-1], " \t")
	if len(before) == 0 {
		return true
	}
	if len(before) == n-1 {
		return false // "a|" is plain text, not a header
	}
	c := before[len(before)-1]
	return c == ':' || c == '-'
}

func lineCount(b []byte) int {
	n := bytes.Count(b, []byte("\n"))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return max(n, 1)
}

// firstNonSpace is the 1-based column of the first non-blank character of
// the 1-based line, or 1.
func firstNonSpace(b []byte, line int) int {
	for i := 1; i < line; i++ {
		j := bytes.IndexByte(b, '\n')
		if j < 0 {
			return 1
		}
		b = b[j+1:]
	}
	if j := bytes.IndexByte(b, '\n'); j >= 0 {
		b = b[:j]
	}
	col := 1
	for _, r := range string(b) {
		if r != ' ' && r != '\t' {
			return col
		}
		col++
	}
	return 1
}
