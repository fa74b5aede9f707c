package spec

import "path/filepath"

// Overlay maps absolute, cleaned file paths to contents that replace what is
// on disk: an editor's unsaved buffers, which the language server (pkg/lsp)
// validates as the user types. A spec file or a schema file in the overlay
// is read from it and never opened.
type Overlay map[string][]byte

// lookup returns the overlay's contents for p, if it holds them.
func (o Overlay) lookup(p string) ([]byte, bool) {
	if len(o) == 0 {
		return nil, false
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, false
	}
	data, ok := o[abs]
	return data, ok
}
