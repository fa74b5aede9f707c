package plan

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestFileRoundTrip(t *testing.T) {
	t.Parallel()
	addr := Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "api"}
	before := cfgYAML(t, "ApiName: api\nDefaultAuthType: {Mode: API_KEY, Settings: {ExpirationTime: 7}}\n")
	p := Compute(
		[]Desired{
			desiredOf(addr, cfgYAML(t, baseYAML)),
			desiredOf(Address{AppId: "dapp1", BackendEnvironmentName: "dev", ResourceName: "new"}, cfgYAML(t, "ApiName: new\n")),
		},
		[]Observed{{Address: addr, Config: before}},
		[]Input{{Name: "specs/a.yaml", Digest: "abc"}},
	)
	p.Args = []string{"specs", "extra/b.yaml"}
	path := filepath.Join(t.TempDir(), "plan.json")
	if err := Write(path, p); err != nil {
		t.Fatal(err)
	}
	got, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	// JSON turns the diffs' float64 and string values back into the same
	// types, so the plan reads back equal.
	if diff := cmp.Diff(p, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// No temporary files are left behind.
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only the plan", len(entries))
	}
	raw, _ := os.ReadFile(path)
	if strings.Contains(string(raw), `"diffs": null`) || !strings.Contains(string(raw), `"fingerprint": "absent"`) {
		t.Errorf("plan file has null diffs or lacks the absent fingerprint:\n%s", raw)
	}
	for _, want := range []string{`"format_version": "1.3"`, "\"args\": [\n    \"specs\",\n    \"extra/b.yaml\"\n  ]"} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("plan file lacks %s:\n%s", want, raw)
		}
	}
}

// TestReadOtherFormatsRefused: apply makes a saved plan again and compares
// it byte for byte, so a plan of any format_version but the one this bapi
// writes is refused when read, older (1.0 had no args) or newer.
func TestReadOtherFormatsRefused(t *testing.T) {
	t.Parallel()
	inputs := []Input{{Name: "specs/a.yaml", Digest: "abc"}}
	for _, v := range []string{"1.0", "1.2", "1.7", "2.0", "1.3.0", " 1.3"} {
		body := `{"format_version": "` + v + `", "args": ["specs"], "inputs_digest": "` + InputsDigest(inputs) + `", "inputs": [{"name": "specs/a.yaml", "sha256": "abc"}], "changes": []}`
		_, err := Unmarshal("old.json", []byte(body))
		var ve *VersionError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), "applies format "+FormatVersion+" only") {
			t.Errorf("format_version %q: Unmarshal = %v, want a *VersionError", v, err)
		}
	}
}

func TestFileEmptyListsNotNull(t *testing.T) {
	t.Parallel()
	b, err := Marshal(&Plan{FormatVersion: FormatVersion, Changes: []Change{{Action: ActionNoOp}}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"args": []`, `"inputs": []`, `"diffs": []`} {
		if !strings.Contains(s, want) {
			t.Errorf("marshalled plan lacks %s:\n%s", want, s)
		}
	}
}

func TestReadFileRefuses(t *testing.T) {
	t.Parallel()
	none := InputsDigest(nil)
	tests := []struct {
		name    string
		content string
		want    string
		version bool
	}{
		{name: "future major", content: `{"format_version":"2.0","changes":[]}`, want: `format_version "2.0", but this bapi applies format 1.3 only`, version: true},
		{name: "no version", content: `{"changes":[]}`, want: "has no format_version", version: true},
		{name: "not json", content: "hello", want: "not a plan file"},
		{name: "unknown action", content: `{"format_version":"1.3","inputs_digest":"` + none + `","changes":[{"action":"delete","address":{"app_id":"da","backend_environment_name":"ee","resource_name":"r"}}]}`, want: `change 0 (da/ee/r) has unknown action "delete" (only create, update and no-op are allowed)`},
		{name: "no inputs", content: `{"format_version":"1.3","inputs_digest":"` + none + `","inputs":[],"changes":[]}`, want: "it records no inputs"},
		{name: "no digest", content: `{"format_version":"1.3","changes":[]}`, want: "has no inputs_digest"},
		{name: "digest mismatch", content: `{"format_version":"1.3","inputs_digest":"` + none + `","inputs":[{"name":"a.yaml","sha256":"1"}],"changes":[]}`, want: "its inputs do not match its inputs_digest"},
		{name: "bad app id", content: `{"format_version":"1.3","inputs_digest":"` + none + `","changes":[{"action":"create","after":{},"address":{"app_id":"BAD APP/..","backend_environment_name":"dev","resource_name":"r"}}]}`, want: `app_id "BAD APP/.." is not an Amplify app ID`},
		{name: "bad environment", content: `{"format_version":"1.3","inputs_digest":"` + none + `","changes":[{"action":"no-op","address":{"app_id":"d1","backend_environment_name":"../x","resource_name":"r"}}]}`, want: `backend_environment_name "../x" must be 2 to 10 lowercase letters`},
		{name: "bad resource name", content: `{"format_version":"1.3","inputs_digest":"` + none + `","changes":[{"action":"update","after":{},"address":{"app_id":"d1","backend_environment_name":"dev","resource_name":"a/b"}}]}`, want: `resource_name "a/b" must be letters and digits only`},
		{name: "create without after", content: `{"format_version":"1.3","inputs_digest":"` + none + `","changes":[{"action":"create","address":{"app_id":"d1","backend_environment_name":"dev","resource_name":"r"}}]}`, want: `change 0 (d1/dev/r) has no "after" config`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "plan.json")
			if err := os.WriteFile(path, []byte(tc.content), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadFile(path)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ReadFile error = %v, want one containing %q", err, tc.want)
			}
			var ve *VersionError
			if errors.As(err, &ve) != tc.version {
				t.Errorf("errors.As VersionError = %v, want %v", !tc.version, tc.version)
			}
		})
	}
	// A plan with inputs and no changes is read, its lists not nil.
	path := filepath.Join(t.TempDir(), "plan.json")
	one := InputsDigest([]Input{{Name: "a.yaml", Digest: "1"}})
	if err := os.WriteFile(path, []byte(`{"format_version":"1.3","inputs_digest":"`+one+`","inputs":[{"name":"a.yaml","sha256":"1"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := ReadFile(path)
	if err != nil {
		t.Fatalf("plan refused: %v", err)
	}
	if p.Changes == nil || p.AllowDestructive != nil {
		t.Error("lists are nil after reading")
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.json")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("missing file error = %v", err)
	}
}
