package amplifybackend_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// serviceModel is the part of the AWS service model (service-2.json) the
// agreement test reads. The model is committed beside the schema.
type serviceModel struct {
	Operations map[string]struct {
		HTTP struct {
			Method     string `json:"method"`
			RequestURI string `json:"requestUri"`
		} `json:"http"`
		Input  struct{ Shape string } `json:"input"`
		Output struct{ Shape string } `json:"output"`
	} `json:"operations"`
	Shapes map[string]modelShape `json:"shapes"`
}

type modelShape struct {
	Type    string `json:"type"`
	Members map[string]struct {
		Shape        string `json:"shape"`
		Location     string `json:"location"`
		LocationName string `json:"locationName"`
	} `json:"members"`
	Member   struct{ Shape string } `json:"member"`
	Required []string               `json:"required"`
}

func loadServiceModel(t *testing.T) *serviceModel {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "schema", "testdata", "amplifybackend-service-2.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m serviceModel
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// exchange is one request and its answer, as seen on the wire.
type exchange struct {
	method, rawPath string
	reqBody         []byte
	status          int
	respBody        []byte
}

type wireRecorder struct {
	inner http.Handler
	mu    sync.Mutex
	last  exchange
}

type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(s int)           { w.status = s; w.ResponseWriter.WriteHeader(s) }
func (w *teeWriter) Write(b []byte) (int, error) { w.body.Write(b); return w.ResponseWriter.Write(b) }

func (rec *wireRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	tw := &teeWriter{ResponseWriter: w, status: http.StatusOK}
	rec.inner.ServeHTTP(tw, r)
	rec.mu.Lock()
	rec.last = exchange{method: r.Method, rawPath: r.URL.EscapedPath(), reqBody: body, status: tw.status, respBody: tw.body.Bytes()}
	rec.mu.Unlock()
}

// TestClientEmulatorAgreeWithModel calls every operation of the API
// interface through the real client against the emulator, and checks each
// exchange against the service model: the method and path, every body
// member name (nested ones too) in both directions, the members the model
// requires, and that the emulator served the operation the client named.
func TestClientEmulatorAgreeWithModel(t *testing.T) {
	t.Parallel()
	m := loadServiceModel(t)
	srv, err := emulator.New(emulator.Options{InstantJobs: true})
	if err != nil {
		t.Fatal(err)
	}
	rec := &wireRecorder{inner: srv.Handler()}
	hs := httptest.NewServer(rec)
	t.Cleanup(func() { hs.Close(); srv.Close() })
	c := emutest.Client(t, emutest.ServerConfig(srv), ab.Options{EndpointURL: hs.URL, MaxAttempts: 1})

	const app, env, name = "d1agree", "dev", "blogapi"
	exp := 7.0
	cfg := &ab.BackendAPIResourceConfig{
		ApiName: name, Service: "AppSync",
		DefaultAuthType:     &ab.BackendAPIAuthType{Mode: ab.ModeAPIKey, Settings: &ab.BackendAPIAppSyncAuthSettings{Description: "key", ExpirationTime: &exp}},
		AdditionalAuthTypes: []ab.BackendAPIAuthType{{Mode: ab.ModeAmazonCognitoUserPools, Settings: &ab.BackendAPIAppSyncAuthSettings{CognitoUserPoolId: "us-east-1_AbC"}}},
		ConflictResolution:  &ab.BackendAPIConflictResolution{ResolutionStrategy: "AUTOMERGE"},
		TransformSchema:     "type Post @model { id: ID! }",
	}
	var jobID string
	// In call order; each builds its request (the job ID comes from an
	// earlier answer). Every method of ab.API must have one.
	requests := []struct {
		op  string
		req func() any
	}{
		{"CreateBackend", func() any {
			return &ab.CreateBackendRequest{AppId: app, AppName: "agree", BackendEnvironmentName: env}
		}},
		{"GetBackend", func() any { return &ab.GetBackendRequest{AppId: app, BackendEnvironmentName: env} }},
		{"CreateBackendAPI", func() any {
			return &ab.CreateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: name, ResourceConfig: cfg}
		}},
		{"GetBackendAPI", func() any {
			return &ab.GetBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: name}
		}},
		{"UpdateBackendAPI", func() any {
			return &ab.UpdateBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: name, ResourceConfig: cfg}
		}},
		{"GetBackendJob", func() any { return &ab.GetBackendJobRequest{AppId: app, BackendEnvironmentName: env, JobId: jobID} }},
		{"ListBackendJobs", func() any {
			return &ab.ListBackendJobsRequest{AppId: app, BackendEnvironmentName: env, MaxResults: 5, Operation: "UpdateBackendAPI", Status: "COMPLETED"}
		}},
		{"DeleteBackendAPI", func() any {
			return &ab.DeleteBackendAPIRequest{AppId: app, BackendEnvironmentName: env, ResourceName: name}
		}},
	}
	apiType := reflect.TypeFor[ab.API]()
	var inAPI []string
	for i := range apiType.NumMethod() {
		inAPI = append(inAPI, apiType.Method(i).Name)
	}
	var tested []string
	for _, r := range requests {
		tested = append(tested, r.op)
	}
	slices.Sort(tested)
	if !slices.Equal(inAPI, tested) {
		t.Fatalf("the API interface has %v, the test calls %v: give every operation a request here", inAPI, tested)
	}

	client := reflect.ValueOf(c)
	for _, r := range requests {
		op, ok := m.Operations[r.op]
		if !ok {
			t.Errorf("%s is not an operation of the service model", r.op)
			continue
		}
		req := r.req()
		before := srv.Metrics().Count(r.op, http.StatusOK)
		outs := client.MethodByName(r.op).Call([]reflect.Value{reflect.ValueOf(context.Background()), reflect.ValueOf(req)})
		if err, _ := outs[1].Interface().(error); err != nil {
			t.Errorf("%s: %v", r.op, err)
			continue
		}
		if job, ok := outs[0].Interface().(*ab.BackendAPIJobResponse); ok && job.JobId != "" {
			jobID = job.JobId
		}
		rec.mu.Lock()
		x := rec.last
		rec.mu.Unlock()
		if got := srv.Metrics().Count(r.op, http.StatusOK); got != before+1 {
			t.Errorf("%s: the emulator did not count it as %s answered 200 (%d before, %d after)", r.op, r.op, before, got)
		}
		if x.method != op.HTTP.Method {
			t.Errorf("%s: method %s, the model says %s", r.op, x.method, op.HTTP.Method)
		}
		in := m.Shapes[op.Input.Shape]
		if want := expandURI(t, op.HTTP.RequestURI, in, req); x.rawPath != want {
			t.Errorf("%s: path %s, the model says %s", r.op, x.rawPath, want)
		}
		checkBody(t, r.op+" request", m, in, x.reqBody, true)
		checkBody(t, r.op+" response", m, m.Shapes[op.Output.Shape], x.respBody, false)
	}
}

