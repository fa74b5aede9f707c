package lsp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bapi-dev/bapi/pkg/finding"
	"github.com/bapi-dev/bapi/pkg/validate"
)

// DefaultDebounce is how long the server waits after a change before it
// validates, so that a burst of keystrokes costs one run: short enough that
// diagnostics follow typing well within 300 ms.
const DefaultDebounce = 50 * time.Millisecond

// Options configure a server.
type Options struct {
	// Debounce is the wait after a change; 0 means DefaultDebounce.
	Debounce time.Duration
	// Version is reported as serverInfo.version.
	Version string
}

// ErrExitWithoutShutdown is returned by Serve when the client sent exit
// without shutdown first (the protocol's exit code 1).
var ErrExitWithoutShutdown = errors.New("lsp: exit without shutdown")

// document is a buffer the client has open.
type document struct {
	uri     string
	path    string
	lang    string
	version int
	text    string
}

// server is one session's state.
type server struct {
	conn *conn
	opts Options

	mu          sync.Mutex
	initialized bool
	shutdown    bool
	root        string
	enc         string
	docs        map[string]*document // by absolute path
	config      *validate.Config
	configErr   error
	transformer int
	// sources lists the workspace's spec files (absolute paths), found
	// on open and save; nil until the first scan.
	sources []string
	// published holds, per absolute path, the findings last published as
	// diagnostics (the code actions read them), and uris the URI each was
	// published under.
	published map[string][]finding.Finding
	uris      map[string]string
	// due is when the next validation should run; zero when none is
	// pending. kick wakes the validation loop.
	due    time.Time
	rescan bool
	kick   chan struct{}
}

