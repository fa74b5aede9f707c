package amplifybackend

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials/ec2rolecreds"
	"github.com/aws/smithy-go/logging"
	smithyrand "github.com/aws/smithy-go/rand"

	"github.com/bapi-dev/bapi/internal/ctxtime"
	"github.com/bapi-dev/bapi/internal/version"
)

// Compile-time check that *Client satisfies the API.
var _ API = (*Client)(nil)

// Options configure a Client. The zero value takes the documented defaults.
type Options struct {
	// EndpointURL is the explicit endpoint (--endpoint-url). It wins over
	// AWS_ENDPOINT_URL_AMPLIFYBACKEND, AWS_ENDPOINT_URL, the shared config
	// and the default https://amplifybackend.{region}.amazonaws.com.
	EndpointURL string
	// Region overrides cfg.Region for signing and the default endpoint.
	Region string
	// MaxAttempts is the most HTTP attempts per call, the first included
	// (default cfg.RetryMaxAttempts, else 3). 1 disables retries.
	MaxAttempts int
	// MaxBackoff caps the jittered exponential delay between attempts
	// (default the SDK's 20s). Tests set it to a millisecond.
	MaxBackoff time.Duration
	// DisableRetryQuota turns off the SDK retryer's client-wide retry-token
	// bucket, so that every call gets all of its MaxAttempts.
	DisableRetryQuota bool
	// UserAgentVersion is bapi's version in the User-Agent (default the
	// build's version).
	UserAgentVersion string
	// CallTimeout is how long one HTTP attempt waits for the whole answer
	// (--call-timeout; default DefaultCallTimeout). An attempt that gets
	// none in time fails with a *ResponseTimeoutError, which is retried
	// like a dropped connection.
	CallTimeout time.Duration
	// HTTPClient sends requests (default cfg.HTTPClient, else the SDK's
	// buildable client). The overall deadline comes from the context.
	HTTPClient aws.HTTPClient
	// Getenv reads the endpoint environment variables (default os.Getenv).
	Getenv func(string) string
	// Now is the signing clock (default time.Now).
	Now func() time.Time
	// OnAttempt, if set, is called after every HTTP attempt, from the
	// calling goroutine.
	OnAttempt func(ctx context.Context, a Attempt)
}

// Client calls the AmplifyBackend REST-JSON API. It is safe for concurrent
// use.
type Client struct {
	creds    aws.CredentialsProvider
	region   string
	endpoint *url.URL
	source   EndpointSource
	// appsEndpoint is the Amplify service's (GetApp; apps.go),
	// dynamoEndpoint DynamoDB's (DescribeTable, DescribeContinuousBackups; dynamodb.go).
	appsEndpoint, dynamoEndpoint *url.URL
	initErr                      error
	http                         aws.HTTPClient
	signer                       *v4.Signer
	retryer                      *retry.Standard
	timeout                      time.Duration
	userAgent                    string
	now                          func() time.Time
	onAttempt                    func(context.Context, Attempt)
}

// New returns a client using cfg's credentials, region, HTTP client and
// shared-config endpoint settings. Configuration problems (no region, a bad
// endpoint URL) are reported by every call and by Err.
//
// New is NewWithContext with context.Background(); prefer NewWithContext
// where a context is at hand.
func New(cfg aws.Config, opts Options) *Client {
	return NewWithContext(context.Background(), cfg, opts)
}

