package amplifybackend

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxResponseBytes bounds how much of a response body the client reads.
const MaxResponseBytes = 10 << 20

// errResponseTooLarge is returned when a body exceeds MaxResponseBytes.
var errResponseTooLarge = fmt.Errorf("response body larger than %d bytes", MaxResponseBytes)

// readBody reads at most MaxResponseBytes of r.
func readBody(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxResponseBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxResponseBytes {
		return nil, errResponseTooLarge
	}
	return b, nil
}

// requestID returns the request ID of a response.
func requestID(h http.Header) string {
	if v := h.Get("X-Amzn-RequestId"); v != "" {
		return v
	}
	if v := h.Get("X-Amz-Request-Id"); v != "" {
		return v
	}
	return h.Get("X-Amzn-Request-Id")
}

// errorBody holds the members an AWS rest-json error body may carry.
type errorBody struct {
	Type         string `json:"__type"`
	Code         string `json:"code"`
	CodeUpper    string `json:"Code"`
	Message      string `json:"message"`
	MessageUpper string `json:"Message"`
	ResourceType string `json:"resourceType"`
	LimitType    string `json:"limitType"`
}

// decodeError turns a non-2xx response into an *APIError the rest-json way:
// the code from the X-Amzn-ErrorType header (anything after ':' dropped),
// else the body's __type (namespace before '#' dropped), else code; the
// message from the body's message or Message.
func decodeError(op string, status int, h http.Header, body []byte) *APIError {
	e := &APIError{Operation: op, StatusCode: status, RequestID: requestID(h)}
	var eb errorBody
	jsonErr := json.Unmarshal(body, &eb)
	e.Code = sanitizeCode(h.Get("X-Amzn-ErrorType"))
	if e.Code == "" {
		e.Code = sanitizeCode(eb.Type)
	}
	if e.Code == "" {
		e.Code = sanitizeCode(eb.Code)
	}
	if e.Code == "" {
		e.Code = sanitizeCode(eb.CodeUpper)
	}
	if e.Code == "" {
		e.Code = codeForStatus(status)
	}
	e.Message = eb.Message
	if e.Message == "" {
		e.Message = eb.MessageUpper
	}
	if e.Message == "" && jsonErr != nil && len(body) > 0 {
		e.Message = snippet(body)
	}
	e.ResourceType = eb.ResourceType
	e.LimitType = eb.LimitType
	return e
}

// sanitizeCode strips the parts AWS front ends add around an error code:
// "Code:http://internal..." and "namespace#Code".
func sanitizeCode(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// codeForStatus names the model's error for a status when the response did
// not name one (a bare proxy or load balancer answer).
func codeForStatus(status int) string {
	switch status {
	case http.StatusBadRequest:
		return CodeBadRequest
	case http.StatusNotFound:
		return CodeNotFound
	case http.StatusTooManyRequests:
		return CodeTooManyRequests
	case http.StatusGatewayTimeout:
		return CodeGatewayTimeout
	}
	return CodeUnknown
}

// snippet returns the start of a non-JSON error body as one line of text.
func snippet(body []byte) string {
	const max = 200
	if len(body) > max {
		body = body[:max]
	}
	s := strings.ToValidUTF8(string(body), string(utf8.RuneError))
	s = strings.Join(strings.Fields(s), " ")
	return s
}

// decodeOutput unmarshals a successful response body into out.
func decodeOutput(op string, status int, h http.Header, body []byte, out any) error {
	if out == nil || len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		where := fmt.Sprintf("HTTP %d response", status)
		if rid := requestID(h); rid != "" {
			where += " [request id " + rid + "]"
		}
		return fmt.Errorf("decode %s of %s (is the endpoint an AmplifyBackend service?): %w", where, op, err)
	}
	return nil
}
