package main

import (
	"encoding/json"
	"fmt"

	"github.com/bapi-dev/bapi/internal/version"
	"github.com/urfave/cli/v2"
)

// versionFormatVersion is the format_version of bapi version --format json.
const versionFormatVersion = "1.0"

// versionJSON is bapi version --format json: the version fields under a
// format_version, as every JSON output of bapi carries.
type versionJSON struct {
	FormatVersion string `json:"format_version"`
	version.Info
}

func versionCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "version",
		Usage:     "print bapi's version, commit and Go version",
		ArgsUsage: " ",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Value: "text", Usage: "output `FORMAT`: text or json"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usageError("version takes no arguments, got %q", c.Args().First())
			}
			info := version.Get()
			switch f := c.String("format"); f {
			case "text":
				_, err := fmt.Fprintf(e.stdout, "bapi %s\ncommit: %s\ngo: %s\n", info.Version, info.Commit, info.GoVersion)
				return err
			case "json":
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(versionJSON{FormatVersion: versionFormatVersion, Info: info})
			default:
				return usageError("unknown --format %q for version; use text or json", f)
			}
		},
	}
}
