package emulator

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	smithyrand "github.com/aws/smithy-go/rand"
	ab "github.com/bapi-dev/bapi/pkg/amplifybackend"
	bolt "go.etcd.io/bbolt"
)

// maxBodyBytes bounds a request body.
const maxBodyBytes = 1 << 20

const (
	codeBadRequest       = "BadRequestException"
	codeValidation       = "ValidationException"
	codeNotFound         = "NotFoundException"
	codeTooManyRequests  = "TooManyRequestsException"
	codeGatewayTimeout   = "GatewayTimeoutException"
	codeUnknownOperation = "UnknownOperationException"
	codeInternal         = "InternalFailure"
)

// apiError is an error answer in the rest-json shape.
type apiError struct {
	status       int
	code         string
	message      string
	resourceType string // NotFoundException
	limitType    string // TooManyRequestsException
}

func badRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: fmt.Sprintf(format, args...)}
}

func notFound(resourceType, format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, resourceType: resourceType, message: fmt.Sprintf(format, args...)}
}

func internal(err error) *apiError {
	return &apiError{status: http.StatusInternalServerError, code: codeInternal, message: "emulator internal failure: " + err.Error()}
}

// route is a matched request.
type route struct {
	op              string
	app, env, jobID string
}

// match maps a method and path to an operation; ok is false for an unknown
// route. URI segments are percent-decoded one by one; the ID segments
// (appId, backendEnvironmentName, jobId) are checked by checkPathIDs.
func match(r *http.Request) (route, bool) {
	raw := strings.Split(r.URL.EscapedPath(), "/")
	if r.Method == http.MethodPost && len(raw) == 2 && raw[0] == "" && raw[1] == "backend" {
		return route{op: OpCreateBackend}, true
	}
	if r.Method == http.MethodGet && len(raw) == 3 && raw[0] == "" && raw[1] == "apps" {
		app, err := url.PathUnescape(raw[2])
		if err != nil {
			return route{}, false
		}
		return route{op: OpGetApp, app: app}, true
	}
	if len(raw) < 4 || raw[0] != "" || raw[1] != "backend" {
		return route{}, false
	}
	seg := make([]string, len(raw))
	for i, p := range raw {
		v, err := url.PathUnescape(p) // net/http has already refused bad escapes
		if err != nil {
			return route{}, false
		}
		seg[i] = v
	}
	method, app := r.Method, seg[2]
	switch {
	case method == http.MethodPost && len(seg) == 4 && seg[3] == "details":
		return route{op: OpGetBackend, app: app}, true
	case method == http.MethodPost && len(seg) == 4 && seg[3] == "api":
		return route{op: OpCreateBackendAPI, app: app}, true
	case method == http.MethodPost && len(seg) == 5 && seg[3] == "api":
		return route{op: OpUpdateBackendAPI, app: app, env: seg[4]}, true
	case method == http.MethodPost && len(seg) == 6 && seg[3] == "api" && seg[5] == "details":
		return route{op: OpGetBackendAPI, app: app, env: seg[4]}, true
	case method == http.MethodPost && len(seg) == 6 && seg[3] == "api" && seg[5] == "remove":
		return route{op: OpDeleteBackendAPI, app: app, env: seg[4]}, true
	case method == http.MethodPost && len(seg) == 5 && seg[3] == "job":
		return route{op: OpListBackendJobs, app: app, env: seg[4]}, true
	case method == http.MethodGet && len(seg) == 6 && seg[3] == "job":
		return route{op: OpGetBackendJob, app: app, env: seg[4], jobID: seg[5]}, true
	}
	return route{}, false
}

// checkPathIDs answers 400 BadRequestException for URI IDs that cannot be
// real. The service model sets no pattern on appId, backendEnvironmentName
// or jobId, so only the obviously invalid are refused: empty, or holding '/', white
// space or control characters once decoded.
func checkPathIDs(rt route) *apiError {
	if rt.op == OpCreateBackend { // every ID is in the body
		return nil
	}
	if e := checkID("appId", rt.app); e != nil {
		return e
	}
	if rt.op == OpCreateBackendAPI || rt.op == OpGetBackend || rt.op == OpGetApp { // no environment in the path
		return nil
	}
	if e := checkID("backendEnvironmentName", rt.env); e != nil {
		return e
	}
	if rt.op == OpGetBackendJob {
		return checkID("jobId", rt.jobID)
	}
	return nil
}

