package version

import "testing"

func TestDocRef(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		version string
		want    string
	}{
		{version: "v0.1.0", want: "v0.1.0"},
		{version: "v1.2.3-rc.1", want: "v1.2.3-rc.1"},
		{version: "dev", want: "main"},
		{version: "", want: "main"},
		// What go install ./cmd/bapi in a clone stamps: no tag has these.
		{version: "v0.0.0-20261202125522-c6aa263d1e2f", want: "main"},
		{version: "v0.0.0-20261202125522-c6aa263d1e2f+dirty", want: "main"},
		{version: "v0.1.1-0.20261202125522-c6aa263d1e2f", want: "main"},
		{version: "v0.2.0-rc.1.0.20261202125522-c6aa263d1e2f", want: "main"},
		{version: "v0.1.0+dirty", want: "main"},
		{version: "(devel)", want: "main"},
	} {
		if got := docRef(tc.version); got != tc.want {
			t.Errorf("docRef(%q) = %q, want %q", tc.version, got, tc.want)
		}
	}
}

// TestDocRefOfThisBuild: the test binary's own links point at main or a tag,
// never at a pseudo-version.
func TestDocRefOfThisBuild(t *testing.T) {
	t.Parallel()
	if ref := DocRef(); ref != "main" && !releaseVersion.MatchString(ref) {
		t.Errorf("DocRef() = %q, want main or a release tag", ref)
	}
}
