// Package localapi serves the agent's HTTP/JSON API on its unix socket: the
// console and every CLI command talk to the agent only through it.
package localapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
)

// ExceptionQuery filters GET /v1/exceptions.
type ExceptionQuery struct {
	Status, Type, Flow, Q string
	Limit                 int
}

// Backend is what the agent offers the API. Errors are ErrNotFound,
// *BadRequest, *Conflict, or anything else (500).
type Backend interface {
	Health(ctx context.Context) (apitype.Health, error)
	Flows(ctx context.Context) ([]apitype.FlowHealth, error)
	SyncFlow(ctx context.Context, name string) error
	Exceptions(ctx context.Context, q ExceptionQuery) (apitype.ExceptionList, error)
	Exception(ctx context.Context, id string) (apitype.Exception, error)
	ExceptionAction(ctx context.Context, id, action, actor, note string) (apitype.Exception, error)
	Orders(ctx context.Context, q string, limit int) (apitype.OrderList, error)
	Order(ctx context.Context, id string) (apitype.Order, error)
	SKUMap(ctx context.Context, q string, limit int) ([]apitype.SKUMapping, error)
	GetSKU(ctx context.Context, sku string) (apitype.SKUMapping, error)
	PutSKU(ctx context.Context, sku, itemID, actor string) (apitype.SKUMapping, error)
	DeleteSKU(ctx context.Context, sku, actor string) error
	Audit(ctx context.Context, limit int) ([]apitype.AuditEntry, error)
	Stock(ctx context.Context, sku string) (apitype.StockView, error)
	Payouts(ctx context.Context) ([]apitype.Payout, error)
	Payout(ctx context.Context, id string) (apitype.Payout, error)
	// PostPayout posts a payout's Journal Entry; *Conflict when it is
	// blocked or already posted.
	PostPayout(ctx context.Context, id, actor string) (apitype.Payout, error)
	// StockResync republishes every SKU once; it returns how many.
	StockResync(ctx context.Context, actor string) (int, error)
	// Subscribe registers a watcher: changes after the call arrive on ch,
	// snapshot is the state to show first. cancel unregisters it.
	Subscribe(ctx context.Context) (snapshot apitype.Notify, ch <-chan apitype.Notify, cancel func(), err error)
}

// Server is the local API.
type Server struct {
	backend Backend
	log     *slog.Logger
	mux     *http.ServeMux
}

// New builds the API over a backend.
func New(b Backend, log *slog.Logger) *Server {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{backend: b, log: log, mux: http.NewServeMux()}
	s.routes()
	return s
}

