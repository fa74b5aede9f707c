package spec

import (
	"crypto/sha256"
	"encoding/hex"
)

// Digest is the hex SHA-256 of data, as File.Digest and SchemaPart.Digest
// record a file's bytes.
func Digest(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ReadDigest reads the file at path, within opts.MaxFileSize (else
// DefaultMaxFileSize), and returns its bytes and Digest without parsing
// them. A file over the cap has digest "", as Load leaves it. A file that
// cannot be read (missing, a directory, unreadable) is an *InputError.
func ReadDigest(path string, opts Options) (data []byte, digest string, err error) {
	limit := opts.MaxFileSize
	if limit <= 0 {
		limit = DefaultMaxFileSize
	}
	data, err = readCapped(Source{Path: path, Name: path}, opts, limit)
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > limit {
		return data, "", nil
	}
	return data, Digest(data), nil
}