// NewWithContext is New with the context used to read the shared-config
// endpoint settings.
func NewWithContext(ctx context.Context, cfg aws.Config, opts Options) *Client {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	c := &Client{
		region:    cfg.Region,
		http:      opts.HTTPClient,
		signer:    v4.NewSigner(),
		retryer:   newRetryer(opts, cfg.RetryMaxAttempts),
		timeout:   opts.CallTimeout,
		now:       opts.Now,
		onAttempt: opts.OnAttempt,
	}
	if opts.Region != "" {
		c.region = opts.Region
	}
	if c.http == nil {
		c.http = cfg.HTTPClient
	}
	if c.http == nil {
		c.http = awshttp.NewBuildableClient()
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.timeout <= 0 {
		c.timeout = DefaultCallTimeout
	}
	switch p := cfg.Credentials.(type) {
	case nil:
		c.initErr = errors.New("no AWS credentials provider configured: set AWS_PROFILE or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	case *aws.CredentialsCache:
		c.creds = p
	default:
		c.creds = aws.NewCredentialsCache(p)
	}
	ver := opts.UserAgentVersion
	if ver == "" {
		ver = version.Get().Version
	}
	c.userAgent = "bapi/" + ver + " aws-sdk-go-v2/" + aws.SDKVersion
	if cfg.AppID != "" {
		c.userAgent += " app/" + cfg.AppID
	}
	u, src, err := resolveEndpoint(ctx, cfg, c.region, opts.EndpointURL, getenv)
	c.endpoint, c.source = u, src
	if err != nil && c.initErr == nil {
		c.initErr = err
	}
	c.appsEndpoint, err = appsEndpoint(c.endpoint, c.source, c.region, getenv)
	if err != nil && c.initErr == nil {
		c.initErr = err
	}
	c.dynamoEndpoint, err = dynamoEndpoint(c.region, getenv)
	if err != nil && c.initErr == nil {
		c.initErr = err
	}
	if c.initErr == nil && c.region == "" {
		c.initErr = errors.New("no AWS region configured: pass --region, set AWS_REGION, or set region in the AWS profile")
	}
	return c
}

// LoadOptions select the AWS configuration for Load.
type LoadOptions struct {
	Profile          string // --profile; "" uses AWS_PROFILE or default
	Region           string // --region; "" uses AWS_REGION or the profile
	EndpointURL      string // --endpoint-url
	MaxAttempts      int
	UserAgentVersion string
	// Client holds the remaining client options; the fields above win.
	Client Options
	// Log receives the AWS SDK's own log lines (such as "falling back to
	// IMDSv1"), one per line; nil discards them. The SDK never writes to
	// the process's stderr itself.
	Log io.Writer
}

// sdkLogger writes the SDK's log lines to w as "aws sdk: LEVEL: message".
func sdkLogger(w io.Writer) logging.Logger {
	if w == nil {
		w = io.Discard
	}
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		fmt.Fprintf(w, "aws sdk: %s: %s\n", strings.ToLower(string(c)), strings.TrimRight(fmt.Sprintf(format, v...), "\n"))
	})
}

// NoCredentialsError is Load's error when nothing configures credentials
// (no environment variables, no profile with any) and the last resort, an
// EC2 instance role, answered none. Its message leaves out the SDK's detail
// (Err), which is about the instance metadata service the user never asked
// for.
type NoCredentialsError struct {
	Err error
}

func (e *NoCredentialsError) Error() string {
	return "no AWS credentials found"
}

func (e *NoCredentialsError) Unwrap() error { return e.Err }

// heldLog holds what is written to it until release, which writes it on or
// drops it; after release it writes straight through.
type heldLog struct {
	mu   sync.Mutex
	w    io.Writer
	held *bytes.Buffer
}

func (h *heldLog) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.held != nil {
		return h.held.Write(p)
	}
	return h.w.Write(p)
}

func (h *heldLog) release(keep bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if keep && h.held.Len() > 0 {
		_, _ = h.w.Write(h.held.Bytes())
	}
	h.held = nil
}