// emptyConfig reports whether a resourceConfig has no member at all ({}).
func emptyConfig(c *ab.BackendAPIResourceConfig) bool {
	return reflect.ValueOf(*c).IsZero()
}

// checkID refuses an ID that is empty, is not valid UTF-8, or holds '/',
// white space or control characters (NUL among them, which also separates
// state keys).
func checkID(name, v string) *apiError {
	if v == "" {
		return badRequest("%s is empty: give a non-empty %s", name, name)
	}
	if !utf8.ValidString(v) {
		return badRequest("%s %q is not valid UTF-8", name, v)
	}
	if i := strings.IndexFunc(v, func(r rune) bool { return r == '/' || unicode.IsSpace(r) || unicode.IsControl(r) }); i >= 0 {
		return badRequest("%s %q is not valid: it must not contain '/', white space or control characters", name, v)
	}
	return nil
}

// newRequestID returns a random version 4 UUID, for request and job IDs
// (smithy-go's, as the SDK makes them). crypto/rand's Reader does not fail.
func newRequestID() string {
	id, _ := smithyrand.NewUUID(rand.Reader).GetUUID()
	return id
}

// answer is what one request was answered, for metrics and the log.
type answer struct {
	status  int
	code    string
	created string // resource address of an accepted create
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	reqID := newRequestID()
	w.Header().Set("X-Amzn-RequestId", reqID)

	var op string
	var a answer
	if r.URL.Path == "/metrics" && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		op = opMetrics
		a = writeJSON(w, http.StatusOK, s.Metrics())
	} else if rt, ok := match(r); !ok {
		op = opUnknown
		a = writeError(w, &apiError{status: http.StatusNotFound, code: codeUnknownOperation,
			message: fmt.Sprintf("no AmplifyBackend operation (nor the Amplify service's GetApp) is served at %s %s", r.Method, r.URL.EscapedPath())})
		s.count(op, a.status, "")
	} else {
		op = rt.op
		a = s.serveOp(w, r, rt)
		s.count(op, a.status, a.created)
	}
	level := slog.LevelInfo
	if a.status >= 500 {
		level = slog.LevelWarn
	}
	attrs := []slog.Attr{
		slog.String("operation", op),
		slog.String("method", r.Method),
		slog.String("path", r.URL.EscapedPath()),
		slog.Int("status", a.status),
		slog.Duration("latency", time.Since(start)),
		slog.String("request_id", reqID),
	}
	if a.code != "" {
		attrs = append(attrs, slog.String("error", a.code))
	}
	s.log.LogAttrs(r.Context(), level, "request", attrs...)
}

