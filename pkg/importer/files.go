package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/bapi-dev/bapi/pkg/spec"
)

// maxProjectFile caps what import reads of one project file: the Amplify
// CLI's JSON files and schemas are kilobytes, so more is not a project file.
const maxProjectFile = 16 << 20

// projectFiles reads the files of one project, and only those: a file
// that is not a regular file (a named pipe would block the open for ever,
// a device could be read without end) or whose symbolic links lead out of
// the project directory is refused, as bapi validate refuses a schema file
// outside the working directory, so that import never copies another file
// of the machine into what it writes.
type projectFiles struct {
	dir string
	// root is dir absolute with its symbolic links resolved.
	root string
}

func newProjectFiles(dir string) (*projectFiles, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("project directory %s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, &ProjectError{Path: dir, Err: fmt.Errorf("cannot be read (%w); give the directory of an Amplify Gen 1 project (the one holding amplify/)", unwrapPath(err))}
	}
	if info, err := os.Stat(root); err != nil || !info.IsDir() {
		return nil, &ProjectError{Path: dir, Err: errors.New("is not a directory; give the directory of an Amplify Gen 1 project (the one holding amplify/)")}
	}
	return &projectFiles{dir: dir, root: root}, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// check refuses p when it leads out of the project or is not a regular file
// (or, with dir, a directory). A missing file is fs.ErrNotExist.
func (f *projectFiles) check(p string, dir bool) error {
	abs, err := filepath.Abs(p)
	if err != nil {
		return &ProjectError{Path: p, Err: fmt.Errorf("cannot be read: %w", err)}
	}
	resolved, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return &ProjectError{Path: p, Err: fs.ErrNotExist}
		}
		return &ProjectError{Path: p, Err: fmt.Errorf("cannot be read: %w", unwrapPath(err))}
	}
	if !spec.Inside(f.root, resolved) {
		return &ProjectError{Path: p, Err: errors.New("is a symbolic link that leads out of the project directory; import reads only the project's own files, so that it never copies another file of the machine into a spec: replace the link with the file")}
	}
	info, err := os.Stat(resolved)
	if err != nil {
		return &ProjectError{Path: p, Err: fmt.Errorf("cannot be read: %w", unwrapPath(err))}
	}
	switch {
	case dir && info.IsDir(), !dir && info.Mode().IsRegular():
		return nil
	case info.IsDir():
		return &ProjectError{Path: p, Err: errors.New("is a directory, where the Amplify CLI writes a file")}
	}
	return &ProjectError{Path: p, Err: fmt.Errorf("is not a regular file (%s); import reads only regular files", info.Mode().Type())}
}

func (f *projectFiles) exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// read reads one regular file of the project.
func (f *projectFiles) read(p string) ([]byte, error) {
	if err := f.check(p, false); err != nil {
		return nil, err
	}
	// OpenRegular, not os.Open: a path swapped for a named pipe after the
	// check must not block the open.
	fh, _, err := spec.OpenRegular(p)
	if err != nil {
		return nil, &ProjectError{Path: p, Err: fmt.Errorf("cannot be read: %w", unwrapPath(err))}
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxProjectFile+1))
	if err != nil {
		return nil, &ProjectError{Path: p, Err: fmt.Errorf("cannot be read: %w", unwrapPath(err))}
	}
	if len(data) > maxProjectFile {
		return nil, &ProjectError{Path: p, Err: fmt.Errorf("is larger than %d bytes, more than any file the Amplify CLI writes", maxProjectFile)}
	}
	return data, nil
}

// lfsPointer starts a Git LFS pointer file, which a clone without git lfs
// holds instead of the file.
const lfsPointer = "version https://git-lfs.github.com/spec/"

// readJSON decodes the JSON file p into v. A missing file is an error
// only when required; it reports whether the file was there.
func (f *projectFiles) readJSON(p string, v any, required bool) (bool, error) {
	data, err := f.read(p)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if bytes.HasPrefix(data, []byte(lfsPointer)) {
		return false, &ProjectError{Path: p, Err: errors.New("is a Git LFS pointer, not the file; run git lfs pull in the repository, then import again")}
	}
	if err := json.Unmarshal(data, v); err != nil {
		return false, &ProjectError{Path: p, Err: fmt.Errorf("is not the JSON the Amplify CLI writes%s: %w; fix the file (or run amplify pull to write it again)", jsonLine(data, err), err)}
	}
	return true, nil
}

// jsonLine is " (line N)" for a JSON syntax or type error, else "".
func jsonLine(data []byte, err error) string {
	var off int64
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	default:
		return ""
	}
	off = min(off, int64(len(data)))
	return fmt.Sprintf(" (line %d)", 1+bytes.Count(data[:off], []byte("\n")))
}

// readSchema reads an API's schema as the Amplify CLI does: schema.graphql,
// else every file of the schema/ folder, depth first in name order, dot
// files skipped, joined with a newline between files. For a folder, parts
// are its files (paths relative to the folder, with slashes).
func (f *projectFiles) readSchema(apiDir string) (string, []File, error) {
	single := filepath.Join(apiDir, "schema.graphql")
	data, err := f.read(single)
	if err == nil {
		return string(data), nil, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", nil, err
	}
	folder := filepath.Join(apiDir, "schema")
	if err := f.check(folder, true); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", nil, &ProjectError{Path: single, Err: fmt.Errorf("does not exist, nor does %s; the API has no schema", folder)}
		}
		return "", nil, err
	}
	var parts []File
	var walk func(dir, rel string) error
	walk = func(dir, rel string) error {
		entries, err := os.ReadDir(dir)
		if err != nil {
			return &ProjectError{Path: dir, Err: fmt.Errorf("cannot be read: %w", unwrapPath(err))}
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".") {
				continue
			}
			p := filepath.Join(dir, e.Name())
			r := e.Name()
			if rel != "" {
				r = rel + "/" + e.Name()
			}
			if e.IsDir() {
				if err := walk(p, r); err != nil {
					return err
				}
				continue
			}
			b, err := f.read(p)
			if err != nil {
				return err
			}
			parts = append(parts, File{Path: r, Data: b})
		}
		return nil
	}
	if err := walk(folder, ""); err != nil {
		return "", nil, err
	}
	if len(parts) == 0 {
		return "", nil, &ProjectError{Path: folder, Err: errors.New("holds no schema file; the API has no schema")}
	}
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = string(p.Data)
	}
	return strings.Join(texts, "\n"), parts, nil
}
