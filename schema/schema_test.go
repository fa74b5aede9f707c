package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// modelCopy is the public AWS service model, committed so the test runs
// anywhere; sharedModel is the original beside the clone, when present.
var (
	modelCopy   = filepath.Join("testdata", "amplifybackend-service-2.json")
	sharedModel = filepath.Join("..", "..", "shared", "amplifybackend", "service-2.json")
)

type model struct {
	Shapes map[string]struct {
		Type     string                            `json:"type"`
		Members  map[string]struct{ Shape string } `json:"members"`
		Required []string                          `json:"required"`
		Enum     []string                          `json:"enum"`
		Member   struct{ Shape string }            `json:"member"`
	} `json:"shapes"`
}

type schemaDoc struct {
	Properties           map[string]*schemaDoc `json:"properties"`
	Required             []string              `json:"required"`
	Enum                 []string              `json:"enum"`
	EnumDescriptions     []string              `json:"enumDescriptions"`
	MarkdownEnumDescs    []string              `json:"markdownEnumDescriptions"`
	Type                 schemaType            `json:"type"`
	Ref                  string                `json:"$ref"`
	Items                *schemaDoc            `json:"items"`
	AdditionalProperties *bool                 `json:"additionalProperties"`
	Title                string                `json:"title"`
	Description          string                `json:"description"`
	Examples             []any                 `json:"examples"`
	Defs                 map[string]*schemaDoc `json:"$defs"`
	ID                   string                `json:"$id"`
}

// schemaType is a schema's "type": one name, or several joined with "|"
// (["string", "array"] reads as "string|array").
type schemaType string

func (st *schemaType) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*st = schemaType(one)
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*st = schemaType(strings.Join(many, "|"))
	return nil
}

func readModel(t *testing.T) model {
	t.Helper()
	b, err := os.ReadFile(modelCopy)
	if err != nil {
		t.Fatal(err)
	}
	var m model
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func readSchema(t *testing.T) *schemaDoc {
	t.Helper()
	var s schemaDoc
	if err := json.Unmarshal(JSON(), &s); err != nil {
		t.Fatal(err)
	}
	return &s
}

func TestModelCopyMatchesShared(t *testing.T) {
	shared, err := os.ReadFile(sharedModel)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("%s not present; comparing with the committed copy only", sharedModel)
	}
	if err != nil {
		t.Fatal(err)
	}
	cp, err := os.ReadFile(modelCopy)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shared, cp) {
		t.Errorf("%s differs from %s; copy the model again and update the schema", modelCopy, sharedModel)
	}
}

// extensions are the members the schema adds to the model's, by object:
// bapi reads them and sends something else (TransformSchemaFile becomes
// TransformSchema).
var extensions = map[string][]string{"BackendAPIResourceConfig": {"TransformSchemaFile"}}

