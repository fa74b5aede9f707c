//go:build unix

package spec

import (
	"errors"
	"os"
	"syscall"
)

// openFlags open without blocking on a named pipe that appeared after the
// check (OpenRegular then refuses it); reads of a regular file are not
// affected.
const openFlags = os.O_RDONLY | syscall.O_NONBLOCK

// isLinkLoop reports whether err is the system's "too many levels of
// symbolic links".
func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
