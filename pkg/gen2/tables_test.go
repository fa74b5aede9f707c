package gen2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
	"github.com/google/go-cmp/cmp"
)

// Schemas whose tables the data construct test compares, beyond the
// example specs and the generated corpus: every key and index shape the
// model knows.
var tableCases = []string{
	`type Post @model @auth(rules: [{ allow: public }]) { id: ID! title: String comments: [Comment] @hasMany }
type Comment @model @auth(rules: [{ allow: public }]) { id: ID! body: String @index(name: "byBody", sortKeyFields: ["n"]) n: Int }`,
	`type Tag @model @auth(rules: [{ allow: public }]) { code: String! @primaryKey(sortKeyFields: ["n"]) n: Int! owner: ID @index(name: "byOwner", sortKeyFields: ["n"]) items: [Item] @hasMany }
type Item @model @auth(rules: [{ allow: owner }]) { id: ID! name: String @index }`,
	`type Article @model @mapsTo(name: "Post") @auth(rules: [{ allow: public }]) { id: ID! slug: String! @index(name: "bySlug", queryField: "articleBySlug") at: AWSTimestamp @index }`,
	`type Team @model @auth(rules: [{ allow: public }]) { id: ID! members: [Member] @hasMany(references: ["teamID"]) }
type Member @model @auth(rules: [{ allow: public }]) { id: ID! teamID: ID team: Team @belongsTo(references: ["teamID"]) }`,
	`type Event @model @auth(rules: [{ allow: public }]) { id: ID! @primaryKey(sortKeyFields: ["day", "slot"]) day: String! slot: Int! venue: String @index(sortKeyFields: ["day", "slot"]) }`,
	// references to a composite key sort the index by the other
	// references; under @mapsTo the index keeps the GraphQL type name.
	`type Post @model @mapsTo(name: "Article") @auth(rules: [{ allow: public }]) { id: ID! @primaryKey(sortKeyFields: ["title"]) title: String! notes: [Note] @hasMany(references: ["postId", "postTitle"]) }
type Note @model @auth(rules: [{ allow: public }]) { id: ID! postId: ID! postTitle: String! post: Post @belongsTo(references: ["postId", "postTitle"]) }`,
	`type Board @model @auth(rules: [{ allow: public }]) { id: ID! @primaryKey(sortKeyFields: ["a", "b"]) a: String! b: Int! cards: [Card] @hasMany(references: ["boardId", "boardA", "boardB"]) }
type Card @model @auth(rules: [{ allow: public }]) { id: ID! boardId: ID! boardA: String! boardB: Int! board: Board @belongsTo(references: ["boardId", "boardA", "boardB"]) }`,
}

// synthCase is one input of testdata/gen2/synth.mjs.
type synthCase struct {
	Name   string            `json:"name"`
	Schema string            `json:"schema"`
	Tables map[string]string `json:"tables"`
}

