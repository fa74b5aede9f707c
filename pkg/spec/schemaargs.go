package spec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// SchemaArgs replaces each argument naming a .graphql file with the
// directory whose specs may name it in TransformSchemaFile: the nearest
// enclosing directory called bapi, else the file's own directory. The
// pre-commit hook passes changed .graphql files as well as specs; the
// specs are what bapi validates, so a schema change is checked through
// them. Other arguments, and a .graphql file that does not exist (for the
// loader to report, as it reports a missing spec file), are kept, in order,
// and a directory is given once.
func SchemaArgs(args []string) []string {
	out := make([]string, 0, len(args))
	seen := map[string]bool{}
	for _, a := range args {
		if !strings.EqualFold(filepath.Ext(a), ".graphql") || missing(a) {
			out = append(out, a)
			continue
		}
		dir := filepath.Dir(a)
		for d := dir; ; d = filepath.Dir(d) {
			if filepath.Base(d) == "bapi" {
				dir = d
				break
			}
			if p := filepath.Dir(d); p == d {
				break
			}
		}
		if !seen[dir] {
			seen[dir] = true
			out = append(out, dir)
		}
	}
	return out
}

// missing reports whether nothing exists at p.
func missing(p string) bool {
	_, err := os.Lstat(p)
	return errors.Is(err, fs.ErrNotExist)
}
