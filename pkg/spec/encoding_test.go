package spec

import (
	"math/rand/v2"
	"testing"
)

// TestPlainASCII holds plainASCII's word-at-a-time reading to plainByte:
// every byte value at every offset of a printable run, and random runs.
func TestPlainASCII(t *testing.T) {
	t.Parallel()
	byBytes := func(b []byte) bool {
		for _, c := range b {
			if !plainByte(c) {
				return false
			}
		}
		return true
	}
	base := []byte("AppId: d123\n\tname: x y z ~ }\r\n0123456789")
	for n := 0; n <= len(base); n++ {
		for at := 0; at < n; at++ {
			for c := 0; c < 256; c++ {
				b := append([]byte(nil), base[:n]...)
				b[at] = byte(c)
				if got, want := plainASCII(b), byBytes(b); got != want {
					t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		b := make([]byte, r.IntN(40))
		for i := range b {
			b[i] = byte(0x20 + r.IntN(0x5f)) // mostly printable
			if r.IntN(8) == 0 {
				b[i] = byte(r.IntN(256))
			}
		}
		if got, want := plainASCII(b), byBytes(b); got != want {
			t.Fatalf("plainASCII(%q) = %v, want %v", b, got, want)
		}
	}
}

// BenchmarkPlainASCII: a spec of the repository, the common case.
func BenchmarkPlainASCII(b *testing.B) {
	in := goodSpec(b)
	for b.Loop() {
		if !plainASCII(in) {
			b.Fatal("not plain")
		}
	}
}
