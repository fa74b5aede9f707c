package gen2

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"sort"
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

// TestGen2TableMatchesDataConstruct holds Gen2Table to the real thing: the
// Custom::ImportedAmplifyDynamoDBTable that @aws-amplify/data-construct
// (as backend-data pins it) synthesizes when every model is imported, for
// the example specs, the generated corpus and the cases above.
func TestGen2TableMatchesDataConstruct(t *testing.T) {
	node := needGen2Tree(t)
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
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	script, err := filepath.Abs(filepath.Join(gen2Dir, "synth.mjs"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(node, script)
	cmd.Dir = gen2Dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node synth.mjs: %v\n%s", err, stderr.String())
	}
	var got []struct {
		Name   string                `json:"name"`
		Tables map[string]synthTable `json:"tables"`
		Error  string                `json:"error"`
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("synth.mjs output: %v", err)
	}
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