// Serve runs a language server session on r and w until the client sends
// exit, closes the stream, or ctx is cancelled. It returns nil after
// shutdown and exit, ErrExitWithoutShutdown after an exit alone.
func Serve(ctx context.Context, r io.Reader, w io.Writer, opts Options) error {
	if opts.Debounce <= 0 {
		opts.Debounce = DefaultDebounce
	}
	s := &server{
		conn:      newConn(r, w),
		opts:      opts,
		enc:       encodingUTF16,
		docs:      map[string]*document{},
		published: map[string][]finding.Finding{},
		uris:      map[string]string{},
		kick:      make(chan struct{}, 1),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.validateLoop(ctx)
	}()
	defer wg.Wait()

	msgs := make(chan *message)
	readErr := make(chan error, 1)
	go func() {
		for {
			m, err := s.conn.read()
			if err != nil {
				readErr <- err
				return
			}
			select {
			case msgs <- m:
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-readErr:
			cancel()
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		case m := <-msgs:
			if m.Method == "exit" {
				cancel()
				s.mu.Lock()
				down := s.shutdown
				s.mu.Unlock()
				if !down {
					return ErrExitWithoutShutdown
				}
				return nil
			}
			if err := s.handle(ctx, m); err != nil {
				cancel()
				return err
			}
		}
	}
}

// handle answers one message. Only a failure to write is an error: a bad
// request gets an error response.
func (s *server) handle(ctx context.Context, m *message) error {
	if m.Error != nil && m.Method == "" && len(m.ID) == 0 {
		return s.conn.reply(nil, nil, m.Error) // a body that did not parse
	}
	if m.Method == "" {
		return nil // a response to a request of ours; we send none
	}
	s.mu.Lock()
	initialized, down := s.initialized, s.shutdown
	s.mu.Unlock()
	if !initialized && m.Method != "initialize" {
		if m.isRequest() {
			return s.conn.reply(m.ID, nil, &rpcError{Code: codeServerNotInitialized, Message: "the server is not initialized; send initialize first"})
		}
		return nil
	}
	if down && m.isRequest() {
		return s.conn.reply(m.ID, nil, &rpcError{Code: codeInvalidRequest, Message: "the server is shut down; send exit"})
	}
	result, rerr := s.safeDispatch(ctx, m)
	if !m.isRequest() {
		if rerr != nil {
			return s.logMessage(1, fmt.Sprintf("bapi: %s: %s", m.Method, rerr.Message))
		}
		return nil
	}
	return s.conn.reply(m.ID, result, rerr)
}

// safeDispatch is dispatch that turns a panic (a bug, on some buffer no
// test foresaw) into an error response, so the editor keeps its server.
func (s *server) safeDispatch(ctx context.Context, m *message) (result any, rerr *rpcError) {
	defer func() {
		if p := recover(); p != nil {
			result, rerr = nil, &rpcError{Code: codeInternalError, Message: fmt.Sprintf("%s: internal error: %v; please report it with the file that caused it", m.Method, p)}
		}
	}()
	return s.dispatch(ctx, m)
}

func invalidParams(method string, err error) *rpcError {
	return &rpcError{Code: codeInvalidParams, Message: fmt.Sprintf("%s: invalid params: %v", method, err)}
}

func (s *server) dispatch(ctx context.Context, m *message) (any, *rpcError) {
	decode := func(v any) *rpcError {
		if err := json.Unmarshal(m.Params, v); err != nil {
			return invalidParams(m.Method, err)
		}
		return nil
	}
	switch m.Method {
	case "initialize":
		var p initializeParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		return s.initialize(ctx, p), nil
	case "initialized", "$/cancelRequest", "$/setTrace", "workspace/didChangeConfiguration", "workspace/didChangeWatchedFiles":
		if m.Method == "workspace/didChangeWatchedFiles" {
			s.schedule(0, true)
		}
		return nil, nil
	case "shutdown":
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil, nil
	case "textDocument/didOpen":
		var p didOpenParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		s.open(p.TextDocument)
		return nil, nil
	case "textDocument/didChange":
		var p didChangeParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		if err := s.change(p); err != nil {
			return nil, invalidParams(m.Method, err)
		}
		return nil, nil
	case "textDocument/didSave":
		var p didSaveParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		s.save(ctx, p)
		return nil, nil
	case "textDocument/didClose":
		var p didCloseParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		s.close(p.TextDocument.URI)
		return nil, nil
	case "textDocument/codeAction":
		var p codeActionParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		return s.codeActions(p), nil
	case "textDocument/completion":
		var p textDocumentPositionParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		return s.completion(p), nil
	case "textDocument/hover":
		var p textDocumentPositionParams
		if e := decode(&p); e != nil {
			return nil, e
		}
		h := s.hover(p)
		if h == nil {
			return nil, nil
		}
		return h, nil
	}
	if strings.HasPrefix(m.Method, "$/") {
		return nil, nil // optional notifications may be ignored
	}
	return nil, &rpcError{Code: codeMethodNotFound, Message: "method not supported: " + m.Method}
}

func (s *server) initialize(ctx context.Context, p initializeParams) initializeResult {
	root := ""
	switch {
	case len(p.WorkspaceFolders) > 0:
		root = uriPath(p.WorkspaceFolders[0].URI)
	case p.RootURI != "":
		root = uriPath(p.RootURI)
	case p.RootPath != "":
		root = p.RootPath
	}
	if abs, err := filepath.Abs(root); err == nil && root != "" {
		root = abs
	}
	cfg, _, cfgErr := validate.LoadConfig(ctx, cmpOr(root, "."), "")
	s.mu.Lock()
	s.initialized = true
	s.root = root
	s.enc = chooseEncoding(p.Capabilities.General.PositionEncodings)
	s.config, s.configErr = cfg, cfgErr
	s.transformer = cfg.Transformer()
	s.rescan = true
	s.mu.Unlock()

	var res initializeResult
	res.ServerInfo.Name = "bapi"
	res.ServerInfo.Version = s.opts.Version
	res.Capabilities = serverCapabilities{
		PositionEncoding:   s.enc,
		TextDocumentSync:   textDocumentSync{OpenClose: true, Change: 1, Save: saveOptions{IncludeText: false}},
		CodeActionProvider: codeActionOptions{CodeActionKinds: []string{"quickfix"}},
		CompletionProvider: completionOptions{TriggerCharacters: []string{"@", "(", ":", " ", "[", "\"", ","}},
		HoverProvider:      true,
	}
	return res
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (s *server) open(td textDocumentItem) {
	p := uriPath(td.URI)
	if p == "" {
		return
	}
	s.mu.Lock()
	s.docs[p] = &document{uri: td.URI, path: p, lang: td.LanguageID, version: td.Version, text: td.Text}
	s.uris[p] = td.URI
	s.mu.Unlock()
	s.schedule(0, false)
}

func (s *server) change(p didChangeParams) error {
	path := uriPath(p.TextDocument.URI)
	s.mu.Lock()
	d, ok := s.docs[path]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("%s is not open", p.TextDocument.URI)
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil {
			d.text = c.Text
			continue
		}
		// Incremental changes are applied too, though the server asks for
		// whole texts, so a client that sends them anyway is still right.
		ls := lines(d.text)
		start := offsetOf(d.text, ls, c.Range.Start, s.enc)
		end := offsetOf(d.text, ls, c.Range.End, s.enc)
		if end < start {
			start, end = end, start
		}
		d.text = d.text[:start] + c.Text + d.text[end:]
	}
	d.version = p.TextDocument.Version
	s.mu.Unlock()
	s.schedule(s.opts.Debounce, false)
	return nil
}

// offsetOf is the byte offset in text of an LSP position; ls is
// lines(text).
func offsetOf(text string, ls []string, pos Position, enc string) int {
	if pos.Line < 0 {
		return 0
	}
	off := 0
	for i := 0; i < pos.Line; i++ {
		nl := strings.IndexByte(text[off:], '\n')
		if nl < 0 {
			return len(text)
		}
		off += nl + 1
	}
	if pos.Line < len(ls) {
		off += byteOfUnit(ls[pos.Line], pos.Character, enc)
	}
	return min(off, len(text))
}

func (s *server) save(ctx context.Context, p didSaveParams) {
	path := uriPath(p.TextDocument.URI)
	if filepath.Base(path) == validate.ConfigFileName {
		cfg, _, err := validate.LoadConfig(ctx, cmpOr(s.rootDir(), "."), "")
		s.mu.Lock()
		s.config, s.configErr, s.transformer = cfg, err, cfg.Transformer()
		s.mu.Unlock()
	}
	if p.Text != nil {
		s.mu.Lock()
		if d, ok := s.docs[path]; ok {
			d.text = *p.Text
		}
		s.mu.Unlock()
	}
	s.schedule(0, true)
}

func (s *server) close(uri string) {
	p := uriPath(uri)
	s.mu.Lock()
	delete(s.docs, p)
	s.mu.Unlock()
	s.schedule(0, false)
}

func (s *server) rootDir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.root
}

