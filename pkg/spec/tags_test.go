package spec

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestTagsCappedAndResolved: tags outside the core schema are reported up to
// maxTagFindings per document, then once more saying more follow; the
// document is still kept, each tagged value resolved as if untagged (a
// quoted or block scalar, and a plain date, a string).
func TestTagsCappedAndResolved(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	b.WriteString("AppId: !Ref d2x4example7q1\nResourceConfig:\n  ApiName: !Sub \"x\"\n  TransformSchema: !Ref |\n    type A\n  Description: 2024-01-01\n  List:\n")
	for range 30 {
		b.WriteString("    - !Ref 5\n")
	}
	f := loadString(t, b.String(), Options{})
	var tags int
	for _, fd := range f.Findings {
		if fd.Rule != RuleYAMLTag {
			t.Errorf("unexpected finding %+v", fd)
		}
		tags++
	}
	if tags != maxTagFindings+1 || !strings.Contains(f.Findings[maxTagFindings].Message, "more tags follow") {
		t.Fatalf("%d yaml-tag findings, want %d and the last saying more follow: %+v", tags, maxTagFindings+1, f.Findings)
	}
	if first := f.Findings[0]; first.Line != 1 || first.Column != 8 {
		t.Errorf("first finding at %d:%d, want 1:8 (the tag)", first.Line, first.Column)
	}
	if len(f.Docs) != 1 {
		t.Fatalf("%d documents kept, want the one", len(f.Docs))
	}
	root := f.Docs[0].Root
	rc := root.Content[3]
	for i, want := range map[int]string{1: "!!str", 3: "!!str", 5: "!!str"} {
		if n := rc.Content[i]; n.Tag != want || n.Style&yaml.TaggedStyle != 0 {
			t.Errorf("%s: tag %q style %d, want %s untagged", rc.Content[i-1].Value, n.Tag, n.Style, want)
		}
	}
	if n := rc.Content[7].Content[0]; n.Tag != "!!int" {
		t.Errorf("a plain 5 tagged !Ref resolves to %q, want !!int", n.Tag)
	}
}
