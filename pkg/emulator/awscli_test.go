package emulator

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/google/go-cmp/cmp"
)

// awsCLI runs the real AWS CLI against an emulator at url, with credentials
// and config isolated from the machine's.
type awsCLI struct {
	path, url, dir string
	env            []string
}

func newAWSCLI(t *testing.T, url string) *awsCLI {
	t.Helper()
	path, err := exec.LookPath("aws")
	if err != nil {
		t.Skipf("aws CLI not installed: %v (install awscli to run the wire test against the real client)", err)
	}
	dir := t.TempDir()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") {
			env = append(env, kv)
		}
	}
	env = append(env,
		"AWS_ACCESS_KEY_ID="+DefaultAccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+DefaultSecretAccessKey,
		"AWS_DEFAULT_REGION="+DefaultRegion,
		"AWS_CONFIG_FILE="+filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PAGER=",
	)
	return &awsCLI{path: path, url: url, dir: dir, env: env}
}

// run runs `aws amplifybackend args...` and returns stdout, stderr and
// whether it succeeded.
func (a *awsCLI) run(t *testing.T, extraEnv []string, args ...string) (stdout, stderr string, ok bool) {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), a.path, append([]string{"--endpoint-url", a.url, "--output", "json", "amplifybackend"}, args...)...)
	cmd.Env = append(append([]string{}, a.env...), extraEnv...)
	cmd.Dir = a.dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	return out.String(), errb.String(), err == nil
}

func (a *awsCLI) mustRun(t *testing.T, v any, args ...string) {
	t.Helper()
	out, errs, ok := a.run(t, nil, args...)
	if !ok {
		t.Fatalf("aws amplifybackend %s failed: %s", args[0], errs)
	}
	if v != nil {
		// The CLI prints PascalCase members; encoding/json matches them
		// to the camelCase tags case-insensitively.
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("aws amplifybackend %s printed %q: %v", args[0], out, err)
		}
	}
}

