package miraklsim

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

func TestOrderLifecycle(t *testing.T) {
	s, clk := newSim(t, 1, 3, 0)
	o := firstIn(t, s, mirakl.StateWaitingAcceptance)
	before := o.LastUpdatedDate
	clk.Advance(time.Minute)
	accept(t, s, o, true)
	o = order(t, s, o.OrderID)
	if o.State != mirakl.StateWaitingDebit || !o.LastUpdatedDate.After(before) || o.AcceptanceDecisionDate == nil {
		t.Fatalf("after OR21: %s %v", o.State, o.LastUpdatedDate)
	}
	// The debit takes DebitDelay of real time (TimeScale 1 here).
	clk.Advance(DebitDelay - time.Second)
	if got := order(t, s, o.OrderID); got.State != mirakl.StateWaitingDebit {
		t.Fatalf("debited too early: %s", got.State)
	}
	clk.Advance(time.Second)
	o = order(t, s, o.OrderID)
	if o.State != mirakl.StateShipping || o.CustomerDebitedDate == nil || !o.CanCancel || o.ShippingDeadline == nil {
		t.Fatalf("after the debit delay: %+v", o.State)
	}
	for _, l := range o.Lines {
		if l.State != mirakl.StateShipping || l.DebitedDate == nil {
			t.Fatalf("line %s: %s", l.ID, l.State)
		}
	}
	mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/ship", nil), 204)
	o = order(t, s, o.OrderID)
	if o.State != mirakl.StateShipped || o.Lines[0].ShippedDate == nil || !o.Lines[0].CanRefund {
		t.Fatalf("after OR24: %s", o.State)
	}
	if err := s.ReceiveOrder(o.OrderID); err != nil {
		t.Fatal(err)
	}
	if err := s.CloseOrder(o.OrderID); err != nil {
		t.Fatal(err)
	}
	if got := order(t, s, o.OrderID); got.State != mirakl.StateClosed || got.Lines[0].ReceivedDate == nil {
		t.Fatalf("after receive+close: %s", got.State)
	}
}

func TestTimeScaleShrinksDebitDelay(t *testing.T) {
	s, clk := newSim(t, 100, 1, 0)
	o := firstIn(t, s, mirakl.StateWaitingAcceptance)
	accept(t, s, o, true)
	clk.Advance(DebitDelay / 100)
	if got := order(t, s, o.OrderID); got.State != mirakl.StateShipping {
		t.Fatalf("state %s after the scaled delay", got.State)
	}
}

