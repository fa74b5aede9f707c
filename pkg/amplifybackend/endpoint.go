package amplifybackend

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
)

// Service identity, as in the service model's metadata.
const (
	// ServiceID is the model's serviceId (the SDK ID used to name
	// service-specific endpoint settings).
	ServiceID = "AmplifyBackend"
	// SigningName is the SigV4 service name.
	SigningName = "amplifybackend"
)

// Environment variables that override the endpoint, as the AWS SDKs and CLI
// read them.
const (
	EnvEndpointURLService = "AWS_ENDPOINT_URL_AMPLIFYBACKEND"
	EnvEndpointURL        = "AWS_ENDPOINT_URL"
	EnvIgnoreEndpoints    = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"
)

// EndpointSource says where the client's endpoint came from.
type EndpointSource string

// Endpoint sources, highest precedence first.
const (
	EndpointFromOption        EndpointSource = "--endpoint-url"
	EndpointFromServiceEnv    EndpointSource = EnvEndpointURLService
	EndpointFromEnv           EndpointSource = EnvEndpointURL
	EndpointFromSharedService EndpointSource = "shared config services section"
	EndpointFromConfig        EndpointSource = "config base endpoint"
	EndpointFromDefault       EndpointSource = "default"
)

// serviceEndpointProvider is satisfied by config.SharedConfig (a profile's
// "services" section) and config.EnvConfig.
type serviceEndpointProvider interface {
	GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error)
}

// resolveEndpoint picks the endpoint in the order the AWS SDKs use:
//
//  1. the explicit endpoint (--endpoint-url);
//  2. AWS_ENDPOINT_URL_AMPLIFYBACKEND;
//  3. AWS_ENDPOINT_URL;
//  4. endpoint_url in the profile's services section for amplifybackend;
//  5. cfg.BaseEndpoint (config.LoadDefaultConfig fills it from
//     AWS_ENDPOINT_URL or the profile's endpoint_url);
//  6. https://amplifybackend.{region}.amazonaws.com.
//
// Steps 2 to 5 are skipped when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true.
// Environment variables are read through getenv only; step 4 skips the
// config's own environment source so that getenv stays the one reader.
func resolveEndpoint(ctx context.Context, cfg aws.Config, region, explicit string, getenv func(string) string) (*url.URL, EndpointSource, error) {
	type candidate struct {
		value  string
		source EndpointSource
	}
	cands := []candidate{{explicit, EndpointFromOption}}
	if !strings.EqualFold(strings.TrimSpace(getenv(EnvIgnoreEndpoints)), "true") {
		cands = append(cands,
			candidate{getenv(EnvEndpointURLService), EndpointFromServiceEnv},
			candidate{getenv(EnvEndpointURL), EndpointFromEnv},
			candidate{sharedServiceEndpoint(ctx, cfg), EndpointFromSharedService},
		)
		if cfg.BaseEndpoint != nil {
			cands = append(cands, candidate{*cfg.BaseEndpoint, EndpointFromConfig})
		}
	}
	for _, c := range cands {
		if strings.TrimSpace(c.value) == "" {
			continue
		}
		u, err := parseEndpoint(c.value)
		if err != nil {
			return nil, c.source, fmt.Errorf("endpoint from %s: %w", c.source, err)
		}
		return u, c.source, nil
	}
	if region == "" {
		return nil, EndpointFromDefault, errors.New("no AWS region configured: pass --region, set AWS_REGION, or set region in the AWS profile")
	}
	u, err := parseEndpoint(DefaultEndpoint(region))
	if err != nil {
		return nil, EndpointFromDefault, fmt.Errorf("default endpoint for region %q: %w", region, err)
	}
	return u, EndpointFromDefault, nil
}

// DefaultEndpoint is the service's public endpoint in a region.
func DefaultEndpoint(region string) string {
	suffix := "amazonaws.com"
	if strings.HasPrefix(region, "cn-") {
		suffix = "amazonaws.com.cn"
	}
	return "https://amplifybackend." + region + "." + suffix
}

func sharedServiceEndpoint(ctx context.Context, cfg aws.Config) string {
	for _, src := range cfg.ConfigSources {
		switch src.(type) {
		case config.EnvConfig, *config.EnvConfig:
			continue // environment variables are read through getenv
		}
		p, ok := src.(serviceEndpointProvider)
		if !ok {
			continue
		}
		if v, found, err := p.GetServiceBaseEndpoint(ctx, ServiceID); err == nil && found && v != "" {
			return v
		}
	}
	return ""
}

// parseEndpoint checks an endpoint URL: http or https, a host, no user
// information, query or fragment. A path prefix is kept.
func parseEndpoint(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	u, err := url.Parse(raw)
	if err != nil {
		// url.Parse errors quote the input; it may hold user info, so do not
		// wrap it.
		return nil, errors.New("not a valid URL: use the form https://host[:port]")
	}
	if u.User != nil {
		return nil, errors.New("endpoint URL must not contain user information: remove the user:password@ part")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("endpoint URL %q must start with http:// or https://", u.Redacted())
	}
	if u.Host == "" {
		return nil, fmt.Errorf("endpoint URL %q has no host: use the form https://host[:port]", u.Redacted())
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("endpoint URL %q must not have a query or fragment", u.Redacted())
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// buildURL joins the endpoint and a path whose segments are already escaped.
func buildURL(base *url.URL, escapedPath string) (*url.URL, error) {
	u := *base
	rawPath := u.EscapedPath() + escapedPath
	p, err := url.PathUnescape(rawPath)
	if err != nil {
		return nil, fmt.Errorf("build request path: %w", err)
	}
	u.Path = p
	u.RawPath = rawPath
	return &u, nil
}

// uriPath builds a request path from a template like
// "/backend/{appId}/api", escaping each value as one path segment.
func uriPath(op, template string, values map[string]string) (string, error) {
	var b strings.Builder
	rest := template
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			b.WriteString(rest)
			return b.String(), nil
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("%s: bad path template %q", op, template)
		}
		name := rest[i+1 : i+j]
		v := values[name]
		if v == "" {
			return "", &ParamError{Operation: op, Member: memberName(name)}
		}
		b.WriteString(rest[:i])
		b.WriteString(url.PathEscape(v))
		rest = rest[i+j+1:]
	}
}

// memberName turns a locationName ("appId") into the model member name
// ("AppId") for messages.
func memberName(locationName string) string {
	if locationName == "" {
		return ""
	}
	return strings.ToUpper(locationName[:1]) + locationName[1:]
}
