package localapi

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jlsync/jlsync/agent/apitype"
)

// stub answers a few routes; the rest of Backend is not used by these tests.
type stub struct {
	Backend
	lastActor string
}

func (s *stub) Health(context.Context) (apitype.Health, error) {
	return apitype.Health{Version: "t"}, nil
}

func (s *stub) Exception(_ context.Context, id string) (apitype.Exception, error) {
	if id == "EX-1" {
		return apitype.Exception{ID: id}, nil
	}
	return apitype.Exception{}, ErrNotFound
}

func (s *stub) ExceptionAction(_ context.Context, id, action, actor, note string) (apitype.Exception, error) {
	s.lastActor = actor
	if action == "resolve" {
		return apitype.Exception{}, &Conflict{Msg: "already resolved"}
	}
	return apitype.Exception{ID: id, Note: note}, nil
}

func do(t *testing.T, s *Server, method, path, body string, mutate func(*http.Request)) (*httptest.ResponseRecorder, apitype.Error) {
	t.Helper()
	r := httptest.NewRequest(method, "http://"+apitype.Host+path, strings.NewReader(body))
	r.Host = apitype.Host
	if mutate != nil {
		mutate(r)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	var e apitype.Error
	_ = json.Unmarshal(w.Body.Bytes(), &e)
	return w, e
}

func TestGuardsAndErrors(t *testing.T) {
	b := &stub{}
	s := New(b, nil)
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		mutate func(*http.Request)
		status int
		code   string
	}{
		{"health", "GET", "/v1/health", "", nil, 200, ""},
		{"foreign host", "GET", "/v1/health", "", func(r *http.Request) { r.Host = "evil.example" }, 403, "forbidden"},
		{"browser origin", "GET", "/v1/health", "", func(r *http.Request) { r.Header.Set("Origin", "http://evil.example") }, 403, "forbidden"},
		{"referer", "GET", "/v1/health", "", func(r *http.Request) { r.Header.Set("Referer", "http://x") }, 403, "forbidden"},
		{"unknown route", "GET", "/v1/nope", "", nil, 404, "not_found"},
		{"unknown exception", "GET", "/v1/exceptions/EX-9", "", nil, 404, "not_found"},
		{"known exception", "GET", "/v1/exceptions/EX-1", "", nil, 200, ""},
		{"bad action", "POST", "/v1/exceptions/EX-1/explode", "", nil, 400, "bad_request"},
		{"bad body", "POST", "/v1/exceptions/EX-1/retry", "{not json", nil, 400, "bad_request"},
		{"conflict", "POST", "/v1/exceptions/EX-1/resolve", `{"note":"x"}`, nil, 409, "conflict"},
		{"retry", "POST", "/v1/exceptions/EX-1/retry", `{"note":"again"}`, nil, 200, ""},
		{"bad limit", "GET", "/v1/exceptions?limit=-1", "", nil, 400, "bad_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, e := do(t, s, tt.method, tt.path, tt.body, tt.mutate)
			if w.Code != tt.status || e.Code != tt.code {
				t.Errorf("%s %s = %d %q (%s), want %d %q", tt.method, tt.path, w.Code, e.Code, e.Error, tt.status, tt.code)
			}
		})
	}
	if b.lastActor == "" {
		t.Error("actions must carry an actor for the audit log")
	}
}

func TestListenIsOwnerOnlyAndRefusesASecondAgent(t *testing.T) {
	dir, err := os.MkdirTemp("", "la")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run", "agent.sock")
	ln, err := Listen(path)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("socket mode %v, want 0600", st.Mode().Perm())
	}
	if dst, _ := os.Stat(filepath.Dir(path)); dst.Mode().Perm() != 0o700 {
		t.Errorf("socket dir mode %v, want 0700", dst.Mode().Perm())
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	if _, err := Listen(path); err == nil || !strings.Contains(err.Error(), "already listening") {
		t.Errorf("second Listen = %v, want 'already listening'", err)
	}
	ln.Close()
	// A stale socket file (agent killed) is replaced.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	ln2, err := Listen(path)
	if err != nil {
		t.Fatalf("stale socket not replaced: %v", err)
	}
	ln2.Close()
	if _, err := Listen(strings.Repeat("x/", 60) + "s"); err == nil {
		t.Error("an over-long socket path must be refused with a clear error")
	}
}

func TestPeerCredentialsAreRead(t *testing.T) {
	dir, _ := os.MkdirTemp("", "lp")
	defer os.RemoveAll(dir)
	ln, err := Listen(filepath.Join(dir, "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	got := make(chan Peer, 1)
	go func() {
		c, err := ln.Accept()
		if err == nil {
			got <- peerOf(c)
			c.Close()
		}
	}()
	c, err := net.Dial("unix", filepath.Join(dir, "s"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	p := <-got
	if !p.Known || p.UID != os.Getuid() || !p.allowed() {
		t.Errorf("peer = %+v", p)
	}
	if (Peer{Known: true, UID: os.Getuid() + 12345}).allowed() && os.Getuid() != 0 {
		t.Error("another user must not be allowed")
	}
}