func (s *Server) serveOp(w http.ResponseWriter, r *http.Request, rt route) (a answer) {
	// bbolt panics on some damaged pages; openState's check refuses such a
	// file, and this answers a 500 that says so, instead of a stack trace,
	// if the file is damaged while the emulator runs.
	defer func() {
		if p := recover(); p != nil {
			a = writeError(w, internal(damaged(s.statePath(), p)))
		}
	}()
	ctx := r.Context()
	if s.opts.Latency > 0 {
		t := time.NewTimer(s.opts.Latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return answer{status: 499, code: "ClientClosedRequest"}
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBodyBytes))
	if err != nil {
		return writeError(w, badRequest("read request body: %v (the limit is %d bytes)", err, maxBodyBytes))
	}
	now := s.now()
	service := signingService
	if rt.op == OpGetApp {
		service = ab.AppsSigningName
	}
	if e := s.verify(ctx, r, body, now, service); e != nil {
		return writeError(w, e)
	}
	if e := checkPathIDs(rt); e != nil {
		return writeError(w, e)
	}
	// JSON is UTF-8 (RFC 8259); decoding would quietly turn bad bytes in a
	// name into U+FFFD and store that.
	if !utf8.Valid(body) {
		return writeError(w, badRequest("the request body is not valid UTF-8: JSON text must be UTF-8"))
	}
	switch s.drawFault() {
	case faultThrottle:
		return writeError(w, &apiError{status: http.StatusTooManyRequests, code: codeTooManyRequests,
			message: "Rate exceeded (injected by the emulator's fault-throttle)", limitType: "RequestsPerSecond"})
	case faultTimeout:
		return writeError(w, &apiError{status: http.StatusGatewayTimeout, code: codeGatewayTimeout,
			message: "Endpoint request timed out (injected by the emulator's fault-timeout)"})
	}
	var out any
	var e *apiError
	var created string
	switch rt.op {
	case OpCreateBackend:
		out, e = s.createBackend(body, now)
	case OpGetBackend:
		out, e = s.getBackend(rt, body, now)
	case OpCreateBackendAPI:
		out, created, e = s.create(rt, body, now)
	case OpGetBackendAPI:
		out, e = s.get(rt, body, now)
	case OpUpdateBackendAPI:
		out, e = s.update(rt, body, now)
	case OpDeleteBackendAPI:
		out, e = s.delete(rt, body, now)
	case OpGetBackendJob:
		out, e = s.getJob(rt, now)
	case OpListBackendJobs:
		out, e = s.listJobs(rt, body, now)
	case OpGetApp:
		out, e = s.getApp(rt)
	}
	if e != nil {
		return writeError(w, e)
	}
	a = writeJSON(w, http.StatusOK, out)
	a.created = created
	return a
}

func writeJSON(w http.ResponseWriter, status int, v any) answer {
	data, err := json.Marshal(v)
	if err != nil {
		return writeError(w, internal(err))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(data)
	return answer{status: status}
}

func writeError(w http.ResponseWriter, e *apiError) answer {
	body := map[string]string{"message": e.message}
	if e.resourceType != "" {
		body["resourceType"] = e.resourceType
	}
	if e.limitType != "" {
		body["limitType"] = e.limitType
	}
	data, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Amzn-ErrorType", e.code)
	w.WriteHeader(e.status)
	_, _ = w.Write(data)
	return answer{status: e.status, code: e.code}
}

// decode reads a JSON object body into v. An empty body is an empty object.
func decode(body []byte, v any) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te) && te.Field == "":
			return badRequest("the request body must be a JSON object, not %s", te.Value)
		case errors.As(err, &te):
			return badRequest("member %s must be %s, not %s", te.Field, typeName(te.Type), te.Value)
		case errors.As(err, &se):
			return badRequest("malformed JSON in the request body at byte %d: %v", se.Offset, err)
		default:
			return badRequest("malformed JSON in the request body: %v", err)
		}
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("malformed JSON in the request body: unexpected data after the JSON object")
	}
	return nil
}

func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Int, reflect.Int32, reflect.Int64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "a boolean"
	case reflect.Slice:
		return "a list"
	default:
		return "an object"
	}
}

