package amplifybackend

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
)

func TestEndpointPrecedence(t *testing.T) {
	t.Parallel()
	const (
		explicit = "http://explicit.example:1"
		service  = "http://service-env.example:2"
		global   = "http://global-env.example:3"
		base     = "http://base.example:4"
	)
	tests := []struct {
		name       string
		explicit   string
		env        map[string]string
		base       *string
		region     string
		want       string
		wantSource EndpointSource
	}{
		{name: "explicit wins", explicit: explicit, env: map[string]string{EnvEndpointURLService: service, EnvEndpointURL: global}, base: aws.String(base), want: explicit, wantSource: EndpointFromOption},
		{name: "service env over global env", env: map[string]string{EnvEndpointURLService: service, EnvEndpointURL: global}, base: aws.String(base), want: service, wantSource: EndpointFromServiceEnv},
		{name: "global env over config", env: map[string]string{EnvEndpointURL: global}, base: aws.String(base), want: global, wantSource: EndpointFromEnv},
		{name: "config base endpoint", base: aws.String(base), want: base, wantSource: EndpointFromConfig},
		{name: "default", want: "https://amplifybackend.us-west-2.amazonaws.com", wantSource: EndpointFromDefault},
		{name: "default in China", region: "cn-north-1", want: "https://amplifybackend.cn-north-1.amazonaws.com.cn", wantSource: EndpointFromDefault},
		{name: "ignore configured endpoints", explicit: "", env: map[string]string{EnvIgnoreEndpoints: "TRUE", EnvEndpointURLService: service, EnvEndpointURL: global}, base: aws.String(base), want: "https://amplifybackend.us-west-2.amazonaws.com", wantSource: EndpointFromDefault},
		{name: "ignore keeps explicit", explicit: explicit, env: map[string]string{EnvIgnoreEndpoints: "true"}, want: explicit, wantSource: EndpointFromOption},
		{name: "path prefix kept, trailing slash dropped", explicit: "http://h:9/prefix/", want: "http://h:9/prefix", wantSource: EndpointFromOption},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			cfg.BaseEndpoint = tc.base
			if tc.region != "" {
				cfg.Region = tc.region
			}
			c := New(cfg, Options{EndpointURL: tc.explicit, Getenv: envMap(tc.env)})
			if err := c.Err(); err != nil {
				t.Fatal(err)
			}
			got, src := c.Endpoint()
			if got != tc.want || src != tc.wantSource {
				t.Errorf("Endpoint() = %q from %q, want %q from %q", got, src, tc.want, tc.wantSource)
			}
		})
	}
}

func TestEndpointErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		explicit string
		env      map[string]string
		region   string
		want     string
	}{
		{name: "no scheme", explicit: "localhost:4599", want: "http:// or https://"},
		{name: "user info", explicit: "http://user:s3cret@h:1", want: "user information"},
		{name: "query", explicit: "http://h:1/?x=1", want: "query"},
		{name: "bad env names its source", env: map[string]string{EnvEndpointURLService: "ftp://h"}, want: EnvEndpointURLService},
		{name: "no region and no endpoint", region: "-", want: "no AWS region"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			cfg := testConfig()
			if tc.region == "-" {
				cfg.Region = ""
			}
			c := New(cfg, Options{EndpointURL: tc.explicit, Getenv: envMap(tc.env)})
			err := c.Err()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Err() = %v, want it to mention %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q leaks the URL password", err)
			}
		})
	}
}

// TestEndpointPrecedenceOverHTTP checks that calls really go where the
// precedence says: three live servers, each named by one source.
func TestEndpointPrecedenceOverHTTP(t *testing.T) {
	t.Parallel()
	ok := cannedResponse{status: 200, body: `{"jobId":"j"}`}
	explicitRec, explicitSrv := newRecorder(t, ok)
	serviceRec, serviceSrv := newRecorder(t, ok)
	globalRec, globalSrv := newRecorder(t, ok)
	explicitURL, serviceURL, globalURL := explicitSrv.URL, serviceSrv.URL, globalSrv.URL
	env := map[string]string{EnvEndpointURLService: serviceURL, EnvEndpointURL: globalURL}
	call := func(explicit string, env map[string]string) {
		t.Helper()
		c := New(testConfig(), Options{EndpointURL: explicit, Getenv: envMap(env)})
		if _, err := c.GetBackendJob(context.Background(), &GetBackendJobRequest{AppId: "a", BackendEnvironmentName: "e", JobId: "j"}); err != nil {
			t.Fatal(err)
		}
	}
	call(explicitURL, env)
	call("", env)
	call("", map[string]string{EnvEndpointURL: globalURL})
	if e, s, g := len(explicitRec.requests()), len(serviceRec.requests()), len(globalRec.requests()); e != 1 || s != 1 || g != 1 {
		t.Errorf("hits explicit=%d service-env=%d global-env=%d, want 1 each", e, s, g)
	}
}

// ctxEndpointSource is a config source with a services section that
// records the context it is read with.
type ctxEndpointSource struct {
	endpoint string
	got      *context.Context
}

func (s ctxEndpointSource) GetServiceBaseEndpoint(ctx context.Context, sdkID string) (string, bool, error) {
	*s.got = ctx
	if sdkID != ServiceID {
		return "", false, nil
	}
	return s.endpoint, true, nil
}

type ctxKey struct{}

func TestSharedServiceEndpointUsesCallersContext(t *testing.T) {
	t.Parallel()
	var got context.Context
	cfg := testConfig()
	cfg.ConfigSources = []any{ctxEndpointSource{endpoint: "http://shared.example:5", got: &got}}
	ctx := context.WithValue(t.Context(), ctxKey{}, "caller")
	c := NewWithContext(ctx, cfg, Options{Getenv: envMap(nil)})
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	if u, src := c.Endpoint(); u != "http://shared.example:5" || src != EndpointFromSharedService {
		t.Errorf("Endpoint() = %q from %q, want the shared config's", u, src)
	}
	if got == nil || got.Value(ctxKey{}) != "caller" {
		t.Errorf("shared config read with %v, want the caller's context", got)
	}
}
