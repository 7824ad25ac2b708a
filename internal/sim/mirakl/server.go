// Package miraklsim simulates the Mirakl Seller API of John Lewis
// Marketplace: the calls jlsync uses, with their real paths, parameters,
// paging, field names, status codes and error bodies, order and import state
// machines, the money trail (transaction lines, billing cycles, commission
// invoices), the published per-call ceilings and injectable faults.
//
// The API is served under /api/ and needs the Authorization header; an
// unauthenticated admin surface under /_sim/ loads scenarios, dumps state,
// sets faults and creates marketplace-side events.
package miraklsim

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

// Default credentials, used when Options leaves them empty.
const (
	DefaultAPIKey = "jlsync-sim-shop-key"
	DefaultShopID = "2001"
)

// Options configure a simulator.
type Options struct {
	APIKey    string      // the shop API key it accepts (raw, no "Bearer")
	ShopID    string      // numeric shop id, e.g. "2001"
	TimeScale float64     // >=1 shrinks the per-call ceilings and the simulated delays N times
	Faults    faults.Spec // latency, 429, 5xx and dropped connections
	Now       func() time.Time
	Logger    *slog.Logger
}

// Server is the simulator; it implements http.Handler.
type Server struct {
	key    string
	shopID string
	shopN  int64
	scale  float64
	clock  func() time.Time
	log    *slog.Logger
	inj    *faults.Injector

	mu       sync.Mutex
	st       *state
	limiters map[string]*mirakl.WindowLimiter
	obs      observed

	inFlight    atomic.Int64
	maxInFlight atomic.Int64
	faultCount  atomic.Int64
}

// observed is what the simulator saw, reported under "observed" in State().
type observed struct {
	calls     map[string]int
	throttled int
}

// New returns a simulator with an empty shop (no orders, no offers) and the
// default account, platform configuration, reasons and carriers.
func New(opts Options) *Server {
	s := &Server{
		key:    opts.APIKey,
		shopID: opts.ShopID,
		scale:  opts.TimeScale,
		clock:  opts.Now,
		log:    opts.Logger,
		inj:    faults.NewInjector(opts.Faults),
	}
	if s.key == "" {
		s.key = DefaultAPIKey
	}
	n, err := strconv.ParseInt(s.shopID, 10, 64)
	if err != nil || n <= 0 {
		s.shopID, n = DefaultShopID, 2001
	}
	s.shopN = n
	if s.scale < 1 {
		s.scale = 1
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.st = newState()
	s.resetObservations()
	return s
}

// APIKey returns the key the simulator accepts.
func (s *Server) APIKey() string { return s.key }

// ShopID returns the simulated shop id.
func (s *Server) ShopID() string { return s.shopID }

// SetFaults replaces the fault specification.
func (s *Server) SetFaults(spec faults.Spec) { s.inj.Set(spec) }

// Faults returns the current fault specification.
func (s *Server) Faults() faults.Spec { return s.inj.Spec() }

func (s *Server) resetObservations() {
	s.limiters = map[string]*mirakl.WindowLimiter{}
	s.obs = observed{calls: map[string]int{}}
	s.maxInFlight.Store(0)
}

// now is the simulated time: the clock plus any admin advance, in UTC and
// to the millisecond as Mirakl reports times. Callers hold s.mu.
func (s *Server) now() time.Time {
	return s.clock().UTC().Add(s.st.clockOffset).Truncate(time.Millisecond)
}

// scaled divides a real-world duration by the time scale.
func (s *Server) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) / s.scale)
}

// ServeHTTP routes /_sim/ to the admin surface and everything else to the API.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.Path) >= 6 && r.URL.Path[:6] == "/_sim/" {
		s.serveAdmin(w, r)
		return
	}
	s.serveAPI(w, r)
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	n := s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	for {
		m := s.maxInFlight.Load()
		if n <= m || s.maxInFlight.CompareAndSwap(m, n) {
			break
		}
	}

	kind, latency := s.inj.Next()
	if kind != faults.None {
		s.log.Debug("mirakl sim fault", "kind", kind, "method", r.Method, "path", r.URL.Path)
	}
	if latency > 0 && !sleepCtx(r.Context(), latency) {
		return
	}
	switch kind {
	case faults.DropConn:
		// Cut the connection without an answer, as a failing proxy would.
		panic(http.ErrAbortHandler)
	case faults.Throttle:
		s.mu.Lock()
		s.obs.throttled++
		s.mu.Unlock()
		writeThrottled(w, s.scaled(time.Second))
		return
	case faults.ServerError:
		// Alternate 500 and 503 so clients meet both.
		if s.faultCount.Add(1)%2 == 1 {
			writeError(w, http.StatusInternalServerError, "", "Internal Server Error")
		} else {
			writeError(w, http.StatusServiceUnavailable, "", "Service Unavailable")
		}
		return
	}

	if r.Header.Get("Authorization") != s.key {
		writeError(w, http.StatusUnauthorized, "", "Unauthorized")
		return
	}
	if sid := r.URL.Query().Get("shop_id"); sid != "" {
		if _, err := strconv.ParseInt(sid, 10, 64); err != nil {
			writeError(w, http.StatusBadRequest, "VALIDATION_ERROR", "Invalid value for the parameter : shop_id")
			return
		}
		if sid != s.shopID {
			writeError(w, mirakl.UnknownShopStatus, "", fmt.Sprintf("Access denied to shop %s", sid))
			return
		}
	}
	rt, params, allowed := match(r.Method, r.URL.EscapedPath())
	if rt == nil {
		if allowed != "" {
			w.Header().Set("Allow", allowed)
			writeError(w, http.StatusMethodNotAllowed, "", "Method Not Allowed")
			return
		}
		writeError(w, http.StatusNotFound, "", "Not Found")
		return
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	s.obs.calls[rt.op]++
	now := s.now()
	if !(isFollowUpPage(r) && mirakl.FollowUpPagesExempt) {
		lim, ok := s.limiters[rt.op]
		if !ok {
			lim = mirakl.NewWindowLimiter(mirakl.ScaledCeilings(rt.op, s.scale))
			s.limiters[rt.op] = lim
		}
		// The ceiling is measured on the real clock: an admin advance of the
		// simulated time must not refill it.
		if wait := lim.Reserve(s.clock()); wait > 0 {
			s.log.Debug("mirakl sim ceiling", "op", rt.op, "retry_after", wait)
			s.obs.throttled++
			writeThrottled(w, wait)
			return
		}
	}
	s.advance(now)
	rt.h(s, w, r, params)
}

// isFollowUpPage reports an extra page of a listing (offset > 0 or a page token).
func isFollowUpPage(r *http.Request) bool {
	q := r.URL.Query()
	if q.Get("page_token") != "" {
		return true
	}
	off, err := strconv.Atoi(q.Get("offset"))
	return err == nil && off > 0
}

// writeThrottled answers 429 with Retry-After in seconds: whole seconds as
// HTTP specifies, or decimals when a time-scaled wait is under a second.
func writeThrottled(w http.ResponseWriter, wait time.Duration) {
	secs := wait.Seconds()
	var v string
	if secs >= 1 {
		v = strconv.FormatInt(int64(secs+0.999), 10)
	} else {
		v = strconv.FormatFloat(secs, 'f', 3, 64)
		if v == "0.000" {
			v = "0.001"
		}
	}
	w.Header().Set("Retry-After", v)
	writeError(w, http.StatusTooManyRequests, "", "Too Many Requests")
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