// expandURI fills the model's requestUri with the request's URI members,
// each path-escaped.
func expandURI(t *testing.T, template string, in modelShape, req any) string {
	t.Helper()
	v := reflect.ValueOf(req).Elem()
	out := template
	for member, ms := range in.Members {
		if ms.Location != "uri" {
			continue
		}
		f := v.FieldByName(member)
		if !f.IsValid() {
			t.Errorf("%T has no member %s the model binds to the URI", req, member)
			continue
		}
		out = strings.ReplaceAll(out, "{"+ms.LocationName+"}", url.PathEscape(f.String()))
	}
	return out
}

// checkBody checks a JSON body against a model shape: every key is a member
// locationName not bound to the URI (recursively through structures and
// lists); in a request, every required body member is present.
func checkBody(t *testing.T, what string, m *serviceModel, sh modelShape, body []byte, request bool) {
	t.Helper()
	if len(bytes.TrimSpace(body)) == 0 {
		for _, req := range sh.Required {
			if sh.Members[req].Location == "" && request {
				t.Errorf("%s: no body, but the model requires %s", what, sh.Members[req].LocationName)
			}
		}
		return
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Errorf("%s: body %s is not JSON: %v", what, body, err)
		return
	}
	checkValue(t, what, m, sh, v, request)
}

func checkValue(t *testing.T, where string, m *serviceModel, sh modelShape, v any, request bool) {
	t.Helper()
	switch sh.Type {
	case "structure":
		obj, ok := v.(map[string]any)
		if !ok {
			t.Errorf("%s: %v is not an object", where, v)
			return
		}
		byName := map[string]string{}
		for member, ms := range sh.Members {
			if ms.Location == "" {
				byName[ms.LocationName] = member
			}
		}
		for k, val := range obj {
			member, ok := byName[k]
			if !ok {
				t.Errorf("%s: member %q is not in the model (want one of %v)", where, k, slices.Sorted(maps.Keys(byName)))
				continue
			}
			checkValue(t, where+"."+k, m, m.Shapes[sh.Members[member].Shape], val, request)
		}
		if request {
			for _, req := range sh.Required {
				if ms := sh.Members[req]; ms.Location == "" {
					if _, ok := obj[ms.LocationName]; !ok {
						t.Errorf("%s: required member %s is missing", where, ms.LocationName)
					}
				}
			}
		}
	case "list":
		list, ok := v.([]any)
		if !ok {
			t.Errorf("%s: %v is not a list", where, v)
			return
		}
		for _, e := range list {
			checkValue(t, where+"[]", m, m.Shapes[sh.Member.Shape], e, request)
		}
	}
}
