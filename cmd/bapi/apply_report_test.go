package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/plan"
)

func testReport() *apply.Report {
	r := &apply.Report{Results: []apply.Result{{
		Address:   plan.Address{AppId: "d2x4example7q1", BackendEnvironmentName: "dev", ResourceName: "api"},
		Action:    plan.ActionCreate,
		Operation: apply.OpCreate,
		JobID:     "job-1",
		Status:    apply.StatusCompleted,
	}}}
	r.Sum()
	return r
}

// The report file is written atomically with mode 0644, and the text table
// still goes to standard output.
func TestWriteReportFile(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	e := &env{stdout: &stdout, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := e.writeReport(testReport(), applyOptions{reportFormat: "json", reportFile: path}, true); err != nil {
		t.Fatalf("writeReport: %v", err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := info.Mode().Perm(); m != 0o644 {
		t.Errorf("report file mode = %v, want 0644", m)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"format_version"`) {
		t.Errorf("report file is not the JSON report:\n%s", b)
	}
	if !strings.Contains(stdout.String(), "job-1") {
		t.Errorf("stdout lacks the text table:\n%s", stdout.String())
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only the report", len(ents))
	}
}

// When the report file cannot be written after the jobs ran, the text table
// is printed first and the error is returned: the outcome is never lost.
func TestWriteReportFileFails(t *testing.T) {
	t.Parallel()
	var stdout bytes.Buffer
	e := &env{stdout: &stdout, stderr: &bytes.Buffer{}, getenv: func(string) string { return "" }}
	path := filepath.Join(t.TempDir(), "gone", "report.json")
	err := e.writeReport(testReport(), applyOptions{reportFormat: "json", reportFile: path}, false)
	if err == nil {
		t.Fatal("writeReport into a missing directory succeeded")
	}
	if !strings.Contains(err.Error(), "report.json") {
		t.Errorf("error %q does not name the file", err)
	}
	if !strings.Contains(stdout.String(), "job-1") || !strings.Contains(stdout.String(), "COMPLETED") {
		t.Errorf("stdout lacks the text table:\n%s", stdout.String())
	}
}
