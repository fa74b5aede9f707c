package lsp

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// testClient drives a real server over pipes, as an editor does.
type testClient struct {
	t       testing.TB
	conn    *conn
	in      io.WriteCloser
	msgs    chan *message
	pending []*message
	nextID  int
	served  chan error
	cancel  context.CancelFunc
}

func startServer(t testing.TB, opts Options) *testClient {
	t.Helper()
	cr, sw := io.Pipe() // server -> client
	sr, cw := io.Pipe() // client -> server
	ctx, cancel := context.WithCancel(context.Background())
	c := &testClient{t: t, conn: newConn(cr, cw), in: cw, msgs: make(chan *message, 64), served: make(chan error, 1), cancel: cancel}
	go func() {
		err := Serve(ctx, sr, sw, opts)
		sw.Close()
		c.served <- err
	}()
	go func() {
		for {
			m, err := c.conn.read()
			if err != nil {
				close(c.msgs)
				return
			}
			c.msgs <- m
		}
	}()
	t.Cleanup(func() {
		cancel()
		cw.Close()
		cr.Close()
	})
	return c
}

func (c *testClient) next(timeout time.Duration) *message {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatal("the server closed its output")
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message from the server within %s", timeout)
	}
	return nil
}

// request sends a request and returns its result, keeping notifications
// that arrive meanwhile.
func (c *testClient) request(method string, params, result any) {
	c.t.Helper()
	c.nextID++
	id := json.RawMessage(fmt.Sprint(c.nextID))
	b, err := json.Marshal(params)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := c.conn.write(&message{ID: id, Method: method, Params: b}); err != nil {
		c.t.Fatal(err)
	}
	for {
		m := c.next(10 * time.Second)
		if m.Method != "" {
			c.pending = append(c.pending, m)
			continue
		}
		if string(m.ID) != string(id) {
			c.t.Fatalf("%s: response to id %s, want %s", method, m.ID, id)
		}
		if m.Error != nil {
			c.t.Fatalf("%s: error %v", method, m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				c.t.Fatalf("%s: decode result %s: %v", method, m.Result, err)
			}
		}
		return
	}
}

func (c *testClient) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.notify(method, params); err != nil {
		c.t.Fatal(err)
	}
}

// diagnostics waits for a publishDiagnostics of uri that satisfies ok.
func (c *testClient) diagnostics(uri string, ok func([]Diagnostic) bool) []Diagnostic {
	c.t.Helper()
	check := func(m *message) ([]Diagnostic, bool) {
		if m.Method != "textDocument/publishDiagnostics" {
			return nil, false
		}
		var p publishDiagnosticsParams
		if err := json.Unmarshal(m.Params, &p); err != nil {
			c.t.Fatal(err)
		}
		return p.Diagnostics, p.URI == uri && ok(p.Diagnostics)
	}
	for i, m := range c.pending {
		if d, good := check(m); good {
			c.pending = append(c.pending[:i:i], c.pending[i+1:]...)
			return d
		}
	}
	c.pending = nil
	for {
		if d, good := check(c.next(10 * time.Second)); good {
			return d
		}
	}
}

func (c *testClient) initialize(root string, encodings ...string) initializeResult {
	c.t.Helper()
	params := map[string]any{
		"processId":    nil,
		"rootUri":      pathURI(root),
		"capabilities": map[string]any{"general": map[string]any{"positionEncodings": encodings}},
	}
	var res initializeResult
	c.request("initialize", params, &res)
	c.notify("initialized", map[string]any{})
	return res
}

func (c *testClient) open(path, lang, text string) string {
	c.t.Helper()
	uri := pathURI(path)
	c.notify("textDocument/didOpen", didOpenParams{TextDocument: textDocumentItem{URI: uri, LanguageID: lang, Version: 1, Text: text}})
	return uri
}

func (c *testClient) change(uri string, version int, text string) {
	c.t.Helper()
	c.notify("textDocument/didChange", didChangeParams{
		TextDocument:   versionedTextDocumentIdentifier{URI: uri, Version: version},
		ContentChanges: []contentChange{{Text: text}},
	})
}

// shutdown ends the session as an editor does and checks Serve's result.
func (c *testClient) shutdown() {
	c.t.Helper()
	var res json.RawMessage
	c.request("shutdown", nil, &res)
	if string(res) != "null" {
		c.t.Errorf("shutdown result = %s, want null", res)
	}
	c.notify("exit", nil)
	select {
	case err := <-c.served:
		if err != nil {
			c.t.Errorf("Serve after shutdown and exit = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		c.t.Fatal("Serve did not return after exit")
	}
}

func hasCode(ds []Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func diagFor(t *testing.T, ds []Diagnostic, code string) Diagnostic {
	t.Helper()
	for _, d := range ds {
		if d.Code == code {
			return d
		}
	}
	t.Fatalf("no %s diagnostic in %+v", code, ds)
	return Diagnostic{}
}

// applyEdits applies a document's text edits (non-overlapping) to text.
func applyEdits(t *testing.T, text string, edits []TextEdit, enc string) string {
	t.Helper()
	type span struct {
		s, e int
		text string
	}
	ls := lines(text)
	var spans []span
	for _, e := range edits {
		spans = append(spans, span{offsetOf(text, ls, e.Range.Start, enc), offsetOf(text, ls, e.Range.End, enc), e.NewText})
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].s > spans[j].s })
	for _, sp := range spans {
		text = text[:sp.s] + sp.text + text[sp.e:]
	}
	return text
}

func writeFile(t testing.TB, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// workspace is a temporary directory with symbolic links resolved, as
// editors name it.
func workspace(t testing.TB) string {
	t.Helper()
	d, err := filepath.EvalSymlinks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// specText drops the newline that opens a raw string literal.
func specText(s string) string {
	return strings.TrimPrefix(s, "\n")
}
