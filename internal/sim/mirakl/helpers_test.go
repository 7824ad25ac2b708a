package miraklsim

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

const key = "test-key"

var t0 = time.Date(2025, 11, 3, 12, 0, 0, 0, time.UTC)

// newSim returns a simulator on a fake clock at t0, loaded with products,
// offers and orders (waiting orders, then shipping ones).
func newSim(t *testing.T, scale float64, waiting, shipping int) (*Server, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: t0}
	s := New(Options{APIKey: key, ShopID: "2001", TimeScale: scale, Now: clk.Now})
	products := GenerateProducts(3, 10)
	qty := map[string]int{}
	for _, p := range products {
		qty[p.SKU] = 10
	}
	orders := GenerateOrders(GenOptions{Seed: 3, Orders: waiting, Start: t0.Add(-3 * time.Hour), Spacing: time.Minute, Products: products})
	orders = append(orders, GenerateOrders(GenOptions{Seed: 4, Orders: shipping, Start: t0.Add(-2 * time.Hour), Spacing: time.Minute,
		Products: products, State: mirakl.StateShipping, FirstNumber: 1000})...)
	b, err := json.Marshal(map[string]any{"orders": orders, "offers": OffersFor(products, qty)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Load(b); err != nil {
		t.Fatal(err)
	}
	return s, clk
}

// call sends one authenticated API request straight to the handler.
func call(t *testing.T, s *Server, method, target string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	r := httptest.NewRequest(method, target, rd)
	r.Header.Set("Authorization", key)
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

// mustStatus fails unless the answer has the status.
func mustStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status %d, want %d: %s", w.Code, status, w.Body.String())
	}
}

func errorBody(t *testing.T, w *httptest.ResponseRecorder) mirakl.ErrorBody {
	t.Helper()
	var e mirakl.ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil {
		t.Fatalf("error body %q: %v", w.Body.String(), err)
	}
	if e.Status != w.Code || e.Message == "" {
		t.Fatalf("error body %+v for status %d", e, w.Code)
	}
	return e
}

// orders reads OR11 straight from the handler; OR11's ceiling is reset
// first so tests can read as often as they like.
func orders(t *testing.T, s *Server, query string) []mirakl.Order {
	t.Helper()
	s.mu.Lock()
	delete(s.limiters, mirakl.OpOR11)
	s.mu.Unlock()
	w := call(t, s, "GET", "/api/orders?max=100&"+query, nil)
	mustStatus(t, w, 200)
	os, _, err := mirakl.DecodeOrders(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return os
}

func order(t *testing.T, s *Server, id string) mirakl.Order {
	t.Helper()
	os := orders(t, s, "order_ids="+id)
	if len(os) != 1 {
		t.Fatalf("order %s: %d found", id, len(os))
	}
	return os[0]
}

func firstIn(t *testing.T, s *Server, state string) mirakl.Order {
	t.Helper()
	os := orders(t, s, "order_state_codes="+state)
	if len(os) == 0 {
		t.Fatalf("no %s order", state)
	}
	return os[0]
}

func accept(t *testing.T, s *Server, o mirakl.Order, ok bool) {
	t.Helper()
	var ls []mirakl.LineAcceptance
	for _, l := range o.Lines {
		ls = append(ls, mirakl.LineAcceptance{ID: l.ID, Accepted: ok})
	}
	mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/accept", map[string]any{"order_lines": ls}), 204)
}

// stockFile posts an STO01 multipart file.
func stockFile(t *testing.T, s *Server, csv string) *httptest.ResponseRecorder {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, _ := mw.CreateFormFile("file", "stock.csv")
	_, _ = fw.Write([]byte(csv))
	_ = mw.Close()
	r := httptest.NewRequest("POST", "/api/offers/stock/imports", &b)
	r.Header.Set("Authorization", key)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func resetCeilings(s *Server) {
	s.mu.Lock()
	s.limiters = map[string]*mirakl.WindowLimiter{}
	s.mu.Unlock()
}

var _ = http.MethodGet
