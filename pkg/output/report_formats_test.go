package output

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/pkg/apply"
	"github.com/bapi-dev/bapi/pkg/plan"
)

func addr(app, env, name string) plan.Address {
	return plan.Address{AppId: app, BackendEnvironmentName: env, ResourceName: name}
}

func reportCases() map[string]*apply.Report {
	mixed := &apply.Report{
		Duration: 12345 * time.Millisecond,
		Results: []apply.Result{
			{Address: addr("d2x4example7q1", "staging", "blogapi"), Action: plan.ActionCreate, Operation: apply.OpCreate, JobID: "job-0001", Status: apply.StatusCompleted, JobStatus: "COMPLETED", Duration: 2100 * time.Millisecond, Attempts: 6, Polls: 3},
			{Address: addr("d2x4example7q1", "staging", "shopapi"), Action: plan.ActionUpdate, Operation: apply.OpUpdate, JobID: "job-0002", Status: apply.StatusFailed, JobStatus: "FAILED", Error: "job ended FAILED: schema | rejected\nby <service>", Duration: 1500 * time.Millisecond, Attempts: 5, Polls: 2},
			{Address: addr("d2x4example7q1", "prod", "blogapi"), Action: plan.ActionCreate, Status: apply.StatusAdopted, JobID: "job-0003", JobStatus: "COMPLETED", Duration: 40 * time.Millisecond, Attempts: 3, Polls: 1},
			{Address: addr("d2x4example7q1", "prod", "slowapi"), Action: plan.ActionCreate, Operation: apply.OpCreate, JobID: "job-0004", Status: apply.StatusTimedOut, JobStatus: "IN_PROGRESS", Error: "job job-0004 did not end within 30m0s", Duration: 30 * time.Minute, Attempts: 40, Polls: 37},
			{Address: addr("other", "dev", "api"), Action: plan.ActionCreate, Status: apply.StatusSkipped, Error: "not started: apply was interrupted"},
		},
		Interrupted: true,
	}
	mixed.Sum()
	ok := &apply.Report{
		Duration: 800 * time.Millisecond,
		Results: []apply.Result{
			{Address: addr("app1", "main", "api"), Action: plan.ActionCreate, Operation: apply.OpCreate, JobID: "j1", Status: apply.StatusCompleted, JobStatus: "COMPLETED", Duration: 750 * time.Millisecond, Attempts: 5, Polls: 2},
		},
	}
	ok.Sum()
	empty := &apply.Report{}
	empty.Sum()
	return map[string]*apply.Report{"report_mixed": mixed, "report_ok": ok, "report_empty": empty}
}

var reportExt = map[string]string{"text": "txt", "json": "json", "junit": "xml", "markdown": "md"}

func TestReportFormatsGolden(t *testing.T) {
	for name, rep := range reportCases() {
		for _, format := range ReportFormatNames() {
			t.Run(name+"/"+format, func(t *testing.T) {
				f, err := NewReportFormatter(format, ReportOptions{})
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := f.Format(&buf, rep); err != nil {
					t.Fatal(err)
				}
				ext, ok := reportExt[format]
				if !ok {
					t.Fatalf("no golden extension for report format %q; add it to reportExt", format)
				}
				golden(t, filepath.Join("testdata", name, "want."+ext), buf.Bytes())
			})
		}
	}
}

func TestReportJSONShape(t *testing.T) {
	var buf bytes.Buffer
	f, _ := NewReportFormatter("json", ReportOptions{})
	rep := reportCases()["report_empty"]
	if err := f.Format(&buf, rep); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["format_version"] != ReportFormatVersion {
		t.Errorf("format_version = %v, want %s", doc["format_version"], ReportFormatVersion)
	}
	if jobs, ok := doc["jobs"].([]any); !ok || len(jobs) != 0 {
		t.Errorf("jobs = %#v, want []", doc["jobs"])
	}
	if doc["ok"] != true {
		t.Errorf("ok = %v, want true for an empty report", doc["ok"])
	}
}

func TestReportJUnitCounts(t *testing.T) {
	var buf bytes.Buffer
	f, _ := NewReportFormatter("junit", ReportOptions{})
	if err := f.Format(&buf, reportCases()["report_mixed"]); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 5 || doc.Failures != 2 || doc.Skipped != 1 {
		t.Errorf("tests/failures/skipped = %d/%d/%d, want 5/2/1", doc.Tests, doc.Failures, doc.Skipped)
	}
}

func TestReportUnknownFormat(t *testing.T) {
	_, err := NewReportFormatter("yaml", ReportOptions{})
	if err == nil || !strings.Contains(err.Error(), "json, junit, markdown, text") {
		t.Errorf("err = %v, want one naming the known formats", err)
	}
}

func TestReportTextColor(t *testing.T) {
	var buf bytes.Buffer
	f, _ := NewReportFormatter("text", ReportOptions{Color: true})
	if err := f.Format(&buf, reportCases()["report_ok"]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "\x1b[32mCOMPLETED\x1b[0m") {
		t.Errorf("no green COMPLETED in %q", buf.String())
	}
}
