package emutest

import (
	"net/http/httptest"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"

	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// Serve starts an emulator with opts on an httptest server and returns both.
// t.Cleanup closes the server, then the emulator, and fails t if the
// emulator does not close cleanly. Closing the httptest server early (to
// take the endpoint away) is allowed.
func Serve(t testing.TB, opts emulator.Options) (*emulator.Server, *httptest.Server) {
	t.Helper()
	srv, err := emulator.New(opts)
	if err != nil {
		t.Fatalf("emulator.New: %v", err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		hs.Close()
		if err := srv.Close(); err != nil {
			t.Errorf("close emulator: %v", err)
		}
	})
	return srv, hs
}

// Config is an aws.Config for region, signed with a static key and secret.
func Config(keyID, secret, region string) aws.Config {
	return aws.Config{
		Region:      region,
		Credentials: credentials.NewStaticCredentialsProvider(keyID, secret, ""),
	}
}

// ServerConfig is the aws.Config srv accepts: its credentials and region.
func ServerConfig(srv *emulator.Server) aws.Config {
	id, secret := srv.Credentials()
	return Config(id, secret, srv.Region())
}

// Client returns a real client on cfg, failing t if opts are not usable.
// For tests, Getenv defaults to reading nothing (so AWS_ENDPOINT_URL in the
// environment cannot redirect it), MaxBackoff to a millisecond, and the
// retry quota is always off.
func Client(t testing.TB, cfg aws.Config, opts amplifybackend.Options) *amplifybackend.Client {
	t.Helper()
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = time.Millisecond
	}
	opts.DisableRetryQuota = true
	c := amplifybackend.New(cfg, opts)
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// Start serves an emulator with opts (see Serve) and returns it with a
// client signed with its credentials (see Client), allowed 10 attempts per
// call so injected faults are retried.
func Start(t testing.TB, opts emulator.Options) (*emulator.Server, *amplifybackend.Client) {
	t.Helper()
	return StartWith(t, opts, amplifybackend.Options{MaxAttempts: 10})
}

// StartWith is Start with the client's options given; EndpointURL is set to
// the emulator's.
func StartWith(t testing.TB, opts emulator.Options, copts amplifybackend.Options) (*emulator.Server, *amplifybackend.Client) {
	t.Helper()
	srv, hs := Serve(t, opts)
	copts.EndpointURL = hs.URL
	return srv, Client(t, ServerConfig(srv), copts)
}
