package spec

import (
	"context"
	"errors"
)

// Discover expands arguments into sources: files as given, directories walked
// recursively for *.yaml and *.yml (hidden directories skipped), and "-" for
// standard input. Sources come back in a stable order. An argument that does
// not exist or cannot be read is an *InputError.
func Discover(ctx context.Context, args []string, opts Options) ([]Source, error) {
	return nil, errors.New("not implemented")
}

// Load reads and parses one source. Problems with the content are findings in
// the returned File; only a source that cannot be read is an error
// (*InputError).
func Load(ctx context.Context, src Source, opts Options) (*File, error) {
	return nil, errors.New("not implemented")
}
