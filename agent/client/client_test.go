package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
)

// fakeAgent is a small stand-in for agent/localapi: just enough routes to see
// that the client builds the right requests and decodes the answers.
type fakeAgent struct {
	mu   sync.Mutex
	reqs []string // "METHOD escaped-path?query" of every request
	body []string // request bodies, same order

	events chan apitype.Notify // fed to GET /v1/events
}

func (f *fakeAgent) record(r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(b)) // the handler reads it again
	line := r.Method + " " + r.URL.EscapedPath()
	if r.URL.RawQuery != "" {
		line += "?" + r.URL.RawQuery
	}
	f.mu.Lock()
	f.reqs = append(f.reqs, line)
	f.body = append(f.body, string(b))
	f.mu.Unlock()
}

func (f *fakeAgent) last() (string, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.reqs[len(f.reqs)-1], f.body[len(f.body)-1]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func (f *fakeAgent) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/health", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, apitype.Health{Version: "1.2.3", OpenExceptions: 4,
			Flows: []apitype.FlowHealth{{Name: apitype.FlowOrders, State: apitype.FlowIdle}}})
	})
	mux.HandleFunc("GET /v1/flows", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []apitype.FlowHealth{{Name: "orders"}, {Name: "payouts"}})
	})
	mux.HandleFunc("POST /v1/flows/{name}/sync", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("name") != "orders" {
			writeJSON(w, 404, apitype.Error{Error: "no flow " + r.PathValue("name"), Code: "not_found"})
			return
		}
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("GET /v1/exceptions", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, apitype.ExceptionList{Total: 1, Items: []apitype.Exception{{ID: "x1", Type: apitype.ExcUnmappedSKU}}})
	})
	mux.HandleFunc("GET /v1/exceptions/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") != "x1" {
			writeJSON(w, 404, apitype.Error{Error: "exception not found", Code: "not_found"})
			return
		}
		writeJSON(w, 200, apitype.Exception{ID: "x1", Status: apitype.ExceptionOpen})
	})
	mux.HandleFunc("POST /v1/exceptions/{id}/{action}", func(w http.ResponseWriter, r *http.Request) {
		var a apitype.ExceptionAction
		_ = json.NewDecoder(r.Body).Decode(&a)
		writeJSON(w, 200, apitype.Exception{ID: r.PathValue("id"), Status: r.PathValue("action"), Note: a.Note})
	})
	mux.HandleFunc("GET /v1/orders", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, apitype.OrderList{Total: 1, Items: []apitype.OrderSummary{{OrderID: "1234-A"}}})
	})
	mux.HandleFunc("GET /v1/orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, apitype.Order{OrderID: r.PathValue("id"), Lines: []apitype.OrderLine{{OfferSKU: "S1", Quantity: 2}}})
	})
	mux.HandleFunc("GET /v1/skumap", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []apitype.SKUMapping{{OfferSKU: "S1", ItemID: "101"}})
	})
	mux.HandleFunc("GET /v1/skumap/{sku}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, apitype.SKUMapping{OfferSKU: r.PathValue("sku"), ItemID: "101"})
	})
	mux.HandleFunc("PUT /v1/skumap/{sku}", func(w http.ResponseWriter, r *http.Request) {
		var b struct {
			ItemID string `json:"item_id"`
		}
		_ = json.NewDecoder(r.Body).Decode(&b)
		writeJSON(w, 200, apitype.SKUMapping{OfferSKU: r.PathValue("sku"), ItemID: b.ItemID, Source: "operator"})
	})
	mux.HandleFunc("DELETE /v1/skumap/{sku}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /v1/audit", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, []apitype.AuditEntry{{Actor: "ops", Action: "skumap.put"}})
	})
	mux.HandleFunc("GET /v1/broken", func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream exploded", http.StatusBadGateway)
	})
	mux.HandleFunc("GET /v1/events", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-ndjson")
		enc := json.NewEncoder(w)
		fl := w.(http.Flusher)
		fl.Flush()
		for {
			select {
			case <-r.Context().Done():
				return
			case n, ok := <-f.events:
				if !ok {
					return
				}
				_ = enc.Encode(n)
				fl.Flush()
			}
		}
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The client must always present the fixed Host, as the real server
		// refuses anything else.
		if r.Host != apitype.Host {
			writeJSON(w, 403, apitype.Error{Error: "bad host " + r.Host, Code: "forbidden"})
			return
		}
		if r.URL.Path != "/v1/events" {
			f.record(r)
		}
		mux.ServeHTTP(w, r)
	})
}

