package gen2

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
	"github.com/bapi-dev/bapi/pkg/emulator"
)

// TestAPIIDsFromService: the API IDs come from GetBackend's
// amplifyMetaConfig (GraphQLAPIIdOutput) of the environments that hold
// the API, over the wire from the emulator; the others have none.
func TestAPIIDsFromService(t *testing.T) {
	t.Parallel()
	_, client := emutest.Start(t, emulator.Options{InstantJobs: true, Apps: map[string][]string{"d7p4example1z9": {"dev", "prod"}}})
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "chat-oidc.yaml"))
	dev := apis[0].Env("dev")
	if _, err := client.CreateBackendAPI(context.Background(), (*amplifybackend.CreateBackendAPIRequest)(dev.Request)); err != nil {
		t.Fatal(err)
	}
	ids, err := APIIDsFromService(context.Background(), client, apis)
	if err != nil {
		t.Fatal(err)
	}
	if id := ids["d7p4example1z9/dev"]; !regexp.MustCompile(`^[a-z0-9]{26}$`).MatchString(id) {
		t.Errorf("API ID of d7p4example1z9/dev = %q, want 26 lower-case letters and digits", id)
	}
	if id, ok := ids["d7p4example1z9/prod"]; ok {
		t.Errorf("prod has no API yet, but got ID %q", id)
	}
	if APIID(ids, "d7p4example1z9", "dev") == "" {
		t.Error("APIID does not read an APPID/ENV key")
	}
}
