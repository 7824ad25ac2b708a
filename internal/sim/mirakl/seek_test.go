package miraklsim

import (
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// shipAll ships every SHIPPING order, a minute apart, so TL02 has lines.
func shipAll(t *testing.T, s *Server, clk *fakeClock) {
	t.Helper()
	for _, o := range orders(t, s, "order_state_codes=SHIPPING") {
		clk.Advance(time.Minute)
		mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/ship", nil), 204)
	}
}

type seekPageDoc struct {
	Data []json.RawMessage `json:"data"`
	Next string            `json:"next_page_token"`
	Prev string            `json:"previous_page_token"`
}

func TestTL02SeekPaging(t *testing.T) {
	s, clk := newSim(t, 1, 0, 8)
	shipAll(t, s, clk)
	s.mu.Lock()
	total := len(s.st.txns)
	s.mu.Unlock()
	for _, sort := range []string{"", "dateCreated,ASC", "lastUpdated,DESC"} {
		seen := map[string]bool{}
		q := url.Values{"limit": {"7"}, "transaction_type": {"ORDER_AMOUNT", "COMMISSION_FEE", "COMMISSION_VAT", "ORDER_SHIPPING_AMOUNT"}}
		if sort != "" {
			q.Set("sort", sort)
		}
		var prevFirst time.Time
		pages := 0
		for {
			resetCeilings(s)
			w := call(t, s, "GET", "/api/sellerpayment/transactions_logs?"+q.Encode(), nil)
			mustStatus(t, w, 200)
			var p seekPageDoc
			if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			ls, _, err := mirakl.DecodeTransactionLines(w.Body.Bytes())
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range ls {
				if seen[l.ID] {
					t.Fatalf("sort %q: line %s on two pages", sort, l.ID)
				}
				seen[l.ID] = true
			}
			if pages > 0 && p.Prev == "" {
				t.Fatal("no previous_page_token after the first page")
			}
			if len(ls) > 0 {
				if sort == "" && pages > 0 && ls[0].DateCreated.After(prevFirst) {
					t.Fatal("default sort is not newest first")
				}
				prevFirst = ls[0].DateCreated
			}
			pages++
			if p.Next == "" {
				break
			}
			// Follow-up pages carry only the token, as the client sends them.
			q = url.Values{"limit": {"7"}, "page_token": {p.Next}}
		}
		if len(seen) != total || pages < 2 {
			t.Fatalf("sort %q: %d of %d lines in %d pages", sort, len(seen), total, pages)
		}
	}
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs?limit=2001", nil), 400)
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs?page_token=garbage!", nil), 400)
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs?transaction_type=TIP", nil), 400)
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/sellerpayment/transactions_logs?sort=amount", nil), 400)
}

func TestPreviousPageToken(t *testing.T) {
	s, clk := newSim(t, 1, 0, 4)
	shipAll(t, s, clk)
	get := func(q string) seekPageDoc {
		resetCeilings(s)
		w := call(t, s, "GET", "/api/sellerpayment/transactions_logs?"+q, nil)
		mustStatus(t, w, 200)
		var p seekPageDoc
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		return p
	}
	p1 := get("limit=3&sort=dateCreated,ASC")
	p2 := get("limit=3&page_token=" + url.QueryEscape(p1.Next))
	back := get("limit=3&page_token=" + url.QueryEscape(p2.Prev))
	a, _ := json.Marshal(p1.Data)
	b, _ := json.Marshal(back.Data)
	if string(a) != string(b) {
		t.Fatal("previous_page_token does not lead back to the first page")
	}
}

func TestSBC11AndIV01Filters(t *testing.T) {
	s, clk := newSim(t, 1, 0, 3)
	shipAll(t, s, clk)
	first, err := s.CloseBillingCycle(CloseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(48 * time.Hour)
	o := orders(t, s, "order_state_codes=SHIPPED")[0]
	if _, err := s.RefundLine(RefundEvent{OrderLineID: o.Lines[0].ID, Amount: 10}); err != nil {
		t.Fatal(err)
	}
	second, err := s.CloseBillingCycle(CloseOptions{Unpaid: true})
	if err != nil {
		t.Fatal(err)
	}
	list := func(q string) []mirakl.BillingCycle {
		resetCeilings(s)
		w := call(t, s, "GET", "/api/seller-billing-cycles?"+q, nil)
		mustStatus(t, w, 200)
		cs, _, err := mirakl.DecodeBillingCycles(w.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return cs
	}
	if cs := list(""); len(cs) != 2 || cs[0].ID != first.Cycle.ID {
		t.Fatalf("all cycles: %d", len(cs))
	}
	if cs := list("pay_out_state=TO_PAY"); len(cs) != 1 || cs[0].ID != second.Cycle.ID {
		t.Fatalf("TO_PAY: %d", len(cs))
	}
	if cs := list("id=" + first.Cycle.ID); len(cs) != 1 {
		t.Fatalf("by id: %d", len(cs))
	}
	if cs := list("start_date=" + url.QueryEscape(clk.Now().Add(-time.Hour).Format(time.RFC3339))); len(cs) != 1 {
		t.Fatalf("by start_date: %d", len(cs))
	}
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/seller-billing-cycles?limit=1001", nil), 400)
	invoices := func(q string) []mirakl.AccountingDocument {
		resetCeilings(s)
		w := call(t, s, "GET", "/api/invoices?"+q, nil)
		mustStatus(t, w, 200)
		ds, _, err := mirakl.DecodeInvoices(w.Body.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		return ds
	}
	if ds := invoices(""); len(ds) != 2 || ds[0].Type != mirakl.DocAutoInvoice {
		t.Fatalf("default type: %d", len(ds))
	}
	if ds := invoices("type=MANUAL_CREDIT"); len(ds) != 0 {
		t.Fatalf("MANUAL_CREDIT: %d", len(ds))
	}
	if ds := invoices("seller_billing_cycle_id=" + second.Cycle.ID + "&payment_status=PENDING"); len(ds) != 1 || ds[0].SellerBillingCycleID != second.Cycle.ID {
		t.Fatalf("by cycle: %d", len(ds))
	}
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/invoices?type=RECEIPT", nil), 400)
}
