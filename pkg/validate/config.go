package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/spec"
	"go.yaml.in/yaml/v3"
)

// maxConfigSize bounds what is read of a configuration file.
const maxConfigSize = 1 << 20

// ConfigFileName is the name of the configuration file LoadConfig looks for.
const ConfigFileName = ".bapi.yaml"

// Config is a .bapi.yaml file:
//
//	rules:                  # severity per rule ID: error, warning, info or off
//	  conflict-lambda: off
//	  auth-oidc-ttl-seconds: error
//	ignore:                 # paths not validated, relative to this file; ** matches directories
//	  - legacy/**
//	  - "*.draft.yaml"
//	format: text            # defaults for flags of bapi validate
//	max-warnings: 10
//	min-severity: warning
//	parallelism: 4
//	transformer-version: 1  # the Amplify GraphQL transformer the specs are
//	                        # written for: 2 (the default) or 1
//
// Flags given on the command line win over the file's defaults.
type Config struct {
	// Path is the file the configuration was read from.
	Path string
	// Rules overrides rule severities by ID.
	Rules map[string]RuleSetting
	// Ignore lists path globs (slash-separated, relative to the file's
	// directory) of files that are not validated.
	Ignore []string
	// Defaults for flags; zero values mean "not set".
	Format      string
	MaxWarnings *int
	MinSeverity finding.Severity
	Parallelism int
	// TransformerVersion is the Amplify GraphQL transformer version the
	// specs under this file are written for: 1 or 2; 0 means not set (2).
	TransformerVersion int
}

// DefaultTransformerVersion is the transformer version of a project that
// declares none (amplifyschema's).
const DefaultTransformerVersion = amplifyschema.DefaultTransformerVersion

// Transformer returns the transformer version the configuration declares,
// or DefaultTransformerVersion.
func (c *Config) Transformer() int {
	if c == nil || c.TransformerVersion == 0 {
		return DefaultTransformerVersion
	}
	return c.TransformerVersion
}

// RuleSetting is one entry of Config.Rules: either off, or a severity.
type RuleSetting struct {
	Off      bool
	Severity finding.Severity
}

// ConfigError is a problem in a configuration file, at a position.
type ConfigError struct {
	Path         string
	Line, Column int
	Err          error
}

func (e *ConfigError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("config %s: %v", e.Path, e.Err)
	}
	return fmt.Sprintf("config %s:%d:%d: %v", e.Path, e.Line, e.Column, e.Err)
}

func (e *ConfigError) Unwrap() error { return e.Err }

// LoadConfig reads the configuration: explicitPath when given (it must
// exist), otherwise the first .bapi.yaml found in ConfigDirs(dir): dir and
// its parents up to the repository root. It returns the configuration and
// the path it was read from, or nil and "" when there is none. A file that
// cannot be read or is invalid is an error (*ConfigError for content
// problems, naming the file and line).
func LoadConfig(ctx context.Context, dir, explicitPath string) (*Config, string, error) {
	if explicitPath != "" {
		c, err := readConfig(explicitPath)
		if err != nil {
			return nil, "", err
		}
		return c, explicitPath, nil
	}
	dirs, err := ConfigDirs(ctx, dir)
	if err != nil {
		return nil, "", err
	}
	for _, d := range dirs {
		p := filepath.Join(d, ConfigFileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			c, err := readConfig(p)
			if err != nil {
				return nil, "", err
			}
			return c, p, nil
		}
	}
	return nil, "", nil
}

// ConfigDirs returns the directories LoadConfig searches for a .bapi.yaml,
// nearest first: dir (made absolute) and its parents up to the repository
// root, the nearest one holding .git (a directory, or a file as in a git
// worktree or submodule). Outside a repository it is dir alone. So a
// .bapi.yaml above the repository, or in a shared temporary directory that
// anyone can write, never configures a run.
func ConfigDirs(ctx context.Context, dir string) ([]string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("find %s: %w", ConfigFileName, err)
	}
	var dirs []string
	for d := abs; ; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dirs = append(dirs, d)
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return dirs, nil // the repository root
		}
		parent := filepath.Dir(d)
		if parent == d {
			return []string{abs}, nil // in no repository
		}
		d = parent
	}
}

func readConfig(p string) (*Config, error) {
	// Through spec.OpenRegular: a named pipe called .bapi.yaml must not
	// block the run.
	f, _, err := spec.OpenRegular(p)
	var data []byte
	if err == nil {
		data, err = io.ReadAll(io.LimitReader(f, maxConfigSize+1))
		f.Close()
		if err == nil && len(data) > maxConfigSize {
			return nil, fmt.Errorf("read config %s: larger than %d bytes; a .bapi.yaml is a few lines", p, maxConfigSize)
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("read config %s: file does not exist; check the --config path", p)
		}
		return nil, fmt.Errorf("read config %s: %w", p, err)
	}
	return ParseConfig(p, data)
}

