package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Write writes data to path atomically with mode perm, replacing any file
// already there. On error the temporary file is removed and path is left as
// it was.
func Write(path string, data []byte, perm fs.FileMode) error {
	return WriteFunc(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// WriteFunc is Write for content that write streams into the file, so that
// a large output is never held in memory whole. If write fails, path is left
// as it was.
func WriteFunc(path string, perm fs.FileMode, write func(io.Writer) error) error {
	tmp, err := writeTemp(path, write, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Create writes data to path like Write, but never replaces an existing
// file, even one created after the caller checked: it links the temporary
// file into place, which fails if path exists. Where the file system has no
// hard links it falls back to a check and a rename. An existing path is an
// error that matches fs.ErrExist.
func Create(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp) // no-op once renamed; drops the extra name once linked
	err = os.Link(tmp, path)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrExist):
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	if _, statErr := os.Lstat(path); statErr == nil {
		return fmt.Errorf("%s: %w", path, fs.ErrExist)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// writeTemp writes, through write, a new temporary file beside path (with a
// buffer), syncs it and sets its mode; it returns the temporary file's name.
// On error nothing is left behind.
func writeTemp(path string, write func(io.Writer) error, perm fs.FileMode) (name string, err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("write %s: %w; check that the directory exists and is writable", path, err)
	}
	tmp := f.Name() // not name: a failing return sets that to ""
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := bw.Flush(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Chmod(perm); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("write %s: %w", path, err)
	}
	return tmp, nil
}

// CheckWritable reports an error when a file could not be written at path:
// its directory does not exist, is not a directory, or refuses a new file.
// It creates and removes a temporary file there, so a command can refuse an
// output path before it does any work.
func CheckWritable(path string) error {
	dir := filepath.Dir(path)
	info, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("cannot write %s: directory %s does not exist; create it or choose another path", path, dir)
		}
		return fmt.Errorf("cannot write %s: %w", path, err)
	}
	if !info.IsDir() {
		return fmt.Errorf("cannot write %s: %s is not a directory; choose another path", path, dir)
	}
	if info, err := os.Stat(path); err == nil && info.IsDir() {
		return fmt.Errorf("cannot write %s: it is a directory; give a file path", path)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %w; check that the directory is writable", path, err)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
