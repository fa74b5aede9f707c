package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/bapi-dev/bapi/internal/atomicfile"
	"github.com/bapi-dev/bapi/internal/version"
	"github.com/urfave/cli/v2"
)

// Files that bapi init writes, relative to its directory argument. The spec
// sits in bapi/, which the bapi-validate pre-commit hook matches by default.
const (
	initSpecPath      = "bapi/example-api.yaml"
	initPreCommitPath = ".pre-commit-config.yaml"
)

// initSpec is the commented example spec written by bapi init.
const initSpec = `# yaml-language-server: $schema=https://raw.githubusercontent.com/bapi-dev/bapi/main/schema/backend-api.schema.json
#
# A bapi spec. Each YAML document (separate them with ---) is one AmplifyBackend
# CreateBackendAPI request, written with the API's own member names.
#
#   bapi validate bapi/         check it (offline; also run by the pre-commit hook)
#   bapi plan bapi/             show what would change in your AWS account
#   bapi apply bapi/            make the change and follow the backend jobs
#
# Docs: https://github.com/bapi-dev/bapi#readme

# The Amplify app and backend environment that own the API. Find them in the
# Amplify console or with: aws amplify list-apps
AppId: d6n1example4h8
BackendEnvironmentName: staging

# The API's resource name in that environment. AppId/BackendEnvironmentName/ResourceName
# is the API's address: it must be unique across all your specs.
ResourceName: exampleapi

ResourceConfig:
  ApiName: exampleapi
  Service: AppSync

  # How clients sign in by default: API_KEY, AWS_IAM, AMAZON_COGNITO_USER_POOLS
  # or OPENID_CONNECT.
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      Description: example public key
      ExpirationTime: 7 # days until the API key expires

  # More ways in, each with its own settings.
  AdditionalAuthTypes:
    - Mode: AWS_IAM

  # How concurrent writes are merged: AUTOMERGE, OPTIMISTIC_CONCURRENCY,
  # LAMBDA or NONE.
  ConflictResolution:
    ResolutionStrategy: AUTOMERGE

  # The data model, in the Amplify GraphQL transform (@model, @auth, ...).
  TransformSchema: |
    type Todo @model @auth(rules: [{ allow: public }]) {
      id: ID!
      name: String!
      done: Boolean
    }
`

// releaseRev matches a release version tag, which is a valid pre-commit rev.
var releaseRev = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+$`)

// preCommitFiles is the bapi-validate hook's default files pattern (as in
// .pre-commit-hooks.yaml): YAML and GraphQL in a bapi/ directory at any depth.
const preCommitFiles = `(^|/)bapi/.+\.(ya?ml|graphql)$`

// preCommitRepoEntry is the hook entry for a .pre-commit-config.yaml repos
// list. A release build (rev is its tag) uses the hook of bapi's repository
// at that tag. Any other build has no tag to name: its entry is a local hook
// running the bapi on PATH, with the release form in a comment. Both show the
// files pattern, which decides what the hook sees.
func preCommitRepoEntry(rev string) string {
	head := `  # bapi: validate AWS Amplify backend API specs before each commit.
  # Docs: https://github.com/bapi-dev/bapi/blob/main/docs/pre-commit.md
`
	files := `        # The hook checks YAML and GraphQL files in a bapi/ directory at any
        # depth; other files are skipped without a word. Change this if your
        # specs live elsewhere, e.g. files: ^specs/.*\.(ya?ml|graphql)$
        files: ` + preCommitFiles + `
`
	if rev != "" {
		return head + `  - repo: https://github.com/bapi-dev/bapi
    rev: ` + rev + `
    hooks:
      - id: bapi-validate
` + files
	}
	return head + `  # This bapi is not a release build, so the hook runs the bapi on your PATH
  # (go install ./cmd/bapi in a clone of bapi). With a release, use instead:
  #   - repo: https://github.com/bapi-dev/bapi
  #     rev: vX.Y.Z
  #     hooks:
  #       - id: bapi-validate
  - repo: local
    hooks:
      - id: bapi-validate
        name: bapi validate
        entry: bapi validate
        language: system
        types_or: [yaml, graphql]
        # One run for all files: rules across files (one address in two
        # specs) only see the files of the same run.
        require_serial: true
` + files
}

func initCommand(e *env) *cli.Command {
	return &cli.Command{
		Name:      "init",
		Usage:     "write an example spec and a pre-commit config into DIR (default .)",
		ArgsUsage: "[DIR]",
		Description: "init writes " + initSpecPath + ", a commented example spec, and " + initPreCommitPath + "\n" +
			"with the bapi-validate hook. It never overwrites a file: an existing spec is an\n" +
			"error (exit 1), and if " + initPreCommitPath + " exists, init prints the hook entry\n" +
			"to add to it instead.",
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return usageError("init takes at most one directory, got %d arguments", c.NArg())
			}
			dir := "."
			if c.NArg() == 1 {
				dir = c.Args().First()
			}
			rev := ""
			if v := version.Get().Version; releaseRev.MatchString(v) {
				rev = v
			}
			return runInit(e, dir, rev)
		},
	}
}

func runInit(e *env, dir, rev string) error {
	specPath := filepath.Join(dir, initSpecPath)
	pcPath := filepath.Join(dir, initPreCommitPath)

	// Check everything before writing anything, so a refusal leaves DIR as it was.
	if _, err := os.Lstat(specPath); err == nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s already exists; init never overwrites a file: move it away or run init in another directory", specPath)}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &exitError{code: exitFailure, err: fmt.Errorf("check %s: %w", specPath, err)}
	}
	pcExists := false
	if _, err := os.Lstat(pcPath); err == nil {
		pcExists = true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return &exitError{code: exitFailure, err: fmt.Errorf("check %s: %w", pcPath, err)}
	}

	if err := writeNewFile(specPath, []byte(initSpec)); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	fmt.Fprintf(e.stderr, "bapi: wrote %s\n", specPath)

	entry := preCommitRepoEntry(rev)
	if pcExists {
		fmt.Fprintf(e.stderr, "bapi: %s exists and was not changed; add this entry under its repos: list:\n", pcPath)
		_, err := fmt.Fprint(e.stdout, entry)
		return err
	}
	if err := writeNewFile(pcPath, []byte("repos:\n"+entry)); err != nil {
		return &exitError{code: exitFailure, err: err}
	}
	fmt.Fprintf(e.stderr, "bapi: wrote %s\n", pcPath)
	fmt.Fprintf(e.stderr, "bapi: next: edit %s, run `bapi validate %s`, and `pre-commit install` to check specs on each commit\n",
		specPath, filepath.Dir(specPath))
	return nil
}

// writeNewFile writes data to path atomically (mode 0644), creating its
// directory, and refuses to replace a file that already exists (including
// one created after the caller checked).
func writeNewFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create directory %s: %w", dir, err)
	}
	err := atomicfile.Create(path, data, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; init never overwrites a file: move it away and run init again", path)
	}
	return err
}
