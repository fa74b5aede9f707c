package emulator

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
)

const (
	signingService = "amplifybackend"
	amzDateFormat  = "20060102T150405Z"
	maxClockSkew   = 15 * time.Minute

	codeMissingToken        = "MissingAuthenticationTokenException"
	codeIncompleteSignature = "IncompleteSignatureException"
	codeUnrecognizedClient  = "UnrecognizedClientException"
	codeInvalidSignature    = "InvalidSignatureException"
)

const msgSignatureMismatch = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details."

// authorization is a parsed SigV4 Authorization header.
type authorization struct {
	accessKeyID, date, region, service string
	signedHeaders                      []string
	signature                          string
}

func parseAuthorization(h string) (*authorization, *apiError) {
	const algo = "AWS4-HMAC-SHA256"
	rest, ok := strings.CutPrefix(h, algo+" ")
	if !ok {
		return nil, errIncomplete("Authorization header requires the " + algo + " algorithm with 'Credential', 'SignedHeaders' and 'Signature' parameters.")
	}
	params := map[string]string{}
	for _, p := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
		if ok {
			params[k] = v
		}
	}
	for _, name := range []string{"Credential", "SignedHeaders", "Signature"} {
		if params[name] == "" {
			return nil, errIncomplete("Authorization header requires '" + name + "' parameter.")
		}
	}
	scope := strings.Split(params["Credential"], "/")
	if len(scope) != 5 || scope[4] != "aws4_request" {
		return nil, errIncomplete("Credential must have the form ACCESS_KEY_ID/YYYYMMDD/REGION/SERVICE/aws4_request.")
	}
	return &authorization{
		accessKeyID:   scope[0],
		date:          scope[1],
		region:        scope[2],
		service:       scope[3],
		signedHeaders: strings.Split(params["SignedHeaders"], ";"),
		signature:     params["Signature"],
	}, nil
}

func errIncomplete(msg string) *apiError {
	return &apiError{status: http.StatusForbidden, code: codeIncompleteSignature, message: msg}
}

func errInvalidSignature(msg string) *apiError {
	return &apiError{status: http.StatusForbidden, code: codeInvalidSignature, message: msg}
}

// verify checks r's SigV4 signature, for service (amplifybackend, or
// amplify for GetApp), over body against the emulator's
// credentials, region and clock. It recomputes the signature with the SDK's
// signer over a copy of the request holding only the signed headers.
func (s *Server) verify(ctx context.Context, r *http.Request, body []byte, now time.Time, service string) *apiError {
	h := r.Header.Get("Authorization")
	if h == "" {
		return &apiError{status: http.StatusForbidden, code: codeMissingToken, message: "Missing Authentication Token"}
	}
	a, aerr := parseAuthorization(h)
	if aerr != nil {
		return aerr
	}
	if a.accessKeyID != s.opts.AccessKeyID {
		return &apiError{status: http.StatusForbidden, code: codeUnrecognizedClient, message: "The security token included in the request is invalid."}
	}
	amzDate := r.Header.Get("X-Amz-Date")
	if amzDate == "" {
		return errIncomplete("Authorization header requires existence of a 'X-Amz-Date' header.")
	}
	t, err := time.Parse(amzDateFormat, amzDate)
	if err != nil {
		return errIncomplete("X-Amz-Date must have the form YYYYMMDDTHHMMSSZ, not " + strconv.Quote(amzDate) + ".")
	}
	if a.date != amzDate[:8] {
		return errInvalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" + a.date + "' != '" + amzDate[:8] + "'")
	}
	if a.region != s.opts.Region {
		return errInvalidSignature("Credential should be scoped to a valid region, not '" + a.region + "'. This emulator serves region '" + s.opts.Region + "'.")
	}
	if a.service != service {
		return errInvalidSignature("Credential should be scoped to correct service: '" + service + "'.")
	}
	nowUTC := now.UTC()
	if t.Before(nowUTC.Add(-maxClockSkew)) {
		return errInvalidSignature("Signature expired: " + amzDate + " is now earlier than " + nowUTC.Add(-maxClockSkew).Format(amzDateFormat) + " (" + nowUTC.Format(amzDateFormat) + " - 15 min.)")
	}
	if t.After(nowUTC.Add(maxClockSkew)) {
		return errInvalidSignature("Signature not yet current: " + amzDate + " is still later than " + nowUTC.Add(maxClockSkew).Format(amzDateFormat) + " (" + nowUTC.Format(amzDateFormat) + " + 15 min.)")
	}

	clone := &http.Request{
		Method: r.Method,
		URL: &url.URL{
			Scheme:   "http",
			Host:     r.Host,
			Path:     r.URL.Path,
			RawPath:  r.URL.RawPath,
			RawQuery: r.URL.RawQuery,
		},
		Host:   r.Host,
		Header: http.Header{},
	}
	hasHost := false
	for _, name := range a.signedHeaders {
		switch name {
		case "host":
			hasHost = true
		case "content-length":
			n, err := strconv.ParseInt(r.Header.Get("Content-Length"), 10, 64)
			if err != nil {
				n = int64(len(body))
			}
			clone.ContentLength = n
		default:
			clone.Header[http.CanonicalHeaderKey(name)] = r.Header.Values(name)
		}
	}
	if !hasHost {
		return errIncomplete("SignedHeaders must include 'host'.")
	}
	sum := sha256.Sum256(body)
	creds := aws.Credentials{AccessKeyID: s.opts.AccessKeyID, SecretAccessKey: s.opts.SecretAccessKey}
	if err := v4.NewSigner().SignHTTP(ctx, creds, clone, hex.EncodeToString(sum[:]), service, s.opts.Region, t); err != nil {
		return errInvalidSignature(msgSignatureMismatch)
	}
	want, perr := parseAuthorization(clone.Header.Get("Authorization"))
	if perr != nil || !hmac.Equal([]byte(want.signature), []byte(a.signature)) {
		return errInvalidSignature(msgSignatureMismatch)
	}
	return nil
}
