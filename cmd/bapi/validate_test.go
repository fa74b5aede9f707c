package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/schema"
)

const validSpec = `AppId: d2x4example7q1
BackendEnvironmentName: staging
ResourceName: blogapi
ResourceConfig:
  ApiName: blogapi
  Service: AppSync
  DefaultAuthType:
    Mode: AMAZON_COGNITO_USER_POOLS
    Settings:
      CognitoUserPoolId: us-east-1_AbCdEf123
  ConflictResolution:
    ResolutionStrategy: LAMBDA
  TransformSchema: |
    type Post @model @auth(rules: [{ allow: owner }]) {
      id: ID!
    }
`

// TestValidateExitCodes pins the exit status of each outcome, which
// testscript's "! exec" cannot tell apart.
func TestValidateExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.yaml", validSpec) // one conflict-lambda warning
	bad := write("bad.yaml", strings.Replace(validSpec, "ApiName:", "ApiNme:", 1))
	tests := []struct {
		name string
		args []string
		want int
	}{
		{name: "no errors", args: []string{"validate", good}, want: exitOK},
		{name: "errors", args: []string{"validate", bad}, want: exitFailure},
		{name: "too many warnings", args: []string{"validate", "--max-warnings", "0", good}, want: exitFailure},
		{name: "warnings within limit", args: []string{"validate", "--max-warnings", "1", good}, want: exitOK},
		{name: "no paths", args: []string{"validate"}, want: exitUsage},
		{name: "unknown format", args: []string{"validate", "--format", "xml", good}, want: exitUsage},
		{name: "bad size", args: []string{"validate", "--max-file-size", "-3", good}, want: exitUsage},
		{name: "unknown flag", args: []string{"validate", "--nope", good}, want: exitUsage},
		{name: "missing file", args: []string{"validate", filepath.Join(dir, "missing.yaml")}, want: exitUsage},
		{name: "output dir missing", args: []string{"validate", "-o", filepath.Join(dir, "no", "such", "out.json"), good}, want: exitUsage},
		{name: "missing file, json", args: []string{"validate", "--format", "json", filepath.Join(dir, "missing.yaml")}, want: exitUsage},
		{name: "missing file, sarif", args: []string{"validate", "--format", "sarif", good, filepath.Join(dir, "missing.yaml")}, want: exitUsage},
		{name: "missing file, github", args: []string{"validate", "--format", "github", filepath.Join(dir, "missing.yaml")}, want: exitUsage},
		{name: "missing file, junit", args: []string{"validate", "--format", "junit", filepath.Join(dir, "missing.yaml")}, want: exitUsage},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			got := run(context.Background(), append([]string{"bapi"}, tc.args...), strings.NewReader(""), &stdout, &stderr)
			if got != tc.want {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", got, tc.want, stdout.String(), stderr.String())
			}
		})
	}
}

func TestValidateOutputFileIsAtomic(t *testing.T) {
	dir := t.TempDir()
	spec := filepath.Join(dir, "good.yaml")
	if err := os.WriteFile(spec, []byte(validSpec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "report.json")
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bapi", "validate", "-f", "json", "-o", out, spec}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout = %q, want nothing when -o is given", stdout.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(`"format_version": "1.0"`)) {
		t.Errorf("report lacks format_version:\n%s", data)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %v, want only the spec and the report (no temporary files)", names)
	}
}

func TestSchemaPrintsEmbeddedSchema(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"bapi", "schema"}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !bytes.Equal(stdout.Bytes(), schema.JSON()) {
		t.Errorf("bapi schema printed %d bytes that differ from schema.JSON() (%d bytes)", stdout.Len(), len(schema.JSON()))
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{in: "1048576", want: 1 << 20},
		{in: "1MiB", want: 1 << 20},
		{in: "512KiB", want: 512 << 10},
		{in: "2MB", want: 2000000},
		{in: "1M", want: 1 << 20},
		{in: "10B", want: 10},
		{in: "10 kib", want: 10 << 10},
		{in: "0", wantErr: true},
		{in: "-1", wantErr: true},
		{in: "lots", wantErr: true},
		{in: "MiB", wantErr: true},
		{in: "99999999999999999GiB", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseSize(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("parseSize(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
}
