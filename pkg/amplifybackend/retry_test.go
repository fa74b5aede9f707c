package amplifybackend

import (
	"context"
	"errors"
	"fmt"
	"net"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// TestIsTransient: the client's retryer and apply's polling classify errors
// by the same rule.
func TestIsTransient(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "nil", err: nil, want: false},
		{name: "throttled", err: &APIError{StatusCode: 429, Code: CodeTooManyRequests}, want: true},
		{name: "429 without a code", err: &APIError{StatusCode: 429}, want: true},
		{name: "gateway timeout", err: &APIError{StatusCode: 504, Code: CodeGatewayTimeout}, want: true},
		{name: "500", err: &APIError{StatusCode: 500}, want: true},
		{name: "502", err: &APIError{StatusCode: 502}, want: true},
		{name: "503", err: &APIError{StatusCode: 503}, want: true},
		{name: "501 is final", err: &APIError{StatusCode: 501}, want: false},
		{name: "bad request", err: &APIError{StatusCode: 400, Code: "BadRequestException"}, want: false},
		{name: "not found", err: &APIError{StatusCode: 404, Code: CodeNotFound}, want: false},
		{name: "forbidden", err: &APIError{StatusCode: 403}, want: false},
		{name: "wrapped", err: fmt.Errorf("get job: %w", &APIError{StatusCode: 503}), want: true},
		{name: "param error", err: &ParamError{}, want: false},
		{name: "cancelled", err: fmt.Errorf("call: %w", context.Canceled), want: false},
		{name: "deadline", err: context.DeadlineExceeded, want: false},
		{name: "no answer", err: &net.OpError{Op: "dial", Err: errors.New("connection refused")}, want: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := IsTransient(tc.err); got != tc.want {
				t.Errorf("IsTransient(%v) = %v, want %v", tc.err, got, tc.want)
			}
			var ae *APIError
			if errors.As(tc.err, &ae) {
				if got, want := isRetryableAPIError(tc.err), aws.BoolTernary(tc.want); got != want {
					t.Errorf("the retryer decides %v for %v, IsTransient %v", got, tc.err, tc.want)
				}
			}
		})
	}
}
