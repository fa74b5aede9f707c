//go:build !unix

package spec

import "os"

// openFlags: systems without named pipes in the file tree open plainly.
const openFlags = os.O_RDONLY

// isLinkLoop: such systems report a link loop as another error.
func isLinkLoop(error) bool { return false }
