package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/scenario"
)

// TestFulfilmentsBecomeShipments: warehouse staff fulfil Sales Orders in
// NetSuite during a run; a full fulfilment marks the marketplace order
// shipped with its tracking and mapped carrier, a partial one sends the
// tracking and leaves the order to ship when the rest leaves.
func TestFulfilmentsBecomeShipments(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	dir := copyScenario(t, "orders", "fulfilment:\n  carriers:\n    DPD Next Day: DPD\n", `{"actions":[
	  {"after":"20m","do":"fulfil","sales_order":"JL-SC-PROMO-A","tracking":["JD0001"],"ship_method":"DPD Next Day"},
	  {"after":"20m","do":"fulfil","sales_order":"JL-SC-MULTI-A","lines":{"1":1},"tracking":["RM0001GB"],"ship_method":"Royal Mail 24"}
	]}`)
	out := t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var m struct {
		Orders []struct {
			ID       string `json:"order_id"`
			State    string `json:"order_state"`
			Carrier  string `json:"shipping_carrier_code"`
			Company  string `json:"shipping_company"`
			Tracking string `json:"shipping_tracking"`
		} `json:"orders"`
		Observed struct {
			Calls map[string]int `json:"calls"`
		} `json:"observed"`
	}
	readJSON(t, filepath.Join(out, scenario.MiraklFile), &m)
	got := map[string]struct{ state, carrier, company, tracking string }{}
	for _, o := range m.Orders {
		got[o.ID] = struct{ state, carrier, company, tracking string }{o.State, o.Carrier, o.Company, o.Tracking}
	}
	if o := got["SC-PROMO-A"]; o.state != "SHIPPED" || o.carrier != "DPD" || o.tracking != "JD0001" {
		t.Errorf("fully fulfilled order: %+v, want SHIPPED with DPD tracking JD0001", o)
	}
	if o := got["SC-MULTI-A"]; o.state != "SHIPPING" || o.tracking != "RM0001GB" {
		t.Errorf("partly fulfilled order: %+v, want still SHIPPING with tracking RM0001GB", o)
	}
	if n := m.Observed.Calls["OR24"]; n != 1 {
		t.Errorf("%d ship calls (OR24), want 1", n)
	}
	var rep Report
	readJSON(t, filepath.Join(out, scenario.AgentFile), &rep)
	for _, f := range rep.Flows {
		if f.Name == "fulfilment" && f.Done != 2 {
			t.Errorf("fulfilment flow did %d items, want 2", f.Done)
		}
	}
}
