package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Stats summarises a written corpus.
type Stats struct {
	Files   int
	Invalid int
	// Defects counts invalid files by kind.
	Defects map[string]int
}

// Write generates n files under dir.
func Write(dir string, n int, seed uint64, invalidRatio float64) (Stats, error) {
	st := Stats{Defects: map[string]int{}}
	for i := 0; i < n; i++ {
		data, defect := Spec(i, seed, invalidRatio)
		sub := filepath.Join(dir, fmt.Sprintf("%03d", i/100))
		if i%100 == 0 {
			if err := os.MkdirAll(sub, 0o755); err != nil {
				return st, fmt.Errorf("create %s: %w", sub, err)
			}
		}
		if err := writeFile(filepath.Join(sub, fmt.Sprintf("spec-%05d.yaml", i)), data); err != nil {
			return st, err
		}
		st.Files++
		if defect != "" {
			st.Invalid++
			st.Defects[defect]++
		}
	}
	return st, nil
}

func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gencorpus-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Defect kinds.
var defects = []string{
	"unknown-key", "bad-enum", "missing-required", "yaml-syntax",
	"duplicate-key", "tab-indent", "missing-settings", "graphql-syntax",
}

var (
	modes    = []string{"API_KEY", "AWS_IAM", "AMAZON_COGNITO_USER_POOLS", "OPENID_CONNECT"}
	envs     = []string{"dev", "staging", "prod", "test", "qa", "demo"}
	nouns    = []string{"blog", "shop", "chat", "news", "forum", "inventory", "booking", "crm", "wiki", "gallery", "survey", "ticket", "fleet", "library", "recipe"}
	typeName = []string{"Post", "Comment", "Author", "Order", "Product", "Customer", "Message", "Room", "Item", "Warehouse", "Booking", "Guest", "Ticket", "Agent", "Page", "Photo", "Album", "Survey", "Answer", "Vehicle"}
	scalars  = []string{"String", "String!", "Int", "Int!", "Float", "Boolean", "AWSDateTime", "AWSEmail", "AWSURL", "ID"}
	fields   = []string{"title", "name", "content", "status", "price", "quantity", "email", "createdBy", "rating", "summary", "category", "url", "notes", "priority", "location", "score", "label", "body", "phone", "total"}
	regions  = []string{"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"}
	strategy = []string{"AUTOMERGE", "OPTIMISTIC_CONCURRENCY", "NONE"}
)

// Spec returns file i of the corpus and its defect kind ("" when valid).
func Spec(i int, seed uint64, invalidRatio float64) ([]byte, string) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	noun := nouns[r.IntN(len(nouns))]
	name := fmt.Sprintf("%s%d", noun, i)
	def := modes[r.IntN(len(modes))]
	var extra []string
	for _, m := range r.Perm(len(modes))[:r.IntN(3)] {
		if modes[m] != def {
			extra = append(extra, modes[m])
		}
	}
	all := append([]string{def}, extra...)

	var b strings.Builder
	fmt.Fprintf(&b, "# yaml-language-server: $schema=https://raw.githubusercontent.com/bapi-dev/bapi/main/schema/backend-api.schema.json\n")
	fmt.Fprintf(&b, "# %s API (corpus file %d)\n", noun, i)
	fmt.Fprintf(&b, "AppId: d%x\n", 0x10000000+uint64(i)*7919)
	fmt.Fprintf(&b, "BackendEnvironmentName: %s\n", envs[r.IntN(len(envs))])
	fmt.Fprintf(&b, "ResourceName: %s\n", name)
	b.WriteString("ResourceConfig:\n")
	fmt.Fprintf(&b, "  ApiName: %s\n", name)
	b.WriteString("  Service: AppSync\n")
	b.WriteString("  DefaultAuthType:\n")
	writeAuth(&b, r, def, "    ", i)
	if len(extra) > 0 {
		b.WriteString("  AdditionalAuthTypes:\n")
		for _, m := range extra {
			writeAuth(&b, r, m, "    - ", i)
		}
	}
	b.WriteString("  ConflictResolution:\n")
	fmt.Fprintf(&b, "    ResolutionStrategy: %s\n", strategy[r.IntN(len(strategy))])
	b.WriteString("  TransformSchema: |\n")
	writeGraphQL(&b, r, all)

	text := b.String()
	if r.Float64() >= invalidRatio {
		return []byte(text), ""
	}
	kind := defects[r.IntN(len(defects))]
	return []byte(corrupt(text, kind, all)), kind
}