// synthTable is the part of a Custom::ImportedAmplifyDynamoDBTable the
// import check compares.
type synthTable struct {
	AttributeDefinitions []struct {
		AttributeName string `json:"attributeName"`
		AttributeType string `json:"attributeType"`
	} `json:"attributeDefinitions"`
	KeySchema              []synthKey `json:"keySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName  string     `json:"indexName"`
		KeySchema  []synthKey `json:"keySchema"`
		Projection struct {
			ProjectionType string `json:"projectionType"`
		} `json:"projection"`
	} `json:"globalSecondaryIndexes"`
	StreamSpecification struct {
		StreamViewType string `json:"streamViewType"`
	} `json:"streamSpecification"`
	SSESpecification struct {
		SSEEnabled bool `json:"sseEnabled"`
	} `json:"sseSpecification"`
	DeletionProtectionEnabled bool `json:"deletionProtectionEnabled"`
}

type synthKey struct {
	AttributeName string `json:"attributeName"`
	KeyType       string `json:"keyType"`
}

// fromSynth is a synthesized table as a Table, sorted as the import check
// sorts before comparing. Billing mode is a stack parameter whose default
// (PAY_PER_REQUEST) both lines share, so it is not read.
func fromSynth(name string, s synthTable) Table {
	t := Table{Name: name, BillingMode: billingPayPerRequest, StreamViewType: s.StreamSpecification.StreamViewType,
		SSEEnabled: s.SSESpecification.SSEEnabled, DeletionProtection: s.DeletionProtectionEnabled}
	for _, a := range s.AttributeDefinitions {
		t.AttributeDefinitions = append(t.AttributeDefinitions, AttributeDef{Name: a.AttributeName, Type: a.AttributeType})
	}
	sort.Slice(t.AttributeDefinitions, func(i, j int) bool { return t.AttributeDefinitions[i].Name < t.AttributeDefinitions[j].Name })
	keys := func(ks []synthKey) []KeyElement {
		var out []KeyElement
		for _, k := range ks {
			out = append(out, KeyElement{Attribute: k.AttributeName, KeyType: k.KeyType})
		}
		return out
	}
	t.KeySchema = keys(s.KeySchema)
	for _, g := range s.GlobalSecondaryIndexes {
		t.GlobalSecondary = append(t.GlobalSecondary, GlobalIndex{Name: g.IndexName, KeySchema: keys(g.KeySchema), Projection: g.Projection.ProjectionType})
	}
	sort.Slice(t.GlobalSecondary, func(i, j int) bool { return t.GlobalSecondary[i].Name < t.GlobalSecondary[j].Name })
	return t
}

// tableSchemas are the schemas the table tests compare: the example
// specs', a generated corpus's (v1 and @manyToMany schemas left out: Gen 2
// takes neither) and tableCases.
func tableSchemas(t *testing.T) []string {
	t.Helper()
	var schemas []string
	work := t.TempDir()
	corpusSpecs(t, work, 40)
	for _, dir := range []string{work, filepath.Join("..", "..", "examples", "specs")} {
		apis, err := APIs(context.Background(), loadUnvalidated(t, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range apis {
			for _, e := range a.Envs {
				if len(e.Schema.V1) == 0 && len(e.Schema.Uses["manyToMany"]) == 0 {
					schemas = append(schemas, e.Config().TransformSchema)
				}
			}
		}
	}
	schemas = append(schemas, tableCases...)
	return schemas
}

// TestGen2TableMatchesDataConstruct holds Gen2Table to the real thing: the
// Custom::ImportedAmplifyDynamoDBTable that @aws-amplify/data-construct
// (as backend-data pins it) synthesizes when every model is imported, for
// the example specs, the generated corpus and the cases above.
func TestGen2TableMatchesDataConstruct(t *testing.T) {
	node := needGen2Tree(t)
	schemas := tableSchemas(t)
	var cases []synthCase
	want := map[string]map[string]Table{}
	for i, s := range schemas {
		sc, err := amplifyschema.Parse("case", s)
		if err != nil {
			t.Fatal(err)
		}
		c := synthCase{Name: fmt.Sprintf("case%d", i), Schema: s, Tables: map[string]string{}}
		want[c.Name] = map[string]Table{}
		for _, m := range sc.SortedModels() {
			name := TableName(m, "apiid", "dev")
			c.Tables[m.Type] = name
			g := Gen2Table(m, name)
			g.Model = nil
			want[c.Name][name] = g
		}
		cases = append(cases, c)
	}
	got := runSynth[synthTable](t, node, gen2Dir, "synth.mjs", cases)
	compared := 0
	for i, g := range got {
		if g.Error != "" {
			t.Errorf("%s: the data construct refused the schema: %s\n%s", g.Name, g.Error, cases[i].Schema)
			continue
		}
		gotTables := map[string]Table{}
		for name, st := range g.Tables {
			gotTables[name] = fromSynth(name, st)
		}
		if diff := cmp.Diff(want[g.Name], gotTables); diff != "" {
			t.Errorf("%s: Gen2Table differs from the data construct's imported tables (-bapi +construct):\n%s\nschema:\n%s", g.Name, diff, cases[i].Schema)
		}
		compared += len(gotTables)
	}
	t.Logf("%d schemas, %d imported tables compared with @aws-amplify/data-construct", len(got), compared)
	if compared < 20 {
		t.Errorf("only %d tables compared", compared)
	}
}

// gen1Dir is the pinned 1.8 transformer's npm tree (testdata/oracle, the differential test's own tree).
var gen1Dir = filepath.Join("..", "..", "testdata", "oracle")

// cfnTable is the part of an AWS::DynamoDB::Table the comparison reads.
type cfnTable struct {
	TableName struct {
		Join []json.RawMessage `json:"Fn::Join"`
	} `json:"TableName"`
	AttributeDefinitions []struct {
		AttributeName string `json:"AttributeName"`
		AttributeType string `json:"AttributeType"`
	} `json:"AttributeDefinitions"`
	KeySchema []struct {
		AttributeName string `json:"AttributeName"`
		KeyType       string `json:"KeyType"`
	} `json:"KeySchema"`
	GlobalSecondaryIndexes []struct {
		IndexName string `json:"IndexName"`
		KeySchema []struct {
			AttributeName string `json:"AttributeName"`
			KeyType       string `json:"KeyType"`
		} `json:"KeySchema"`
		Projection struct {
			ProjectionType string `json:"ProjectionType"`
		} `json:"Projection"`
	} `json:"GlobalSecondaryIndexes"`
	StreamSpecification struct {
		StreamViewType string `json:"StreamViewType"`
	} `json:"StreamSpecification"`
	DeletionProtectionEnabled bool `json:"DeletionProtectionEnabled"`
}

// fromCFN is a synthesized Gen 1 table as a Table. Its name is a join of
// the base name, the API ID and the environment: the base is the first
// part, "Tag-". Billing mode and SSE are conditions on stack parameters
// whose defaults (DynamoDBBillingMode PAY_PER_REQUEST,
// DynamoDBEnableServerSideEncryption false) a project keeps.
func fromCFN(t *testing.T, c cfnTable) Table {
	t.Helper()
	base := ""
	if len(c.TableName.Join) == 2 {
		var parts []json.RawMessage
		if err := json.Unmarshal(c.TableName.Join[1], &parts); err == nil && len(parts) > 0 {
			_ = json.Unmarshal(parts[0], &base)
		}
	}
	tb := Table{Name: strings.TrimSuffix(base, "-") + "-apiid-dev", BillingMode: billingPayPerRequest,
		StreamViewType: c.StreamSpecification.StreamViewType, DeletionProtection: c.DeletionProtectionEnabled}
	for _, a := range c.AttributeDefinitions {
		tb.AttributeDefinitions = append(tb.AttributeDefinitions, AttributeDef{Name: a.AttributeName, Type: a.AttributeType})
	}
	sort.Slice(tb.AttributeDefinitions, func(i, j int) bool { return tb.AttributeDefinitions[i].Name < tb.AttributeDefinitions[j].Name })
	for _, k := range c.KeySchema {
		tb.KeySchema = append(tb.KeySchema, KeyElement{Attribute: k.AttributeName, KeyType: k.KeyType})
	}
	for _, g := range c.GlobalSecondaryIndexes {
		gi := GlobalIndex{Name: g.IndexName, Projection: g.Projection.ProjectionType}
		for _, k := range g.KeySchema {
			gi.KeySchema = append(gi.KeySchema, KeyElement{Attribute: k.AttributeName, KeyType: k.KeyType})
		}
		tb.GlobalSecondary = append(tb.GlobalSecondary, gi)
	}
	sort.Slice(tb.GlobalSecondary, func(i, j int) bool { return tb.GlobalSecondary[i].Name < tb.GlobalSecondary[j].Name })
	return tb
}

// TestGen1TableMatchesTransformer holds Gen1Table to the tables the 1.8
// line of the transformer (the one the AmplifyBackend service runs)
// synthesizes for the same schemas, with the default (Gen 1) DynamoDB
// strategy.
func TestGen1TableMatchesTransformer(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: runs the Amplify transformer in Node.js; CI runs it (scripts/test.sh -full)")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not on PATH: install Node.js 20 to compare with the 1.8 transformer")
	}
	if _, err := os.Stat(filepath.Join(gen1Dir, "node_modules", "@aws-amplify", "graphql-transformer")); err != nil {
		t.Skip("the 1.8 transformer is not installed: run `npm ci --prefix testdata/oracle` (needs the npm registry once)")
	}
	// And @manyToMany, which Gen 2 does not take: its join table.
	schemas := append(tableSchemas(t),
		`type Post @model @auth(rules: [{ allow: public }]) { id: ID! tags: [Tag] @manyToMany(relationName: "PostTags") }
type Tag @model @auth(rules: [{ allow: public }]) { code: Int! @primaryKey(sortKeyFields: ["kind"]) kind: String! posts: [Post] @manyToMany(relationName: "PostTags") }`)
	type gen1Case struct {
		Name   string `json:"name"`
		Schema string `json:"schema"`
	}
	var cases []gen1Case
	want := map[string]map[string]Table{}
	for i, s := range schemas {
		sc, err := amplifyschema.Parse("case", s)
		if err != nil {
			t.Fatal(err)
		}
		c := gen1Case{Name: fmt.Sprintf("case%d", i), Schema: s}
		want[c.Name] = map[string]Table{}
		for _, m := range sc.Tables() {
			name := TableName(m, "apiid", "dev")
			g := Gen1Table(m, name)
			g.Model = nil
			want[c.Name][name] = g
		}
		cases = append(cases, c)
	}
	got := runSynth[cfnTable](t, node, gen1Dir, "synth.js", cases)
	compared := 0
	for i, g := range got {
		if g.Error != "" {
			t.Errorf("%s: the 1.8 transformer refused the schema: %s\n%s", g.Name, g.Error, cases[i].Schema)
			continue
		}
		gotTables := map[string]Table{}
		for _, ct := range g.Tables {
			tb := fromCFN(t, ct)
			gotTables[tb.Name] = tb
		}
		if diff := cmp.Diff(want[g.Name], gotTables); diff != "" {
			t.Errorf("%s: Gen1Table differs from the 1.8 transformer's tables (-bapi +transformer):\n%s\nschema:\n%s", g.Name, diff, cases[i].Schema)
		}
		compared += len(gotTables)
	}
	t.Logf("%d schemas, %d tables compared with the 1.8 transformer", len(got), compared)
	if compared < 20 {
		t.Errorf("only %d tables compared", compared)
	}
}

// synthAnswer is what a synth script answers for one case: the tables it
// made, or why it refused the schema.
type synthAnswer[T any] struct {
	Name   string       `json:"name"`
	Tables map[string]T `json:"tables"`
	Error  string       `json:"error"`
}

// runSynth runs the Node.js script in dir (the pinned npm tree) on the
// cases, as JSON on its standard input, and decodes its answers.
func runSynth[T any](t *testing.T, node, dir, script string, cases any) []synthAnswer[T] {
	t.Helper()
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	path, err := filepath.Abs(filepath.Join(dir, script))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, path)
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node %s: %v\n%s", script, err, stderr.String())
	}
	var got []synthAnswer[T]
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%s output: %v", script, err)
	}
	return got
}