func TestIllegalActions(t *testing.T) {
	s, _ := newSim(t, 1, 2, 2)
	waiting := firstIn(t, s, mirakl.StateWaitingAcceptance)
	shipping := firstIn(t, s, mirakl.StateShipping)
	lines := func(o mirakl.Order, skip int) []map[string]any {
		var out []map[string]any
		for i, l := range o.Lines {
			if i != skip {
				out = append(out, map[string]any{"id": l.ID, "accepted": true})
			}
		}
		return out
	}
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"OR24 outside SHIPPING", "PUT", "/api/orders/" + waiting.OrderID + "/ship", nil, 400, "ORDER_INVALID_STATE"},
		{"OR21 outside WAITING_ACCEPTANCE", "PUT", "/api/orders/" + shipping.OrderID + "/accept", map[string]any{"order_lines": lines(shipping, -1)}, 400, "ORDER_INVALID_STATE"},
		{"OR21 unknown order", "PUT", "/api/orders/NOPE/accept", map[string]any{"order_lines": []any{}}, 404, "ORDER_NOT_FOUND"},
		{"OR21 null line", "PUT", "/api/orders/" + waiting.OrderID + "/accept", `{"order_lines":[null]}`, 400, "ORDER_LINE_NULL_ELEMENT"},
		{"OR21 unknown line", "PUT", "/api/orders/" + waiting.OrderID + "/accept", map[string]any{"order_lines": []any{map[string]any{"id": "X", "accepted": true}}}, 400, "ORDER_LINE_NOT_FOUND"},
		{"OR21 duplicate line", "PUT", "/api/orders/" + waiting.OrderID + "/accept", map[string]any{"order_lines": append(lines(waiting, -1), lines(waiting, -1)...)}, 400, "ORDER_LINE_DUPLICATE_ID"},
		{"OR21 bad JSON", "PUT", "/api/orders/" + waiting.OrderID + "/accept", `{"order_lines":`, 400, "VALIDATION_ERROR"},
		{"OR23 without carrier", "PUT", "/api/orders/" + shipping.OrderID + "/tracking", map[string]any{"tracking_number": "1"}, 400, "VALIDATION_ERROR"},
		{"OR23 unknown carrier", "PUT", "/api/orders/" + shipping.OrderID + "/tracking", map[string]any{"carrier_code": "PIGEON"}, 400, "CARRIER_NOT_FOUND"},
		{"OR23 before debit", "PUT", "/api/orders/" + waiting.OrderID + "/tracking", map[string]any{"carrier_name": "Van"}, 400, "ORDER_INVALID_STATE"},
		{"OR28 before shipment", "PUT", "/api/orders/refund", map[string]any{"refunds": []any{map[string]any{"order_line_id": shipping.Lines[0].ID, "amount": 1, "shipping_amount": 0, "reason_code": ReasonGoodwill}}}, 400, "ORDER_INVALID_STATE"},
		{"OR30 wrong reason type", "PUT", "/api/orders/cancel", map[string]any{"cancelations": []any{map[string]any{"order_line_id": shipping.Lines[0].ID, "quantity": 1, "amount": 1, "shipping_amount": 0, "reason_code": ReasonGoodwill}}}, 400, "REASON_NOT_FOUND"},
		{"OR29 outside SHIPPING", "PUT", "/api/orders/" + waiting.OrderID + "/cancel", nil, 400, "ORDER_INVALID_STATE"},
	}
	if len(waiting.Lines) > 1 {
		tests = append(tests, struct {
			name, method, path string
			body               any
			status             int
			code               string
		}{"OR21 missing decision", "PUT", "/api/orders/" + waiting.OrderID + "/accept", map[string]any{"order_lines": lines(waiting, 0)}, 400, "ORDER_LINE_ACCEPTANCE_DECISION_MISSING"})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := call(t, s, tt.method, tt.path, tt.body)
			mustStatus(t, w, tt.status)
			if e := errorBody(t, w); e.Code != tt.code {
				t.Fatalf("code %q, want %q (%s)", e.Code, tt.code, e.Message)
			}
		})
	}
	// Refunds on CLOSED orders are refused.
	mustStatus(t, call(t, s, "PUT", "/api/orders/"+shipping.OrderID+"/ship", nil), 204)
	if err := s.CloseOrder(shipping.OrderID); err != nil {
		t.Fatal(err)
	}
	w := call(t, s, "PUT", "/api/orders/refund", map[string]any{"refunds": []any{map[string]any{"order_line_id": shipping.Lines[0].ID, "amount": 1, "shipping_amount": 0, "reason_code": ReasonGoodwill}}})
	mustStatus(t, w, 400)
	if e := errorBody(t, w); !strings.Contains(e.Message, "CLOSED") {
		t.Fatalf("message %q", e.Message)
	}
}

func TestRefuseAndPartialAcceptance(t *testing.T) {
	s, _ := newSim(t, 1, 6, 0)
	os := orders(t, s, "order_state_codes=WAITING_ACCEPTANCE")
	accept(t, s, os[0], false)
	if got := order(t, s, os[0].OrderID); got.State != mirakl.StateRefused || got.Lines[0].State != mirakl.StateRefused {
		t.Fatalf("all refused: %s", got.State)
	}
	for _, o := range os[1:] {
		if len(o.Lines) < 2 {
			continue
		}
		body := map[string]any{"order_lines": []any{
			map[string]any{"id": o.Lines[0].ID, "accepted": false},
		}}
		for _, l := range o.Lines[1:] {
			body["order_lines"] = append(body["order_lines"].([]any), map[string]any{"id": l.ID, "accepted": true})
		}
		mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/accept", body), 204)
		got := order(t, s, o.OrderID)
		if got.State != mirakl.StateWaitingDebit || got.Lines[0].State != mirakl.StateRefused || got.Lines[1].State != mirakl.StateWaitingDebit {
			t.Fatalf("partial acceptance: %s %s %s", got.State, got.Lines[0].State, got.Lines[1].State)
		}
		return
	}
	t.Skip("no multi-line order generated")
}

