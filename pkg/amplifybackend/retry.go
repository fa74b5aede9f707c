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

// transientAnswer is the one rule for service answers: throttling
// (TooManyRequestsException or 429), a gateway timeout
// (GatewayTimeoutException) and 500/502/503/504 may go away by themselves;
// every other answer (400, 403, 404, 501, ...) is final.
func transientAnswer(ae *APIError) bool {
	if ae.Code == CodeTooManyRequests || ae.Code == CodeGatewayTimeout {
		return true
	}
	switch ae.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// isRetryableAPIError decides for service answers, by transientAnswer; the
// retryer's other rules decide for everything else.
func isRetryableAPIError(err error) aws.Ternary {
	var ae *APIError
	if !errors.As(err, &ae) {
		return aws.UnknownTernary
	}
	return aws.BoolTernary(transientAnswer(ae))
}

// IsTransient reports whether a call's error may go away by itself: a
// service answer transientAnswer retries (throttling, a gateway timeout, a
// 500/502/503/504), or no answer at all (a network error). The client has
// already retried it; a caller that keeps following a job may try again
// later. Any other service answer, a request the client refused to send
// (*ParamError) and a cancelled or expired context are not transient.
func IsTransient(err error) bool {
	if err == nil {
		return false
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return transientAnswer(ae)
	}
	var pe *ParamError
	if errors.As(err, &pe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	return true
}

// DefaultMaxAttempts is the most HTTP attempts per call when neither
// Options.MaxAttempts (--max-attempts) nor the AWS configuration
// (max_attempts, AWS_MAX_ATTEMPTS) sets it.
//
// The AWS SDKs' standard retry mode makes 3 attempts
// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html),
// a default for applications that retry on their own. bapi is a deploy
// tool, where a failed plan costs a person a rerun. AmplifyBackend answers
// through API Gateway (its API reference,
// https://docs.aws.amazon.com/amplify-admin-ui/latest/APIReference/backend.html,
// serves /prod/backend and lists 429 and 504 for every operation), and its
// model documents TooManyRequestsException (a limit exceeded) and
// GatewayTimeoutException (a temporary issue) with no rate to pace calls
// by: both are to be waited out. With 3 attempts, 3 answers in 10 failing
// that way (the emulator's --fault-throttle 0.2 --fault-timeout 0.1) failed
// 8 of 40 plans of examples/specs/ (about 15 calls each); with 8, none
// (0.3^8: under one call in 10,000 fails). The standard mode's jittered
// backoff, capped at 20 s, spends that time only while the service pushes
// back.
const DefaultMaxAttempts = 8

// newRetryer builds the SDK's standard retryer (jittered exponential backoff
// and a retry-token quota) with bapi's retryability rules.
func newRetryer(opts Options, cfgMaxAttempts int) *retry.Standard {
	maxAttempts := opts.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = cfgMaxAttempts
	}
	if maxAttempts <= 0 {
		maxAttempts = DefaultMaxAttempts
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
