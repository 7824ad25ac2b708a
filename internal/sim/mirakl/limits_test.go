package miraklsim

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

func TestAuthAndRouting(t *testing.T) {
	s, _ := newSim(t, 1, 1, 0)
	tests := []struct {
		name, method, target, auth string
		status                     int
	}{
		{"no key", "GET", "/api/reasons", "", 401},
		{"wrong key", "GET", "/api/reasons", "other", 401},
		{"bearer prefix", "GET", "/api/reasons", "Bearer " + key, 401},
		{"right key", "GET", "/api/reasons", key, 200},
		{"own shop", "GET", "/api/reasons?shop_id=2001", key, 200},
		{"other shop", "GET", "/api/reasons?shop_id=2002", key, mirakl.UnknownShopStatus},
		{"bad shop id", "GET", "/api/reasons?shop_id=abc", key, 400},
		{"unknown path", "GET", "/api/nothing", key, 404},
		{"wrong method", "DELETE", "/api/orders", key, 405},
		{"health", "GET", "/api/version", key, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, tt.target, nil)
			if tt.auth != "" {
				r.Header.Set("Authorization", tt.auth)
			}
			w := httptest.NewRecorder()
			s.ServeHTTP(w, r)
			mustStatus(t, w, tt.status)
			if tt.status >= 400 {
				errorBody(t, w)
			}
		})
	}
}

func TestCeilings(t *testing.T) {
	s, clk := newSim(t, 1, 3, 0)
	mustStatus(t, call(t, s, "GET", "/api/orders?max=1", nil), 200)
	// A follow-up page of the same listing is free.
	mustStatus(t, call(t, s, "GET", "/api/orders?max=1&offset=1", nil), 200)
	w := call(t, s, "GET", "/api/orders?max=1", nil)
	mustStatus(t, w, 429)
	if ra, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || ra < 1 || ra > 60 {
		t.Fatalf("Retry-After %q", w.Header().Get("Retry-After"))
	}
	clk.Advance(time.Minute)
	mustStatus(t, call(t, s, "GET", "/api/orders?max=1", nil), 200)
	// TL02: 20 a minute.
	for i := 0; i < 20; i++ {
		mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs", nil), 200)
	}
	mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs", nil), 429)
	// Calls without a ceiling are never throttled.
	for i := 0; i < 50; i++ {
		mustStatus(t, call(t, s, "GET", "/api/reasons", nil), 200)
	}
	b, _ := s.State()
	if !bytes.Contains(b, []byte(`"throttled": 2`)) || !bytes.Contains(b, []byte(`"OR11": 4`)) {
		t.Fatalf("observed: %s", tail(b))
	}
}

func TestCeilingsScale(t *testing.T) {
	s, clk := newSim(t, 600, 1, 0)
	mustStatus(t, call(t, s, "GET", "/api/orders", nil), 200)
	w := call(t, s, "GET", "/api/orders", nil)
	mustStatus(t, w, 429)
	if got := w.Header().Get("Retry-After"); got != "0.100" {
		t.Fatalf("Retry-After %q, want 0.100 (a minute / 600)", got)
	}
	clk.Advance(100 * time.Millisecond)
	mustStatus(t, call(t, s, "GET", "/api/orders", nil), 200)
}