// Load builds a client from the standard AWS configuration chain
// (config.LoadDefaultConfig): environment credentials, shared config and
// credentials files, SSO, IMDS. When only the instance role is left, Load
// asks for it at once and returns a *NoCredentialsError if there is none,
// without the SDK's log lines about the attempt.
func Load(ctx context.Context, o LoadOptions) (*Client, error) {
	logw := o.Log
	if logw == nil {
		logw = io.Discard
	}
	hl := &heldLog{w: logw, held: new(bytes.Buffer)}
	lo := []func(*config.LoadOptions) error{config.WithLogger(sdkLogger(hl))}
	if o.Profile != "" {
		lo = append(lo, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Region != "" {
		lo = append(lo, config.WithRegion(o.Region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, lo...)
	if err != nil {
		hl.release(true)
		return nil, fmt.Errorf("load AWS configuration (check --profile and the AWS config files): %w", err)
	}
	if cc, ok := cfg.Credentials.(*aws.CredentialsCache); ok && cc.IsCredentialsProvider(&ec2rolecreds.Provider{}) {
		if _, err := cc.Retrieve(ctx); err != nil {
			hl.release(false)
			if ctx.Err() != nil {
				return nil, fmt.Errorf("retrieve AWS credentials: %w", ctx.Err())
			}
			return nil, &NoCredentialsError{Err: err}
		}
	}
	hl.release(true)
	opts := o.Client
	if o.EndpointURL != "" {
		opts.EndpointURL = o.EndpointURL
	}
	if o.MaxAttempts != 0 {
		opts.MaxAttempts = o.MaxAttempts
	}
	if o.UserAgentVersion != "" {
		opts.UserAgentVersion = o.UserAgentVersion
	}
	c := NewWithContext(ctx, cfg, opts)
	if err := c.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Err reports a configuration problem found by New, or nil.
func (c *Client) Err() error { return c.initErr }

// Endpoint returns the endpoint URL calls go to, and where it came from.
func (c *Client) Endpoint() (string, EndpointSource) {
	if c.endpoint == nil {
		return "", c.source
	}
	return c.endpoint.String(), c.source
}

// Region returns the signing region.
func (c *Client) Region() string { return c.region }

// UserAgent returns the User-Agent header value the client sends.
func (c *Client) UserAgent() string { return c.userAgent }

// MaxAttempts returns the most HTTP attempts a call makes.
func (c *Client) MaxAttempts() int { return c.retryer.MaxAttempts() }

// CreateBackend starts a job creating an app's backend environment
// (POST /backend). The app ID is a body member here.
func (c *Client) CreateBackend(ctx context.Context, in *CreateBackendRequest) (*CreateBackendResponse, error) {
	const op = "CreateBackend"
	if in == nil {
		in = &CreateBackendRequest{}
	}
	out := &CreateBackendResponse{}
	if err := c.call(ctx, op, http.MethodPost, "/backend", in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetBackend returns an app's backend environment: its environments, its
// amplify-meta.json (the categories it holds) and its feature flags
// (POST /backend/{appId}/details).
func (c *Client) GetBackend(ctx context.Context, in *GetBackendRequest) (*GetBackendResponse, error) {
	const op = "GetBackend"
	if in == nil {
		in = &GetBackendRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/details", map[string]string{"appId": in.AppId})
	if err != nil {
		return nil, err
	}
	out := &GetBackendResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// CreateBackendAPI starts a job creating a backend API
// (POST /backend/{appId}/api).
func (c *Client) CreateBackendAPI(ctx context.Context, in *CreateBackendAPIRequest) (*CreateBackendAPIResponse, error) {
	const op = "CreateBackendAPI"
	if in == nil {
		in = &CreateBackendAPIRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/api", map[string]string{"appId": in.AppId})
	if err != nil {
		return nil, err
	}
	out := &CreateBackendAPIResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetBackendAPI returns a backend API's configuration
// (POST /backend/{appId}/api/{backendEnvironmentName}/details).
func (c *Client) GetBackendAPI(ctx context.Context, in *GetBackendAPIRequest) (*GetBackendAPIResponse, error) {
	const op = "GetBackendAPI"
	if in == nil {
		in = &GetBackendAPIRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/api/{backendEnvironmentName}/details",
		map[string]string{"appId": in.AppId, "backendEnvironmentName": in.BackendEnvironmentName})
	if err != nil {
		return nil, err
	}
	out := &GetBackendAPIResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// UpdateBackendAPI starts a job updating a backend API
// (POST /backend/{appId}/api/{backendEnvironmentName}).
func (c *Client) UpdateBackendAPI(ctx context.Context, in *UpdateBackendAPIRequest) (*UpdateBackendAPIResponse, error) {
	const op = "UpdateBackendAPI"
	if in == nil {
		in = &UpdateBackendAPIRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/api/{backendEnvironmentName}",
		map[string]string{"appId": in.AppId, "backendEnvironmentName": in.BackendEnvironmentName})
	if err != nil {
		return nil, err
	}
	out := &UpdateBackendAPIResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// DeleteBackendAPI starts a job deleting a backend API
// (POST /backend/{appId}/api/{backendEnvironmentName}/remove).
func (c *Client) DeleteBackendAPI(ctx context.Context, in *DeleteBackendAPIRequest) (*DeleteBackendAPIResponse, error) {
	const op = "DeleteBackendAPI"
	if in == nil {
		in = &DeleteBackendAPIRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/api/{backendEnvironmentName}/remove",
		map[string]string{"appId": in.AppId, "backendEnvironmentName": in.BackendEnvironmentName})
	if err != nil {
		return nil, err
	}
	out := &DeleteBackendAPIResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// GetBackendJob returns one job
// (GET /backend/{appId}/job/{backendEnvironmentName}/{jobId}).
func (c *Client) GetBackendJob(ctx context.Context, in *GetBackendJobRequest) (*GetBackendJobResponse, error) {
	const op = "GetBackendJob"
	if in == nil {
		in = &GetBackendJobRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/job/{backendEnvironmentName}/{jobId}",
		map[string]string{"appId": in.AppId, "backendEnvironmentName": in.BackendEnvironmentName, "jobId": in.JobId})
	if err != nil {
		return nil, err
	}
	out := &GetBackendJobResponse{}
	if err := c.call(ctx, op, http.MethodGet, path, nil, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ListBackendJobs returns one page of an environment's jobs
// (POST /backend/{appId}/job/{backendEnvironmentName}). Use
// NewListBackendJobsPaginator or ListAllBackendJobs to follow NextToken.
func (c *Client) ListBackendJobs(ctx context.Context, in *ListBackendJobsRequest) (*ListBackendJobsResponse, error) {
	const op = "ListBackendJobs"
	if in == nil {
		in = &ListBackendJobsRequest{}
	}
	path, err := uriPath(op, "/backend/{appId}/job/{backendEnvironmentName}",
		map[string]string{"appId": in.AppId, "backendEnvironmentName": in.BackendEnvironmentName})
	if err != nil {
		return nil, err
	}
	out := &ListBackendJobsResponse{}
	if err := c.call(ctx, op, http.MethodPost, path, in, out); err != nil {
		return nil, err
	}
	return out, nil
}

// attemptResult is what one HTTP attempt produced.
type attemptResult struct {
	status    int
	requestID string
	err       error
}

// call runs one operation: it marshals in (nil means no body), then makes
// signed attempts until one succeeds, the error is not retryable, the
// attempts or the retry quota run out, or ctx ends.
func (c *Client) call(ctx context.Context, op, method, path string, in, out any) (err error) {
	return c.callService(ctx, service{endpoint: c.endpoint, signing: SigningName}, op, method, path, in, out)
}

// service is where a call goes and how it is signed: AmplifyBackend's
// REST-JSON, or another service the client reaches (apps.go, dynamodb.go).
type service struct {
	endpoint *url.URL
	signing  string
	// target, for a JSON 1.0 service (DynamoDB), is the X-Amz-Target
	// header; "" for REST-JSON.
	target string
}

// callService is call for the service svc.
func (c *Client) callService(ctx context.Context, svc service, op, method, path string, in, out any) (err error) {
	if c.initErr != nil {
		return fmt.Errorf("%s: %w", op, c.initErr)
	}
	var body []byte
	if in != nil {
		body, err = json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s: encode request: %w", op, err)
		}
	}
	u, err := buildURL(svc.endpoint, path)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	sum := sha256.Sum256(body)
	payloadHash := hex.EncodeToString(sum[:])
	invocationID := newInvocationID()
	maxAttempts := c.retryer.MaxAttempts()

	info := callInfoFrom(ctx)
	var last attemptResult
	attempts := 0
	outOfAttempts := false // the last error was retryable, but no attempt was left
	defer func() {
		if info != nil {
			*info = CallInfo{Operation: op, Attempts: attempts, StatusCode: last.status, RequestID: last.requestID}
		}
		var ae *APIError
		if errors.As(err, &ae) {
			ae.Attempts = attempts
			ae.OutOfAttempts = outOfAttempts
		}
	}()

	var releaseRetry func(error) error
	for {
		if cerr := ctx.Err(); cerr != nil {
			if last.err != nil {
				return fmt.Errorf("%s: stopped after %d attempts: %w (last attempt: %w)", op, attempts, cerr, last.err)
			}
			return fmt.Errorf("%s: %w", op, cerr)
		}
		attempts++
		var releaseAttempt func(error) error
		if attempts == 1 {
			releaseAttempt, _ = c.retryer.GetAttemptToken(ctx)
		}
		last = c.attempt(ctx, svc, op, method, u, body, payloadHash, invocationID, attempts, maxAttempts, out)
		if releaseAttempt != nil {
			_ = releaseAttempt(last.err)
		}
		if releaseRetry != nil {
			_ = releaseRetry(last.err)
			releaseRetry = nil
		}
		ev := Attempt{Operation: op, Attempt: attempts, StatusCode: last.status, RequestID: last.requestID, Err: last.err}
		if last.err == nil {
			c.report(ctx, ev)
			return nil
		}
		if ctx.Err() != nil || !c.retryer.IsErrorRetryable(last.err) || attempts >= maxAttempts {
			outOfAttempts = ctx.Err() == nil && attempts >= maxAttempts && c.retryer.IsErrorRetryable(last.err)
			c.report(ctx, ev)
			if outOfAttempts {
				var ae *APIError
				if !errors.As(last.err, &ae) {
					return fmt.Errorf("%s: %w (gave up after %s%s)", op, last.err, attemptsNoun(attempts), maxAttemptsHint)
				}
			}
			return c.final(op, attempts, last.err)
		}
		tok, terr := c.retryer.GetRetryToken(ctx, last.err)
		if terr != nil {
			c.report(ctx, ev)
			return c.final(op, attempts, fmt.Errorf("%w (not retried, client retry quota exhausted: %w)", last.err, terr))
		}
		releaseRetry = tok
		delay, derr := c.retryer.RetryDelay(attempts, last.err)
		if derr != nil {
			c.report(ctx, ev)
			return c.final(op, attempts, last.err)
		}
		ev.Retrying, ev.Delay = true, delay
		c.report(ctx, ev)
		if serr := ctxtime.Sleep(ctx, delay); serr != nil {
			return fmt.Errorf("%s: stopped after %d attempts: %w (last attempt: %w)", op, attempts, serr, last.err)
		}
	}
}

// final shapes the error a call returns: an *APIError as is (it names the
// operation), anything else wrapped with the operation and attempt count.
func (c *Client) final(op string, attempts int, err error) error {
	var ae *APIError
	if errors.As(err, &ae) {
		return err
	}
	if attempts > 1 {
		return fmt.Errorf("%s: giving up after %d attempts: %w", op, attempts, err)
	}
	return fmt.Errorf("%s: %w", op, err)
}

func (c *Client) report(ctx context.Context, a Attempt) {
	if c.onAttempt != nil {
		c.onAttempt(ctx, a)
	}
}

// attempt makes one signed HTTP request and decodes its answer into out, or
// into an *APIError.
func (c *Client) attempt(ctx context.Context, svc service, op, method string, u *url.URL, body []byte, payloadHash, invocationID string, n, maxAttempts int, out any) (res attemptResult) {
	creds, err := c.creds.Retrieve(ctx)
	if err != nil {
		return attemptResult{err: fmt.Errorf("retrieve AWS credentials (check the profile, environment or SSO login): %w", err)}
	}
	// The attempt, sending and reading the whole answer, gets c.timeout: an
	// endpoint that accepts the connection and never answers must not hold
	// the call for ever.
	actx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	defer func() {
		if res.err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
			res.err = &ResponseTimeoutError{Timeout: c.timeout, Status: res.status}
		}
	}()
	return c.attemptWith(actx, svc, op, method, u, body, payloadHash, invocationID, n, maxAttempts, creds, out)
}

// attemptWith is attempt's request and answer, under ctx.
func (c *Client) attemptWith(ctx context.Context, svc service, op, method string, u *url.URL, body []byte, payloadHash, invocationID string, n, maxAttempts int, creds aws.Credentials, out any) attemptResult {
	var err error
	var req *http.Request
	if body != nil {
		req, err = http.NewRequestWithContext(ctx, method, u.String(), bytes.NewReader(body))
	} else {
		req, err = http.NewRequestWithContext(ctx, method, u.String(), http.NoBody)
	}
	if err != nil {
		return attemptResult{err: fmt.Errorf("build request: %w", err)}
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
		if svc.target != "" {
			req.Header.Set("Content-Type", "application/x-amz-json-1.0")
			req.Header.Set("X-Amz-Target", svc.target)
		}
		req.ContentLength = int64(len(body))
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	req.Header.Set("Amz-Sdk-Invocation-Id", invocationID)
	req.Header.Set("Amz-Sdk-Request", "attempt="+strconv.Itoa(n)+"; max="+strconv.Itoa(maxAttempts))
	if err := c.signer.SignHTTP(ctx, creds, req, payloadHash, svc.signing, c.region, c.now()); err != nil {
		return attemptResult{err: fmt.Errorf("sign request: %w", err)}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		// *url.Error strips passwords from the URL; the request's headers,
		// which hold the signature, are never part of the message.
		return attemptResult{err: &sendError{err: err}}
	}
	defer resp.Body.Close()
	res := attemptResult{status: resp.StatusCode, requestID: requestID(resp.Header)}
	data, err := readBody(resp.Body)
	if err != nil {
		res.err = fmt.Errorf("read HTTP %d response: %w", resp.StatusCode, err)
		return res
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		res.err = decodeError(op, resp.StatusCode, resp.Header, data)
		return res
	}
	res.err = decodeOutput(op, resp.StatusCode, resp.Header, data, out)
	return res
}

// newInvocationID returns a random ID shared by a call's attempts
// (amz-sdk-invocation-id), a version 4 UUID made as the SDK's own clients
// make it. crypto/rand's Reader does not fail, so neither does this.
func newInvocationID() string {
	id, _ := smithyrand.NewUUID(rand.Reader).GetUUID()
	return id
}

// DefaultCallTimeout is how long one HTTP attempt waits for its answer when
// Options.CallTimeout is not set. AmplifyBackend answers through API
// Gateway, which gives up on its integration after 29 seconds (answering 504
// GatewayTimeoutException), so a live endpoint answers within that; an
// attempt still waiting after 30 seconds is talking to something that will
// never answer.
const DefaultCallTimeout = 30 * time.Second

// ResponseTimeoutError is an attempt that got no (whole) answer within the
// call timeout: the endpoint accepted the connection and stayed silent, or
// answered too slowly. It is retried as a connection error is.
type ResponseTimeoutError struct {
	Timeout time.Duration
	// Status is the answer's status when its headers came but its body did
	// not finish in time; 0 when nothing came.
	Status int
}

func (e *ResponseTimeoutError) Error() string {
	what := "no answer"
	if e.Status != 0 {
		what = fmt.Sprintf("HTTP %d answer not finished", e.Status)
	}
	return fmt.Sprintf("%s within %v: the endpoint accepted the request but did not answer; check the endpoint (--endpoint-url), or raise --call-timeout if it is only slow", what, e.Timeout)
}

// ConnectionError makes the SDK's retryer retry it.
func (e *ResponseTimeoutError) ConnectionError() bool { return true }

// sendError is a request that got no response (refused, reset, dropped). The
// SDK's retryer treats it as a connection error and retries it, as the SDK's
// own clients do.
type sendError struct{ err error }

func (e *sendError) Error() string         { return "send request: " + e.err.Error() }
func (e *sendError) Unwrap() error         { return e.err }
func (e *sendError) ConnectionError() bool { return true }