// schedule asks for a validation after delay (a later request moves it);
// rescan also rediscovers the workspace's spec files.
func (s *server) schedule(delay time.Duration, rescan bool) {
	s.mu.Lock()
	s.due = time.Now().Add(delay)
	s.rescan = s.rescan || rescan
	s.mu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// validateLoop runs validations when they are due, one at a time.
func (s *server) validateLoop(ctx context.Context) {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-s.kick:
		case <-timer.C:
		}
		s.mu.Lock()
		due := s.due
		s.mu.Unlock()
		if due.IsZero() {
			continue
		}
		if wait := time.Until(due); wait > 0 {
			timer.Reset(wait)
			continue
		}
		s.mu.Lock()
		s.due = time.Time{}
		s.mu.Unlock()
		if err := s.safePublish(ctx); err != nil && ctx.Err() == nil {
			_ = s.logMessage(1, "bapi: "+err.Error())
		}
	}
}

// safePublish is publish that turns a panic into an error, logged to the
// editor, so that one bad buffer does not end the session.
func (s *server) safePublish(ctx context.Context) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("internal error while validating: %v; please report it with the file that caused it", p)
		}
	}()
	return s.publish(ctx)
}

// logMessage sends window/logMessage (type 1 error, 3 info).
func (s *server) logMessage(typ int, msg string) error {
	return s.conn.notify("window/logMessage", map[string]any{"type": typ, "message": msg})
}

// uriPath is the absolute file path of a file: URI; "" for other schemes.
func uriPath(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	p := filepath.FromSlash(u.Path)
	if len(p) >= 3 && p[0] == '\\' && p[2] == ':' { // file:///C:/x on Windows
		p = p[1:]
	}
	return filepath.Clean(p)
}

// pathURI is the file: URI of an absolute path.
func pathURI(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}