func TestFaults(t *testing.T) {
	s, _ := newSim(t, 1, 1, 0)
	srv := httptest.NewServer(s)
	defer srv.Close()
	get := func() (*http.Response, error) {
		r, _ := http.NewRequest("GET", srv.URL+"/api/reasons", nil)
		r.Header.Set("Authorization", key)
		return http.DefaultClient.Do(r)
	}
	s.SetFaults(faults.Spec{Rate429: 1})
	resp, err := get()
	if err != nil || resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("rate429=1: %v %v", resp, err)
	}
	resp.Body.Close()
	s.SetFaults(faults.Spec{Rate5xx: 1})
	codes := map[int]bool{}
	for i := 0; i < 4; i++ {
		resp, err := get()
		if err != nil {
			t.Fatal(err)
		}
		codes[resp.StatusCode] = true
		resp.Body.Close()
	}
	if !codes[500] || !codes[503] {
		t.Fatalf("rate5xx=1 gave %v", codes)
	}
	s.SetFaults(faults.Spec{Drop: 1})
	if resp, err := get(); err == nil {
		resp.Body.Close()
		t.Fatal("drop=1: the request got an answer")
	}
	s.SetFaults(faults.Spec{Latency: 30 * time.Millisecond})
	start := time.Now()
	if resp, err := get(); err != nil || resp.StatusCode != 200 {
		t.Fatalf("latency: %v", err)
	} else {
		resp.Body.Close()
	}
	if time.Since(start) < 30*time.Millisecond {
		t.Fatal("no latency added")
	}
	// The client meets a dropped connection as a transport error.
	s.SetFaults(faults.Spec{Drop: 1})
	c, err := mirakl.New(mirakl.Config{BaseURL: srv.URL, APIKey: key, MaxRetries: 1, TimeScale: 1000})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListReasons(context.Background())
	var me *mirakl.Error
	if !errors.As(err, &me) || me.Status != 0 || !mirakl.IsRetryable(err) {
		t.Fatalf("dropped connection: %v", err)
	}
	s.SetFaults(faults.Spec{})
	if _, err := c.ListReasons(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// With some injected faults the client still gets through (reads retried).
func TestClientRidesOutFaults(t *testing.T) {
	s, _ := newSim(t, 100_000, 20, 0)
	srv := httptest.NewServer(s)
	defer srv.Close()
	s.SetFaults(faults.Spec{Rate429: 0.2, Rate5xx: 0.2, Drop: 0.1, Seed: 7})
	c, err := mirakl.New(mirakl.Config{BaseURL: srv.URL, APIKey: key, TimeScale: 100_000, MaxRetries: 10})
	if err != nil {
		t.Fatal(err)
	}
	os, err := c.ListOrders(context.Background(), mirakl.OrdersQuery{PageSize: 3})
	if err != nil || len(os) != 20 {
		t.Fatalf("%d orders, %v", len(os), err)
	}
}

func tail(b []byte) string {
	if len(b) > 600 {
		b = b[len(b)-600:]
	}
	return string(b)
}

func TestDisabledFeatures(t *testing.T) {
	s := New(Options{APIKey: key})
	if err := s.Load([]byte(`{"platform_configuration":{"features":{"shipment":{"multi_shipment":false},"returns":{"marketplace":false},"order_workflows":{"order_acceptance":"AUTOMATIC"}}}}`)); err != nil {
		t.Fatal(err)
	}
	w := call(t, s, "POST", "/api/shipments", `{"shipments":[{"order_id":"A","shipment_lines":[{"quantity":1}]}]}`)
	mustStatus(t, w, disabledFeatureStatus)
	errorBody(t, w)
	mustStatus(t, call(t, s, "GET", "/api/returns", nil), disabledFeatureStatus)
	// AUTOMATIC acceptance: a new order skips WAITING_ACCEPTANCE.
	o := GenerateOrders(GenOptions{Seed: 1, Orders: 1})[0]
	if err := s.AddOrder(o); err != nil {
		t.Fatal(err)
	}
	if got := order(t, s, o.OrderID); got.State != mirakl.StateWaitingDebit {
		t.Fatalf("state %s", got.State)
	}
	w = call(t, s, "GET", "/api/platform/configuration", nil)
	pc, err := mirakl.DecodePlatformConfig(w.Body.Bytes())
	if err != nil || pc.MultiShipment() || pc.Returns() || pc.AcceptanceMode() != "AUTOMATIC" || pc.TaxMode() != mirakl.TaxIncluded {
		t.Fatalf("PC01 after the override: %+v %v", pc.Features, err)
	}
}