// ParseConfig parses configuration data read from path p. Unknown keys,
// unknown rule IDs and bad values are errors naming the line.
func ParseConfig(p string, data []byte) (*Config, error) {
	c := &Config{Path: p, Rules: map[string]RuleSetting{}}
	fail := func(n *yaml.Node, format string, args ...any) error {
		return &ConfigError{Path: p, Line: n.Line, Column: n.Column, Err: fmt.Errorf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &ConfigError{Path: p, Err: fmt.Errorf("not valid YAML: %w", err)}
	}
	if len(doc.Content) == 0 {
		return c, nil // empty file
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fail(root, "the configuration must be a mapping with keys rules, ignore, format, max-warnings, min-severity, parallelism, transformer-version")
	}
	known := map[string]*Rule{}
	for _, r := range All() {
		known[r.ID] = r
	}
	intValue := func(v *yaml.Node, key string, lowest int) (int, error) {
		n, err := strconv.Atoi(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil || n < lowest {
			return 0, fail(v, "%s must be a whole number of at least %d", key, lowest)
		}
		return n, nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "rules":
			if v.Kind != yaml.MappingNode {
				return nil, fail(v, "rules must be a mapping of rule ID to error, warning, info or off")
			}
			for j := 0; j+1 < len(v.Content); j += 2 {
				id, sev := v.Content[j], v.Content[j+1]
				if known[id.Value] == nil {
					return nil, fail(id, "unknown rule %q in rules; run `bapi rules` to list rule IDs", id.Value)
				}
				if sev.Kind != yaml.ScalarNode {
					return nil, fail(sev, "rule %s: want error, warning, info or off", id.Value)
				}
				if strings.EqualFold(sev.Value, "off") || sev.Value == "false" {
					c.Rules[id.Value] = RuleSetting{Off: true}
					continue
				}
				s, err := finding.ParseSeverity(sev.Value)
				if err != nil {
					return nil, fail(sev, "rule %s: unknown severity %q; want error, warning, info or off", id.Value, sev.Value)
				}
				c.Rules[id.Value] = RuleSetting{Severity: s}
			}
		case "ignore":
			if v.Kind != yaml.SequenceNode {
				return nil, fail(v, "ignore must be a list of path globs, such as [\"legacy/**\"]")
			}
			for _, g := range v.Content {
				if g.Kind != yaml.ScalarNode || g.Value == "" {
					return nil, fail(g, "ignore entries must be path globs, such as legacy/**")
				}
				if _, err := path.Match(strings.ReplaceAll(g.Value, "**", "*"), ""); err != nil {
					return nil, fail(g, "ignore glob %q: %v", g.Value, err)
				}
				c.Ignore = append(c.Ignore, g.Value)
			}
		case "format":
			if v.Kind != yaml.ScalarNode || v.Value == "" {
				return nil, fail(v, "format must be a format name, such as text or json")
			}
			c.Format = v.Value
		case "max-warnings":
			n, err := intValue(v, "max-warnings", -1)
			if err != nil {
				return nil, err
			}
			c.MaxWarnings = &n
		case "min-severity":
			s, err := finding.ParseSeverity(v.Value)
			if err != nil || v.Kind != yaml.ScalarNode {
				return nil, fail(v, "min-severity %q: want error, warning or info", v.Value)
			}
			c.MinSeverity = s
		case "parallelism":
			n, err := intValue(v, "parallelism", 0)
			if err != nil {
				return nil, err
			}
			c.Parallelism = n
		case "transformer-version":
			n, err := strconv.Atoi(v.Value)
			if v.Kind != yaml.ScalarNode || err != nil || (n != 1 && n != 2) {
				return nil, fail(v, "transformer-version must be 1 or 2 (the Amplify GraphQL transformer the project uses: cli.json's features.graphqltransformer.transformerversion)")
			}
			c.TransformerVersion = n
		default:
			return nil, fail(k, "unknown key %q; the keys are rules, ignore, format, max-warnings, min-severity, parallelism and transformer-version", k.Value)
		}
	}
	return c, nil
}

// setting returns how the configuration treats rule id.
func (c *Config) setting(id string) (RuleSetting, bool) {
	if c == nil {
		return RuleSetting{}, false
	}
	s, ok := c.Rules[id]
	return s, ok
}

// Ignored reports whether the file at p (as given on the command line) is
// matched by one of the ignore globs. Globs are relative to the directory of
// the configuration file; "**" matches any number of directories, and a glob
// matching a directory matches everything under it.
func (c *Config) Ignored(p string) bool {
	if c == nil || len(c.Ignore) == 0 || p == "-" {
		return false
	}
	candidates := []string{filepath.ToSlash(filepath.Clean(p))}
	if abs, err := filepath.Abs(p); err == nil {
		if cabs, err := filepath.Abs(c.Path); err == nil {
			if rel, err := filepath.Rel(filepath.Dir(cabs), abs); err == nil && !strings.HasPrefix(rel, "..") {
				candidates = append(candidates, filepath.ToSlash(rel))
			}
		}
	}
	for _, g := range c.Ignore {
		for _, cand := range candidates {
			if matchGlob(strings.Split(strings.Trim(g, "/"), "/"), strings.Split(cand, "/")) {
				return true
			}
		}
	}
	return false
}

// matchGlob matches path segments against glob segments, where "**" stands
// for any number of segments. A glob that matches a leading part of the
// path (a directory) matches the whole path.
func matchGlob(glob, segs []string) bool {
	if len(glob) == 0 {
		return true // matched a directory prefix (or the whole path)
	}
	if glob[0] == "**" {
		for i := 0; i <= len(segs); i++ {
			if matchGlob(glob[1:], segs[i:]) {
				return true
			}
		}
		return false
	}
	if len(segs) == 0 {
		return false
	}
	ok, err := path.Match(glob[0], segs[0])
	return err == nil && ok && matchGlob(glob[1:], segs[1:])
}
