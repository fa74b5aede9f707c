package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestPlanCallTimeout: plan against an endpoint that accepts connections
// and never answers ends with exit 1 and an error naming --call-timeout,
// instead of hanging for ever.
func TestPlanCallTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	held := make(chan net.Conn, 16)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held <- c // kept open, never answered
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		for {
			select {
			case c := <-held:
				c.Close()
			default:
				return
			}
		}
	})
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDBAPIEMULATOR")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "bapi-emulator-secret")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	spec := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(spec, []byte("AppId: d1hole\nBackendEnvironmentName: dev\nResourceName: x\nResourceConfig:\n  ApiName: x\n  Service: AppSync\n  TransformSchema: \"type T @model { id: ID! }\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, []string{"bapi", "plan", "--endpoint-url", "http://" + ln.Addr().String(), "--call-timeout", "100ms", "--max-attempts", "2", spec}, nil, &stdout, &stderr)
	if ctx.Err() != nil {
		t.Fatalf("plan hung until the test's deadline; stderr:\n%s", stderr.String())
	}
	if code != exitFailure || !strings.Contains(stderr.String(), "--call-timeout") || !strings.Contains(stderr.String(), "no answer within 100ms") {
		t.Errorf("plan against a black hole: exit %d, stderr:\n%s\nwant exit 1 and an error naming --call-timeout", code, stderr.String())
	}
}
