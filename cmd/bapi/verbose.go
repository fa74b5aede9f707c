package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bapi-dev/bapi/pkg/validate"
	"github.com/urfave/cli/v2"
)

// flagVerbose is --verbose, which validate, plan, apply and import take.
const flagVerbose = "verbose"

// verboseFlag is --verbose: say on stderr which configuration file was
// applied (and, for the commands that call the service, which endpoint).
func verboseFlag() cli.Flag {
	return &cli.BoolFlag{Name: flagVerbose, Usage: "say on standard error which .bapi.yaml was applied (and which endpoint API calls go to)"}
}

// configLine is the --verbose line about the configuration: the file
// applied (path, as LoadConfig returned it; explicit when --config named
// it), or where bapi looked when there was none.
func configLine(ctx context.Context, path string, explicit bool) string {
	switch {
	case explicit:
		return fmt.Sprintf("bapi: config: %s (--config)", path)
	case path != "":
		return fmt.Sprintf("bapi: config: %s", relPath(path))
	}
	dirs, err := validate.ConfigDirs(ctx, ".")
	if err != nil || len(dirs) == 0 {
		return "bapi: config: none"
	}
	if len(dirs) == 1 {
		return fmt.Sprintf("bapi: config: none (no %s in the working directory, which is in no git repository: parents are searched only inside one, up to its root)", validate.ConfigFileName)
	}
	return fmt.Sprintf("bapi: config: none (no %s in the working directory or a parent up to the repository root %s)", validate.ConfigFileName, relPath(dirs[len(dirs)-1]))
}

// relPath gives an absolute path relative to the working directory when it
// can (../.bapi.yaml), so that output does not depend on where the
// repository is checked out.
func relPath(p string) string {
	if !filepath.IsAbs(p) {
		return p
	}
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if rel, err := filepath.Rel(wd, p); err == nil {
		return rel
	}
	return p
}
