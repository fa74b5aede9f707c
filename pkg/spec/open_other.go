//go:build !unix

package spec

import "os"

// openFlags: systems without named pipes in the file tree open plainly.
const openFlags = os.O_RDONLY

// noFollowFlags: 0, as such systems cannot open without following a link;
// openSpecFile then checks for a link first.
const noFollowFlags = 0

// isLinkLoop: such systems report a link loop as another error.
func isLinkLoop(error) bool { return false }
