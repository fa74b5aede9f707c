package schema

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestConformsDigest fails when the schema changes, so that Conforms (Validate's
// fast path) is reviewed against the new schema.
func TestConformsDigest(t *testing.T) {
	sum := sha256.Sum256(JSON())
	if got := hex.EncodeToString(sum[:]); got != conformsDigest {
		t.Fatalf("schema/backend-api.schema.json changed (sha256 %s): check Conforms in fast.go against it (it must never accept what the schema rejects), then set conformsDigest", got)
	}
}