func TestListOrdersFiltersAndPaging(t *testing.T) {
	s, clk := newSim(t, 1, 7, 5)
	all := orders(t, s, "")
	if len(all) != 12 {
		t.Fatalf("%d orders", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].CreatedDate.Before(all[i-1].CreatedDate) {
			t.Fatal("not sorted by creation date")
		}
	}
	// Paging: Link next until the end, total_count on each page.
	resetCeilings(s)
	w := call(t, s, "GET", "/api/orders?max=5&offset=5", nil)
	mustStatus(t, w, 200)
	link := w.Header().Get("Link")
	if !strings.Contains(link, "offset=10") || !strings.Contains(link, `rel="next"`) || !strings.Contains(link, `rel="prev"`) {
		t.Fatalf("Link %q", link)
	}
	var page struct {
		Orders []json.RawMessage `json:"orders"`
		Total  int               `json:"total_count"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &page)
	if len(page.Orders) != 5 || page.Total != 12 {
		t.Fatalf("page %d/%d", len(page.Orders), page.Total)
	}
	// Safety delta: an order updated just before start_update_date comes back.
	o := all[len(all)-1]
	since := o.LastUpdatedDate.Add(mirakl.UpdateDateSafetyDelta / 2).Format(time.RFC3339Nano)
	got := orders(t, s, "start_update_date="+since)
	if len(got) == 0 || got[len(got)-1].OrderID != o.OrderID {
		t.Fatalf("start_update_date %s should re-deliver %s", since, o.OrderID)
	}
	// A state change bumps last_updated_date past any earlier cursor.
	clk.Advance(time.Hour)
	cursor := clk.Now().Format(time.RFC3339)
	clk.Advance(time.Hour)
	w0 := firstIn(t, s, mirakl.StateWaitingAcceptance)
	accept(t, s, w0, true)
	got = orders(t, s, "start_update_date="+cursor)
	if len(got) != 1 || got[0].OrderID != w0.OrderID {
		t.Fatalf("after the cursor: %d orders", len(got))
	}
	// Parameter checks.
	ids := make([]string, 101)
	for i := range ids {
		ids[i] = fmt.Sprint("O", i)
	}
	for _, q := range []string{"max=101", "offset=-1", "order_state_codes=NOPE", "start_update_date=yesterday", "order_ids=" + strings.Join(ids, ","), "sort=price", "order_tax_mode=GROSS", "paginate=maybe"} {
		resetCeilings(s)
		w := call(t, s, "GET", "/api/orders?"+q, nil)
		mustStatus(t, w, 400)
		errorBody(t, w)
	}
	shipping := orders(t, s, "order_state_codes=SHIPPING,WAITING_DEBIT&customer_debited=true")
	for _, o := range shipping {
		if o.CustomerDebitedDate == nil {
			t.Fatal("customer_debited=true returned an undebited order")
		}
	}
	if n := len(orders(t, s, "paginate=false&max=1")); n != 12 {
		t.Fatalf("paginate=false returned %d", n)
	}
}

func TestTaxExcludedView(t *testing.T) {
	s, _ := newSim(t, 1, 3, 0)
	inc := orders(t, s, "")
	exc := orders(t, s, "order_tax_mode=TAX_EXCLUDED")
	for i := range inc {
		a, b := inc[i], exc[i]
		var tax money.Amount
		for _, l := range a.Lines {
			for _, x := range append(l.Taxes, l.ShippingTaxes...) {
				tax += x.Amount
			}
		}
		if b.TaxMode != mirakl.TaxExcluded || b.TotalPrice != a.TotalPrice-tax || b.Price+b.ShippingPrice != b.TotalPrice {
			t.Fatalf("%s: included %s, excluded %s, tax %s", a.OrderID, a.TotalPrice, b.TotalPrice, tax)
		}
	}
}

func TestAddOrderEvent(t *testing.T) {
	s, clk := newSim(t, 1, 0, 0)
	o := GenerateOrders(GenOptions{Seed: 99, Orders: 1, FirstNumber: 500})[0]
	o.CreatedDate, o.LastUpdatedDate = time.Time{}, time.Time{}
	if err := s.AddOrder(o); err != nil {
		t.Fatal(err)
	}
	if err := s.AddOrder(o); err == nil {
		t.Fatal("the same order added twice")
	}
	got := order(t, s, o.OrderID)
	if !got.CreatedDate.Equal(clk.Now()) || got.State != mirakl.StateWaitingAcceptance {
		t.Fatalf("arrived %v in %s", got.CreatedDate, got.State)
	}
	ids, err := s.GenerateOrdersNow(GenerateEvent{Count: 3, Seed: 5})
	if err != nil || len(ids) != 3 || ids[0] != "10000501-A" {
		t.Fatalf("generated %v %v", ids, err)
	}
}
