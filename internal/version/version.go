package version

import (
	"regexp"
	"runtime/debug"
	"sync"
)

// version is set at link time: -ldflags "-X github.com/bapi-dev/bapi/internal/version.version=v1.2.3".
// It is the only package-level variable written outside init, and only by the linker.
var version = ""

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Commit    string `json:"commit"`
	GoVersion string `json:"go_version"`
}

// Get returns the build's version information, from the link-time version or
// the module build info. It is read once: parsing the build info takes
// about 10 µs, and every finding's doc URL needs it.
func Get() Info { return get() }

var get = sync.OnceValue(readInfo)

func readInfo() Info {
	info := Info{Version: version, Commit: "unknown", GoVersion: "unknown"}
	if bi, ok := debug.ReadBuildInfo(); ok {
		info.GoVersion = bi.GoVersion
		if info.Version == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			info.Version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				info.Commit = s.Value
			}
		}
	}
	if info.Version == "" {
		info.Version = "dev"
	}
	return info
}

// DocRef is the git ref that documentation links point at: the version tag
// for a release, main otherwise.
func DocRef() string { return docRefOnce() }

var docRefOnce = sync.OnceValue(func() string { return docRef(Get().Version) })

// releaseVersion is a semantic version a tag can carry (v1.2.3, v1.2.3-rc.1),
// without build metadata such as +dirty.
var releaseVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$`)

// pseudoVersion ends as every Go pseudo-version does (a build from a commit
// with no tag, such as go install ./cmd/bapi in a clone stamps):
// a 14-digit UTC time and a 12-digit commit prefix.
var pseudoVersion = regexp.MustCompile(`[.-][0-9]{14}-[0-9a-f]{12}$`)

// docRef is the ref for version v: v itself when it names a release tag;
// main for "dev", a pseudo-version or a +dirty build, which no tag names.
func docRef(v string) string {
	if releaseVersion.MatchString(v) && !pseudoVersion.MatchString(v) {
		return v
	}
	return "main"
}
