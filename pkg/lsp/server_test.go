package lsp

import (
	"strings"
	"testing"
	"time"
)

const quotedNumberSpec = `AppId: d2x4example7q1
BackendEnvironmentName: staging
ResourceName: blogapi
ResourceConfig:
  ApiName: blogapi
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
    Settings:
      ExpirationTime: "7"
  TransformSchema: |
    type Post @model @auth(rules: [{ allow: public }]) {
      id: ID!
      title: String!
    }
`

// TestSession is a whole session: initialize, open a spec with a mistake,
// get its diagnostic, apply the quick fix, see the diagnostic go, then
// completion, hover, shutdown and exit.
func TestSession(t *testing.T) {
	root := workspace(t)
	path := writeFile(t, root, "bapi/blog.yaml", quotedNumberSpec)
	c := startServer(t, Options{Debounce: 10 * time.Millisecond})
	res := c.initialize(root)
	if res.Capabilities.PositionEncoding != encodingUTF16 {
		t.Errorf("positionEncoding = %q, want utf-16 when the client offers none", res.Capabilities.PositionEncoding)
	}
	uri := c.open(path, "yaml", quotedNumberSpec)
	ds := c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "schema") })
	d := diagFor(t, ds, "schema")
	want := Range{Start: Position{Line: 9, Character: 22}, End: Position{Line: 9, Character: 25}}
	if d.Range != want {
		t.Errorf("schema diagnostic range = %+v, want %+v", d.Range, want)
	}
	if d.Severity != severityError || d.Source != "bapi" {
		t.Errorf("severity %d source %q, want 1 and bapi", d.Severity, d.Source)
	}
	if d.CodeDescription == nil || !strings.HasSuffix(d.CodeDescription.Href, "/docs/rules/schema.md") {
		t.Errorf("codeDescription = %+v, want the rule's doc page", d.CodeDescription)
	}

	var actions []CodeAction
	c.request("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: d.Range}, &actions)
	var fix *CodeAction
	for i := range actions {
		if strings.HasPrefix(actions[i].Title, "Remove the quotes") {
			fix = &actions[i]
		}
	}
	if fix == nil {
		t.Fatalf("no unquote quick fix among %+v", actions)
	}
	fixed := applyEdits(t, quotedNumberSpec, fix.Edit.Changes[uri], encodingUTF16)
	if !strings.Contains(fixed, "      ExpirationTime: 7\n") {
		t.Fatalf("the fix gave\n%s", fixed)
	}
	start := time.Now()
	c.change(uri, 2, fixed)
	ds = c.diagnostics(uri, func(ds []Diagnostic) bool { return !hasCode(ds, "schema") })
	t.Logf("change to diagnostics: %s", time.Since(start))
	if len(ds) != 0 {
		t.Errorf("after the fix, diagnostics %+v, want none", ds)
	}

	// Completion of directive names inside the inline schema.
	var list completionList
	c.request("textDocument/completion", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: Position{Line: 11, Character: 15}}, &list)
	if !hasLabel(list.Items, "model") || !hasLabel(list.Items, "auth") || !hasLabel(list.Items, "searchable") {
		t.Errorf("completion after @ offers %v, want model, auth, searchable", labels(list.Items))
	}
	if hasLabel(list.Items, "primaryKey") {
		t.Errorf("completion on a type offers the field directive primaryKey: %v", labels(list.Items))
	}
	// Enum values after allow:.
	c.request("textDocument/completion", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: Position{Line: 11, Character: 44}}, &list)
	if got := labels(list.Items); strings.Join(got, " ") != "owner groups private public custom" {
		t.Errorf("completion after allow: = %v, want the AuthStrategy values", got)
	}
	var h *hover
	c.request("textDocument/hover", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: Position{Line: 11, Character: 25}}, &h)
	if h == nil || !strings.Contains(h.Contents.Value, "directive @auth(rules: [AuthRule!]!)") || !strings.Contains(h.Contents.Value, "enum AuthStrategy") {
		t.Errorf("hover on @auth = %+v, want its definition and AuthStrategy", h)
	}
	if want := (Range{Start: Position{Line: 11, Character: 21}, End: Position{Line: 11, Character: 26}}); h != nil && (h.Range == nil || *h.Range != want) {
		t.Errorf("hover range = %+v, want %+v (@auth)", h.Range, want)
	}
	c.request("textDocument/hover", textDocumentPositionParams{TextDocument: textDocumentIdentifier{URI: uri}, Position: Position{Line: 2, Character: 3}}, &h)
	if h != nil {
		t.Errorf("hover outside GraphQL = %+v, want null", h)
	}
	c.shutdown()
}

