package gen2

import (
	"fmt"
	"slices"
	"strings"

	"github.com/bapi-dev/bapi/pkg/amplifyschema"
)

// Table is the shape of one DynamoDB table as the import check of Gen 2's
// data construct compares it: the properties its table manager reads from
// DescribeTable and from the table it would create, after sorting
// attribute definitions, key schemas and indexes by name.
//
// Source: amplify-category-api, packages/amplify-graphql-model-transformer,
// src/resources/amplify-dynamodb-table/amplify-table-manager-lambda/
// import-table.ts (validateImportedTableProperties, the "Imported table
// properties did not match the expected table properties" error).
type Table struct {
	// Name is the DynamoDB table name, <base>-<apiId>-<env>; APIID and Env
	// placeholders where they are not known.
	Name                 string               `json:"name"`
	AttributeDefinitions []AttributeDef       `json:"attribute_definitions"`
	KeySchema            []KeyElement         `json:"key_schema"`
	GlobalSecondary      []GlobalIndex        `json:"global_secondary_indexes"`
	BillingMode          string               `json:"billing_mode"`
	StreamViewType       string               `json:"stream_view_type"`
	SSEEnabled           bool                 `json:"sse_enabled"`
	DeletionProtection   bool                 `json:"deletion_protection"`
	PointInTimeRecovery  bool                 `json:"point_in_time_recovery"`
	Model                *amplifyschema.Model `json:"-"`
}

// AttributeDef is one attribute definition: a key attribute and its type
// (S or N).
type AttributeDef struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// KeyElement is one element of a key schema: HASH or RANGE.
type KeyElement struct {
	Attribute string `json:"attribute"`
	KeyType   string `json:"key_type"`
}

// GlobalIndex is one global secondary index.
type GlobalIndex struct {
	Name       string       `json:"name"`
	KeySchema  []KeyElement `json:"key_schema"`
	Projection string       `json:"projection"`
}

// What both Amplify lines give every table they create, with the default
// transform parameters of a project (DynamoDBBillingMode PAY_PER_REQUEST,
// DynamoDBEnablePointInTimeRecovery false, DynamoDBEnableServerSideEncryption
// false): on-demand billing, a stream of new and old images, SSE with the
// AWS owned key (SSESpecification SSEEnabled false, which DescribeTable
// shows as no SSEDescription), no point-in-time recovery, and every
// index projecting ALL attributes.
const (
	billingPayPerRequest = "PAY_PER_REQUEST"
	streamNewAndOld      = "NEW_AND_OLD_IMAGES"
	projectionAll        = "ALL"
)

// keyElements is a key as a key schema.
func keyElements(k amplifyschema.IndexKey) []KeyElement {
	out := []KeyElement{{Attribute: k.Partition, KeyType: "HASH"}}
	if s := k.SortAttribute(); s != "" {
		out = append(out, KeyElement{Attribute: s, KeyType: "RANGE"})
	}
	return out
}

// Gen1Table is the table the Gen 1 transformer (graphql-model-transformer
// and graphql-index-transformer of the 1.8 line that the AmplifyBackend
// service runs) creates for a model: keyed by the model's primary key
// (@primaryKey and its sortKeyFields, composite sort keys joined with '#'),
// an attribute definition for every key attribute of the table and its
// indexes, every @index and relation index with projection ALL, and no
// deletion protection (the Gen 1 CLI sets none).
func Gen1Table(m *amplifyschema.Model, name string) Table {
	t := Table{
		Name: name, Model: m, KeySchema: keyElements(m.KeySchema()),
		BillingMode: billingPayPerRequest, StreamViewType: streamNewAndOld,
	}
	for _, a := range amplifyschema.SortedKeys(m.AttrTypes) {
		t.AttributeDefinitions = append(t.AttributeDefinitions, AttributeDef{Name: a, Type: m.AttrTypes[a]})
	}
	for _, ix := range m.SortedIndexes() {
		t.GlobalSecondary = append(t.GlobalSecondary, GlobalIndex{Name: ix.Name, KeySchema: keyElements(ix.Key), Projection: projectionAll})
	}
	return t
}

