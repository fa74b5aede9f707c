package emulator

import (
	"strings"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/plan/schemachange"
)

// TestUpdateCreatingTwoIndexesFails checks that an update creating more
// than one GSI on a table ends FAILED with CloudFormation's message and
// leaves the schema as it was, while one index per update completes.
func TestUpdateCreatingTwoIndexesFails(t *testing.T) {
	_, hs, clk := startTest(t, Options{JobDuration: time.Second})
	c := newClient(hs.URL, clk.Now)
	body := createBody("dev", "blog")
	cfg := body["resourceConfig"].(*ab.BackendAPIResourceConfig)
	cfg.TransformSchema = `type Comment @model { id: ID! a: ID b: ID }`
	var created ab.BackendAPIJobResponse
	c.do(t, "POST", "/backend/app1/api", body).decode(t, &created)
	clk.Advance(time.Second)

	update := func(schema string) ab.BackendJobRespObj {
		t.Helper()
		next := *cfg
		next.TransformSchema = schema
		var started ab.BackendAPIJobResponse
		c.do(t, "POST", "/backend/app1/api/dev", map[string]any{"resourceName": "blog", "resourceConfig": &next}).decode(t, &started)
		clk.Advance(time.Second)
		var job ab.BackendJobRespObj
		c.do(t, "GET", "/backend/app1/job/dev/"+started.JobId, nil).decode(t, &job)
		return job
	}
	live := func() string {
		t.Helper()
		var got ab.GetBackendAPIResponse
		c.do(t, "POST", "/backend/app1/api/dev/details", map[string]any{"resourceName": "blog"}).decode(t, &got)
		return got.ResourceConfig.TransformSchema
	}

	two := `type Comment @model { id: ID! a: ID @index(name: "byA") b: ID @index(name: "byB") }`
	job := update(two)
	if job.Status != StatusFailed || !strings.Contains(job.Error, schemachange.GSIMessage) || !strings.Contains(job.Error, "CommentTable") {
		t.Errorf("two indexes in one update: job = %+v, want FAILED with %q naming CommentTable", job, schemachange.GSIMessage)
	}
	if got := live(); got != cfg.TransformSchema {
		t.Errorf("after the failed update the schema is %q, want it rolled back to %q", got, cfg.TransformSchema)
	}
	one := `type Comment @model { id: ID! a: ID @index(name: "byA") b: ID }`
	for _, s := range []string{one, two} {
		if job := update(s); job.Status != StatusCompleted {
			t.Errorf("one index per update: job = %+v, want COMPLETED", job)
		}
	}
	if got := live(); got != two {
		t.Errorf("schema = %q, want %q", got, two)
	}
}
