package amplifybackend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/google/go-cmp/cmp"
)

const (
	testAccessKey = "AKIDCLIENTTEST"
	testSecretKey = "client-test-secret-do-not-leak"
	testRegion    = "us-west-2"
)

func testConfig() aws.Config {
	return aws.Config{
		Region:      testRegion,
		Credentials: credentials.NewStaticCredentialsProvider(testAccessKey, testSecretKey, ""),
	}
}

// noEnv is a getenv that sees no environment.
func noEnv(string) string { return "" }

// envMap is a getenv backed by a map.
func envMap(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// recorded is one request as the test server saw it.
type recorded struct {
	Method     string
	RawPath    string
	Header     http.Header
	Body       string
	SigMatches bool
}

// recorder is an httptest handler that records requests and answers from a
// script of responses (the last one repeats).
type recorder struct {
	t         *testing.T
	mu        sync.Mutex
	reqs      []recorded
	responses []cannedResponse
}

type cannedResponse struct {
	status int
	header map[string]string
	body   string
	// hangup closes the connection without an answer.
	hangup bool
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		rec.t.Errorf("read request body: %v", err)
	}
	rec.mu.Lock()
	n := len(rec.reqs)
	rec.reqs = append(rec.reqs, recorded{
		Method:     r.Method,
		RawPath:    r.URL.EscapedPath(),
		Header:     r.Header.Clone(),
		Body:       string(body),
		SigMatches: signatureMatches(r, body),
	})
	resp := cannedResponse{status: 200, body: "{}"}
	if len(rec.responses) > 0 {
		resp = rec.responses[min(n, len(rec.responses)-1)]
	}
	rec.mu.Unlock()
	if resp.hangup {
		hj, ok := w.(http.Hijacker)
		if !ok {
			rec.t.Errorf("response writer cannot hijack")
			return
		}
		conn, _, err := hj.Hijack()
		if err != nil {
			rec.t.Errorf("hijack: %v", err)
			return
		}
		_ = conn.Close()
		return
	}
	for k, v := range resp.header {
		w.Header().Set(k, v)
	}
	w.WriteHeader(resp.status)
	_, _ = io.WriteString(w, resp.body)
}

func (rec *recorder) requests() []recorded {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]recorded(nil), rec.reqs...)
}

// signatureMatches re-signs the received request with the test credentials
// at its X-Amz-Date, over the headers it says it signed, and compares the
// Authorization headers: a real SigV4 check of what went over the wire.
func signatureMatches(r *http.Request, body []byte) bool {
	auth := r.Header.Get("Authorization")
	i := strings.Index(auth, "SignedHeaders=")
	if i < 0 {
		return false
	}
	signed := auth[i+len("SignedHeaders="):]
	signed = signed[:strings.IndexByte(signed, ',')]
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		return false
	}
	u := "http://" + r.Host + r.URL.EscapedPath()
	req, err := http.NewRequest(r.Method, u, strings.NewReader(string(body)))
	if err != nil {
		return false
	}
	for _, h := range strings.Split(signed, ";") {
		if h == "host" || h == "content-length" {
			continue // the signer takes these from the request itself
		}
		req.Header[http.CanonicalHeaderKey(h)] = r.Header.Values(h)
	}
	req.Header.Del("X-Amz-Date")
	hash := r.Header.Get("X-Amz-Content-Sha256")
	creds := aws.Credentials{AccessKeyID: testAccessKey, SecretAccessKey: testSecretKey}
	if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hash, SigningName, testRegion, when); err != nil {
		return false
	}
	return req.Header.Get("Authorization") == auth
}

func newRecorder(t *testing.T, responses ...cannedResponse) (*recorder, *httptest.Server) {
	t.Helper()
	rec := &recorder{t: t, responses: responses}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	return rec, srv
}

