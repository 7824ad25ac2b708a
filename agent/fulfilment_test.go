package agent

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
)

type fakeFulfilments struct {
	mu sync.Mutex
	fs []netsuite.Fulfilment
}

func (f *fakeFulfilments) add(ff netsuite.Fulfilment) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ff.LastModified = time.Now()
	f.fs = append(f.fs, ff)
}

func (f *fakeFulfilments) FulfilmentsSince(_ context.Context, _ string, since time.Time) ([]netsuite.Fulfilment, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []netsuite.Fulfilment
	for _, ff := range f.fs {
		if !ff.LastModified.Before(since) {
			out = append(out, ff)
		}
	}
	return out, nil
}

// fakeShipper records OR23/OR24 and moves the order on the fake marketplace.
type fakeShipper struct {
	m        *fakeMarket
	mu       sync.Mutex
	tracking map[string][]mirakl.Tracking
	shipped  map[string]int
}

func (s *fakeShipper) UpdateTracking(_ context.Context, id string, t mirakl.Tracking) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tracking[id] = append(s.tracking[id], t)
	return nil
}

func (s *fakeShipper) ShipOrder(_ context.Context, id string) error {
	s.mu.Lock()
	s.shipped[id]++
	s.mu.Unlock()
	s.m.update(id, func(o *mirakl.Order) { o.State = mirakl.StateShipped })
	return nil
}

func (s *fakeShipper) counts(id string) (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.tracking[id]), s.shipped[id]
}

func TestFulfilmentFlow(t *testing.T) {
	market, erp := newWorld()
	two := order("F1", "SKU-A")
	two.Lines[0].Quantity = 2
	market.orders = map[string]mirakl.Order{"F1": two}
	ff := &fakeFulfilments{}
	sh := &fakeShipper{m: market, tracking: map[string][]mirakl.Tracking{}, shipped: map[string]int{}}
	cfg := testConfig()
	cfg.Fulfilment.Interval = time.Second
	cfg.Fulfilment.Carriers = map[string]string{"DPD Next Day": "DPD"}
	a := startWith(t, cfg, Deps{Marketplace: market, ERP: erp, FulfilmentReader: ff, Shipper: sh})
	waitIdle(t, a)
	so, _ := erp.so("JL-F1")
	erp.mu.Lock()
	soID := erp.records["salesOrder/JL-F1"]
	erp.mu.Unlock()
	if so.Item == nil || soID == "" {
		t.Fatal("no Sales Order to fulfil")
	}

	// One of two units leaves: tracking only, no OR24.
	ff.add(netsuite.Fulfilment{ID: "IF1", TranID: "IF1", SalesOrderID: soID, SalesOrderExternalID: "JL-F1", ShipStatus: netsuite.ShipStatusShipped,
		ShipMethod: "DPD Next Day", Lines: []netsuite.FulfilmentLine{{OrderLine: 1, Quantity: 1}}, Packages: []netsuite.Package{{TrackingNumber: "JD1"}}})
	waitIdle(t, a)
	if tr, shipped := sh.counts("F1"); tr != 1 || shipped != 0 {
		t.Fatalf("after a partial fulfilment: %d tracking calls, %d ship calls", tr, shipped)
	}
	sh.mu.Lock()
	first := sh.tracking["F1"][0]
	sh.mu.Unlock()
	if got := first; got.CarrierCode != "DPD" || got.TrackingNumber != "JD1" {
		t.Errorf("tracking sent: %+v", got)
	}

	// The second unit leaves with an unmapped ship method: sent by name, and
	// the order ships once.
	ff.add(netsuite.Fulfilment{ID: "IF2", TranID: "IF2", SalesOrderID: soID, SalesOrderExternalID: "JL-F1", ShipStatus: netsuite.ShipStatusShipped,
		ShipMethod: "Courier Bob", Lines: []netsuite.FulfilmentLine{{OrderLine: 1, Quantity: 1}}, Packages: []netsuite.Package{{TrackingNumber: "CB2"}}})
	// Packed, not shipped: ignored.
	ff.add(netsuite.Fulfilment{ID: "IF3", SalesOrderID: soID, ShipStatus: "B"})
	waitIdle(t, a)
	if tr, shipped := sh.counts("F1"); tr != 2 || shipped != 1 {
		t.Fatalf("after the last unit: %d tracking calls, %d ship calls", tr, shipped)
	}
	sh.mu.Lock()
	second := sh.tracking["F1"][1]
	sh.mu.Unlock()
	if got := second; got.CarrierName != "Courier Bob" || got.CarrierCode != "" {
		t.Errorf("an unmapped ship method goes by name: %+v", got)
	}
	o, _ := a.Order(context.Background(), "F1")
	kinds := map[string]bool{}
	for _, e := range o.Timeline {
		kinds[e.Kind] = true
	}
	if !kinds["fulfilled"] || !kinds["shipped"] {
		t.Errorf("timeline lacks the shipment: %+v", o.Timeline)
	}

	// A fulfilment of a Sales Order jlsync does not know: one exception.
	ff.add(netsuite.Fulfilment{ID: "IF9", TranID: "IF9", SalesOrderID: "999", SalesOrderExternalID: "JL-OTHER", ShipStatus: netsuite.ShipStatusShipped})
	waitIdle(t, a)
	ex, _ := a.Exceptions(context.Background(), localapi.ExceptionQuery{Flow: apitype.FlowFulfilment})
	if ex.Total != 1 || ex.Items[0].Type != apitype.ExcUnknownSalesOrder {
		t.Fatalf("exceptions: %+v", ex.Items)
	}
	if tr, shipped := sh.counts("F1"); tr != 2 || shipped != 1 {
		t.Fatalf("re-reads repeated work: %d tracking, %d ship", tr, shipped)
	}
}
