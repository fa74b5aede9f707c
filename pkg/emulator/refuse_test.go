package emulator

import (
	"net/http"
	"strings"
	"testing"
)

// TestRefusesBadUTF8AndEmptyConfig: names that are not valid UTF-8 (in the
// path or the body) and a CreateBackendAPI with an empty resourceConfig are
// refused with the service's error shape (400 BadRequestException with a
// message), and nothing is created.
func TestRefusesBadUTF8AndEmptyConfig(t *testing.T) {
	t.Parallel()
	_, hs, clk := startTest(t, Options{})
	c := newClient(hs.URL, clk.Now)
	for _, tc := range []struct {
		name, path string
		body       any
		want       string
	}{
		{name: "resourceName in the body", path: "/backend/app1/api",
			body: "{\"backendEnvironmentName\":\"dev\",\"resourceName\":\"blog\xffapi\",\"resourceConfig\":{\"apiName\":\"x\",\"service\":\"AppSync\"}}", want: "not valid UTF-8"},
		{name: "environment in the path", path: "/backend/app1/api/d%FFv/details",
			body: map[string]any{"resourceName": "blogapi"}, want: "not valid UTF-8"},
		{name: "app in the path", path: "/backend/ap%C3p1/details",
			body: map[string]any{"backendEnvironmentName": "dev"}, want: "not valid UTF-8"},
		{name: "empty resourceConfig", path: "/backend/app1/api",
			body: map[string]any{"backendEnvironmentName": "dev", "resourceName": "blogapi", "resourceConfig": map[string]any{}}, want: "resourceConfig is empty"},
	} {
		r := c.do(t, http.MethodPost, tc.path, tc.body)
		if r.status != http.StatusBadRequest || r.errorType() != codeBadRequest || !strings.Contains(r.message(t)["message"], tc.want) {
			t.Errorf("%s: %d %s %s, want 400 BadRequestException saying %q", tc.name, r.status, r.errorType(), r.body, tc.want)
		}
	}
	r := c.do(t, http.MethodPost, "/backend/app1/job/dev", map[string]any{})
	var jobs struct {
		Jobs []any `json:"jobs"`
	}
	r.decode(t, &jobs)
	if len(jobs.Jobs) != 0 {
		t.Errorf("jobs after the refusals: %v, want none", jobs.Jobs)
	}
}
