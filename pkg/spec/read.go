package spec

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/bapi-dev/bapi/pkg/finding"
)

// Reading a source, within the size cap.

// Load reads and parses one source. Problems with the content are findings in
// the returned File; only a source that cannot be read is an error
// (*InputError). A document with any loader finding is left out of
// File.Docs; documents before a syntax error are still returned. Schema
// files the documents name are read too (ResolveSchemaFiles).
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
	var data []byte
	var err error
	if src.Err != nil {
		err = &InputError{Path: name, Err: src.Err}
	} else {
		data, err = readCapped(src, opts, limit)
	}
	var ie *InputError
	if err != nil && src.InDir && errors.As(err, &ie) {
		// One file of a directory: a finding for it, and the rest of the
		// directory is still checked.
		return &File{Name: name, Findings: []finding.Finding{{
			Location: finding.Location{File: name, Line: 1, Column: 1},
			Severity: finding.Error,
			Rule:     RuleUnreadable,
			Message:  unreadableMessage(ie.Err),
		}}}, nil
	}
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
	f.Digest = Digest(data)
	l := &loader{name: name, data: data, file: f}
	l.load(ctx)
	if l.dropped > 0 {
		last := f.Findings[len(f.Findings)-1]
		last.Message = MoreNotShown(l.dropped, "problem", "this file")
		f.Findings = append(f.Findings, last)
	}
	return f, ResolveSchemaFiles(ctx, src, f, opts)
}

// unreadableMessage words a RuleUnreadable finding from the read error.
func unreadableMessage(err error) string {
	msg := err.Error()
	switch {
	case strings.HasPrefix(msg, "is "):
		return "the file " + msg
	case strings.HasPrefix(msg, "directory "):
		return "the " + msg
	}
	return "the file cannot be read: " + msg + "; make it a readable regular file, or remove it"
}

// checkLink refuses a spec file that is a symbolic link loop, a dangling
// link, or a link to a file outside root (Options.Root), as schema files
// outside it are refused: a directory a pull-request check walks may hold a
// committed link to a file of the machine. A path given that is not a link
// is read wherever it is. For a path that is not a link it returns the
// path's Lstat info, which is then also its Stat info (openRegular takes
// it); for a link, or a path Lstat cannot read, nil.
func checkLink(p, root string) (fs.FileInfo, error) {
	li, err := os.Lstat(p)
	if err != nil {
		return nil, nil // opening it reports the error
	}
	if li.Mode()&fs.ModeSymlink == 0 {
		return li, nil
	}
	_, serr := os.Stat(p)
	if serr != nil && isLinkLoop(serr) {
		return nil, errors.New("is a symbolic link loop (following it leads back to a link already followed); remove the link or point it at a file")
	}
	if root == "" {
		return nil, linkMissing(serr)
	}
	r, err := rootPaths(root)
	if err != nil {
		return nil, err
	}
	if !within(r, p) {
		return nil, errors.New("is a symbolic link to a file outside the working directory, which bapi does not read, so that a check cannot read other files of the machine; commit the file itself, or give bapi its real path")
	}
	return nil, linkMissing(serr)
}

// openSpecFile opens a spec file for readCapped, refusing what is not a
// regular file and what checkLink refuses (as a *linkError). A path that is
// not a symbolic link costs one open and one fstat, as a plain read does:
// it is opened without following a link (where the system can), without
// blocking (a named pipe does not wait for a writer) and without becoming a
// controlling terminal, and fstat says whether it is a regular file (a pipe
// or a device is closed unread). A link, or a path that does not open so,
// goes through checkLink and OpenRegular, which say what is wrong with it.
func openSpecFile(p, root string) (*os.File, fs.FileInfo, error) {
	if noFollowFlags != 0 {
		if fh, err := os.OpenFile(p, noFollowFlags, 0); err == nil {
			return keepRegular(p, fh)
		}
	}
	li, err := checkLink(p, root)
	if err != nil {
		return nil, nil, &linkError{err}
	}
	if li != nil {
		// Not a link: its Lstat info is its Stat info, so one stat
		// serves the link check and the check before opening.
		return openRegular(p, li)
	}
	return OpenRegular(p)
}

// linkError is what checkLink refuses, as openSpecFile returns it.
type linkError struct{ err error }

func (e *linkError) Error() string { return e.err.Error() }
func (e *linkError) Unwrap() error { return e.err }

// linkMissing words a link whose target does not exist (after the
// outside check, so that it tells nothing of files outside).
func linkMissing(statErr error) error {
	if errors.Is(statErr, fs.ErrNotExist) {
		return errors.New("is a dangling symbolic link (the file it points to does not exist); remove the link or create its target")
	}
	return nil
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
	} else if data, ok := opts.Overlay.lookup(src.Path); ok {
		r = bytes.NewReader(data)
	} else {
		fh, info, err := openSpecFile(src.Path, opts.Root)
		var linkErr *linkError
		if errors.As(err, &linkErr) {
			return nil, &InputError{Path: path, Err: linkErr.err}
		}
		if errors.Is(err, ErrNotRegular) {
			if fi, serr := os.Stat(src.Path); serr == nil && fi.IsDir() {
				return nil, &InputError{Path: path, Err: errors.New("is a directory, not a file; give a file, or the directory without reading it as one file")}
			}
			return nil, &InputError{Path: path, Err: fmt.Errorf("is not a regular file (%s); give bapi regular files only", strings.TrimPrefix(pathErr(err).Error(), ErrNotRegular.Error()+": "))}
		}
		if err != nil {
			return nil, &InputError{Path: path, Err: pathErr(err)}
		}
		defer fh.Close()
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