// required answers the model's validation error for missing members.
func required(members map[string]bool) *apiError {
	var missing []string
	for _, name := range []string{"appId", "appName", "backendEnvironmentName", "resourceName", "resourceConfig"} {
		if v, ok := members[name]; ok && !v {
			missing = append(missing, fmt.Sprintf("Value null at '%s' failed to satisfy constraint: Member must not be null", name))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return badRequest("%d validation error%s detected: %s", len(missing), map[bool]string{true: "s"}[len(missing) > 1], strings.Join(missing, "; "))
}

func address(app, env, name string) string { return app + "/" + env + "/" + name }

// write runs fn in a write transaction, turning its *apiError into the answer.
func (s *Server) write(fn func(tx *bolt.Tx) *apiError) *apiError {
	var ae *apiError
	err := s.db.Update(func(tx *bolt.Tx) error {
		ae = fn(tx)
		if ae != nil {
			return errRollback
		}
		return nil
	})
	if ae != nil {
		return ae
	}
	if err != nil {
		return internal(err)
	}
	return nil
}

func (s *Server) read(fn func(tx *bolt.Tx) *apiError) *apiError {
	var ae *apiError
	err := s.db.View(func(tx *bolt.Tx) error {
		ae = fn(tx)
		return nil
	})
	if ae != nil {
		return ae
	}
	if err != nil {
		return internal(err)
	}
	return nil
}

var errRollback = errors.New("rollback")

func checkAppEnv(tx *bolt.Tx, app, env string) *apiError {
	if !appExists(tx, app) {
		return appNotFound(app)
	}
	if !envExists(tx, app, env) {
		return envNotFound(app, env)
	}
	return nil
}

func jobAnswer(j *jobRecord, now time.Time) *ab.BackendAPIJobResponse {
	st := j.status(now)
	if st == StatusRunning {
		st = StatusInProgress
	}
	return &ab.BackendAPIJobResponse{
		AppId:                  j.AppID,
		BackendEnvironmentName: j.Env,
		JobId:                  j.JobID,
		Operation:              j.Operation,
		Status:                 st,
	}
}

func (s *Server) create(rt route, body []byte, now time.Time) (any, string, *apiError) {
	var in ab.CreateBackendAPIRequest
	if e := decode(body, &in); e != nil {
		return nil, "", e
	}
	if e := required(map[string]bool{
		"backendEnvironmentName": in.BackendEnvironmentName != "",
		"resourceName":           in.ResourceName != "",
		"resourceConfig":         in.ResourceConfig != nil,
	}); e != nil {
		return nil, "", e
	}
	if e := checkID("backendEnvironmentName", in.BackendEnvironmentName); e != nil {
		return nil, "", e
	}
	if emptyConfig(in.ResourceConfig) {
		return nil, "", badRequest("resourceConfig is empty: give the API's configuration (apiName, service, transformSchema, its auth types)")
	}
	if strings.ContainsAny(in.ResourceName, keySep+"/") {
		return nil, "", badRequest("resourceName must not contain '/' or NUL")
	}
	fail := s.drawJobFailure()
	var job *jobRecord
	accepted := false
	e := s.write(func(tx *bolt.Tx) *apiError {
		env := in.BackendEnvironmentName
		if e := checkAppEnv(tx, rt.app, env); e != nil {
			return e
		}
		if p, err := pendingJob(tx, rt.app, env, now); err != nil {
			return internal(err)
		} else if p != nil {
			return s.pendingError(rt.app, env)
		}
		apis, err := liveAPIs(tx, rt.app, env, now)
		if err != nil {
			return internal(err)
		}
		if apis[in.ResourceName] != nil {
			return badRequest("Resource %s already exists in app %s, backend environment %s: use UpdateBackendAPI to change it.", in.ResourceName, rt.app, env)
		}
		// Refusals the service finds only once the job runs: the job ends
		// FAILED and nothing changes.
		refusal, err := s.jobRefusal(tx, rt.app, env)
		if err != nil {
			return internal(err)
		}
		if refusal == "" && !s.opts.AllowManyAPIs {
			for name := range apis {
				refusal = otherAPIMessage(name)
				break
			}
		}
		job, err = newJob(tx, OpCreateBackendAPI, rt.app, env, in.ResourceName, now, s.opts.JobDuration, fail)
		if err != nil {
			return internal(err)
		}
		if refusal != "" {
			if err := failJob(tx, job, refusal); err != nil {
				return internal(err)
			}
			return nil
		}
		accepted = true
		rec := resourceRecord{Config: in.ResourceConfig, JobID: job.JobID}
		if err := putJSON(tx.Bucket(bucketResources), key(rt.app, in.BackendEnvironmentName, in.ResourceName), rec); err != nil {
			return internal(err)
		}
		return nil
	})
	if e != nil {
		return nil, "", e
	}
	if !accepted {
		return jobAnswer(job, now), "", nil
	}
	return jobAnswer(job, now), address(rt.app, in.BackendEnvironmentName, in.ResourceName), nil
}

func (s *Server) get(rt route, body []byte, now time.Time) (any, *apiError) {
	var in ab.GetBackendAPIRequest
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if e := required(map[string]bool{"resourceName": in.ResourceName != ""}); e != nil {
		return nil, e
	}
	var out *ab.GetBackendAPIResponse
	e := s.read(func(tx *bolt.Tx) *apiError {
		if e := checkAppEnv(tx, rt.app, rt.env); e != nil {
			return e
		}
		cur, _, err := effective(tx, rt.app, rt.env, in.ResourceName, now)
		if err != nil {
			return internal(err)
		}
		if cur == nil && s.opts.MissingAPI == MissingAPIError {
			out = &ab.GetBackendAPIResponse{AppId: rt.app, BackendEnvironmentName: rt.env, ResourceName: in.ResourceName,
				Error: fmt.Sprintf("No GraphQL API named %s was found in app %s, backend environment %s.", in.ResourceName, rt.app, rt.env)}
			return nil
		}
		if cur == nil {
			return notFound("BackendAPI", "Resource %s not found in app %s, backend environment %s.", in.ResourceName, rt.app, rt.env)
		}
		out = &ab.GetBackendAPIResponse{AppId: rt.app, BackendEnvironmentName: rt.env, ResourceName: in.ResourceName, ResourceConfig: cur}
		return nil
	})
	return out, e
}

// mutate runs an Update or Delete: newConfig computes the accepted
// configuration from the current one.
func (s *Server) mutate(op string, rt route, body []byte, now time.Time, newConfig func(in, cur *ab.BackendAPIResourceConfig) *ab.BackendAPIResourceConfig) (any, *apiError) {
	var in ab.UpdateBackendAPIRequest
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	if e := required(map[string]bool{"resourceName": in.ResourceName != ""}); e != nil {
		return nil, e
	}
	fail := s.drawJobFailure()
	var job *jobRecord
	e := s.write(func(tx *bolt.Tx) *apiError {
		if e := checkAppEnv(tx, rt.app, rt.env); e != nil {
			return e
		}
		cur, _, err := effective(tx, rt.app, rt.env, in.ResourceName, now)
		if err != nil {
			return internal(err)
		}
		if cur == nil {
			return notFound("BackendAPI", "Resource %s not found in app %s, backend environment %s.", in.ResourceName, rt.app, rt.env)
		}
		if p, err := pendingJob(tx, rt.app, rt.env, now); err != nil {
			return internal(err)
		} else if p != nil {
			return s.pendingError(rt.app, rt.env)
		}
		refusal, err := s.jobRefusal(tx, rt.app, rt.env)
		if err != nil {
			return internal(err)
		}
		job, err = newJob(tx, op, rt.app, rt.env, in.ResourceName, now, s.opts.JobDuration, fail)
		if err != nil {
			return internal(err)
		}
		if refusal != "" {
			if err := failJob(tx, job, refusal); err != nil {
				return internal(err)
			}
			return nil
		}
		rec := resourceRecord{Config: newConfig(in.ResourceConfig, cur), Prev: cur, JobID: job.JobID}
		if msg := gsiFailure(cur, rec.Config); msg != "" {
			if err := failJob(tx, job, msg); err != nil {
				return internal(err)
			}
		}
		if err := putJSON(tx.Bucket(bucketResources), key(rt.app, rt.env, in.ResourceName), rec); err != nil {
			return internal(err)
		}
		return nil
	})
	if e != nil {
		return nil, e
	}
	return jobAnswer(job, now), nil
}

func (s *Server) update(rt route, body []byte, now time.Time) (any, *apiError) {
	return s.mutate(OpUpdateBackendAPI, rt, body, now, mergeUpdate)
}

// mergeUpdate is the configuration an UpdateBackendAPI leaves: the service
// applies only the non-empty DefaultAuthType, AdditionalAuthTypes,
// ConflictResolution and TransformSchema of the request; every other member
// keeps its live value, and ApiName (and Service) cannot change.
func mergeUpdate(in, cur *ab.BackendAPIResourceConfig) *ab.BackendAPIResourceConfig {
	if in == nil {
		return cur
	}
	next := *cur
	if in.DefaultAuthType != nil && (in.DefaultAuthType.Mode != "" || in.DefaultAuthType.Settings != nil) {
		next.DefaultAuthType = in.DefaultAuthType
	}
	if len(in.AdditionalAuthTypes) > 0 {
		next.AdditionalAuthTypes = in.AdditionalAuthTypes
	}
	if in.ConflictResolution != nil && in.ConflictResolution.ResolutionStrategy != "" {
		next.ConflictResolution = in.ConflictResolution
	}
	if in.TransformSchema != "" {
		next.TransformSchema = in.TransformSchema
	}
	return &next
}

// jobRefusal is why any API job on app/env fails once it runs ("" when
// none): the backend holds categories Amplify Studio cannot deploy.
func (s *Server) jobRefusal(tx *bolt.Tx, app, env string) (string, error) {
	cats, err := envCategories(tx, app, env)
	if err != nil {
		return "", err
	}
	return deploymentRefusal(cats), nil
}

func (s *Server) delete(rt route, body []byte, now time.Time) (any, *apiError) {
	return s.mutate(OpDeleteBackendAPI, rt, body, now, func(_, _ *ab.BackendAPIResourceConfig) *ab.BackendAPIResourceConfig {
		return nil
	})
}

func (s *Server) getJob(rt route, now time.Time) (any, *apiError) {
	var out ab.BackendJobRespObj
	e := s.read(func(tx *bolt.Tx) *apiError {
		if e := checkAppEnv(tx, rt.app, rt.env); e != nil {
			return e
		}
		var j jobRecord
		ok, err := getJSON(tx.Bucket(bucketJobs), key(rt.app, rt.env, rt.jobID), &j)
		if err != nil {
			return internal(err)
		}
		if !ok || now.Before(j.CreateTime.Add(s.opts.ConsistencyDelay)) {
			return notFound("BackendJob", "Job %s not found in app %s, backend environment %s.", rt.jobID, rt.app, rt.env)
		}
		out = j.wire(now)
		return nil
	})
	return &out, e
}

// listInput is ListBackendJobsRequest with maxResults as a pointer, to tell
// 0 from absent.
type listInput struct {
	JobId      string `json:"jobId"`
	MaxResults *int32 `json:"maxResults"`
	NextToken  string `json:"nextToken"`
	Operation  string `json:"operation"`
	Status     string `json:"status"`
}

func (s *Server) listJobs(rt route, body []byte, now time.Time) (any, *apiError) {
	var in listInput
	if e := decode(body, &in); e != nil {
		return nil, e
	}
	max := 25
	if in.MaxResults != nil {
		if *in.MaxResults < 1 || *in.MaxResults > 25 {
			return nil, badRequest("1 validation error detected: Value '%d' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 25", *in.MaxResults)
		}
		max = int(*in.MaxResults)
	}
	var after string
	if in.NextToken != "" {
		b, err := base64.RawURLEncoding.DecodeString(in.NextToken)
		if err != nil || len(b) == 0 {
			return nil, badRequest("Invalid nextToken: pass the nextToken of the previous ListBackendJobs answer unchanged")
		}
		after = string(b)
	}
	out := &ab.ListBackendJobsResponse{Jobs: []ab.BackendJobRespObj{}}
	e := s.read(func(tx *bolt.Tx) *apiError {
		if e := checkAppEnv(tx, rt.app, rt.env); e != nil {
			return e
		}
		all, err := listJobs(tx, rt.app, rt.env)
		if err != nil {
			return internal(err)
		}
		var jobs []ab.BackendJobRespObj
		for i := range all {
			j := all[i].wire(now)
			if (in.JobId == "" || j.JobId == in.JobId) && (in.Operation == "" || j.Operation == in.Operation) && (in.Status == "" || j.Status == in.Status) {
				jobs = append(jobs, j)
			}
		}
		start := 0
		if after != "" {
			start = -1
			for i, j := range jobs {
				if j.JobId == after {
					start = i
					break
				}
			}
			if start < 0 {
				return badRequest("Invalid nextToken: pass the nextToken of the previous ListBackendJobs answer unchanged, with the same filters")
			}
		}
		end := min(start+max, len(jobs))
		out.Jobs = append(out.Jobs, jobs[start:end]...)
		if end < len(jobs) {
			out.NextToken = base64.RawURLEncoding.EncodeToString([]byte(jobs[end].JobId))
		}
		return nil
	})
	return out, e
}

// ResourceCount returns how many BackendAPI resources exist now across all
// apps and environments.
func (s *Server) ResourceCount(ctx context.Context) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	var n int
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = countResources(tx, s.now())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("count emulator resources: %w", err)
	}
	return n, nil
}
