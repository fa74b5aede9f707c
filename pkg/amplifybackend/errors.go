package amplifybackend

import (
	"errors"
	"fmt"
	"strings"
)

// Error codes of the service model, and the signing errors AWS front ends
// answer with.
const (
	CodeBadRequest          = "BadRequestException"
	CodeNotFound            = "NotFoundException"
	CodeTooManyRequests     = "TooManyRequestsException"
	CodeGatewayTimeout      = "GatewayTimeoutException"
	CodeUnrecognizedClient  = "UnrecognizedClientException"
	CodeInvalidSignature    = "InvalidSignatureException"
	CodeIncompleteSignature = "IncompleteSignatureException"
	// CodeUnknown is used when an error response names no code and its
	// status is not one the model maps to an error.
	CodeUnknown = "UnknownError"
)

// APIError is an error answered by the service, decoded the rest-json way.
// Callers match it with errors.As. It never holds credentials.
type APIError struct {
	Operation    string // e.g. "CreateBackendAPI"
	StatusCode   int
	Code         string // e.g. "NotFoundException"
	Message      string
	RequestID    string
	ResourceType string // NotFoundException only
	LimitType    string // TooManyRequestsException only
	// Attempts is how many HTTP attempts the call made before giving up
	// (1 when the error was not retried).
	Attempts int
	// OutOfAttempts is true when the error may go away by itself (throttling,
	// a gateway timeout) and the call stopped only because it had made its
	// MaxAttempts: the message then names --max-attempts.
	OutOfAttempts bool
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: %s (HTTP %d)", e.Operation, e.Code, e.StatusCode)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	switch {
	case e.OutOfAttempts:
		s += fmt.Sprintf(" (gave up after %s%s)", attemptsNoun(e.Attempts), maxAttemptsHint)
	case e.Attempts > 1:
		s += fmt.Sprintf(" (after %d attempts)", e.Attempts)
	}
	return s
}

// maxAttemptsHint ends the message of a call that ran out of attempts on an
// error that may go away by itself.
const maxAttemptsHint = ": raise --max-attempts to retry longer"

func attemptsNoun(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}

// HTTPStatusCode returns the response status (used by the SDK's retry
// checks).
func (e *APIError) HTTPStatusCode() int { return e.StatusCode }

// ErrorCode returns the service error code (smithy's APIError interface).
func (e *APIError) ErrorCode() string { return e.Code }

// ErrorMessage returns the service message (smithy's APIError interface).
func (e *APIError) ErrorMessage() string { return e.Message }

// HasCode reports whether err is, or wraps, an *APIError with the given code.
func HasCode(err error, code string) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Code == code
}

// IsNotFound reports whether err is a NotFoundException.
func IsNotFound(err error) bool { return HasCode(err, CodeNotFound) }

// PendingJobMessage is the part of the service's message that tells a
// refused call apart: another job is still running on the app environment.
// The whole message reads "ValidationException - An error occurred while
// processing your request: There is already a pending job for the requested
// appId: APP and backendEnvironmentName: ENV, wait for it to complete before
// creating a new job.".
const PendingJobMessage = "There is already a pending job for the requested appId"

// IsPendingJob reports whether err is the service refusing a call because a
// job is already pending on the app environment: HTTP 400 with
// PendingJobMessage, whatever the error code (the service has been seen
// answering both BadRequestException and ValidationException).
func IsPendingJob(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.StatusCode == 400 && strings.Contains(ae.Message, PendingJobMessage)
}

// IsThrottling reports whether err is a TooManyRequestsException.
func IsThrottling(err error) bool { return HasCode(err, CodeTooManyRequests) }

// IsAuthFailure reports whether err is the service refusing the request's
// credentials or signature (HTTP 403).
func IsAuthFailure(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.Code {
	case CodeUnrecognizedClient, CodeInvalidSignature, CodeIncompleteSignature:
		return true
	}
	return ae.StatusCode == 403
}

// ParamError is a request refused by the client before sending, because a
// required member bound to the URI is empty.
type ParamError struct {
	Operation string
	Member    string // model member name, e.g. "AppId"
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("%s: missing required member %s: set it in the request", e.Operation, e.Member)
}
