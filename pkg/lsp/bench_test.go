package lsp

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// BenchmarkChangeToDiagnostics times a change to an open spec until its
// diagnostics arrive (with the default debounce), in a workspace of n spec
// files that every run validates too (rules across files see them all).
func BenchmarkChangeToDiagnostics(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			root := workspace(b)
			for i := 1; i < n; i++ {
				other := strings.Replace(authModeSpec, "ResourceName: blogapi", fmt.Sprintf("ResourceName: api%d", i), 1)
				other = strings.Replace(other, "BackendEnvironmentName: staging", fmt.Sprintf("BackendEnvironmentName: env%c%c", 'a'+i%26, 'a'+i/26%26), 1)
				writeFile(b, root, fmt.Sprintf("specs/s%04d.yaml", i), other)
			}
			path := writeFile(b, root, "blog.yaml", quotedNumberSpec)
			c := startServer(b, Options{})
			c.initialize(root)
			uri := c.open(path, "yaml", quotedNumberSpec)
			c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "schema") })
			fixed := strings.Replace(quotedNumberSpec, `"7"`, "7", 1)
			b.ResetTimer()
			var total time.Duration
			for i := 0; i < b.N; i++ {
				text, want := fixed, false
				if i%2 == 1 {
					text, want = quotedNumberSpec, true
				}
				start := time.Now()
				c.change(uri, i+2, text)
				c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "schema") == want })
				total += time.Since(start)
			}
			b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/change")
		})
	}
}
