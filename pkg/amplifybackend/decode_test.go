package amplifybackend

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSanitizeCode(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"NotFoundException": "NotFoundException",
		"NotFoundException:http://internal.amazon.com/coral/com.amazonaws.amplifybackend/": "NotFoundException",
		"com.amazonaws.amplifybackend#BadRequestException":                                 "BadRequestException",
		"aws.protocoltests#TooManyRequestsException:http://x":                              "TooManyRequestsException",
		"  GatewayTimeoutException ":                                                       "GatewayTimeoutException",
		"":                                                                                 "",
	}
	for in, want := range tests {
		if got := sanitizeCode(in); got != want {
			t.Errorf("sanitizeCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzDecodeError checks that any error answer decodes without panicking
// into a code free of the decorations AWS front ends add.
func FuzzDecodeError(f *testing.F) {
	f.Add(400, "BadRequestException:http://x", `{"message":"m"}`)
	f.Add(404, "", `{"__type":"ns#NotFoundException","resourceType":"App"}`)
	f.Add(403, "", `<html>`)
	f.Add(500, "", ``)
	f.Fuzz(func(t *testing.T, status int, header, body string) {
		h := http.Header{}
		h.Set("X-Amzn-ErrorType", header)
		e := decodeError("Op", status, h, []byte(body))
		if e.Code == "" || strings.ContainsAny(e.Code, ":#") {
			t.Errorf("code %q from header %q body %q", e.Code, header, body)
		}
		if !utf8.ValidString(e.Message) {
			t.Errorf("message %q from body %q is not valid UTF-8", e.Message, body)
		}
		if !json.Valid([]byte(body)) && (strings.ContainsAny(e.Message, "\r\n") || len(e.Message) > 3*200) {
			t.Errorf("message %q from non-JSON body %q is not one short line", e.Message, body)
		}
		_ = e.Error()
	})
}

// TestContextDeadline checks that the per-call time limit comes from the
// context: a server that never answers is abandoned when ctx ends, and the
// attempt is not retried after that.
func TestContextDeadline(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	t.Cleanup(func() {
		close(release)
		srv.Close()
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxAttempts = 5 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	var info CallInfo
	_, err := c.GetBackendJob(WithCallInfo(ctx, &info), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	if info.Attempts != 1 {
		t.Errorf("attempts = %d, want 1: a call whose context ended must not retry", info.Attempts)
	}
}
