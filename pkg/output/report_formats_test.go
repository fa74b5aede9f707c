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
	// The service's whole message for a backend it refuses to deploy,
	// several lines with markup-like text, as a FAILED job reports it.
	long := &apply.Report{
		Duration: 3 * time.Second,
		Results: []apply.Result{
			{Address: addr("d2x4example7q1", "staging", "blogapi"), Action: plan.ActionUpdate, Operation: apply.OpUpdate, JobID: "0f8fad5b-d9cb-469f-a165-70867728950e", Status: apply.StatusFailed, JobStatus: "FAILED",
				Error:    "job ended FAILED: Deployment failed because your app backend contains function. Amplify Studio only supports API, Auth, and Storage deployments. Please use the Amplify CLI to deploy updates.\nResource [function] `resizeImage` * _blocked_ <see @model Post> | details:\n\tUPDATE_FAILED\r\n",
				Duration: 2 * time.Second, Attempts: 4, Polls: 2},
		},
	}
	long.Sum()
	return map[string]*apply.Report{"report_mixed": mixed, "report_ok": ok, "report_empty": empty, "report_failed_long": long}
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

// TestReportLongErrorReadable: a long multi-line job error keeps every
// word in every format; text wraps it under the table, indented, with no
// line wider than the wrap; junit stays XML with a one-line message; the
// markdown table row stays one row.
func TestReportLongErrorReadable(t *testing.T) {
	rep := reportCases()["report_failed_long"]
	for _, format := range ReportFormatNames() {
		f, _ := NewReportFormatter(format, ReportOptions{})
		var buf bytes.Buffer
		if err := f.Format(&buf, rep); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, word := range []string{"Amplify", "CLI", "resizeImage", "UPDATE_FAILED"} {
			if !strings.Contains(out, word) && !strings.Contains(out, strings.ReplaceAll(word, "_", `\_`)) {
				t.Errorf("%s: %q missing from\n%s", format, word, out)
			}
		}
		switch format {
		case "text":
			under := false
			for line := range strings.Lines(out) {
				line = strings.TrimRight(line, "\n")
				if strings.HasPrefix(line, "    ") {
					under = true
					if n := len([]rune(line)); n > 4+reportWrapWidth {
						t.Errorf("text: error line of %d runes: %q", n, line)
					}
				}
				if strings.ContainsAny(line, "\t\r") {
					t.Errorf("text: tab or CR in %q", line)
				}
			}
			if !under {
				t.Errorf("text: no indented error lines:\n%s", out)
			}
		case "junit":
			var doc struct {
				Suites []struct {
					Cases []struct {
						Failure struct {
							Message string `xml:"message,attr"`
							Text    string `xml:",chardata"`
						} `xml:"failure"`
					} `xml:"testcase"`
				} `xml:"testsuite"`
			}
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("junit: %v", err)
			}
			fl := doc.Suites[0].Cases[0].Failure
			if strings.Contains(fl.Message, "\n") || !strings.Contains(fl.Text, "UPDATE_FAILED") {
				t.Errorf("junit failure message %q, text %q: want one line, and the whole error in the text", fl.Message, fl.Text)
			}
		case "markdown":
			rows := 0
			for line := range strings.Lines(out) {
				if strings.HasPrefix(line, "| `d2x4example7q1/staging/blogapi`") {
					rows++
					if !strings.Contains(line, "<br>") || strings.Contains(line, "<see") || strings.Contains(line, " @model") {
						t.Errorf("markdown row %q: want <br> between lines, HTML escaped and @model in a code span", line)
					}
				}
			}
			if rows != 1 {
				t.Errorf("markdown: the change spans %d table rows, want 1:\n%s", rows, out)
			}
		}
	}
}
