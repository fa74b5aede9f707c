package gen2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bapi-dev/bapi/internal/emutest"
	"github.com/bapi-dev/bapi/pkg/amplifybackend"
)

// dynaliteDir is the pinned dynalite (testdata/dynalite, npm ci).
var dynaliteDir = filepath.Join("..", "..", "testdata", "dynalite")

// startDynalite starts dynalite, a DynamoDB-API server, on a free port and
// returns its URL; it stops with the test.
func startDynalite(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: starts dynalite in Node.js; CI runs it (scripts/test.sh -full)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to run dynalite")
	}
	cli := filepath.Join(dynaliteDir, "node_modules", "dynalite", "cli.js")
	if _, err := os.Stat(cli); err != nil {
		t.Skip("dynalite is not installed: run `npm ci --prefix testdata/dynalite` (needs the npm registry once)")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(node, cli, "--host", "127.0.0.1", "--port", fmt.Sprint(port), "--createTableMs", "0")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err == nil {
			c.Close()
			break
		}
		if i > 100 {
			t.Fatalf("dynalite does not answer on %s: %v\n%s", addr, err, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	return "http://" + addr
}

// createTable creates a table in dynalite with a plain JSON request
// (dynalite does not check signatures).
func createTable(t *testing.T, url string, in map[string]any) {
	t.Helper()
	body, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url+"/", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-amz-json-1.0")
	req.Header.Set("X-Amz-Target", "DynamoDB_20120810.CreateTable")
	req.Header.Set("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDTEST/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0")
	req.Header.Set("X-Amz-Date", "20260101T000000Z")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("CreateTable %s: %d %s", in["TableName"], resp.StatusCode, b.String())
	}
}

// gen1CreateTable is the CreateTable request of the table Gen 1 made for
// the chat example's Message model (id, @index byRoom), with extra GSIs.
func gen1CreateTable(name string, extra ...string) map[string]any {
	attrs := []map[string]string{{"AttributeName": "id", "AttributeType": "S"}, {"AttributeName": "room", "AttributeType": "S"}}
	gsis := []map[string]any{{"IndexName": "byRoom", "KeySchema": []map[string]string{{"AttributeName": "room", "KeyType": "HASH"}}, "Projection": map[string]string{"ProjectionType": "ALL"}}}
	for _, x := range extra {
		attrs = append(attrs, map[string]string{"AttributeName": x, "AttributeType": "S"})
		gsis = append(gsis, map[string]any{"IndexName": "by" + x, "KeySchema": []map[string]string{{"AttributeName": x, "KeyType": "HASH"}}, "Projection": map[string]string{"ProjectionType": "ALL"}})
	}
	return map[string]any{
		"TableName": name, "BillingMode": "PAY_PER_REQUEST",
		"AttributeDefinitions": attrs, "KeySchema": []map[string]string{{"AttributeName": "id", "KeyType": "HASH"}},
		"GlobalSecondaryIndexes": gsis,
		"StreamSpecification":    map[string]any{"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
	}
}

// TestCheckLive: against a real DynamoDB-API server (dynalite), a table as
// Gen 1 made it passes the import comparison, one changed by hand (an
// index added) is an error naming the difference, a missing one is an
// error naming the API ID; deletion protection off is a warning. dynalite
// does not implement DescribeContinuousBackups (it answers
// UnknownOperationException, as it does for every operation it lacks): each
// table that exists gets a warning that its point-in-time recovery could
// not be read, and the endpoint is asked once.
func TestCheckLive(t *testing.T) {
	url := startDynalite(t)
	createTable(t, url, gen1CreateTable("Message-liveapiid-dev"))
	createTable(t, url, gen1CreateTable("Message-liveapiid-prod", "body"))

	cfg := emutest.Config("AKIDTEST", "secret", "us-east-1")
	client := amplifybackend.New(cfg, amplifybackend.Options{MaxAttempts: 2, Getenv: func(k string) string {
		if k == amplifybackend.EnvEndpointURLDynamoDB {
			return url
		}
		return ""
	}})
	if err := client.Err(); err != nil {
		t.Fatal(err)
	}
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "chat-oidc.yaml"), filepath.Join("..", "..", "examples", "specs", "todo-apikey.yaml"))
	r, err := Check(context.Background(), apis, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"d7p4example1z9/dev": "liveapiid", "d7p4example1z9/prod": "liveapiid", "d3k9example2b7/dev": "todoapiid"}
	counted := &countingTables{TablesAPI: client}
	if err := CheckLive(context.Background(), r, apis, counted, func(app, env string) string { return APIID(ids, app, env) }); err != nil {
		t.Fatal(err)
	}
	if counted.backups != 1 {
		t.Errorf("DescribeContinuousBackups asked %d times of an endpoint that does not implement it, want 1", counted.backups)
	}
	var got []string
	for _, f := range r.Findings {
		if f.Rule == RuleLiveTable || f.Rule == RuleLiveProtection || f.Rule == RuleLivePITR {
			got = append(got, fmt.Sprintf("%s:%d %s %s", filepath.Base(f.File), f.Line, f.Rule, f.Message))
		}
	}
	// dynalite keeps neither streams nor deletion protection (it predates
	// both in its API): the table as Gen 1 made it differs from Gen 2's
	// expectation by its stream only, and every table has deletion
	// protection off. TestFromDescriptionAsGen1Made covers a table that
	// has both.
	want := []struct{ prefix, contains string }{
		{"chat-oidc.yaml:19 " + RuleLiveProtection, "Message-liveapiid-dev"},
		{"chat-oidc.yaml:19 " + RuleLivePITR, "the point-in-time recovery of the live table Message-liveapiid-dev of Message could not be read: the DynamoDB endpoint does not implement DescribeContinuousBackups (UnknownOperationException)"},
		{"chat-oidc.yaml:19 " + RuleLiveTable, "so the first Gen 2 deploy fails: StreamSpecification: live , Gen 2 expects NEW_AND_OLD_IMAGES"},
		{"chat-oidc.yaml:40 " + RuleLiveProtection, "Message-liveapiid-prod"},
		{"chat-oidc.yaml:40 " + RuleLivePITR, "the point-in-time recovery of the live table Message-liveapiid-prod of Message could not be read"},
		{"chat-oidc.yaml:40 " + RuleLiveTable, "AttributeDefinitions: live [body:S id:S room:S], Gen 2 expects [id:S room:S]; GlobalSecondaryIndexes: live byRoom(room HASH) ALL; bybody(body HASH) ALL, Gen 2 expects byRoom(room HASH) ALL"},
		{"todo-apikey.yaml:17 " + RuleLiveTable, "table Todo-todoapiid-dev of Todo does not exist: check the API ID of d3k9example2b7/dev (todoapiid"},
	}
	if len(got) != len(want) {
		t.Fatalf("live findings:\n%s\nwant %d", strings.Join(got, "\n"), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(got[i], w.prefix) || !strings.Contains(got[i], w.contains) {
			t.Errorf("live finding %d:\n%s\nwant it to start %q and contain %q", i, got[i], w.prefix, w.contains)
		}
	}
}

// countingTables counts the DescribeContinuousBackups calls that reach the
// real client it wraps.
type countingTables struct {
	amplifybackend.TablesAPI
	backups int
}

func (c *countingTables) DescribeContinuousBackups(ctx context.Context, in *amplifybackend.DescribeContinuousBackupsRequest) (*amplifybackend.DescribeContinuousBackupsResponse, error) {
	c.backups++
	return c.TablesAPI.DescribeContinuousBackups(ctx, in)
}

// TestPointInTimeRecoveryAnswer: DescribeContinuousBackups' answers in
// DynamoDB's documented shape (API_DescribeContinuousBackups), the one part
// of the PITR check dynalite cannot exercise.
func TestPointInTimeRecoveryAnswer(t *testing.T) {
	t.Parallel()
	for answer, want := range map[string]bool{
		`{"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "ENABLED", "RecoveryPeriodInDays": 35, "EarliestRestorableDateTime": 1.7672256E9, "LatestRestorableDateTime": 1.7672292E9}}}`: true,
		`{"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}}`:                                                                                                                false,
		`{"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "DISABLED"}}`: false,
		`{}`: false,
	} {
		var resp amplifybackend.DescribeContinuousBackupsResponse
		if err := json.Unmarshal([]byte(answer), &resp); err != nil {
			t.Fatalf("%s: %v", answer, err)
		}
		if got := resp.PointInTimeRecovery(); got != want {
			t.Errorf("%s: point-in-time recovery %v, want %v", answer, got, want)
		}
	}
}

// TestFromDescriptionAsGen1Made: a DescribeTable answer of the table Gen 1
// made (stream on, deletion protection turned on, as AWS's lock step
// does), in DynamoDB's own shape, matches what Gen 2 expects to import.
func TestFromDescriptionAsGen1Made(t *testing.T) {
	t.Parallel()
	answer := `{"Table": {"TableName": "Message-abc-dev", "TableStatus": "ACTIVE",
  "AttributeDefinitions": [{"AttributeName": "room", "AttributeType": "S"}, {"AttributeName": "id", "AttributeType": "S"}],
  "KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
  "GlobalSecondaryIndexes": [{"IndexName": "byRoom", "KeySchema": [{"AttributeName": "room", "KeyType": "HASH"}],
    "Projection": {"ProjectionType": "ALL"}, "IndexStatus": "ACTIVE", "ProvisionedThroughput": {"ReadCapacityUnits": 0, "WriteCapacityUnits": 0}}],
  "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"},
  "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"},
  "LatestStreamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/Message-abc-dev/stream/2026-01-01T00:00:00.000",
  "DeletionProtectionEnabled": true}}`
	var resp amplifybackend.DescribeTableResponse
	if err := json.Unmarshal([]byte(answer), &resp); err != nil {
		t.Fatal(err)
	}
	apis := loadAPIs(t, filepath.Join("..", "..", "examples", "specs", "chat-oidc.yaml"))
	m := apis[0].Envs[0].Schema.ByType["Message"]
	want := Gen2Table(m, "Message-abc-dev")
	if d := Compare(FromDescription(resp.Table), want); len(d) != 0 {
		t.Errorf("differences from Gen 2's expectation: %+v", d)
	}
	resp.Table.DeletionProtectionEnabled = false
	if d := Compare(FromDescription(resp.Table), want); len(d) != 1 || d[0].Property != "DeletionProtectionEnabled" {
		t.Errorf("with deletion protection off: %+v, want only DeletionProtectionEnabled", d)
	}
}