func hasLabel(items []CompletionItem, l string) bool {
	for _, it := range items {
		if it.Label == l {
			return true
		}
	}
	return false
}

func labels(items []CompletionItem) []string {
	out := []string{}
	for _, it := range items {
		out = append(out, it.Label)
	}
	return out
}

const authModeSpec = `AppId: d2x4example7q1
BackendEnvironmentName: staging
ResourceName: blogapi
ResourceConfig:
  ApiName: blogapi
  Service: AppSync
  DefaultAuthType:
    Mode: AMAZON_COGNITO_USER_POOLS
    Settings:
      CognitoUserPoolId: us-east-1_AbCdEf123
  TransformSchema: |
    type Post @model @auth(rules: [{ allow: owner }, { allow: public, operations: [read] }]) {
      id: ID!
      title: String!
    }
`

// TestQuickFixAuthMode adds the auth mode an @auth rule needs, then the
// finding goes; and the ignore comment silences a finding.
func TestQuickFixAuthMode(t *testing.T) {
	root := workspace(t)
	path := writeFile(t, root, "blog.yaml", authModeSpec)
	c := startServer(t, Options{Debounce: 10 * time.Millisecond})
	c.initialize(root)
	uri := c.open(path, "yaml", authModeSpec)
	ds := c.diagnostics(uri, func(ds []Diagnostic) bool { return len(ds) > 0 })
	d := diagFor(t, ds, "graphql-auth-mode")
	if d.Range.Start.Line != 11 {
		t.Errorf("graphql-auth-mode at line %d, want 11 (the @auth rule in the block)", d.Range.Start.Line)
	}
	var actions []CodeAction
	c.request("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: d.Range}, &actions)
	var add, ignore *CodeAction
	for i := range actions {
		switch {
		case actions[i].Title == "Add auth mode API_KEY to AdditionalAuthTypes":
			add = &actions[i]
		case strings.HasPrefix(actions[i].Title, "Ignore graphql-auth-mode"):
			ignore = &actions[i]
		}
	}
	if add == nil || ignore == nil {
		t.Fatalf("code actions %+v, want the add-mode and ignore fixes", actions)
	}
	fixed := applyEdits(t, authModeSpec, add.Edit.Changes[uri], encodingUTF16)
	if !strings.Contains(fixed, "ResourceConfig:\n  AdditionalAuthTypes:\n    - Mode: API_KEY\n      Settings:\n        ExpirationTime: 7\n  ApiName: blogapi\n") {
		t.Errorf("the fix gave\n%s", fixed)
	}
	c.change(uri, 2, fixed)
	ds = c.diagnostics(uri, func(ds []Diagnostic) bool { return !hasCode(ds, "graphql-auth-mode") })
	if len(ds) != 0 {
		t.Errorf("after adding the mode, diagnostics %+v, want none", ds)
	}

	ignored := applyEdits(t, authModeSpec, ignore.Edit.Changes[uri], encodingUTF16)
	if !strings.Contains(ignored, "operations: [read] }]) { # bapi:ignore graphql-auth-mode\n") {
		t.Errorf("the ignore fix gave\n%s", ignored)
	}
	c.change(uri, 3, ignored)
	ds = c.diagnostics(uri, func(ds []Diagnostic) bool { return !hasCode(ds, "graphql-auth-mode") })
	if len(ds) != 0 {
		t.Errorf("after the ignore comment, diagnostics %+v, want none", ds)
	}

	// A second mode in an existing AdditionalAuthTypes goes in as its first item.
	withList := strings.Replace(authModeSpec, "  TransformSchema: |\n", "  AdditionalAuthTypes:\n    - Mode: AWS_IAM\n  TransformSchema: |\n", 1)
	c.change(uri, 4, withList)
	ds = c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "graphql-auth-mode") })
	c.request("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: uri}, Range: diagFor(t, ds, "graphql-auth-mode").Range}, &actions)
	if len(actions) == 0 || actions[0].Title != "Add auth mode API_KEY to AdditionalAuthTypes" {
		t.Fatalf("code actions %+v", actions)
	}
	fixed = applyEdits(t, withList, actions[0].Edit.Changes[uri], encodingUTF16)
	if !strings.Contains(fixed, "  AdditionalAuthTypes:\n    - Mode: API_KEY\n      Settings:\n        ExpirationTime: 7\n    - Mode: AWS_IAM\n") {
		t.Errorf("the fix gave\n%s", fixed)
	}
	c.change(uri, 5, fixed)
	c.diagnostics(uri, func(ds []Diagnostic) bool { return len(ds) == 0 })
	c.shutdown()
}