// Gen2Table is the table Gen 2's data construct expects to import for a
// model mapped with migratedAmplifyGen1DynamoDbTableMappings, as
// @aws-amplify/data-construct 1.17.7 (the version @aws-amplify/backend-data
// 1.9.0 resolves) synthesizes its Custom::ImportedAmplifyDynamoDBTable:
//
//   - the key schema stays id (HASH) and the table's own attribute
//     definitions stay [id] whatever @primaryKey says: the index
//     transformer's replaceDdbPrimaryKey changes the key only of tables it
//     manages (amplify-category-api#3489, amplify-backend#3281; fixed by
//     amplify-category-api#3523, not in that version);
//   - the indexes, @index and relation ones, are expected as Gen 1 made
//     them, with their key attributes, as long as the key is id;
//   - deletion protection is expected on (the construct sets
//     deletionProtection for an imported table).
//
// The test TestGen2TableMatchesDataConstruct holds this to the construct's
// own synthesized output.
func Gen2Table(m *amplifyschema.Model, name string) Table {
	t := Gen1Table(m, name)
	t.DeletionProtection = true
	if slices.Equal(m.Key, []string{"id"}) {
		return t
	}
	// The primary key is not replaced: the expected table is keyed by
	// id, and the definitions of the key attributes the model's own key
	// added are gone (and with them, on a custom-keyed table, the indexes'
	// attributes, which the transformer adds to the same replaced list).
	t.KeySchema = []KeyElement{{Attribute: "id", KeyType: "HASH"}}
	t.AttributeDefinitions = []AttributeDef{{Name: "id", Type: "S"}}
	return t
}

// Difference is one property that differs between the Gen 1 table and
// the one Gen 2 expects.
type Difference struct {
	Property string `json:"property"`
	Gen1     string `json:"gen1"`
	Gen2     string `json:"gen2"`
}

// Compare lists the properties that differ, in the order the import check
// compares them.
func Compare(gen1, gen2 Table) []Difference {
	var out []Difference
	add := func(prop, a, b string) {
		if a != b {
			out = append(out, Difference{Property: prop, Gen1: a, Gen2: b})
		}
	}
	add("AttributeDefinitions", attrString(gen1.AttributeDefinitions), attrString(gen2.AttributeDefinitions))
	add("KeySchema", keyString(gen1.KeySchema), keyString(gen2.KeySchema))
	add("GlobalSecondaryIndexes", indexString(gen1.GlobalSecondary), indexString(gen2.GlobalSecondary))
	add("BillingMode", gen1.BillingMode, gen2.BillingMode)
	add("StreamSpecification", gen1.StreamViewType, gen2.StreamViewType)
	add("SSEDescription", sseString(gen1.SSEEnabled), sseString(gen2.SSEEnabled))
	add("DeletionProtectionEnabled", fmt.Sprint(gen1.DeletionProtection), fmt.Sprint(gen2.DeletionProtection))
	return out
}

func attrString(as []AttributeDef) string {
	parts := make([]string, 0, len(as))
	for _, a := range as {
		parts = append(parts, a.Name+":"+a.Type)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func keyString(ks []KeyElement) string {
	parts := make([]string, 0, len(ks))
	for _, k := range ks {
		parts = append(parts, k.Attribute+" "+k.KeyType)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func indexString(ix []GlobalIndex) string {
	if len(ix) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(ix))
	for _, i := range ix {
		parts = append(parts, i.Name+keyString(i.KeySchema)+" "+i.Projection)
	}
	return strings.Join(parts, "; ")
}

func sseString(on bool) string {
	if on {
		return "KMS"
	}
	return "AWS owned key"
}
