package emulator

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

// clock is an injected, manually advanced clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// startTest serves a new emulator on httptest; opts.Now defaults to a new
// clock, returned, and opts.Apps to the test app: app1 with environment
// dev.
func startTest(t *testing.T, opts Options) (*Server, *httptest.Server, *clock) {
	t.Helper()
	if opts.Apps == nil {
		opts.Apps = map[string][]string{"app1": {"dev"}}
	}
	clk := newClock()
	if opts.Now == nil {
		opts.Now = clk.Now
	}
	s, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(func() {
		hs.Close()
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s, hs, clk
}

// client signs requests the way an AWS SDK does.
type client struct {
	url           string
	akid, secret  string
	region        string
	now           func() time.Time
	skipSignature bool
	hc            *http.Client
}

func newClient(url string, now func() time.Time) *client {
	return &client{url: url, akid: DefaultAccessKeyID, secret: DefaultSecretAccessKey, region: DefaultRegion, now: now, hc: &http.Client{}}
}

// reply is one answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) errorType() string { return r.header.Get("X-Amzn-ErrorType") }

func (r reply) message(t *testing.T) map[string]string {
	t.Helper()
	var m map[string]string
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("error body %s: %v", r.body, err)
	}
	return m
}

func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d %s: %s", r.status, r.errorType(), r.body)
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends body (a []byte or string as is, anything else as JSON, nil as no
// body) to method path, signed unless skipSignature.
func (c *client) do(t testing.TB, method, path string, body any) reply {
	t.Helper()
	var data []byte
	switch b := body.(type) {
	case nil:
	case []byte:
		data = b
	case string:
		data = []byte(b)
	default:
		var err error
		if data, err = json.Marshal(b); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, c.url+path, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if data != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if !c.skipSignature {
		sum := sha256.Sum256(data)
		creds := aws.Credentials{AccessKeyID: c.akid, SecretAccessKey: c.secret}
		if err := v4.NewSigner().SignHTTP(context.Background(), creds, req, hex.EncodeToString(sum[:]), "amplifybackend", c.region, c.now()); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	out, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("X-Amzn-RequestId") == "" {
		t.Errorf("%s %s: answer has no X-Amzn-RequestId", method, path)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: out}
}