// TestSchemaFileAndWorkspace: a finding in a .graphql file a spec names is
// published to that file, from its unsaved buffer; a rule across files sees
// a spec that is not open.
func TestSchemaFileAndWorkspace(t *testing.T) {
	root := workspace(t)
	yamlText := specText(`
AppId: d2x4example7q1
BackendEnvironmentName: staging
ResourceName: blogapi
ResourceConfig:
  ApiName: blogapi
  Service: AppSync
  DefaultAuthType:
    Mode: API_KEY
  TransformSchemaFile: blog.graphql
`)
	schema := "type Post @model @auth(rules: [{ allow: public }]) {\n  id: ID!\n  title: String!\n}\n"
	path := writeFile(t, root, "api/blog.yaml", yamlText)
	gql := writeFile(t, root, "api/blog.graphql", schema)
	other := strings.Replace(yamlText, "TransformSchemaFile: blog.graphql", "TransformSchemaFile: ../api/blog.graphql", 1)
	writeFile(t, root, "copy/blog.yaml", other)

	c := startServer(t, Options{Debounce: 10 * time.Millisecond})
	c.initialize(root, "utf-8")
	uri := c.open(path, "yaml", yamlText)
	ds := c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "address-duplicate") })
	if d := diagFor(t, ds, "address-duplicate"); len(d.RelatedInformation) == 0 || !strings.HasSuffix(d.RelatedInformation[0].Location.URI, "/copy/blog.yaml") {
		t.Errorf("address-duplicate related = %+v, want the other file", d.RelatedInformation)
	}
	// The schema file, changed in the editor and not saved.
	gqlURI := c.open(gql, "graphql", strings.Replace(schema, "String!", "Strin!", 1))
	ds = c.diagnostics(gqlURI, func(ds []Diagnostic) bool { return hasCode(ds, "graphql-valid") })
	d := diagFor(t, ds, "graphql-valid")
	if d.Range.Start != (Position{Line: 2, Character: 9}) {
		t.Errorf("graphql-valid at %+v, want line 2 character 9 of the .graphql file", d.Range.Start)
	}
	// The DataStore field quick fix, in the .graphql file.
	ds2 := strings.Replace(schema, "  id: ID!\n", "  id: ID!\n  _version: Int\n", 1)
	c.change(gqlURI, 2, ds2)
	withCR := strings.Replace(yamlText, "  TransformSchemaFile", "  ConflictResolution:\n    ResolutionStrategy: AUTOMERGE\n  TransformSchemaFile", 1)
	c.change(uri, 2, withCR)
	ds = c.diagnostics(gqlURI, func(ds []Diagnostic) bool { return hasCode(ds, "graphql-datastore-fields") })
	var actions []CodeAction
	c.request("textDocument/codeAction", codeActionParams{TextDocument: textDocumentIdentifier{URI: gqlURI}, Range: diagFor(t, ds, "graphql-datastore-fields").Range}, &actions)
	if len(actions) != 1 {
		t.Fatalf("code actions %+v, want the one removing _version", actions)
	}
	if got := applyEdits(t, ds2, actions[0].Edit.Changes[gqlURI], encodingUTF8); got != schema {
		t.Errorf("the fix gave\n%s", got)
	}
	c.shutdown()
}

// TestExitWithoutShutdown: exit alone ends the session with an error.
func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t, Options{})
	c.initialize(workspace(t))
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != ErrExitWithoutShutdown {
			t.Errorf("Serve = %v, want ErrExitWithoutShutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return")
	}
}

// TestConfigAndNotSpec: .bapi.yaml's rule severities apply, and a YAML
// file that is not a spec gets no diagnostics.
func TestConfigAndNotSpec(t *testing.T) {
	root := workspace(t)
	writeFile(t, root, ".bapi.yaml", "rules:\n  schema: warning\n")
	path := writeFile(t, root, "blog.yaml", quotedNumberSpec)
	other := writeFile(t, root, "compose.yaml", "services:\n  web:\n    image: nginx\n")
	c := startServer(t, Options{Debounce: 10 * time.Millisecond})
	c.initialize(root)
	uri := c.open(path, "yaml", quotedNumberSpec)
	ds := c.diagnostics(uri, func(ds []Diagnostic) bool { return hasCode(ds, "schema") })
	if d := diagFor(t, ds, "schema"); d.Severity != severityWarning {
		t.Errorf("schema severity = %d, want %d (warning, from .bapi.yaml)", d.Severity, severityWarning)
	}
	otherURI := c.open(other, "yaml", "services:\n  web:\n    image: nginx\n")
	if ds := c.diagnostics(otherURI, func([]Diagnostic) bool { return true }); len(ds) != 0 {
		t.Errorf("a YAML file that is not a spec got %+v, want none", ds)
	}
	c.shutdown()
}
