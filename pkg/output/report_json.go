package output

import (
	"encoding/json"
	"io"

	"github.com/bapi-dev/bapi/pkg/apply"
)

// reportJSON writes the job report as a versioned JSON object:
//
//	{
//	  "format_version": "1.0",
//	  "ok": false,               // true only if every job COMPLETED (or was adopted)
//	  "interrupted": false,      // the run was stopped by an interrupt
//	  "duration_ms": 12345,
//	  "summary": "Apply: ...",
//	  "totals": {"changes": 2, "completed": 1, "adopted": 0, "failed": 1, "timed_out": 0,
//	             "errored": 0, "skipped": 0, "cancelled": 0, "attempts": 9},
//	  "jobs": [{
//	    "address": "app/env/name", "app_id": "app", "backend_environment_name": "env",
//	    "resource_name": "name",
//	    "action": "create",              // what the plan asked for
//	    "operation": "CreateBackendAPI", // the call made; "" when none
//	    "job_id": "...",                 // "" when no job
//	    "status": "COMPLETED",           // COMPLETED ADOPTED FAILED TIMED_OUT ERROR SKIPPED CANCELLED
//	    "job_status": "COMPLETED",       // last status the service reported
//	    "error": "",
//	    "duration_ms": 1234, "attempts": 5, "polls": 3
//	  }]
//	}
//
// Lists are [] when empty, never null.
type reportJSON struct{}

var _ ReportFormatter = (*reportJSON)(nil)

type reportJSONDoc struct {
	FormatVersion string          `json:"format_version"`
	OK            bool            `json:"ok"`
	Interrupted   bool            `json:"interrupted"`
	DurationMS    int64           `json:"duration_ms"`
	Summary       string          `json:"summary"`
	Totals        apply.Totals    `json:"totals"`
	Jobs          []reportJSONJob `json:"jobs"`
}

type reportJSONJob struct {
	Address                string `json:"address"`
	AppId                  string `json:"app_id"`
	BackendEnvironmentName string `json:"backend_environment_name"`
	ResourceName           string `json:"resource_name"`
	Action                 string `json:"action"`
	Operation              string `json:"operation"`
	JobID                  string `json:"job_id"`
	Status                 string `json:"status"`
	JobStatus              string `json:"job_status"`
	Error                  string `json:"error"`
	DurationMS             int64  `json:"duration_ms"`
	Attempts               int    `json:"attempts"`
	Polls                  int    `json:"polls"`
}

func (f *reportJSON) Format(w io.Writer, r *apply.Report) error {
	doc := reportJSONDoc{
		FormatVersion: ReportFormatVersion,
		OK:            r.OK(),
		Interrupted:   r.Interrupted,
		DurationMS:    r.Duration.Milliseconds(),
		Summary:       ReportSummary(r),
		Totals:        r.Totals,
		Jobs:          make([]reportJSONJob, 0, len(r.Results)),
	}
	for _, res := range r.Results {
		doc.Jobs = append(doc.Jobs, reportJSONJob{
			Address:                res.Address.String(),
			AppId:                  res.Address.AppId,
			BackendEnvironmentName: res.Address.BackendEnvironmentName,
			ResourceName:           res.Address.ResourceName,
			Action:                 string(res.Action),
			Operation:              res.Operation,
			JobID:                  res.JobID,
			Status:                 string(res.Status),
			JobStatus:              res.JobStatus,
			Error:                  res.Error,
			DurationMS:             res.Duration.Milliseconds(),
			Attempts:               res.Attempts,
			Polls:                  res.Polls,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
