package demo

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/scenario"
)

// expectFile is what a scenario in testdata must end with.
type expectFile struct {
	SalesOrders map[string]struct {
		Total    string  `json:"total"`
		Shipping string  `json:"shipping"`
		Lines    [][]any `json:"lines"` // [item id, quantity, amount]
	} `json:"sales_orders"`
	Customers  int                  `json:"customers"`
	Exceptions map[string][2]string `json:"exceptions"` // order id -> [type, reason contains]
}

type soRecord struct {
	ExternalID   string        `json:"externalId"`
	Total        money.Amount  `json:"total"`
	ShippingCost *money.Amount `json:"shippingCost"`
	Item         struct {
		Items []struct {
			Item     struct{ ID string } `json:"item"`
			Quantity int                 `json:"quantity"`
			Amount   money.Amount        `json:"amount"`
		} `json:"items"`
	} `json:"item"`
}

// TestOrdersScenario runs testdata/orders (promotions, multi-line orders,
// shipping, a cancelled line, a late order, acceptance, and one order per bad
// input) and checks the Sales Orders to the penny and the exact exceptions.
func TestOrdersScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	dir := filepath.Join("testdata", "orders")
	var want expectFile
	readJSON(t, filepath.Join(dir, "expect.json"), &want)
	out := t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var ns struct {
		Records struct {
			SalesOrders []soRecord        `json:"salesOrder"`
			Customers   []json.RawMessage `json:"customer"`
		} `json:"records"`
	}
	readJSON(t, filepath.Join(out, scenario.NetSuiteFile), &ns)
	got := map[string]soRecord{}
	for _, so := range ns.Records.SalesOrders {
		if _, dup := got[so.ExternalID]; dup {
			t.Errorf("two Sales Orders with externalId %s", so.ExternalID)
		}
		got[so.ExternalID] = so
	}
	if len(got) != len(want.SalesOrders) {
		t.Errorf("%d Sales Orders, want %d", len(got), len(want.SalesOrders))
	}
	for id, w := range want.SalesOrders {
		so, ok := got["JL-"+id]
		if !ok {
			t.Errorf("no Sales Order for %s", id)
			continue
		}
		if so.Total.String() != w.Total {
			t.Errorf("%s: total %s, want %s", id, so.Total, w.Total)
		}
		ship := ""
		if so.ShippingCost != nil {
			ship = so.ShippingCost.String()
		}
		if ship != w.Shipping && !(w.Shipping == "" && ship == "0.00") {
			t.Errorf("%s: shippingCost %q, want %q", id, ship, w.Shipping)
		}
		if len(so.Item.Items) != len(w.Lines) {
			t.Errorf("%s: %d lines, want %d", id, len(so.Item.Items), len(w.Lines))
			continue
		}
		for i, l := range so.Item.Items {
			wl := w.Lines[i]
			if l.Item.ID != wl[0].(string) || float64(l.Quantity) != wl[1].(float64) || l.Amount.String() != wl[2].(string) {
				t.Errorf("%s line %d: item %s qty %d amount %s, want %v", id, i, l.Item.ID, l.Quantity, l.Amount, wl)
			}
		}
	}
	if len(ns.Records.Customers) != want.Customers {
		t.Errorf("%d customers, want %d (a returning customer is one record)", len(ns.Records.Customers), want.Customers)
	}

	var rep Report
	readJSON(t, filepath.Join(out, scenario.AgentFile), &rep)
	open := map[string]apitype.Exception{}
	for _, e := range rep.Exceptions {
		if e.Status != apitype.ExceptionOpen {
			continue
		}
		id := strings.Fields(strings.TrimPrefix(e.Subject, "order "))[0]
		if prev, dup := open[id]; dup {
			t.Errorf("%s has two open exceptions: %s and %s", id, prev.Type, e.Type)
		}
		open[id] = e
	}
	if len(open) != len(want.Exceptions) {
		t.Errorf("%d open exceptions, want exactly %d: %v", len(open), len(want.Exceptions), keys(open))
	}
	for id, w := range want.Exceptions {
		e, ok := open[id]
		if !ok {
			t.Errorf("%s: no open exception, want %s", id, w[0])
			continue
		}
		if e.Type != w[0] || !strings.Contains(e.Reason, w[1]) || e.Fix == "" || e.Owner == "" {
			t.Errorf("%s: %s %q (fix %q), want %s containing %q", id, e.Type, e.Reason, e.Fix, w[0], w[1])
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
