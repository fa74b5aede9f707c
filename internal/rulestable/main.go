package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/bapi-dev/bapi/pkg/gen2"
	"github.com/bapi-dev/bapi/pkg/validate"
)

func main() {
	if err := run("."); err != nil {
		fmt.Fprintf(os.Stderr, "rulestable: %v\n", err)
		os.Exit(1)
	}
}

func run(root string) error {
	table := validate.RulesTable()
	if err := writeFile(filepath.Join(root, "docs", "rules", "README.md"), index()); err != nil {
		return err
	}
	readme := filepath.Join(root, "README.md")
	data, err := os.ReadFile(readme)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read README.md: %w", err)
	}
	// README.md sits at the root, so its links need the docs/rules/ prefix
	// the table already has.
	out, ok := validate.ReplaceRulesTable(string(data), table)
	if !ok {
		fmt.Fprintf(os.Stderr, "rulestable: README.md has no %s ... %s markers; only docs/rules/README.md was written\n", validate.RulesTableBegin, validate.RulesTableEnd)
		return nil
	}
	if out == string(data) {
		return nil
	}
	return writeFile(readme, out)
}

// index is docs/rules/README.md: validate's rules (validate.RulesIndex),
// then bapi gen2 check's.
func index() string {
	return validate.RulesIndex() + "\n## bapi gen2 check\n\n" +
		"The readiness checks of `bapi gen2 check` ([docs/gen2.md](../gen2.md)), not of `bapi validate`:\n" +
		"their findings come from `bapi gen2 check` only.\n\n" +
		strings.ReplaceAll(validate.RulesTableOf(gen2.Listed()), "](docs/rules/", "](")
}

// writeFile writes through a temporary file and a rename.
func writeFile(p, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(p), ".rulestable-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("write %s: %w", p, err)
	}
	return nil
}