// Serve answers on ln until ctx ends.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s,
		ConnContext:       connContext,
		ReadHeaderTimeout: 10 * time.Second,
		// No WriteTimeout: it would cut the event stream.
		BaseContext: func(net.Listener) context.Context { return ctx },
	}
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = hs.Shutdown(sctx)
	}()
	err := hs.Serve(ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// ServeHTTP applies the guards every request must pass, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A browser page could reach a local HTTP endpoint through DNS
	// rebinding; no browser request carries our fixed Host, and a real
	// client never sends Origin or Referer.
	if r.Host != apitype.Host || r.Header.Get("Origin") != "" || r.Header.Get("Referer") != "" {
		writeJSON(w, http.StatusForbidden, apitype.Error{Error: "requests must come from the jlsync client", Code: "forbidden"})
		return
	}
	if p := PeerFrom(r.Context()); !p.allowed() {
		writeJSON(w, http.StatusForbidden, apitype.Error{Error: "only the agent's own user (or root) may use this socket", Code: "forbidden"})
		return
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

func (s *Server) routes() {
	b := s.backend
	get := func(pattern string, fn func(r *http.Request) (any, error)) {
		s.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			v, err := fn(r)
			if err != nil {
				writeErr(w, err)
				return
			}
			writeJSON(w, http.StatusOK, v)
		})
	}
	actor := func(r *http.Request) string { return PeerFrom(r.Context()).Actor() }

	get("GET /v1/health", func(r *http.Request) (any, error) { return b.Health(r.Context()) })
	get("GET /v1/flows", func(r *http.Request) (any, error) { return b.Flows(r.Context()) })
	s.mux.HandleFunc("POST /v1/flows/{name}/sync", func(w http.ResponseWriter, r *http.Request) {
		if err := b.SyncFlow(r.Context(), r.PathValue("name")); err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusAccepted, map[string]string{"status": "sync requested"})
	})
	get("GET /v1/exceptions", func(r *http.Request) (any, error) {
		q := r.URL.Query()
		lim, err := limitParam(r, 200)
		if err != nil {
			return nil, err
		}
		return b.Exceptions(r.Context(), ExceptionQuery{Status: q.Get("status"), Type: q.Get("type"), Flow: q.Get("flow"), Q: q.Get("q"), Limit: lim})
	})
	get("GET /v1/exceptions/{id}", func(r *http.Request) (any, error) { return b.Exception(r.Context(), r.PathValue("id")) })
	get("POST /v1/exceptions/{id}/{action}", func(r *http.Request) (any, error) {
		var body apitype.ExceptionAction
		if r.ContentLength != 0 {
			if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10)).Decode(&body); err != nil {
				return nil, &BadRequest{"body must be JSON like {\"note\":\"...\"}: " + err.Error()}
			}
		}
		switch a := r.PathValue("action"); a {
		case "retry", "resolve", "ignore":
			return b.ExceptionAction(r.Context(), r.PathValue("id"), a, actor(r), body.Note)
		default:
			return nil, &BadRequest{"unknown action " + strconv.Quote(a) + " (retry, resolve or ignore)"}
		}
	})
	get("GET /v1/orders", func(r *http.Request) (any, error) {
		lim, err := limitParam(r, 100)
		if err != nil {
			return nil, err
		}
		return b.Orders(r.Context(), r.URL.Query().Get("q"), lim)
	})
	get("GET /v1/orders/{id}", func(r *http.Request) (any, error) { return b.Order(r.Context(), r.PathValue("id")) })
	get("GET /v1/skumap", func(r *http.Request) (any, error) {
		lim, err := limitParam(r, 0)
		if err != nil {
			return nil, err
		}
		return b.SKUMap(r.Context(), r.URL.Query().Get("q"), lim)
	})
	get("GET /v1/skumap/{sku}", func(r *http.Request) (any, error) { return b.GetSKU(r.Context(), r.PathValue("sku")) })
	get("PUT /v1/skumap/{sku}", func(r *http.Request) (any, error) {
		var body struct {
			ItemID string `json:"item_id"`
		}
		if err := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 64<<10)).Decode(&body); err != nil {
			return nil, &BadRequest{"body must be JSON like {\"item_id\":\"123\"}: " + err.Error()}
		}
		return b.PutSKU(r.Context(), r.PathValue("sku"), body.ItemID, actor(r))
	})
	s.mux.HandleFunc("DELETE /v1/skumap/{sku}", func(w http.ResponseWriter, r *http.Request) {
		if err := b.DeleteSKU(r.Context(), r.PathValue("sku"), actor(r)); err != nil {
			writeErr(w, err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	get("GET /v1/audit", func(r *http.Request) (any, error) {
		lim, err := limitParam(r, 100)
		if err != nil {
			return nil, err
		}
		return b.Audit(r.Context(), lim)
	})
	get("GET /v1/stock/{sku}", func(r *http.Request) (any, error) { return b.Stock(r.Context(), r.PathValue("sku")) })
	s.mux.HandleFunc("POST /v1/stock/resync", func(w http.ResponseWriter, r *http.Request) {
		n, err := b.StockResync(r.Context(), actor(r))
		if err != nil {
			writeErr(w, err)
			return
		}
		writeJSON(w, http.StatusAccepted, map[string]int{"skus": n})
	})
	get("GET /v1/payouts", func(r *http.Request) (any, error) { return b.Payouts(r.Context()) })
	get("GET /v1/payouts/{id}", func(r *http.Request) (any, error) { return b.Payout(r.Context(), r.PathValue("id")) })
	get("POST /v1/payouts/{id}/post", func(r *http.Request) (any, error) {
		return b.PostPayout(r.Context(), r.PathValue("id"), actor(r))
	})
	s.mux.HandleFunc("GET /v1/events", s.serveEvents)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apitype.Error{Error: "no route " + r.Method + " " + r.URL.Path, Code: "not_found"})
	})
}

func limitParam(r *http.Request, def int) (int, error) {
	v := r.URL.Query().Get("limit")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &BadRequest{"limit must be a whole number >= 0"}
	}
	return n, nil
}

// serveEvents streams newline-delimited JSON: a snapshot, then each change.
// The stream ends when the client goes away, the agent stops, or the client
// falls too far behind (a final message with Err says so).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeJSON(w, http.StatusInternalServerError, apitype.Error{Error: "streaming unsupported", Code: "internal"})
		return
	}
	snap, ch, cancel, err := s.backend.Subscribe(r.Context())
	if err != nil {
		writeErr(w, err)
		return
	}
	defer cancel()
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	if err := enc.Encode(snap); err != nil {
		return
	}
	fl.Flush()
	keepalive := time.NewTicker(15 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-keepalive.C:
			// An empty notification keeps idle proxies and clients honest.
			if err := enc.Encode(apitype.Notify{At: time.Now()}); err != nil {
				return
			}
			fl.Flush()
		case n, ok := <-ch:
			if !ok {
				_ = enc.Encode(apitype.Notify{At: time.Now(), Err: "the agent is stopping"})
				fl.Flush()
				return
			}
			if err := enc.Encode(n); err != nil {
				return
			}
			fl.Flush()
			if n.Err != "" {
				return
			}
		}
	}
}
