// Package hostile generates inputs built to make bapi slow, hang or
// miscount: one definition repeated until a file reaches the size cap, a
// schema file shared by many documents, thousands of empty documents. The
// tests and BenchmarkHostile (pkg/validate) write them to a temporary
// directory; they are generated, not committed, because each is about a
// megabyte.
package hostile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Case is one hostile input: files by path relative to a directory, the
// first of them (Spec) the spec file given to bapi.
type Case struct {
	Name string
	// Spec is the path of the spec file, a key of Files.
	Spec  string
	Files map[string][]byte
}

// Size is the total size of the case's files in bytes.
func (c Case) Size() int {
	n := 0
	for _, b := range c.Files {
		n += len(b)
	}
	return n
}

// head is a spec document up to its TransformSchema, which follows as a
// block scalar indented by four spaces.
const head = `AppId: d1example
BackendEnvironmentName: dev
ResourceName: hostile
ResourceConfig:
  ApiName: hostile
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      ExpirationTime: 7
  TransformSchema: |
`

// fill writes prefix, then item(i) for i = 0, 1, ... while the result
// stays within size bytes once suffix is added.
func fill(size int, prefix, suffix string, item func(i int) string) []byte {
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; ; i++ {
		s := item(i)
		if b.Len()+len(s)+len(suffix) > size {
			break
		}
		b.WriteString(s)
	}
	b.WriteString(suffix)
	return []byte(b.String())
}

// SchemaCase is a spec whose TransformSchema is prefix, items and suffix,
// each line indented into the block scalar by the caller.
func SchemaCase(name string, size int, prefix, suffix string, item func(i int) string) Case {
	return Case{Name: name, Spec: name + ".yaml", Files: map[string][]byte{
		name + ".yaml": fill(size, head+prefix, suffix, item),
	}}
}

// Cases returns every hostile input, each file at most size bytes (the
// size cap: spec.DefaultMaxFileSize unless a test wants them smaller).
func Cases(size int) []Case {
	cases := []Case{
		// One field with the same non-repeatable directive on it again and
		// again: a finding per repeat, each mapped back to the file.
		SchemaCase("field-directive-repeats", size, "    type T @model {\n      f: String", "\n    }\n",
			func(int) string { return " @deprecated" }),
		// A repeated type directive: typeDirectiveRepeats reports each one.
		SchemaCase("type-directive-repeats", size, "    type T", " {\n      f: String\n    }\n",
			func(int) string { return " @model" }),
		SchemaCase("enum-values", size, "    type T @model { e: E }\n    enum E {\n", "    }\n",
			func(i int) string { return fmt.Sprintf("      V%d\n", i) }),
		SchemaCase("type-fields", size, "    type T @model {\n", "    }\n",
			func(i int) string { return fmt.Sprintf("      f%d: String\n", i) }),
		// Repeats at the end of long lists, and long lists beside an
		// interface, go to gqlparser's validator, which compares every
		// pair of a list.
		SchemaCase("enum-values-repeat", size, "    type T @model { e: E }\n    enum E {\n      V0\n", "    }\n",
			func(i int) string { return fmt.Sprintf("      V%d\n", i) }),
		SchemaCase("type-fields-repeat", size, "    type T @model {\n      f0: String\n", "    }\n",
			func(i int) string { return fmt.Sprintf("      f%d: String\n", i) }),
		SchemaCase("interface-and-long-lists", size, "    interface I { x: Int }\n    type T @model { e: E }\n    type Query {\n      q(", "): E\n    }\n    enum E { A }\n",
			func(i int) string { return fmt.Sprintf("a%d: Int ", i) }),
		// One type extended again and again: each extension's fields
		// were appended by copying all before them.
		SchemaCase("extensions", size, "    type T @model { f: String }\n", "",
			func(i int) string { return fmt.Sprintf("    extend type T { g%d: Int }\n", i) }),
		// An index on every field: each name was compared with all before.
		SchemaCase("index-directives", size, "    type T @model {\n      id: ID!\n", "    }\n",
			func(i int) string { return fmt.Sprintf("      f%d: String @index(name: \"by%d\")\n", i, i) }),
		SchemaCase("field-arguments", size, "    type T @model { f: String }\n    type Query {\n      q(", "): String\n    }\n",
			func(i int) string { return fmt.Sprintf("a%d: Int ", i) }),
		SchemaCase("types", size, "    type M @model { f: String }\n", "",
			func(i int) string { return fmt.Sprintf("    type T%d { f: String }\n", i) }),
		// A finding on every type: an undefined field type each.
		SchemaCase("undefined-types", size, "    type M @model { f: String }\n", "",
			func(i int) string { return fmt.Sprintf("    type T%d { f: U%d }\n", i, i) }),
		SchemaCase("auth-rules", size, "    type T @model @auth(rules: [\n", "    ]) {\n      f: String\n    }\n",
			func(int) string { return "      { allow: public }\n" }),
		// An input object value setting many fields: each compared with
		// those before it.
		SchemaCase("default-object-fields", size, "    type T @model { f: String }\n    input I { a: Int }\n    type Query {\n      q(i: I = {", "}): String\n    }\n",
			func(i int) string { return fmt.Sprintf("a%d: 1 ", i) }),
		SchemaCase("long-line-then-error", size, "    type T @model { f: String }\n    # ", "\n    type {\n",
			func(int) string { return "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" }),
		{Name: "unknown-top-keys", Spec: "unknown-top-keys.yaml", Files: map[string][]byte{
			"unknown-top-keys.yaml": fill(size, "AppId: d1example\n", "", func(i int) string { return fmt.Sprintf("k%d: 1\n", i) }),
		}},
		{Name: "unknown-config-keys", Spec: "unknown-config-keys.yaml", Files: map[string][]byte{
			"unknown-config-keys.yaml": fill(size, "AppId: d1example\nResourceConfig:\n", "", func(i int) string { return fmt.Sprintf("  k%d: 1\n", i) }),
		}},
		{Name: "empty-documents", Spec: "empty-documents.yaml", Files: map[string][]byte{
			"empty-documents.yaml": fill(size, "", "", func(int) string { return "---\n" }),
		}},
		SharedSchema(10, size*7/10),
		// As many documents as the cap holds, naming one schema file with
		// an error: checked once, and reported once with every document.
		sharedSchemaMany(size),
		// Many documents, each with a GraphQL error in its block scalar:
		// mapping each position back must not split the whole file once
		// per document.
		{Name: "documents-with-schema-errors", Spec: "documents-with-schema-errors.yaml", Files: map[string][]byte{
			"documents-with-schema-errors.yaml": fill(size, "", "", func(i int) string {
				return fmt.Sprintf("---\nAppId: d1example\nBackendEnvironmentName: env\nResourceName: api%d\nResourceConfig:\n  TransformSchema: |\n    type T @model { f: Undefined }\n", i)
			}),
		}},
	}
	return cases
}

