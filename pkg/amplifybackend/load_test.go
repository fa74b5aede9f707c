package amplifybackend

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLoadProfile loads credentials, region and a service endpoint from
// shared config files through config.LoadDefaultConfig, then calls a live
// server and checks the signature against the profile's credentials.
// It changes the process environment, so it does not run in parallel.
func TestLoadProfile(t *testing.T) {
	_, svcSrv := newRecorder(t, cannedResponse{status: 200, body: `{"jobId":"from-services-section"}`})
	explicitRec, explicitSrv := newRecorder(t, cannedResponse{status: 200, body: `{"jobId":"from-explicit"}`})

	dir := t.TempDir()
	cfgFile := filepath.Join(dir, "config")
	credFile := filepath.Join(dir, "credentials")
	writeFile(t, cfgFile, "[profile bapitest]\nregion = "+testRegion+"\nservices = bapi-local\n\n[services bapi-local]\namplifybackend =\n  endpoint_url = "+svcSrv.URL+"\n")
	writeFile(t, credFile, "[bapitest]\naws_access_key_id = "+testAccessKey+"\naws_secret_access_key = "+testSecretKey+"\n")
	for k, v := range map[string]string{
		"AWS_CONFIG_FILE":             cfgFile,
		"AWS_SHARED_CREDENTIALS_FILE": credFile,
		"AWS_PROFILE":                 "",
		"AWS_ACCESS_KEY_ID":           "",
		"AWS_SECRET_ACCESS_KEY":       "",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "",
		"AWS_DEFAULT_REGION":          "",
		EnvEndpointURL:                "",
		EnvEndpointURLService:         "",
		EnvIgnoreEndpoints:            "",
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
	ctx := context.Background()
	req := &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"}

	c, err := Load(ctx, LoadOptions{Profile: "bapitest", UserAgentVersion: "9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Region() != testRegion {
		t.Errorf("Region() = %q, want %q from the profile", c.Region(), testRegion)
	}
	if got, src := c.Endpoint(); got != svcSrv.URL || src != EndpointFromSharedService {
		t.Errorf("Endpoint() = %q from %q, want %q from the services section", got, src, svcSrv.URL)
	}
	out, err := c.GetBackendJob(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if out.JobId != "from-services-section" {
		t.Errorf("answer came from %q, want the services-section endpoint", out.JobId)
	}

	c, err = Load(ctx, LoadOptions{Profile: "bapitest", EndpointURL: explicitSrv.URL, MaxAttempts: 7})
	if err != nil {
		t.Fatal(err)
	}
	if c.MaxAttempts() != 7 {
		t.Errorf("MaxAttempts() = %d, want 7", c.MaxAttempts())
	}
	if out, err = c.GetBackendJob(ctx, req); err != nil || out.JobId != "from-explicit" {
		t.Fatalf("explicit endpoint call = %+v, %v; want the explicit server's answer", out, err)
	}
	if reqs := explicitRec.requests(); len(reqs) != 1 || !reqs[0].SigMatches {
		t.Errorf("explicit server saw %d requests; want 1 signed with the profile's credentials", len(reqs))
	}

	if _, err := Load(ctx, LoadOptions{Profile: "no-such-profile"}); err == nil {
		t.Error("Load with an unknown profile succeeded, want an error")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestLoadNoCredentials: with nothing configured, Load asks the instance
// metadata service (here a fake one refusing everything) at once and returns
// a *NoCredentialsError; the SDK's log lines about the attempt (such as
// "falling back to IMDSv1") are dropped.
// It changes the process environment, so it does not run in parallel.
func TestLoadNoCredentials(t *testing.T) {
	var imdsCalls atomic.Int32
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		imdsCalls.Add(1)
		http.Error(w, "forbidden", http.StatusForbidden)
	}))
	t.Cleanup(imds.Close)
	dir := t.TempDir()
	for k, v := range map[string]string{
		"HOME":                              dir,
		"AWS_CONFIG_FILE":                   filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE":       filepath.Join(dir, "credentials"),
		"AWS_PROFILE":                       "",
		"AWS_ACCESS_KEY_ID":                 "",
		"AWS_SECRET_ACCESS_KEY":             "",
		"AWS_SESSION_TOKEN":                 "",
		"AWS_WEB_IDENTITY_TOKEN_FILE":       "",
		"AWS_REGION":                        testRegion,
		"AWS_EC2_METADATA_DISABLED":         "",
		"AWS_EC2_METADATA_SERVICE_ENDPOINT": imds.URL,
	} {
		t.Setenv(k, v)
	}
	var log strings.Builder
	c, err := Load(context.Background(), LoadOptions{Log: &log})
	var nc *NoCredentialsError
	if !errors.As(err, &nc) {
		t.Fatalf("Load = %v, %v; want a *NoCredentialsError", c, err)
	}
	if nc.Err == nil {
		t.Error("NoCredentialsError.Err is nil, want the SDK's error")
	}
	if err.Error() != "no AWS credentials found" {
		t.Errorf("message = %q, want no SDK detail", err.Error())
	}
	if imdsCalls.Load() == 0 {
		t.Error("the instance metadata service was not asked")
	}
	if log.Len() != 0 {
		t.Errorf("SDK log lines reached the log: %q", log.String())
	}
}
