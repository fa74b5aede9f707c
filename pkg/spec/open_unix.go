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

// noFollowFlags open a spec file in one step when it is not a symbolic link
// (openSpecFile): a link fails to open (and then goes through the link
// checks), a named pipe does not block, a terminal does not become the
// controlling one.
const noFollowFlags = openFlags | syscall.O_NOFOLLOW | syscall.O_NOCTTY

// isLinkLoop reports whether err is the system's "too many levels of
// symbolic links".
func isLinkLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