// SharedSchema is one spec file of n documents, each naming the same
// schema file of about size bytes with TransformSchemaFile. A finding in the schema is reported once, and the
// schema is checked once, not once per document.
func SharedSchema(n, size int) Case {
	schema := fill(size, "", "type Broken { f: Undefined }\n", func(i int) string {
		return fmt.Sprintf("type T%d @model {\n  id: ID!\n  name: String\n}\n", i)
	})
	var spec strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&spec, `---
AppId: d1example
BackendEnvironmentName: e%s
ResourceName: api%d
ResourceConfig:
  ApiName: api%d
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      ExpirationTime: 7
  TransformSchemaFile: shared.graphql
`, letters(i), i, i)
	}
	return Case{Name: "shared-schema", Spec: "shared-schema.yaml", Files: map[string][]byte{
		"shared-schema.yaml": []byte(spec.String()),
		"shared.graphql":     schema,
	}}
}

// FromDir returns a case for every *.yaml file under dir, in every
// subdirectory, with the other files of its directory (the schema files a
// spec may name). A missing dir gives no cases.
func FromDir(dir string) ([]Case, error) {
	var cases []Case
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipAll
		}
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yaml") {
			return err
		}
		entries, err := os.ReadDir(filepath.Dir(p))
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		c := Case{Name: filepath.ToSlash(rel), Spec: filepath.Base(p), Files: map[string][]byte{}}
		for _, e := range entries {
			if e.Type().IsRegular() && (e.Name() == c.Spec || !strings.HasSuffix(e.Name(), ".yaml")) && !strings.HasSuffix(e.Name(), ".md") {
				data, err := os.ReadFile(filepath.Join(filepath.Dir(p), e.Name()))
				if err != nil {
					return err
				}
				c.Files[e.Name()] = data
			}
		}
		cases = append(cases, c)
		return nil
	})
	return cases, err
}

// letters writes i in base 26 with the letters a to z (environment names
// take lowercase letters only).
func letters(i int) string {
	s := ""
	for {
		s = string(rune('a'+i%26)) + s
		i /= 26
		if i == 0 {
			return s
		}
	}
}

// sharedSchemaMany is SharedSchema with as many documents as fit in size.
func sharedSchemaMany(size int) Case {
	one := len(SharedSchema(1, 0).Files["shared-schema.yaml"])
	c := SharedSchema(size/(one+8), 50<<10) // names grow to 3 letters and 4 digits
	c.Name = "shared-schema-many-documents"
	return c
}