func newTestClient(t *testing.T, endpoint string, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{
		EndpointURL:      endpoint,
		Getenv:           noEnv,
		MaxBackoff:       time.Millisecond,
		UserAgentVersion: "1.2.3-test",
	}
	if mod != nil {
		mod(&opts)
	}
	c := New(testConfig(), opts)
	if err := c.Err(); err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

func fptr(f float64) *float64 { return &f }

func TestOperationsWire(t *testing.T) {
	t.Parallel()
	cfg := &BackendAPIResourceConfig{
		ApiName: "blogapi",
		Service: "AppSync",
		DefaultAuthType: &BackendAPIAuthType{
			Mode:     ModeAPIKey,
			Settings: &BackendAPIAppSyncAuthSettings{Description: "key", ExpirationTime: fptr(30)},
		},
		TransformSchema: "type Post @model { id: ID! }",
	}
	tests := []struct {
		name       string
		call       func(ctx context.Context, c *Client) (any, error)
		respBody   string
		wantMethod string
		wantPath   string
		wantBody   string // JSON, compared semantically; "" means no body
		want       any
	}{
		{
			name: "CreateBackendAPI",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateBackendAPI(ctx, &CreateBackendAPIRequest{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi", ResourceConfig: cfg})
			},
			respBody:   `{"appId":"app1","backendEnvironmentName":"staging","jobId":"j1","operation":"CreateBackendAPI","status":"IN_PROGRESS"}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/api",
			wantBody:   `{"backendEnvironmentName":"staging","resourceName":"blogapi","resourceConfig":{"apiName":"blogapi","service":"AppSync","defaultAuthType":{"mode":"API_KEY","settings":{"description":"key","expirationTime":30}},"transformSchema":"type Post @model { id: ID! }"}}`,
			want:       &CreateBackendAPIResponse{AppId: "app1", BackendEnvironmentName: "staging", JobId: "j1", Operation: "CreateBackendAPI", Status: "IN_PROGRESS"},
		},
		{
			name: "CreateBackend",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.CreateBackend(ctx, &CreateBackendRequest{AppId: "app1", AppName: "blog", BackendEnvironmentName: "staging"})
			},
			respBody:   `{"appId":"app1","backendEnvironmentName":"staging","jobId":"j0","operation":"CreateBackend","status":"IN_PROGRESS"}`,
			wantMethod: "POST",
			wantPath:   "/backend",
			wantBody:   `{"appId":"app1","appName":"blog","backendEnvironmentName":"staging"}`,
			want:       &CreateBackendResponse{AppId: "app1", BackendEnvironmentName: "staging", JobId: "j0", Operation: "CreateBackend", Status: "IN_PROGRESS"},
		},
		{
			name: "GetBackend",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetBackend(ctx, &GetBackendRequest{AppId: "app1", BackendEnvironmentName: "staging"})
			},
			respBody:   `{"appId":"app1","appName":"blog","backendEnvironmentList":["staging","prod"],"backendEnvironmentName":"staging","amplifyMetaConfig":"{\"api\":{}}","amplifyFeatureFlags":"{}"}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/details",
			wantBody:   `{"backendEnvironmentName":"staging"}`,
			want: &GetBackendResponse{AppId: "app1", AppName: "blog", BackendEnvironmentList: []string{"staging", "prod"}, BackendEnvironmentName: "staging",
				AmplifyMetaConfig: `{"api":{}}`, AmplifyFeatureFlags: "{}"},
		},
		{
			name: "GetBackendAPI",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetBackendAPI(ctx, &GetBackendAPIRequest{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi"})
			},
			respBody:   `{"appId":"app1","backendEnvironmentName":"staging","resourceName":"blogapi","resourceConfig":{"apiName":"blogapi","service":"AppSync"}}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/api/staging/details",
			wantBody:   `{"resourceName":"blogapi"}`,
			want:       &GetBackendAPIResponse{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi", ResourceConfig: &BackendAPIResourceConfig{ApiName: "blogapi", Service: "AppSync"}},
		},
		{
			name: "UpdateBackendAPI",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateBackendAPI(ctx, &UpdateBackendAPIRequest{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi", ResourceConfig: &BackendAPIResourceConfig{ApiName: "x"}})
			},
			respBody:   `{"jobId":"j2","operation":"UpdateBackendAPI","status":"RUNNING"}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/api/staging",
			wantBody:   `{"resourceName":"blogapi","resourceConfig":{"apiName":"x"}}`,
			want:       &UpdateBackendAPIResponse{JobId: "j2", Operation: "UpdateBackendAPI", Status: "RUNNING"},
		},
		{
			name: "DeleteBackendAPI",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.DeleteBackendAPI(ctx, &DeleteBackendAPIRequest{AppId: "app1", BackendEnvironmentName: "staging", ResourceName: "blogapi"})
			},
			respBody:   `{"jobId":"j3","operation":"DeleteBackendAPI","status":"RUNNING"}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/api/staging/remove",
			wantBody:   `{"resourceName":"blogapi"}`,
			want:       &DeleteBackendAPIResponse{JobId: "j3", Operation: "DeleteBackendAPI", Status: "RUNNING"},
		},
		{
			name: "GetBackendJob escapes URI members",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetBackendJob(ctx, &GetBackendJobRequest{AppId: "app 1", BackendEnvironmentName: "a/b", JobId: "j?1"})
			},
			respBody:   `{"jobId":"j?1","status":"COMPLETED","createTime":"1","updateTime":"2"}`,
			wantMethod: "GET",
			wantPath:   "/backend/app%201/job/a%2Fb/j%3F1",
			want:       &GetBackendJobResponse{JobId: "j?1", Status: "COMPLETED", CreateTime: "1", UpdateTime: "2"},
		},
		{
			name: "ListBackendJobs",
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.ListBackendJobs(ctx, &ListBackendJobsRequest{AppId: "app1", BackendEnvironmentName: "staging", MaxResults: 5, NextToken: "t1", Status: "COMPLETED"})
			},
			respBody:   `{"jobs":[{"jobId":"j1"},{"jobId":"j2"}],"nextToken":"t2"}`,
			wantMethod: "POST",
			wantPath:   "/backend/app1/job/staging",
			wantBody:   `{"maxResults":5,"nextToken":"t1","status":"COMPLETED"}`,
			want:       &ListBackendJobsResponse{Jobs: []BackendJobRespObj{{JobId: "j1"}, {JobId: "j2"}}, NextToken: "t2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, srv := newRecorder(t, cannedResponse{status: 200, body: tc.respBody, header: map[string]string{"X-Amzn-RequestId": "rid-ok"}})
			c := newTestClient(t, srv.URL, nil)
			var info CallInfo
			got, err := tc.call(WithCallInfo(context.Background(), &info), c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("response (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(CallInfo{Operation: strings.Fields(tc.name)[0], Attempts: 1, StatusCode: 200, RequestID: "rid-ok"}, info); diff != "" {
				t.Errorf("call info (-want +got):\n%s", diff)
			}
			reqs := rec.requests()
			if len(reqs) != 1 {
				t.Fatalf("server saw %d requests, want 1", len(reqs))
			}
			r := reqs[0]
			if r.Method != tc.wantMethod || r.RawPath != tc.wantPath {
				t.Errorf("request line = %s %s, want %s %s", r.Method, r.RawPath, tc.wantMethod, tc.wantPath)
			}
			if !r.SigMatches {
				t.Errorf("SigV4 signature does not verify; Authorization = %q", r.Header.Get("Authorization"))
			}
			if !strings.Contains(r.Header.Get("Authorization"), "/"+testRegion+"/amplifybackend/aws4_request") {
				t.Errorf("Authorization scope = %q, want region %s and service amplifybackend", r.Header.Get("Authorization"), testRegion)
			}
			if tc.wantBody == "" {
				if r.Body != "" || r.Header.Get("Content-Type") != "" {
					t.Errorf("GET sent body %q with Content-Type %q, want none", r.Body, r.Header.Get("Content-Type"))
				}
				if got := r.Header.Get("X-Amz-Content-Sha256"); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
					t.Errorf("X-Amz-Content-Sha256 = %q, want the hash of the empty payload", got)
				}
				return
			}
			if ct := r.Header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q, want application/json", ct)
			}
			var wantJSON, gotJSON any
			if err := json.Unmarshal([]byte(tc.wantBody), &wantJSON); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(r.Body), &gotJSON); err != nil {
				t.Fatalf("request body %q is not JSON: %v", r.Body, err)
			}
			if diff := cmp.Diff(wantJSON, gotJSON); diff != "" {
				t.Errorf("request body (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	t.Parallel()
	rec, srv := newRecorder(t)
	c := newTestClient(t, srv.URL, nil)
	if _, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"}); err != nil {
		t.Fatal(err)
	}
	want := "bapi/1.2.3-test aws-sdk-go-v2/" + aws.SDKVersion
	if got := rec.requests()[0].Header.Get("User-Agent"); got != want {
		t.Errorf("User-Agent = %q, want %q", got, want)
	}
	if c.UserAgent() != want {
		t.Errorf("UserAgent() = %q, want %q", c.UserAgent(), want)
	}
}

func TestErrorDecoding(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		resp cannedResponse
		want APIError
	}{
		{
			name: "header code with suffix wins over body",
			resp: cannedResponse{status: 404, header: map[string]string{"X-Amzn-ErrorType": "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.amplifybackend/", "X-Amzn-RequestId": "rid-1"},
				body: `{"__type":"Other","message":"app not found","resourceType":"App"}`},
			want: APIError{Operation: "GetBackendJob", StatusCode: 404, Code: CodeNotFound, Message: "app not found", RequestID: "rid-1", ResourceType: "App", Attempts: 1},
		},
		{
			name: "__type with namespace",
			resp: cannedResponse{status: 400, header: map[string]string{"X-Amz-Request-Id": "rid-2"},
				body: `{"__type":"com.amazonaws.amplifybackend#BadRequestException","Message":"bad thing"}`},
			want: APIError{Operation: "GetBackendJob", StatusCode: 400, Code: CodeBadRequest, Message: "bad thing", RequestID: "rid-2", Attempts: 1},
		},
		{
			name: "code member",
			resp: cannedResponse{status: 403, body: `{"code":"UnrecognizedClientException","message":"The security token included in the request is invalid."}`},
			want: APIError{Operation: "GetBackendJob", StatusCode: 403, Code: CodeUnrecognizedClient, Message: "The security token included in the request is invalid.", Attempts: 1},
		},
		{
			name: "no code, model status",
			resp: cannedResponse{status: 404, body: ``},
			want: APIError{Operation: "GetBackendJob", StatusCode: 404, Code: CodeNotFound, Attempts: 1},
		},
		{
			name: "non-JSON body",
			resp: cannedResponse{status: 403, body: "<html>\n  Forbidden\n</html>"},
			want: APIError{Operation: "GetBackendJob", StatusCode: 403, Code: CodeUnknown, Message: "<html> Forbidden </html>", Attempts: 1},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, srv := newRecorder(t, tc.resp)
			c := newTestClient(t, srv.URL, nil)
			_, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			if diff := cmp.Diff(tc.want, *ae); diff != "" {
				t.Errorf("APIError (-want +got):\n%s", diff)
			}
			if n := len(rec.requests()); n != 1 {
				t.Errorf("server saw %d requests, want 1 (%d is not retried)", n, tc.resp.status)
			}
			assertNoSecrets(t, err.Error())
		})
	}
}

func TestIsPendingJob(t *testing.T) {
	t.Parallel()
	const msg = "ValidationException - An error occurred while processing your request: There is already a pending job for the requested appId: app1 and backendEnvironmentName: dev, wait for it to complete before creating a new job."
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "BadRequestException", err: &APIError{StatusCode: 400, Code: CodeBadRequest, Message: msg}, want: true},
		{name: "ValidationException", err: &APIError{StatusCode: 400, Code: "ValidationException", Message: msg}, want: true},
		{name: "wrapped", err: fmt.Errorf("create: %w", &APIError{StatusCode: 400, Code: CodeBadRequest, Message: msg}), want: true},
		{name: "other 400", err: &APIError{StatusCode: 400, Code: CodeBadRequest, Message: "1 validation error detected"}},
		{name: "not 400", err: &APIError{StatusCode: 500, Code: "InternalFailure", Message: msg}},
		{name: "not an API error", err: errors.New(msg)},
		{name: "nil"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsPendingJob(tc.err); got != tc.want {
				t.Errorf("IsPendingJob(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

func assertNoSecrets(t *testing.T, s string) {
	t.Helper()
	for _, bad := range []string{testSecretKey, "Signature=", "Authorization"} {
		if strings.Contains(s, bad) {
			t.Errorf("message %q contains %q", s, bad)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	t.Parallel()
	_, srv := newRecorder(t, cannedResponse{status: 429, header: map[string]string{"X-Amzn-ErrorType": CodeTooManyRequests, "X-Amzn-RequestId": "rid-9"}, body: `{"message":"slow down","limitType":"requests"}`})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxAttempts = 2 })
	_, err := c.ListBackendJobs(context.Background(), &ListBackendJobsRequest{AppId: "a", BackendEnvironmentName: "e"})
	want := "ListBackendJobs: TooManyRequestsException (HTTP 429): slow down [request id rid-9] (gave up after 2 attempts: raise --max-attempts to retry longer)"
	if err == nil || err.Error() != want {
		t.Fatalf("error = %v, want %q", err, want)
	}
	if !IsThrottling(err) {
		t.Errorf("IsThrottling(%v) = false", err)
	}
	var ae *APIError
	if errors.As(err, &ae); ae.LimitType != "requests" {
		t.Errorf("LimitType = %q, want requests", ae.LimitType)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	throttled := cannedResponse{status: 429, header: map[string]string{"X-Amzn-ErrorType": CodeTooManyRequests}, body: `{"message":"Too many requests"}`}
	gatewayTimeout := cannedResponse{status: 504, body: `{"__type":"GatewayTimeoutException","message":"timed out"}`}
	ok := cannedResponse{status: 200, header: map[string]string{"X-Amzn-RequestId": "rid-ok"}, body: `{"jobId":"j1","status":"COMPLETED"}`}
	tests := []struct {
		name         string
		responses    []cannedResponse
		maxAttempts  int
		wantAttempts int
		wantCode     string // "" means success
	}{
		{name: "429 then success", responses: []cannedResponse{throttled, throttled, ok}, maxAttempts: 3, wantAttempts: 3},
		{name: "504 then success", responses: []cannedResponse{gatewayTimeout, ok}, maxAttempts: 3, wantAttempts: 2},
		{name: "503 then success", responses: []cannedResponse{{status: 503, body: "unavailable"}, ok}, maxAttempts: 3, wantAttempts: 2},
		{name: "connection dropped then success", responses: []cannedResponse{{hangup: true}, ok}, maxAttempts: 3, wantAttempts: 2},
		{name: "429 until attempts run out", responses: []cannedResponse{throttled}, maxAttempts: 4, wantAttempts: 4, wantCode: CodeTooManyRequests},
		{name: "504 with retries off", responses: []cannedResponse{gatewayTimeout, ok}, maxAttempts: 1, wantAttempts: 1, wantCode: CodeGatewayTimeout},
		{name: "400 not retried", responses: []cannedResponse{{status: 400, body: `{"__type":"BadRequestException","message":"no"}`}, ok}, maxAttempts: 3, wantAttempts: 1, wantCode: CodeBadRequest},
		{name: "404 not retried", responses: []cannedResponse{{status: 404, body: `{"__type":"NotFoundException","message":"no"}`}, ok}, maxAttempts: 3, wantAttempts: 1, wantCode: CodeNotFound},
		{name: "403 not retried", responses: []cannedResponse{{status: 403, body: `{"__type":"InvalidSignatureException","message":"no"}`}, ok}, maxAttempts: 3, wantAttempts: 1, wantCode: CodeInvalidSignature},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec, srv := newRecorder(t, tc.responses...)
			var mu sync.Mutex
			var events []Attempt
			tick := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
			c := newTestClient(t, srv.URL, func(o *Options) {
				o.MaxAttempts = tc.maxAttempts
				o.DisableRetryQuota = true
				o.OnAttempt = func(_ context.Context, a Attempt) {
					mu.Lock()
					defer mu.Unlock()
					events = append(events, a)
				}
				// A clock that moves a second per signature, so that each
				// attempt's signature differs if it is re-signed.
				o.Now = func() time.Time {
					mu.Lock()
					defer mu.Unlock()
					tick = tick.Add(time.Second)
					return tick
				}
			})
			var info CallInfo
			out, err := c.GetBackendJob(WithCallInfo(context.Background(), &info), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j1"})
			if tc.wantCode == "" {
				if err != nil {
					t.Fatalf("call failed: %v", err)
				}
				if out.Status != StatusCompleted {
					t.Errorf("status = %q, want COMPLETED", out.Status)
				}
			} else {
				var ae *APIError
				if !errors.As(err, &ae) || ae.Code != tc.wantCode {
					t.Fatalf("error = %v, want %s", err, tc.wantCode)
				}
				if ae.Attempts != tc.wantAttempts {
					t.Errorf("APIError.Attempts = %d, want %d", ae.Attempts, tc.wantAttempts)
				}
			}
			if info.Attempts != tc.wantAttempts {
				t.Errorf("CallInfo.Attempts = %d, want %d", info.Attempts, tc.wantAttempts)
			}
			reqs := rec.requests()
			if len(reqs) != tc.wantAttempts {
				t.Fatalf("server saw %d requests, want %d", len(reqs), tc.wantAttempts)
			}
			auths := map[string]bool{}
			for i, r := range reqs {
				if !r.SigMatches {
					t.Errorf("attempt %d: signature does not verify", i+1)
				}
				auths[r.Header.Get("Authorization")] = true
				if want := fmt.Sprintf("attempt=%d; max=%d", i+1, tc.maxAttempts); r.Header.Get("Amz-Sdk-Request") != want {
					t.Errorf("attempt %d: amz-sdk-request = %q, want %q", i+1, r.Header.Get("Amz-Sdk-Request"), want)
				}
				if r.Header.Get("Amz-Sdk-Invocation-Id") != reqs[0].Header.Get("Amz-Sdk-Invocation-Id") {
					t.Errorf("attempt %d: invocation id changed", i+1)
				}
			}
			if len(auths) != len(reqs) {
				t.Errorf("%d attempts carried %d distinct signatures: each attempt must be re-signed", len(reqs), len(auths))
			}
			mu.Lock()
			defer mu.Unlock()
			if len(events) != tc.wantAttempts {
				t.Fatalf("OnAttempt called %d times, want %d", len(events), tc.wantAttempts)
			}
			for i, ev := range events {
				last := i == len(events)-1
				if ev.Attempt != i+1 || ev.Retrying == last || ev.Operation != "GetBackendJob" {
					t.Errorf("event %d = %+v, want attempt %d retrying=%v", i, ev, i+1, !last)
				}
			}
		})
	}
}

func TestRetryWaitHonoursContext(t *testing.T) {
	t.Parallel()
	rec, srv := newRecorder(t, cannedResponse{status: 429, body: `{"__type":"TooManyRequestsException"}`})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := newTestClient(t, srv.URL, func(o *Options) {
		o.MaxAttempts = 5
		o.MaxBackoff = time.Hour
		o.OnAttempt = func(_ context.Context, a Attempt) {
			if a.Retrying {
				cancel() // cancel while the client waits to retry
			}
		}
	})
	_, err := c.GetBackendJob(ctx, &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
	if !IsThrottling(err) {
		t.Errorf("error %v does not carry the last attempt's TooManyRequestsException", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("server saw %d requests after cancel, want 1", n)
	}
}

func TestResponseSizeLimit(t *testing.T) {
	t.Parallel()
	big := `{"jobId":"` + strings.Repeat("x", MaxResponseBytes) + `"}`
	_, srv := newRecorder(t, cannedResponse{status: 200, body: big})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxAttempts = 1 })
	_, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
	if err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("error = %v, want a size limit error", err)
	}
}

func TestBadResponseJSON(t *testing.T) {
	t.Parallel()
	_, srv := newRecorder(t, cannedResponse{status: 200, body: `<html>`, header: map[string]string{"X-Amzn-RequestId": "rid-x"}})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
	if err == nil || !strings.Contains(err.Error(), "rid-x") || !strings.Contains(err.Error(), "AmplifyBackend service") {
		t.Fatalf("error = %v, want a decode error naming the request id", err)
	}
}

func TestMissingURIMember(t *testing.T) {
	t.Parallel()
	rec, srv := newRecorder(t)
	c := newTestClient(t, srv.URL, nil)
	_, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", JobId: "j"})
	var pe *ParamError
	if !errors.As(err, &pe) || pe.Member != "BackendEnvironmentName" {
		t.Fatalf("error = %v, want a ParamError for BackendEnvironmentName", err)
	}
	if n := len(rec.requests()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestPaginatorFollowsTokens(t *testing.T) {
	t.Parallel()
	rec, srv := newRecorder(t,
		cannedResponse{status: 200, body: `{"jobs":[{"jobId":"1"},{"jobId":"2"}],"nextToken":"A"}`},
		cannedResponse{status: 200, body: `{"jobs":[{"jobId":"3"}],"nextToken":"B"}`},
		cannedResponse{status: 200, body: `{"jobs":[]}`},
	)
	c := newTestClient(t, srv.URL, nil)
	jobs, err := c.ListAllBackendJobs(context.Background(), &ListBackendJobsRequest{AppId: "a", BackendEnvironmentName: "e", MaxResults: 2})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, j := range jobs {
		ids = append(ids, j.JobId)
	}
	if diff := cmp.Diff([]string{"1", "2", "3"}, ids); diff != "" {
		t.Errorf("job ids (-want +got):\n%s", diff)
	}
	var tokens []string
	for _, r := range rec.requests() {
		var body ListBackendJobsRequest
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatal(err)
		}
		if body.MaxResults != 2 {
			t.Errorf("maxResults = %d, want 2 on every page", body.MaxResults)
		}
		tokens = append(tokens, body.NextToken)
	}
	if diff := cmp.Diff([]string{"", "A", "B"}, tokens); diff != "" {
		t.Errorf("tokens sent (-want +got):\n%s", diff)
	}
}

func TestPaginatorStopsOnRepeatedToken(t *testing.T) {
	t.Parallel()
	rec, srv := newRecorder(t, cannedResponse{status: 200, body: `{"jobs":[{"jobId":"1"}],"nextToken":"SAME"}`})
	c := newTestClient(t, srv.URL, nil)
	jobs, err := c.ListAllBackendJobs(context.Background(), &ListBackendJobsRequest{AppId: "a", BackendEnvironmentName: "e"})
	if err == nil || !strings.Contains(err.Error(), "repeated NextToken") {
		t.Fatalf("error = %v, want a repeated-token error", err)
	}
	if len(jobs) != 2 || len(rec.requests()) != 2 {
		t.Errorf("got %d jobs from %d requests, want 2 from 2", len(jobs), len(rec.requests()))
	}
}

func TestCredentialsErrorsDoNotLeak(t *testing.T) {
	t.Parallel()
	_, srv := newRecorder(t, cannedResponse{status: 403, body: `{"__type":"InvalidSignatureException","message":"The request signature we calculated does not match the signature you provided."}`})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.CreateBackendAPI(context.Background(), &CreateBackendAPIRequest{AppId: "a", BackendEnvironmentName: "e", ResourceName: "r"})
	if !IsAuthFailure(err) {
		t.Fatalf("IsAuthFailure(%v) = false", err)
	}
	assertNoSecrets(t, err.Error())
	assertNoSecrets(t, fmt.Sprintf("%+v %#v", err, err))
}

func TestNoCredentials(t *testing.T) {
	t.Parallel()
	c := New(aws.Config{Region: testRegion}, Options{EndpointURL: "http://127.0.0.1:1", Getenv: noEnv})
	if c.Err() == nil {
		t.Fatal("Err() = nil for a config without credentials")
	}
	_, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
	if err == nil || !strings.Contains(err.Error(), "credentials") {
		t.Errorf("error = %v, want one about credentials", err)
	}
}
