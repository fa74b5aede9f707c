package amplifybackend

import (
	"errors"
	"fmt"
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
}

func (e *APIError) Error() string {
	s := fmt.Sprintf("%s: %s (HTTP %d)", e.Operation, e.Code, e.StatusCode)
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

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
