package version

import (
	"runtime/debug"
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
// the module build info.
func Get() Info {
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
func DocRef() string {
	v := Get().Version
	if v == "dev" {
		return "main"
	}
	return v
}
