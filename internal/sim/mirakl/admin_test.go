package miraklsim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/sim/mirakl/oascheck"
)

func admin(t *testing.T, s *Server, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return w
}

func withoutObserved(t *testing.T, b []byte) string {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "observed")
	out, _ := json.Marshal(m)
	return string(out)
}

// A busy state (pending imports, cycles, refunds, shipments, returns, a
// moved clock) dumped and loaded into a fresh simulator dumps the same.
func TestStateRoundTrip(t *testing.T) {
	s, clk := newSim(t, 1, 4, 6)
	os := orders(t, s, "order_state_codes=SHIPPING")
	mustStatus(t, call(t, s, "PUT", "/api/orders/"+os[0].OrderID+"/ship", nil), 204)
	mustStatus(t, call(t, s, "POST", "/api/shipments", map[string]any{"shipments": []any{map[string]any{
		"order_id": os[1].OrderID, "shipment_lines": []any{map[string]any{"order_line_id": os[1].Lines[0].ID, "quantity": 1}}}}}), 201)
	if _, err := s.RefundLine(RefundEvent{OrderLineID: os[0].Lines[0].ID, Amount: 250}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddReturn(ReturnEvent{OrderID: os[0].OrderID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CloseBillingCycle(CloseOptions{Unpaid: true}); err != nil {
		t.Fatal(err)
	}
	accept(t, s, firstIn(t, s, mirakl.StateWaitingAcceptance), true) // pending debit
	mustStatus(t, stockFile(t, s, "offer-sku;quantity\nX;1\n"), 201) // pending import
	s.Advance(time.Second)

	first, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	s2 := New(Options{APIKey: key, ShopID: "2001", Now: clk.Now})
	if err := s2.Load(first); err != nil {
		t.Fatal(err)
	}
	second, err := s2.State()
	if err != nil {
		t.Fatal(err)
	}
	if a, b := withoutObserved(t, first), withoutObserved(t, second); a != b {
		t.Fatalf("state changed through a dump and load:\n%s\n---\n%s", a[:min(len(a), 2000)], b[:min(len(b), 2000)])
	}
	// Time-driven work resumes after the load: the debit and the import.
	clk.Advance(time.Minute)
	if got := orders(t, s2, "order_state_codes=WAITING_DEBIT"); len(got) != 0 {
		t.Fatalf("%d orders still waiting for the debit", len(got))
	}
	s2.mu.Lock()
	applied := s2.st.stockImports[0].Applied
	s2.mu.Unlock()
	if !applied {
		t.Fatal("pending import not applied after the load")
	}
	// New ids do not collide with loaded ones.
	rf, err := s2.RefundLine(RefundEvent{OrderLineID: os[0].Lines[0].ID, Amount: 1})
	if err != nil || rf.ID == "1001" {
		t.Fatalf("refund id %q after reload: %v", rf.ID, err)
	}
}

func TestLoadKeepsUnknownFields(t *testing.T) {
	s, _ := newSim(t, 1, 0, 0)
	o := GenerateOrders(GenOptions{Seed: 1, Orders: 1})[0]
	b, _ := json.Marshal(o)
	b = bytes.Replace(b, []byte(`{"order_id"`), []byte(`{"jl_partner_ref":{"x":[1,2.50]},"order_id"`), 1)
	b = bytes.Replace(b, []byte(`"order_line_id"`), []byte(`"line_extra":"kept","order_line_id"`), 1)
	if err := s.Load([]byte(`{"orders":[` + string(b) + `]}`)); err != nil {
		t.Fatal(err)
	}
	accept(t, s, o, true)
	got := order(t, s, o.OrderID)
	if got.State != mirakl.StateWaitingDebit || !bytes.Contains(got.Raw, []byte(`"jl_partner_ref":{"x":[1,2.50]}`)) || !bytes.Contains(got.Raw, []byte(`"line_extra":"kept"`)) {
		t.Fatalf("raw after a change: %s", got.Raw)
	}
}

func TestLoadRefusesBadScenarios(t *testing.T) {
	s, _ := newSim(t, 1, 0, 0)
	o := GenerateOrders(GenOptions{Seed: 1, Orders: 1})[0]
	ob, _ := json.Marshal(o)
	for _, b := range []string{
		`[]`, `{"order":[]}`, `{"orders":[{}]}`, `{"orders":[` + string(ob) + `,` + string(ob) + `]}`,
		`{"offers":[{"offer_id":1}]}`, `{"transactions":[{"amount":"x"}]}`, `{"orders":{}}`,
	} {
		if err := s.Load([]byte(b)); err == nil {
			t.Errorf("loaded %.60s", b)
		}
	}
	// "observed" is ignored, the rest is optional.
	if err := s.Load([]byte(`{"observed":{"calls":{"OR11":3}}}`)); err != nil {
		t.Fatal(err)
	}
}

// Mirakl's own OR11, OF21, TL02, SBC11, IV01 and RT11 examples load as a
// scenario and come back out with every field they had.
func TestLoadOfficialExamples(t *testing.T) {
	p := oascheck.DefaultSpecPath()
	if p == "" {
		t.Skip("official Mirakl OpenAPI not found at ../shared/reference/; set " + oascheck.SpecEnv)
	}
	spec, err := oascheck.Load(p)
	if err != nil {
		t.Fatal(err)
	}
	body := func(op, key string) json.RawMessage {
		for _, ex := range spec.Examples(op) {
			if ex.Name == "application/json-0" {
				var m map[string]json.RawMessage
				_ = json.Unmarshal(ex.Body, &m)
				return m[key]
			}
		}
		t.Fatalf("%s: no example", op)
		return nil
	}
	scenario, _ := json.Marshal(map[string]json.RawMessage{
		"orders": body("OR11", "orders"), "offers": body("OF21", "offers"), "transactions": body("TL02", "data"),
		"billing_cycles": body("SBC11", "data"), "accounting_documents": body("IV01", "invoices"), "returns": body("RT11", "data"),
	})
	s := New(Options{APIKey: key})
	if err := s.Load(scenario); err != nil {
		t.Fatal(err)
	}
	got := orders(t, s, "")
	if len(got) == 0 || !bytes.Contains(got[0].Raw, []byte("purchase_information")) || !bytes.Contains(got[0].Raw, []byte("customer_notification_email")) {
		t.Fatal("example order lost fields")
	}
	w := call(t, s, "GET", "/api/invoices?type=ALL", nil)
	mustStatus(t, w, 200)
	if !bytes.Contains(w.Body.Bytes(), []byte(`"payment_voucher_number":"123456"`)) {
		t.Fatalf("IV01 lost the example's fields: %.300s", w.Body.String())
	}
}

func TestAdminEndpoints(t *testing.T) {
	s, _ := newSim(t, 1, 2, 2)
	mustStatus(t, admin(t, s, "GET", "/_sim/", ""), 200)
	w := admin(t, s, "GET", "/_sim/state", "")
	mustStatus(t, w, 200)
	state := w.Body.String()
	for _, k := range []string{`"orders"`, `"offers"`, `"billing_cycles"`, `"transactions"`, `"accounting_documents"`, `"returns"`, `"observed"`, `"max_in_flight"`, `"stock_imports"`} {
		if !strings.Contains(state, k) {
			t.Errorf("state has no %s", k)
		}
	}
	mustStatus(t, admin(t, s, "POST", "/_sim/faults", "latency=1ms,rate429=0.5"), 204)
	if w := admin(t, s, "GET", "/_sim/faults", ""); !strings.Contains(w.Body.String(), "rate429=0.5") {
		t.Fatalf("faults %q", w.Body.String())
	}
	mustStatus(t, admin(t, s, "POST", "/_sim/faults", "bogus=1"), 400)
	mustStatus(t, admin(t, s, "POST", "/_sim/faults", "none"), 204)

	o := GenerateOrders(GenOptions{Seed: 42, Orders: 1, FirstNumber: 4242})[0]
	ob, _ := json.Marshal(o)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/order", string(ob)), 201)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/order", string(ob)), 400)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/orders", `{"count":2,"seed":9}`), 201)

	ship := firstIn(t, s, mirakl.StateShipping)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/cancel", `{"order_line_id":"`+ship.Lines[0].ID+`","quantity":1}`), 201)
	ship2 := orders(t, s, "order_state_codes=SHIPPING")
	var target mirakl.Order
	for _, x := range ship2 {
		if x.OrderID != ship.OrderID {
			target = x
		}
	}
	mustStatus(t, call(t, s, "PUT", "/api/orders/"+target.OrderID+"/ship", nil), 204)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/refund", `{"order_line_id":"`+target.Lines[0].ID+`","amount":1.50}`), 201)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/refund", `{"order_line_id":"`+target.Lines[0].ID+`","amount":100000}`), 400)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/return", `{"order_id":"`+target.OrderID+`"}`), 201)
	w = admin(t, s, "POST", "/_sim/events/close-billing-cycle", `{"unpaid":true}`)
	mustStatus(t, w, 201)
	var res CloseResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil || res.Cycle.ID == "" || res.Cycle.PayOut.State != "TO_PAY" {
		t.Fatalf("close: %s", w.Body.String())
	}
	mustStatus(t, admin(t, s, "POST", "/_sim/events/pay-billing-cycle", `{"id":"`+res.Cycle.ID+`"}`), 204)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/receive", `{"order_id":"`+target.OrderID+`"}`), 204)
	mustStatus(t, admin(t, s, "POST", "/_sim/events/close-order", `{"order_id":"`+target.OrderID+`"}`), 204)
	w = admin(t, s, "POST", "/_sim/advance", `{"duration":"1h"}`)
	mustStatus(t, w, 200)
	mustStatus(t, admin(t, s, "POST", "/_sim/advance", `{"duration":"soon"}`), 400)

	w = admin(t, s, "GET", "/_sim/state", "")
	s2 := New(Options{APIKey: key})
	mustStatus(t, admin(t, s2, "POST", "/_sim/load", w.Body.String()), 204)
	mustStatus(t, admin(t, s2, "POST", "/_sim/load", `{"nope":1}`), 400)
	mustStatus(t, admin(t, s, "GET", "/_sim/unknown", ""), 404)
	// Admin calls need no key and are not API calls.
	r := httptest.NewRequest("GET", "/_sim/state", nil)
	rw := httptest.NewRecorder()
	s.ServeHTTP(rw, r)
	if rw.Code != http.StatusOK {
		t.Fatal(rw.Code)
	}
}
