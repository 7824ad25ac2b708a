// Package netsuitesim is an in-memory NetSuite SuiteTalk REST simulator:
// it checks TBA signatures and OAuth 2.0 tokens, holds records and enforces
// the rules jlsync depends on, answers the SuiteQL jlsync issues, refuses
// requests beyond its concurrency limit with NetSuite's own 429, and
// injects faults on demand. It serves tests, demos and training.
package netsuitesim

import (
	"crypto"
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/jlsync/jlsync/internal/sim/faults"
)

// Options configure a Server.
type Options struct {
	AccountID string // e.g. "1234567_SB1"; TBA realm and governance answers use it

	// TBA credentials the simulator accepts.
	ConsumerKey    string
	ConsumerSecret string
	TokenID        string
	TokenSecret    string

	// OAuth 2.0 client-credentials setup: the integration's client id, the
	// certificate id (JWT kid) and the public key of that certificate.
	OAuth2ClientID string
	CertificateID  string
	PublicKey      crypto.PublicKey

	Concurrency int // requests in flight before 429; default 5 (faults.Spec.Concurrency overrides)
	Faults      faults.Spec
	Now         func() time.Time
	Logger      *slog.Logger

	// IntegrationConcurrencyLimit, when > 0, makes governanceLimits report
	// an integration-specific allocation instead of the account limit.
	IntegrationConcurrencyLimit int
	// GovernanceForbidden answers governanceLimits as a non-administrator
	// role sees it.
	GovernanceForbidden bool
	// Insecure accepts API requests without credentials (for poking at the
	// simulator with curl); signatures and tokens that are sent are still
	// checked.
	Insecure bool
}

// Server is the simulator; it is an http.Handler.
type Server struct {
	opts   Options
	now    func() time.Time
	log    *slog.Logger
	faults *faults.Injector

	mu sync.Mutex // guards everything below
	st *store
	// auth state
	nonces map[string]time.Time // token|nonce|timestamp -> when seen
	tokens map[string]time.Time // bearer token -> expiry
	// concurrency and observations
	limit       int
	inFlight    int
	maxInFlight int
	throttled   int64
	calls       map[string]int64
}

const defaultConcurrency = 5

// New builds a simulator with an empty account.
func New(opts Options) *Server {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{
		opts:   opts,
		now:    now,
		log:    log,
		faults: faults.NewInjector(opts.Faults),
		st:     newStore(),
		nonces: map[string]time.Time{},
		tokens: map[string]time.Time{},
		calls:  map[string]int64{},
	}
	s.limit = s.concurrencyFor(opts.Faults)
	return s
}

func (s *Server) concurrencyFor(sp faults.Spec) int {
	switch {
	case sp.Concurrency > 0:
		return sp.Concurrency
	case s.opts.Concurrency > 0:
		return s.opts.Concurrency
	}
	return defaultConcurrency
}

// SetFaults replaces the fault settings (and the concurrency limit when the
// spec names one).
func (s *Server) SetFaults(sp faults.Spec) {
	s.faults.Set(sp)
	s.mu.Lock()
	s.limit = s.concurrencyFor(sp)
	s.mu.Unlock()
}

// Faults returns the current fault settings.
func (s *Server) Faults() faults.Spec { return s.faults.Spec() }

const restPrefix = "/services/rest"

// ServeHTTP routes NetSuite's REST paths and the /_sim/ admin API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p := r.URL.Path
	switch {
	case strings.HasPrefix(p, "/_sim/"):
		s.serveAdmin(w, r)
	case p == restPrefix+"/auth/oauth2/v1/token":
		s.count("POST token")
		s.serveToken(w, r)
	case strings.HasPrefix(p, restPrefix+"/record/v1/"),
		p == restPrefix+"/query/v1/suiteql",
		p == restPrefix+"/system/v1/governanceLimits":
		s.serveAPI(w, r)
	default:
		writeAPIError(w, errf(http.StatusNotFound, "INVALID_REQUEST", "", "Invalid request URL %s.", p))
	}
}