func writeAuth(b *strings.Builder, r *rand.Rand, mode, first string, i int) {
	pad := strings.Repeat(" ", len(first))
	fmt.Fprintf(b, "%sMode: %s\n", first, mode)
	switch mode {
	case "API_KEY":
		fmt.Fprintf(b, "%sSettings:\n", pad)
		fmt.Fprintf(b, "%s  Description: public read key %d\n", pad, i)
		fmt.Fprintf(b, "%s  ExpirationTime: %d\n", pad, 7+r.IntN(358))
	case "AMAZON_COGNITO_USER_POOLS":
		fmt.Fprintf(b, "%sSettings:\n", pad)
		fmt.Fprintf(b, "%s  CognitoUserPoolId: %s_%s\n", pad, regions[r.IntN(len(regions))], randAlnum(r, 9))
	case "OPENID_CONNECT":
		fmt.Fprintf(b, "%sSettings:\n", pad)
		fmt.Fprintf(b, "%s  OpenIDProviderName: auth0\n", pad)
		fmt.Fprintf(b, "%s  OpenIDIssueURL: https://tenant%d.us.auth0.com/\n", pad, i%97)
		fmt.Fprintf(b, "%s  OpenIDClientId: %s\n", pad, randAlnum(r, 20))
		fmt.Fprintf(b, "%s  OpenIDAuthTTL: \"3600000\"\n", pad)
		fmt.Fprintf(b, "%s  OpenIDIatTTL: \"3600000\"\n", pad)
	}
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randAlnum(r *rand.Rand, n int) string {
	out := make([]byte, n)
	for i := range out {
		out[i] = alnum[r.IntN(len(alnum))]
	}
	return string(out)
}

// authRules returns @auth rules that the configured modes allow.
func authRules(r *rand.Rand, modes []string) string {
	var rules []string
	for _, m := range modes {
		switch m {
		case "AMAZON_COGNITO_USER_POOLS":
			rules = append(rules, "{ allow: owner }")
			if r.IntN(2) == 0 {
				rules = append(rules, `{ allow: groups, groups: ["Admins"] }`)
			}
		case "OPENID_CONNECT":
			rules = append(rules, "{ allow: private, provider: oidc }")
		case "API_KEY":
			rules = append(rules, "{ allow: public, operations: [read] }")
		case "AWS_IAM":
			rules = append(rules, "{ allow: private, provider: iam }")
		}
	}
	return strings.Join(rules, ", ")
}

// writeGraphQL writes 20 to 80 lines of Amplify GraphQL, indented for a
// block scalar.
func writeGraphQL(b *strings.Builder, r *rand.Rand, modes []string) {
	target := 20 + r.IntN(61)
	lines := 0
	perm := r.Perm(len(typeName))
	for t := 0; lines < target-4 && t < len(perm); t++ {
		name := typeName[perm[t]]
		if t > 0 {
			b.WriteString("\n")
			lines++
		}
		fmt.Fprintf(b, "    type %s @model @auth(rules: [%s]) {\n", name, authRules(r, modes))
		b.WriteString("      id: ID!\n")
		lines += 2
		nf := min(3+r.IntN(10), max(target-lines-1, 1))
		for _, f := range r.Perm(len(fields))[:nf] {
			scalar := scalars[r.IntN(len(scalars))]
			fmt.Fprintf(b, "      %s: %s", fields[f], scalar)
			// The transformer refuses a Boolean index key (graphql-index), so
			// a valid corpus puts indexes on other scalars only.
			if r.IntN(8) == 0 && !strings.HasPrefix(scalar, "Boolean") {
				fmt.Fprintf(b, ` @index(name: "by%s%s", queryField: "%sBy%s")`, name, title(fields[f]), strings.ToLower(name[:1])+name[1:], title(fields[f]))
			}
			b.WriteString("\n")
			lines++
		}
		b.WriteString("    }\n")
		lines++
	}
}

func title(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// corrupt introduces one defect of the given kind.
func corrupt(text, kind string, modes []string) string {
	switch kind {
	case "unknown-key":
		return strings.Replace(text, "  ApiName:", "  ApiNme:", 1)
	case "bad-enum":
		return strings.Replace(text, "    ResolutionStrategy: ", "    ResolutionStrategy: MERGE_ALL # was ", 1)
	case "missing-required":
		return dropLine(text, "ResourceName: ")
	case "yaml-syntax":
		return strings.Replace(text, "  Service: AppSync\n", "  Service: [AppSync\n", 1)
	case "duplicate-key":
		return strings.Replace(text, "  Service: AppSync\n", "  Service: AppSync\n  Service: AppSync\n", 1)
	case "tab-indent":
		return strings.Replace(text, "\n  Service: AppSync\n", "\n\tService: AppSync\n", 1)
	case "missing-settings":
		switch {
		case strings.Contains(text, "CognitoUserPoolId:"):
			return dropLine(text, "CognitoUserPoolId: ")
		case strings.Contains(text, "OpenIDIssueURL:"):
			return dropLine(text, "OpenIDIssueURL: ")
		case strings.Contains(text, "ExpirationTime:"):
			return dropLine(text, "ExpirationTime: ")
		}
		return strings.Replace(text, "  ApiName:", "  ApiNme:", 1)
	case "graphql-syntax":
		return strings.Replace(text, "      id: ID!\n", "      id: ID!\n      broken: [String\n", 1)
	}
	return text
}

func dropLine(text, prefix string) string {
	i := strings.Index(text, prefix)
	if i < 0 {
		return text
	}
	start := strings.LastIndexByte(text[:i], '\n') + 1
	end := strings.IndexByte(text[i:], '\n')
	return text[:start] + text[i+end+1:]
}
