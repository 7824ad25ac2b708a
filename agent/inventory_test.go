package agent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/flows"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
	"github.com/jlsync/jlsync/store/storetest"
)

// fakeStock is NetSuite's aggregateItemLocation with change times.
type fakeStock struct {
	mu    sync.Mutex
	rows  map[string]netsuite.StockRow // item/location -> row
	reads []time.Time                  // the since of each read
	clock time.Time
}

func (f *fakeStock) set(item, name, loc string, qty int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.clock = f.clock.Add(time.Minute)
	f.rows[item+"/"+loc] = netsuite.StockRow{ItemID: item, ItemName: name, Location: loc, Available: qty, OnHand: qty, LastChange: f.clock}
}

func (f *fakeStock) StockSince(_ context.Context, locs []string, since time.Time) ([]netsuite.StockRow, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.reads = append(f.reads, since)
	var out []netsuite.StockRow
	for _, r := range f.rows {
		if !r.LastChange.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

// fakePublisher is the marketplace's stock import: offers it does not know
// are refused line by line, as STO03 reports them.
type fakePublisher struct {
	mu      sync.Mutex
	known   map[string]bool
	imports [][]mirakl.StockLine
	shown   map[string]int
}

func (f *fakePublisher) ImportStock(_ context.Context, lines []mirakl.StockLine) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.imports = append(f.imports, lines)
	for _, l := range lines {
		if f.known[l.OfferSKU] {
			f.shown[l.OfferSKU] = l.Quantity
		}
	}
	return fmt.Sprint(len(f.imports)), nil
}

func (f *fakePublisher) WaitStockImport(_ context.Context, id string) (mirakl.StockImport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var n int
	fmt.Sscan(id, &n)
	bad := 0
	for _, l := range f.imports[n-1] {
		if !f.known[l.OfferSKU] {
			bad++
		}
	}
	return mirakl.StockImport{ImportID: id, Status: mirakl.ImportComplete, HasErrorReport: bad > 0, LinesInError: bad}, nil
}

func (f *fakePublisher) StockImportErrors(_ context.Context, id string) ([]mirakl.StockImportError, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var n int
	fmt.Sscan(id, &n)
	var out []mirakl.StockImportError
	for i, l := range f.imports[n-1] {
		if !f.known[l.OfferSKU] {
			out = append(out, mirakl.StockImportError{Line: i + 2, Message: "The offer does not exist", OfferSKU: l.OfferSKU, Quantity: fmt.Sprint(l.Quantity)})
		}
	}
	return out, nil
}

func (f *fakePublisher) snapshot() (map[string]int, [][]mirakl.StockLine) {
	f.mu.Lock()
	defer f.mu.Unlock()
	shown := map[string]int{}
	for k, v := range f.shown {
		shown[k] = v
	}
	return shown, append([][]mirakl.StockLine(nil), f.imports...)
}

func startInventoryRig(t *testing.T, db *store.DB, cfg config.Config, market *fakeMarket, erp *fakeERP, ns *fakeStock, pub *fakePublisher) *rig {
	t.Helper()
	a := New(cfg, db, Deps{Marketplace: market, ERP: erp, StockReader: ns, StockPublisher: pub, Version: "test"})
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{a: a, market: market, erp: erp, db: db, cancel: cancel, done: make(chan error, 1)}
	dir, _ := os.MkdirTemp("", "ai")
	t.Cleanup(func() { os.RemoveAll(dir) })
	r.sock = filepath.Join(dir, "s")
	ln, err := localapi.Listen(r.sock)
	if err != nil {
		t.Fatal(err)
	}
	go func() { r.done <- a.Run(ctx, ln) }()
	t.Cleanup(r.stop)
	<-a.Ready()
	return r
}

func TestInventoryPublishesChangedSKUsOnce(t *testing.T) {
	db := storetest.New(t)
	cfg := testConfig()
	cfg.Inventory.Interval = time.Second
	cfg.Inventory.FullEvery = time.Hour
	cfg.Inventory.Locations = []string{"1", "2", "3"}
	cfg.Inventory.Buffer = config.Buffers{
		Default: config.Buffer{Units: 1},
		Rules:   []config.BufferRule{{Prefix: "SKU-B", Buffer: config.Buffer{Percent: "50"}}},
		SKUs:    map[string]config.Buffer{"SKU-C": {Units: 3}},
	}
	market, erp := newWorld()
	erp.items = append(erp.items, flows.ERPItem{ID: "503", ItemID: "SKU-B"}, flows.ERPItem{ID: "504", ItemID: "SKU-C"}, flows.ERPItem{ID: "505", ItemID: "GHOST"})
	// O1 and O2 buy SKU-A (one each); O3's SKU is unmapped.
	ns := &fakeStock{rows: map[string]netsuite.StockRow{}, clock: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	ns.set("501", "SKU-A", "1", 6)
	ns.set("501", "SKU-A", "2", 4)
	ns.set("501", "SKU-A", "3", 5)
	ns.set("503", "SKU-B", "2", 9)
	ns.set("504", "SKU-C", "1", 10)
	ns.set("505", "GHOST", "1", 2)
	pub := &fakePublisher{known: map[string]bool{"SKU-A": true, "SKU-B": true, "SKU-C": true}, shown: map[string]int{}}
	r := startInventoryRig(t, db, cfg, market, erp, ns, pub)
	r.waitIdle(t)

	// SKU-A: 15 across three locations - 1 buffer = 14 (its orders are in NetSuite by now)
	// SKU-B: 9 - ceil(50% of 9) = 4; SKU-C: 10 - 3 = 7.
	want := map[string]int{"SKU-A": 14, "SKU-B": 4, "SKU-C": 7}
	shown, imports := pub.snapshot()
	for sku, q := range want {
		if shown[sku] != q {
			t.Errorf("%s shows %d on the marketplace, want %d", sku, shown[sku], q)
		}
	}
	ctx := context.Background()
	ex, _ := r.a.Exceptions(ctx, localapi.ExceptionQuery{Type: apitype.ExcStockRejected})
	if ex.Total != 1 || !strings.Contains(ex.Items[0].Reason, `"GHOST"`) || !strings.Contains(ex.Items[0].Reason, "does not exist") {
		t.Fatalf("stock exceptions: %+v", ex.Items)
	}
	sent := len(imports)

	// Nothing changed: more polls send nothing.
	r.waitIdle(t)
	if _, imports = pub.snapshot(); len(imports) != sent {
		t.Fatalf("a quiet poll sent %d more imports", len(imports)-sent)
	}

	// One location changes: only that SKU goes, in one import.
	ns.set("503", "SKU-B", "2", 21)
	deadline := time.Now().Add(5 * time.Second)
	for _, imports = pub.snapshot(); len(imports) == sent && time.Now().Before(deadline); _, imports = pub.snapshot() {
		time.Sleep(10 * time.Millisecond)
	}
	r.waitIdle(t)
	_, imports = pub.snapshot()
	last := imports[len(imports)-1]
	if len(imports) != sent+1 || len(last) != 1 || last[0].OfferSKU != "SKU-B" || last[0].Quantity != 10 {
		t.Fatalf("after one change: imports %d, last %+v", len(imports), last)
	}
	v, err := r.a.Stock(ctx, "SKU-B")
	if err != nil || v.Available != 10 || v.Pushed != 10 || !v.InSync || v.BufferHeld != 11 {
		t.Fatalf("stock view: %+v %v", v, err)
	}
	h, _ := r.a.Flows(ctx)
	if h[1].Name != apitype.FlowInventory || h[1].LastCompleteAt == nil {
		t.Errorf("inventory health: %+v", h[1])
	}

	// A stale row (older than what jlsync holds) is dropped, never sent.
	ns.mu.Lock()
	ns.rows["503/2"] = netsuite.StockRow{ItemID: "503", ItemName: "SKU-B", Location: "2", Available: 1, LastChange: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	ns.mu.Unlock()
	if _, err := r.a.StockResync(ctx, "test"); err != nil {
		t.Fatal(err)
	}
	r.waitIdle(t)
	if shown, _ = pub.snapshot(); shown["SKU-B"] != 10 {
		t.Fatalf("a stale NetSuite figure was published: %d", shown["SKU-B"])
	}
}
