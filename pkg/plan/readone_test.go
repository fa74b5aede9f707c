package plan

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// startAnswering serves the emulator behind a handler that answers
// GetBackendAPI of the resources in answers itself, with status 200 and that
// body, as the real service does for some missing APIs; every other request
// reaches the emulator.
func startAnswering(t *testing.T, answers map[string]string) *amplifybackend.Client {
	t.Helper()
	srv, _ := emutest.Serve(t, emulator.Options{StatePath: filepath.Join(t.TempDir(), "state.db"), InstantJobs: true})
	inner := srv.Handler()
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/details") && strings.Contains(r.URL.Path, "/api/") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			for name, answer := range answers {
				if bytes.Contains(body, []byte(`"resourceName":"`+name+`"`)) {
					w.Header().Set("Content-Type", "application/json")
					io.WriteString(w, answer)
					return
				}
			}
		}
		inner.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	return emutest.Client(t, emutest.ServerConfig(srv), amplifybackend.Options{EndpointURL: hs.URL, MaxAttempts: 1})
}

// TestReadOneMissingShapes: a missing API is a 404 NotFoundException or a
// 200 with an error member and no resourceConfig; both are absent. A 200
// naming another resource is the environment's other API, an error.
func TestReadOneMissingShapes(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c := startAnswering(t, map[string]string{
		"ghost": `{"appId":"app1","backendEnvironmentName":"dev","error":"No resource found with name ghost","resourceName":"ghost"}`,
		"other": `{"appId":"app1","backendEnvironmentName":"dev","resourceName":"blogapi","resourceConfig":{"apiName":"blogapi","service":"AppSync"}}`,
		"both":  `{"appId":"app1","backendEnvironmentName":"dev","resourceName":"both","error":"partial","resourceConfig":{"apiName":"both"}}`,
	})
	for _, name := range []string{"ghost", "missing"} {
		cfg, err := ReadOne(ctx, c, Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: name})
		if err != nil || cfg != nil {
			t.Errorf("%s: ReadOne = %+v, %v; want absent (nil, nil)", name, cfg, err)
		}
	}
	_, err := ReadOne(ctx, c, Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: "other"})
	var oe *OtherAPIError
	if !errors.As(err, &oe) || oe.Live != "blogapi" || !strings.Contains(err.Error(), "set ResourceName to blogapi") {
		t.Errorf("other: ReadOne error = %v, want an *OtherAPIError naming blogapi and what to do", err)
	}
	_, err = ReadOne(ctx, c, Address{AppId: "app1", BackendEnvironmentName: "dev", ResourceName: "both"})
	if err == nil || !strings.Contains(err.Error(), `"partial"`) {
		t.Errorf("both: ReadOne error = %v, want the service's error", err)
	}
}