func TestAWSCLILifecycle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the AWS CLI")
	}
	s, err := New(Options{JobDuration: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(s.Handler())
	defer func() { hs.Close(); s.Close() }()
	aws := newAWSCLI(t, hs.URL)

	cfg := sampleConfig("blogapi")
	cfgJSON := `{"ApiName":"blogapi","Service":"AppSync",` +
		`"DefaultAuthType":{"Mode":"API_KEY","Settings":{"Description":"key","ExpirationTime":30}},` +
		`"ConflictResolution":{"ResolutionStrategy":"AUTOMERGE"},"TransformSchema":"type Post @model { id: ID! }"}`
	base := []string{"--app-id", "d2x4example7q1", "--backend-environment-name", "staging"}

	// The app and its environment come first: no API job runs without them.
	if _, errs, ok := aws.run(t, nil, append([]string{"create-backend-api", "--resource-name", "blogapi", "--resource-config", cfgJSON}, base...)...); ok || !strings.Contains(errs, "NotFoundException") {
		t.Errorf("create-backend-api before create-backend: ok=%v stderr=%s; want NotFoundException", ok, errs)
	}
	var backend ab.CreateBackendResponse
	aws.mustRun(t, &backend, "create-backend", "--app-id", "d2x4example7q1", "--app-name", "blog", "--backend-environment-name", "staging")
	if backend.JobId == "" || backend.Operation != OpCreateBackend {
		t.Fatalf("create-backend answered %+v", backend)
	}
	if job := waitJob(t, aws, backend.JobId, base); job.Status != StatusCompleted {
		t.Fatalf("create-backend job ended %s (%s), want COMPLETED", job.Status, job.Error)
	}
	var details ab.GetBackendResponse
	aws.mustRun(t, &details, "get-backend", "--app-id", "d2x4example7q1", "--backend-environment-name", "staging")
	if details.AppName != "blog" || !cmp.Equal(details.BackendEnvironmentList, []string{"staging"}) || details.BackendEnvironmentName != "staging" {
		t.Errorf("get-backend = %+v, want app blog with environment staging", details)
	}
	if cats := metaCategories(t, details.AmplifyMetaConfig); cats["api"] {
		t.Errorf("amplifyMetaConfig %s has an api category before any API", details.AmplifyMetaConfig)
	}

	var created ab.BackendAPIJobResponse
	aws.mustRun(t, &created, append([]string{"create-backend-api", "--resource-name", "blogapi", "--resource-config", cfgJSON}, base...)...)
	if created.JobId == "" || created.Operation != OpCreateBackendAPI {
		t.Fatalf("create-backend-api answered %+v", created)
	}
	if job := waitJob(t, aws, created.JobId, base); job.Status != StatusCompleted {
		t.Fatalf("job ended %s (%s), want COMPLETED", job.Status, job.Error)
	}
	aws.mustRun(t, &details, "get-backend", "--app-id", "d2x4example7q1", "--backend-environment-name", "staging")
	if cats := metaCategories(t, details.AmplifyMetaConfig); !cats["api"] || !strings.Contains(details.AmplifyMetaConfig, `"blogapi"`) {
		t.Errorf("amplifyMetaConfig %s, want the api category holding blogapi", details.AmplifyMetaConfig)
	}

	var got ab.GetBackendAPIResponse
	aws.mustRun(t, &got, append([]string{"get-backend-api", "--resource-name", "blogapi"}, base...)...)
	if d := cmp.Diff(cfg, got.ResourceConfig); d != "" {
		t.Errorf("get-backend-api config (-sent +got):\n%s", d)
	}

	var list ab.ListBackendJobsResponse
	aws.mustRun(t, &list, append([]string{"list-backend-jobs"}, base...)...)
	if len(list.Jobs) != 2 || list.Jobs[0].JobId != created.JobId || list.Jobs[0].Status != StatusCompleted || list.Jobs[1].JobId != backend.JobId {
		t.Errorf("list-backend-jobs = %+v, want the completed create-backend-api job, then create-backend's", list.Jobs)
	}

	var updated ab.BackendAPIJobResponse
	aws.mustRun(t, &updated, append([]string{"update-backend-api", "--resource-name", "blogapi",
		"--resource-config", `{"ApiName":"blogapi","Service":"AppSync","DefaultAuthType":{"Mode":"AWS_IAM"}}`}, base...)...)
	if updated.Operation != OpUpdateBackendAPI {
		t.Errorf("update-backend-api answered %+v", updated)
	}
	aws.mustRun(t, &got, append([]string{"get-backend-api", "--resource-name", "blogapi"}, base...)...)
	if got.ResourceConfig == nil || got.ResourceConfig.DefaultAuthType == nil || got.ResourceConfig.DefaultAuthType.Mode != "AWS_IAM" {
		t.Errorf("config after update = %+v, want default auth AWS_IAM", got.ResourceConfig)
	}

	// Wait for the update job: one pending job per app and environment.
	waitJob(t, aws, updated.JobId, base)

	var deleted ab.BackendAPIJobResponse
	aws.mustRun(t, &deleted, append([]string{"delete-backend-api", "--resource-name", "blogapi"}, base...)...)
	if deleted.Operation != OpDeleteBackendAPI {
		t.Errorf("delete-backend-api answered %+v", deleted)
	}
	_, errs, ok := aws.run(t, nil, append([]string{"get-backend-api", "--resource-name", "blogapi"}, base...)...)
	if ok || !strings.Contains(errs, "NotFoundException") {
		t.Errorf("get-backend-api after delete: ok=%v stderr=%s; want NotFoundException", ok, errs)
	}

	// The CLI signing with a wrong secret is refused.
	_, errs, ok = aws.run(t, []string{"AWS_SECRET_ACCESS_KEY=wrong"}, append([]string{"list-backend-jobs"}, base...)...)
	if ok || !strings.Contains(errs, "InvalidSignatureException") {
		t.Errorf("wrong secret: ok=%v stderr=%s; want InvalidSignatureException", ok, errs)
	}

	m := s.Metrics()
	if m.AcceptedCreates["d2x4example7q1/staging/blogapi"] != 1 || m.Count(OpDeleteBackendAPI, 200) != 1 {
		t.Errorf("metrics = %+v", m)
	}
}

// waitJob polls get-backend-job until the job ends; bounded by the number
// of polls, not time.
func waitJob(t *testing.T, aws *awsCLI, jobID string, base []string) ab.BackendJobRespObj {
	t.Helper()
	var job ab.BackendJobRespObj
	for i := 0; ; i++ {
		aws.mustRun(t, &job, append([]string{"get-backend-job", "--job-id", jobID}, base...)...)
		if ab.IsTerminal(job.Status) {
			return job
		}
		if i == 50 {
			t.Fatalf("job %s still %s after %d polls", jobID, job.Status, i)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// metaCategories returns the top-level keys of an amplifyMetaConfig.
func metaCategories(t *testing.T, meta string) map[string]bool {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(meta), &m); err != nil {
		t.Fatalf("amplifyMetaConfig %q is not a JSON object: %v", meta, err)
	}
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}