// serveAPI applies what every REST call goes through: the concurrency
// limit, injected latency and faults, then authentication.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	s.count(opName(r))
	if !s.enter() {
		writeAPIError(w, concurrencyExceeded())
		return
	}
	defer s.leave()

	kind, latency := s.faults.Next()
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		}
	}
	switch kind {
	case faults.Throttle:
		s.mu.Lock()
		s.throttled++
		s.mu.Unlock()
		writeAPIError(w, concurrencyExceeded())
		return
	case faults.ServerError:
		writeAPIError(w, unexpectedError(rand.Text()[:12]))
		return
	case faults.DropConn:
		dropConnection(w)
		return
	}
	if err := s.authenticate(r); err != nil {
		if strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			w.Header().Set("WWW-Authenticate", `Bearer realm="`+realmFor(s.opts.AccountID)+`", error="invalid_token", error_description="Invalid login attempt."`)
		}
		writeAPIError(w, invalidLogin())
		return
	}
	p := strings.TrimPrefix(r.URL.Path, restPrefix)
	switch {
	case p == "/query/v1/suiteql":
		s.serveSuiteQL(w, r)
	case p == "/system/v1/governanceLimits":
		s.serveGovernance(w, r)
	default:
		s.serveRecord(w, r, strings.TrimPrefix(p, "/record/v1/"))
	}
}

// enter takes an in-flight slot, or reports that the account is full.
func (s *Server) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inFlight >= s.limit {
		s.throttled++
		return false
	}
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	return true
}

func (s *Server) leave() {
	s.mu.Lock()
	s.inFlight--
	s.mu.Unlock()
}

func (s *Server) count(op string) {
	s.mu.Lock()
	s.calls[op]++
	s.mu.Unlock()
}

// opName names a call for the "observed" counters: "PUT salesOrder",
// "POST suiteql", "POST salesOrder!transform".
func opName(r *http.Request) string {
	p := strings.TrimPrefix(r.URL.Path, restPrefix)
	switch p {
	case "/query/v1/suiteql":
		return r.Method + " suiteql"
	case "/system/v1/governanceLimits":
		return r.Method + " governanceLimits"
	}
	segs := strings.Split(strings.TrimPrefix(p, "/record/v1/"), "/")
	name := segs[0]
	if t := lookupType(name); t != nil {
		name = t.name
	}
	if len(segs) >= 3 && segs[2] == "!transform" {
		name += "!transform"
	}
	return r.Method + " " + name
}

// dropConnection cuts the connection without an answer, as a load balancer
// or a timed-out NetSuite node does.
func dropConnection(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

func realmFor(account string) string {
	return strings.ReplaceAll(strings.ToUpper(strings.TrimSpace(account)), "-", "_")
}

func (s *Server) serveGovernance(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		writeAPIError(w, errf(http.StatusMethodNotAllowed, "INVALID_REQUEST", "", "Method %s is not allowed.", r.Method))
		return
	}
	if s.opts.GovernanceForbidden {
		writeAPIError(w, errf(http.StatusForbidden, "INSUFFICIENT_PERMISSION", "", "Permission Violation: You need Administrator access to read governance limits."))
		return
	}
	s.mu.Lock()
	limit := s.limit
	s.mu.Unlock()
	doc := map[string]any{
		"accountConcurrencyLimit":            limit,
		"accountUnallocatedConcurrencyLimit": limit,
		"integrationLimitType":               "accountLimit",
	}
	if n := s.opts.IntegrationConcurrencyLimit; n > 0 {
		doc["integrationConcurrencyLimit"] = n
		doc["accountUnallocatedConcurrencyLimit"] = max(1, limit-n)
		doc["integrationLimitType"] = "integrationSpecific"
	}
	writeJSON(w, http.StatusOK, doc)
}
