package amplifybackend

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
)

// Attempt describes one HTTP attempt of a call, as given to
// Options.OnAttempt.
type Attempt struct {
	Operation  string
	Attempt    int // 1-based
	StatusCode int // 0 when no response arrived
	RequestID  string
	Err        error // nil on success
	// Retrying is true when another attempt follows after Delay.
	Retrying bool
	Delay    time.Duration
}

// CallInfo is filled in by the client at the end of a call made with a
// context from WithCallInfo.
type CallInfo struct {
	Operation  string
	Attempts   int // HTTP attempts made, including the last
	StatusCode int // of the last attempt; 0 when no response arrived
	RequestID  string
}

type callInfoKey struct{}

// WithCallInfo returns a context that makes the client record the call's
// attempt count, status and request ID into info when the call returns. Use a
// fresh CallInfo per call; it must not be read while the call runs.
func WithCallInfo(ctx context.Context, info *CallInfo) context.Context {
	return context.WithValue(ctx, callInfoKey{}, info)
}

func callInfoFrom(ctx context.Context) *CallInfo {
	info, _ := ctx.Value(callInfoKey{}).(*CallInfo)
	return info
}

// isRetryableAPIError decides for service answers: TooManyRequestsException
// (429), GatewayTimeoutException (504) and 500/502/503 are retried; every
// other service answer (400, 403, 404, ...) is final.
func isRetryableAPIError(err error) aws.Ternary {
	var ae *APIError
	if !errors.As(err, &ae) {
		return aws.UnknownTernary
	}
	if ae.Code == CodeTooManyRequests || ae.Code == CodeGatewayTimeout || ae.StatusCode == http.StatusTooManyRequests {
		return aws.TrueTernary
	}
	switch ae.StatusCode {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return aws.TrueTernary
	}
	return aws.FalseTernary
}

// newRetryer builds the SDK's standard retryer (jittered exponential backoff
// and a retry-token quota) with bapi's retryability rules.
func newRetryer(opts Options, cfgMaxAttempts int) *retry.Standard {
	maxAttempts := opts.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = cfgMaxAttempts
	}
	if maxAttempts <= 0 {
		maxAttempts = retry.DefaultMaxAttempts
	}
	return retry.NewStandard(func(o *retry.StandardOptions) {
		o.MaxAttempts = maxAttempts
		if opts.MaxBackoff > 0 {
			o.MaxBackoff = opts.MaxBackoff
		}
		if opts.DisableRetryQuota {
			o.RateLimiter = ratelimit.None
		}
		o.Retryables = []retry.IsErrorRetryable{
			retry.NoRetryCanceledError{},
			retry.IsErrorRetryableFunc(isRetryableAPIError),
			retry.RetryableConnectionError{},
		}
	})
}
