package spec

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Discovering sources: arguments expanded into files and standard input.

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
	add := func(src Source) {
		if !seen[src.Path] {
			seen[src.Path] = true
			out = append(out, src)
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
			add(Source{Path: arg, Name: arg})
			continue
		}
		found, err := walkDir(ctx, arg)
		if err != nil {
			return nil, err
		}
		slices.SortFunc(found, func(a, b Source) int { return strings.Compare(a.Path, b.Path) })
		for _, src := range found {
			add(src)
		}
	}
	return out, nil
}

// walkDir lists the spec files under the directory arg, by the names the
// user would use: a path under arg. When arg itself is a symbolic link to a
// directory, its target is walked (filepath.WalkDir does not follow a
// symlinked root) and each path is reported under arg. Symbolic links inside
// the tree are not followed into directories, so a link cycle cannot loop; a
// link to a file is listed like a file and read through the link. An entry
// that cannot be listed is returned with its error (Source.Err), so that one
// unreadable directory is a finding and the rest are still checked.
func walkDir(ctx context.Context, arg string) ([]Source, error) {
	root := arg
	if li, err := os.Lstat(arg); err == nil && li.Mode()&fs.ModeSymlink != 0 {
		target, err := filepath.EvalSymlinks(arg)
		if err != nil {
			return nil, &InputError{Path: arg, Err: pathErr(err)}
		}
		root = target
	}
	var found []Source
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		name := p
		if root != arg {
			rel, rerr := filepath.Rel(root, p)
			if rerr != nil {
				return &InputError{Path: p, Err: rerr}
			}
			name = filepath.Join(arg, rel)
		}
		if err != nil && p == root {
			return &InputError{Path: name, Err: pathErr(err)}
		}
		if err != nil {
			if d != nil && d.IsDir() && isHidden(d.Name()) {
				return filepath.SkipDir
			}
			found = append(found, Source{Path: name, Name: name, InDir: true, Err: fmt.Errorf("directory cannot be listed (%w); make it readable, or move it out of the directory given", pathErr(err))})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
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
		found = append(found, Source{Path: name, Name: name, InDir: true})
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