// socketDir returns a short temporary directory: sun_path holds 108 bytes,
// and t.TempDir() paths can be longer than that.
func socketDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "jc")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func startFake(t *testing.T) (*fakeAgent, *Client) {
	t.Helper()
	sock := filepath.Join(socketDir(t), "agent.sock")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAgent{events: make(chan apitype.Notify)}
	srv := &http.Server{Handler: f.handler(), ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return f, &Client{Socket: sock}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestMethods(t *testing.T) {
	f, c := startFake(t)
	ctx := ctxT(t)

	check := func(wantReq, wantBody string) {
		t.Helper()
		req, body := f.last()
		if req != wantReq {
			t.Errorf("request = %q, want %q", req, wantReq)
		}
		if strings.TrimSpace(body) != wantBody {
			t.Errorf("body of %s = %q, want %q", req, body, wantBody)
		}
	}

	h, err := c.Health(ctx)
	if err != nil || h.Version != "1.2.3" || h.OpenExceptions != 4 || len(h.Flows) != 1 {
		t.Fatalf("Health = %+v, %v", h, err)
	}
	check("GET /v1/health", "")

	fl, err := c.Flows(ctx)
	if err != nil || len(fl) != 2 || fl[1].Name != "payouts" {
		t.Fatalf("Flows = %+v, %v", fl, err)
	}

	if err := c.SyncFlow(ctx, "orders"); err != nil {
		t.Fatalf("SyncFlow: %v", err)
	}
	check("POST /v1/flows/orders/sync", "")

	xl, err := c.Exceptions(ctx, ExceptionQuery{Status: "open", Type: apitype.ExcUnmappedSKU, Q: "a b", Limit: 50})
	if err != nil || xl.Total != 1 || xl.Items[0].ID != "x1" {
		t.Fatalf("Exceptions = %+v, %v", xl, err)
	}
	check("GET /v1/exceptions?limit=50&q=a+b&status=open&type=unmapped_sku", "")

	if _, err := c.Exceptions(ctx, ExceptionQuery{}); err != nil {
		t.Fatal(err)
	}
	check("GET /v1/exceptions", "") // empty query: nothing sent

	x, err := c.Exception(ctx, "x1")
	if err != nil || x.ID != "x1" {
		t.Fatalf("Exception = %+v, %v", x, err)
	}

	for _, tc := range []struct {
		name string
		fn   func(context.Context, string, string) (apitype.Exception, error)
	}{{"retry", c.RetryException}, {"resolve", c.ResolveException}, {"ignore", c.IgnoreException}} {
		x, err := tc.fn(ctx, "x1", "checked with ops")
		if err != nil || x.Status != tc.name || x.Note != "checked with ops" {
			t.Fatalf("%s = %+v, %v", tc.name, x, err)
		}
		check("POST /v1/exceptions/x1/"+tc.name, `{"note":"checked with ops"}`)
	}

	ol, err := c.Orders(ctx, "1234", 20)
	if err != nil || ol.Items[0].OrderID != "1234-A" {
		t.Fatalf("Orders = %+v, %v", ol, err)
	}
	check("GET /v1/orders?limit=20&q=1234", "")

	o, err := c.Order(ctx, "1234-A")
	if err != nil || o.OrderID != "1234-A" || o.Lines[0].Quantity != 2 {
		t.Fatalf("Order = %+v, %v", o, err)
	}

	ms, err := c.SKUMap(ctx, "", 0)
	if err != nil || len(ms) != 1 {
		t.Fatalf("SKUMap = %+v, %v", ms, err)
	}
	check("GET /v1/skumap", "")

	// A SKU with a slash, a space and a percent sign must arrive as one
	// path segment and decode back to itself.
	const odd = "AB/12 x%"
	m, err := c.GetSKU(ctx, odd)
	if err != nil || m.OfferSKU != odd {
		t.Fatalf("GetSKU = %+v, %v", m, err)
	}
	check("GET /v1/skumap/AB%2F12%20x%25", "")

	m, err = c.PutSKU(ctx, odd, "NS-77")
	if err != nil || m.OfferSKU != odd || m.ItemID != "NS-77" {
		t.Fatalf("PutSKU = %+v, %v", m, err)
	}
	check("PUT /v1/skumap/AB%2F12%20x%25", `{"item_id":"NS-77"}`)

	// 204 without a body: no error, zero mapping.
	if m, err := c.DeleteSKU(ctx, "S1"); err != nil || m.OfferSKU != "" {
		t.Fatalf("DeleteSKU = %+v, %v", m, err)
	}
	check("DELETE /v1/skumap/S1", "")

	au, err := c.Audit(ctx, 5)
	if err != nil || au[0].Actor != "ops" {
		t.Fatalf("Audit = %+v, %v", au, err)
	}
	check("GET /v1/audit?limit=5", "")
}

func TestAPIErrors(t *testing.T) {
	_, c := startFake(t)
	ctx := ctxT(t)

	_, err := c.Exception(ctx, "nope")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Status != 404 || ae.Code != "not_found" || ae.Message != "exception not found" {
		t.Fatalf("err = %#v", err)
	}
	if !IsNotFound(err) || IsUnreachable(err) {
		t.Errorf("IsNotFound=%v IsUnreachable=%v", IsNotFound(err), IsUnreachable(err))
	}

	err = c.SyncFlow(ctx, "bogus")
	if !IsNotFound(err) {
		t.Errorf("SyncFlow(bogus) = %v, want not found", err)
	}

	// A body that is not apitype.Error keeps its text.
	err = c.do(ctx, http.MethodGet, "broken", nil, nil, nil)
	if !errors.As(err, &ae) || ae.Status != 502 || ae.Message != "upstream exploded" || IsNotFound(err) {
		t.Fatalf("broken: %#v", err)
	}
}

func TestUnreachable(t *testing.T) {
	dir := socketDir(t)
	ctx := ctxT(t)

	t.Run("missing", func(t *testing.T) {
		sock := filepath.Join(dir, "none.sock")
		_, err := (&Client{Socket: sock}).Health(ctx)
		var ue *UnreachableError
		if !errors.As(err, &ue) || ue.Socket != sock || !IsUnreachable(err) {
			t.Fatalf("err = %#v", err)
		}
		if !errors.Is(err, syscall.ENOENT) {
			t.Errorf("want ENOENT inside, got %v", ue.Err)
		}
		msg := err.Error()
		for _, want := range []string{sock, "jlsync agent", "jlsync demo"} {
			if !strings.Contains(msg, want) {
				t.Errorf("message %q lacks %q", msg, want)
			}
		}
	})

	t.Run("refused", func(t *testing.T) {
		// A socket file with nobody listening: what a crashed agent leaves.
		sock := filepath.Join(dir, "stale.sock")
		ln, err := net.Listen("unix", sock)
		if err != nil {
			t.Fatal(err)
		}
		ln.(*net.UnixListener).SetUnlinkOnClose(false)
		ln.Close()
		_, err = (&Client{Socket: sock}).Watch(ctx)
		if !IsUnreachable(err) || !errors.Is(err, syscall.ECONNREFUSED) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("no path", func(t *testing.T) {
		_, err := (&Client{}).Flows(ctx)
		if !IsUnreachable(err) {
			t.Fatalf("err = %v", err)
		}
	})
}
