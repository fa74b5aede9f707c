package spec

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// ErrNotRegular is wrapped by OpenRegular's error for a path that is not a
// regular file (after symbolic links): a named pipe, a device, a socket or
// a directory.
var ErrNotRegular = errors.New("not a regular file")

// OpenRegular opens path for reading when it is a regular file, after
// symbolic links. Anything else is refused before it is opened: opening a
// named pipe blocks until a writer comes (for ever, deaf to Ctrl-C), and a
// device can be read without end. The file is then opened non-blocking
// where the system has it and checked again, so a path swapped for a pipe
// in between cannot block either. The error (a *fs.PathError from the
// system, or one wrapping ErrNotRegular) says what the path is.
//
// bapi reads the schema files TransformSchemaFile names, a project's schema
// folder in import and .bapi.yaml through it; spec files are opened by the
// loader's openSpecFile, which opens a file that is not a link non-blocking
// before it checks it (one stat fewer per file) and comes here for the rest.
func OpenRegular(path string) (*os.File, fs.FileInfo, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, nil, err
	}
	return openRegular(path, info)
}

// openRegular is OpenRegular with the path's info already read: from Stat,
// or from Lstat of a path that is not a symbolic link (the loader's link
// check has it, and a second stat of the same file would only repeat it).
// What info says is not a regular file is refused before it is opened; the
// opened file is checked again.
func openRegular(path string, info fs.FileInfo) (*os.File, fs.FileInfo, error) {
	if err := regular(path, info); err != nil {
		return nil, nil, err
	}
	fh, err := os.OpenFile(path, openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	return keepRegular(path, fh)
}

// keepRegular returns the file just opened at path when fstat says it is a
// regular file, and closes it otherwise.
func keepRegular(path string, fh *os.File) (*os.File, fs.FileInfo, error) {
	info, err := fh.Stat()
	if err == nil {
		err = regular(path, info)
	}
	if err != nil {
		fh.Close()
		return nil, nil, err
	}
	return fh, info, nil
}

// regular refuses what is not a regular file, saying what it is.
func regular(path string, info fs.FileInfo) error {
	if info.Mode().IsRegular() {
		return nil
	}
	return &fs.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w: %s", ErrNotRegular, kindOf(info.Mode()))}
}

// kindOf names a file mode that is not a regular file's, for messages.
func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "it is a directory"
	case m&fs.ModeNamedPipe != 0:
		return "it is a named pipe (FIFO), which bapi does not read: it would wait for a writer"
	case m&fs.ModeSocket != 0:
		return "it is a socket"
	case m&fs.ModeCharDevice != 0:
		return "it is a character device"
	case m&fs.ModeDevice != 0:
		return "it is a device"
	}
	return "its type is " + m.Type().String()
}
