package gen2

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
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

// TestExportFromService: export --live's values come from GetBackend's
// amplifyMetaConfig over the wire from the emulator: the API ID of an
// environment without --api-id, and referenceAuth's user pool, app client,
// identity pool and role ARNs from the auth output and the provider; with
// no auth category, only the roles are known and the rest stay
// placeholders.
func TestExportFromService(t *testing.T) {
	t.Parallel()
	const app = "d5m2example8c4"
	_, client := emutest.Start(t, emulator.Options{InstantJobs: true,
		Apps:       map[string][]string{app: {"prod", "dev"}},
		Categories: []emulator.Categories{{AppID: app, BackendEnvironmentName: "prod", Names: []string{"auth"}}},
	})
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "inventory-iam.yaml"))
	prod := apis[0].Env("prod")
	if _, err := client.CreateBackendAPI(context.Background(), (*amplifybackend.CreateBackendAPIRequest)(prod.Request)); err != nil {
		t.Fatal(err)
	}
	metas, err := MetaFromService(context.Background(), client, apis)
	if err != nil {
		t.Fatal(err)
	}
	m := metas[app+"/prod"]
	shapes := []struct{ name, value, re string }{
		{"API ID", m.APIID, `^[a-z0-9]{26}$`},
		{"user pool", m.Auth.UserPoolID, `^us-east-1_[A-Za-z0-9]+$`},
		{"app client", m.Auth.UserPoolClientID, `^[A-Za-z0-9]+$`},
		{"identity pool", m.Auth.IdentityPoolID, `^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`},
		{"auth role", m.Auth.AuthRoleARN, `^arn:aws:iam::[0-9]{12}:role/.+-authRole$`},
		{"unauth role", m.Auth.UnauthRoleARN, `^arn:aws:iam::[0-9]{12}:role/.+-unauthRole$`},
	}
	for _, s := range shapes {
		if !regexp.MustCompile(s.re).MatchString(s.value) {
			t.Errorf("%s of %s/prod = %q, want it to match %s", s.name, app, s.value, s.re)
		}
	}
	if m.Auth.UserPoolClientID == "" || m.Auth.UserPoolClientID == m.Auth.UserPoolID {
		t.Errorf("app client %q: want the web client, apart from the pool", m.Auth.UserPoolClientID)
	}

	xs, err := Export(context.Background(), apis, ExportOptions{Branches: []Branch{{"prod", "main"}}, Meta: metas, Out: "o"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "Product-" + m.APIID + "-prod"; len(xs) != 1 || len(xs[0].Keeps) != 1 || xs[0].Keeps[0].Table != want {
		t.Fatalf("kept tables %+v, want only %s (the API ID from the meta)", xs, want)
	}
	auth := exportFile(t, xs[0], filepath.Join("o", app, "amplify", "auth", "resource.ts"))
	for _, v := range []string{m.Auth.UserPoolID, m.Auth.UserPoolClientID, m.Auth.IdentityPoolID, m.Auth.AuthRoleARN, m.Auth.UnauthRoleARN} {
		if !strings.Contains(auth, `"`+v+`", // prod's amplifyMetaConfig`) {
			t.Errorf("auth/resource.ts lacks %q, said to come from prod's meta:\n%s", v, auth)
		}
	}
	if strings.Contains(auth, Placeholder) {
		t.Errorf("auth/resource.ts keeps a placeholder though the meta has every value:\n%s", auth)
	}

	// Without the auth category (an API on IAM alone), the roles are all
	// the meta knows.
	_, bare := emutest.Start(t, emulator.Options{InstantJobs: true, Apps: map[string][]string{app: {"prod"}}})
	if _, err := bare.CreateBackendAPI(context.Background(), (*amplifybackend.CreateBackendAPIRequest)(prod.Request)); err != nil {
		t.Fatal(err)
	}
	if metas, err = MetaFromService(context.Background(), bare, apis); err != nil {
		t.Fatal(err)
	}
	if xs, err = Export(context.Background(), apis, ExportOptions{Branches: []Branch{{"prod", "main"}}, Meta: metas, Out: "o"}); err != nil {
		t.Fatal(err)
	}
	auth = exportFile(t, xs[0], filepath.Join("o", app, "amplify", "auth", "resource.ts"))
	for _, k := range []string{"userPoolId", "userPoolClientId", "identityPoolId"} {
		if !strings.Contains(auth, k+`: "`+Placeholder+k+`",`) {
			t.Errorf("auth/resource.ts without an auth category: want %s a placeholder:\n%s", k, auth)
		}
	}
	if !strings.Contains(auth, `authRoleArn: "`+metas[app+"/prod"].Auth.AuthRoleARN+`"`) {
		t.Errorf("auth/resource.ts without an auth category: want the role from the provider:\n%s", auth)
	}
}

// exportFile is the text of the file at path in x.
func exportFile(t *testing.T, x AppExport, path string) string {
	t.Helper()
	for _, f := range x.Files {
		if f.Path == path {
			return string(f.Data)
		}
	}
	t.Fatalf("the export of %s has no %s", x.AppID, path)
	return ""
}