// TestSchemaMatchesModel fails when the schema misses or invents a member,
// a required member or an enum value, or has the wrong type.
func TestSchemaMatchesModel(t *testing.T) {
	m := readModel(t)
	s := readSchema(t)
	if s.ID != ID {
		t.Errorf("$id = %q, want %q", s.ID, ID)
	}
	objects := map[string]*schemaDoc{"CreateBackendAPIRequest": s}
	for _, name := range []string{"BackendAPIResourceConfig", "BackendAPIAuthType", "BackendAPIAppSyncAuthSettings", "BackendAPIConflictResolution"} {
		d := s.Defs[name]
		if d == nil {
			t.Fatalf("$defs/%s missing", name)
		}
		objects[name] = d
	}
	resolve := func(d *schemaDoc) *schemaDoc {
		if d.Ref != "" {
			return s.Defs[strings.TrimPrefix(d.Ref, "#/$defs/")]
		}
		return d
	}
	for name, d := range objects {
		shape := m.Shapes[name]
		var want, got []string
		for k := range shape.Members {
			want = append(want, k)
		}
		for k := range d.Properties {
			if !slices.Contains(extensions[name], k) {
				got = append(got, k)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s members (-model +schema):\n%s", name, diff)
		}
		wantReq := slices.Sorted(slices.Values(shape.Required))
		gotReq := slices.Sorted(slices.Values(d.Required))
		if diff := cmp.Diff(wantReq, gotReq); diff != "" {
			t.Errorf("%s required (-model +schema):\n%s", name, diff)
		}
		for k, mem := range shape.Members {
			p := d.Properties[k]
			if p == nil {
				continue
			}
			target := m.Shapes[mem.Shape]
			r := resolve(p)
			if r == nil {
				t.Errorf("%s.%s: unresolvable $ref %q", name, k, p.Ref)
				continue
			}
			var wantType string
			switch {
			case mem.Shape == "__string" || target.Type == "string":
				wantType = "string"
			case mem.Shape == "__double" || target.Type == "double" || target.Type == "integer":
				wantType = "number"
			case target.Type == "structure":
				wantType = "object"
				if p.Ref != "#/$defs/"+mem.Shape {
					t.Errorf("%s.%s: $ref %q, want #/$defs/%s", name, k, p.Ref, mem.Shape)
				}
			case target.Type == "list":
				wantType = "array"
				if p.Items == nil || p.Items.Ref != "#/$defs/"+target.Member.Shape {
					t.Errorf("%s.%s: items should $ref #/$defs/%s", name, k, target.Member.Shape)
				}
			}
			if string(r.Type) != wantType {
				t.Errorf("%s.%s: type %q, want %q (model shape %s)", name, k, r.Type, wantType, mem.Shape)
			}
			if len(target.Enum) > 0 {
				if diff := cmp.Diff(target.Enum, r.Enum); diff != "" {
					t.Errorf("%s.%s enum (-model +schema):\n%s", name, k, diff)
				}
				if len(r.EnumDescriptions) != len(r.Enum) || len(r.MarkdownEnumDescs) != len(r.Enum) {
					t.Errorf("%s.%s: want one enum description per value", name, k)
				}
			}
		}
	}
}

// TestSchemaEditorHelp checks what editors show: every property and
// definition has a title and a description, every object forbids unknown
// keys, and leaf properties carry examples.
func TestSchemaEditorHelp(t *testing.T) {
	s := readSchema(t)
	var check func(path string, d *schemaDoc)
	check = func(path string, d *schemaDoc) {
		if d.Title == "" || d.Description == "" {
			t.Errorf("%s: needs a title and a description", path)
		}
		if d.Type == "object" && (d.AdditionalProperties == nil || *d.AdditionalProperties) {
			t.Errorf("%s: additionalProperties must be false", path)
		}
		for k, p := range d.Properties {
			check(path+"/properties/"+k, p)
			if p.Ref == "" && p.Type != "array" && len(p.Examples) == 0 {
				t.Errorf("%s/properties/%s: needs examples", path, k)
			}
		}
	}
	check("#", s)
	for k, d := range s.Defs {
		check("#/$defs/"+k, d)
	}
}

func TestCompiledValidatesExamples(t *testing.T) {
	sch, err := Compiled()
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Compiled()
	if again != sch {
		t.Errorf("Compiled compiled twice")
	}
	s := readSchema(t)
	for i, ex := range s.Examples {
		if err := sch.Validate(ex); err != nil {
			t.Errorf("root example %d: %v", i, err)
		}
	}
}

func TestModeSettings(t *testing.T) {
	sch, err := Compiled()
	if err != nil {
		t.Fatal(err)
	}
	doc := func(auth string) any {
		var v any
		in := `{"AppId":"a","BackendEnvironmentName":"e","ResourceName":"r","ResourceConfig":{"DefaultAuthType":` + auth + `,"AdditionalAuthTypes":[` + auth + `]}}`
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		auth string
		ok   bool
	}{
		{`{"Mode":"API_KEY","Settings":{"ExpirationTime":7}}`, true},
		{`{"Mode":"API_KEY","Settings":{"Description":"x"}}`, false},
		{`{"Mode":"API_KEY"}`, false},
		{`{"Mode":"AWS_IAM"}`, true},
		{`{"Mode":"AMAZON_COGNITO_USER_POOLS","Settings":{"CognitoUserPoolId":"p"}}`, true},
		{`{"Mode":"AMAZON_COGNITO_USER_POOLS","Settings":{}}`, false},
		{`{"Mode":"OPENID_CONNECT","Settings":{"OpenIDProviderName":"p","OpenIDIssueURL":"https://i"}}`, true},
		{`{"Mode":"OPENID_CONNECT","Settings":{"OpenIDProviderName":"p"}}`, false},
		{`{"Mode":"API_KEY","Settings":{"ExpirationTime":"7"}}`, false},
		{`{"Mode":"BASIC"}`, false},
	}
	for _, tc := range tests {
		err := sch.Validate(doc(tc.auth))
		if (err == nil) != tc.ok {
			t.Errorf("%s: valid = %v, want %v (%v)", tc.auth, err == nil, tc.ok, err)
		}
	}
}

func TestJSONIsACopy(t *testing.T) {
	a := JSON()
	a[0] = 'X'
	if JSON()[0] == 'X' {
		t.Errorf("JSON returned the embedded bytes themselves")
	}
}

// TestJSONIsTheFile ties what `bapi schema` prints (JSON) to the committed
// file editors point at.
func TestJSONIsTheFile(t *testing.T) {
	file, err := os.ReadFile("backend-api.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, JSON()) {
		t.Errorf("JSON() differs from backend-api.schema.json")
	}
}

func TestLookup(t *testing.T) {
	m := Lookup(ID + "#/$defs/Mode")
	if m == nil || m["title"] != "Authorization mode" {
		t.Errorf("Lookup(#/$defs/Mode) = %v", m)
	}
	if Lookup(ID+"#") == nil || Lookup(ID+"#/$defs/Nope") != nil || Lookup("https://example.com/x#") != nil {
		t.Errorf("Lookup of the root, a missing def or another schema")
	}
}

// TestTransformSchemaFile checks the shapes TransformSchemaFile accepts: a
// path, or a non-empty list of paths and patterns.
func TestTransformSchemaFile(t *testing.T) {
	sch, err := Compiled()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		value string
		ok    bool
	}{
		{`"blog.graphql"`, true},
		{`["schema/a.graphql", "schema/*.graphql"]`, true},
		{`""`, false},
		{`[]`, false},
		{`[""]`, false},
		{`[1]`, false},
		{`3`, false},
		{`{"path": "a.graphql"}`, false},
	}
	for _, tc := range tests {
		var v any
		in := `{"AppId":"a","BackendEnvironmentName":"e","ResourceName":"r","ResourceConfig":{"TransformSchemaFile":` + tc.value + `}}`
		if err := json.Unmarshal([]byte(in), &v); err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(v); (err == nil) != tc.ok {
			t.Errorf("TransformSchemaFile %s: error %v, want ok=%v", tc.value, err, tc.ok)
		}
	}
}
