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
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/agent/flows"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
	"github.com/jlsync/jlsync/store/storetest"
)

// fakeMarket is an in-memory marketplace: accepting an order takes payment at
// once (SHIPPING), so tests see the whole path without a debit delay.
type fakeMarket struct {
	mu       sync.Mutex
	orders   map[string]mirakl.Order
	accepted map[string]int
}

func (f *fakeMarket) ListOrders(_ context.Context, q mirakl.OrdersQuery) ([]mirakl.Order, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []mirakl.Order
	for _, o := range f.orders {
		if q.UpdatedSince.IsZero() || !o.LastUpdatedDate.Before(q.UpdatedSince) {
			out = append(out, o)
		}
	}
	return out, nil
}

func (f *fakeMarket) AcceptOrder(_ context.Context, id string, lines []mirakl.LineAcceptance) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	if o.State != mirakl.StateWaitingAcceptance {
		return &mirakl.Error{Op: "OR21", Status: 400, Code: "ORDER_INVALID_STATE", Message: "order is not waiting for acceptance"}
	}
	f.accepted[id]++
	o.State = mirakl.StateShipping
	refused := map[string]bool{}
	for _, l := range lines {
		refused[l.ID] = !l.Accepted
	}
	for i := range o.Lines {
		o.Lines[i].State = mirakl.StateShipping
		if refused[o.Lines[i].ID] {
			o.Lines[i].State = mirakl.StateRefused
		}
	}
	o.LastUpdatedDate = time.Now().UTC()
	f.orders[id] = o
	return nil
}

type fakeERP struct {
	mu      sync.Mutex
	items   []flows.ERPItem
	records map[string]string // type/externalId -> id
	upserts map[string]int
	sos     map[string]netsuite.SalesOrder
	next    int
	// fulfilled is the quantity NetSuite has shipped on every line of an SO.
	fulfilled map[string]int
	// down makes every Sales Order write fail as an unavailable NetSuite.
	down bool
	cms  map[string]netsuite.CreditMemo
}

func (f *fakeERP) upsert(typ, ext string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.upserts[typ]++
	k := typ + "/" + ext
	if id, ok := f.records[k]; ok {
		return id
	}
	f.next++
	f.records[k] = fmt.Sprint(f.next)
	return f.records[k]
}

func (f *fakeERP) UpsertCustomer(_ context.Context, ext string, _ netsuite.Customer) (string, error) {
	return f.upsert("customer", ext), nil
}

func (f *fakeERP) UpsertSalesOrder(_ context.Context, ext string, so netsuite.SalesOrder) (string, error) {
	f.mu.Lock()
	down := f.down
	f.mu.Unlock()
	if down {
		return "", &netsuite.Error{Status: 503, Title: "Service Unavailable", Detail: "NetSuite is down for maintenance"}
	}
	id := f.upsert("salesOrder", ext)
	f.mu.Lock()
	f.sos[ext] = so
	f.mu.Unlock()
	return id, nil
}

func (f *fakeERP) UpsertCreditMemo(_ context.Context, ext string, cm netsuite.CreditMemo) (string, error) {
	id := f.upsert("creditMemo", ext)
	f.mu.Lock()
	f.cms[ext] = cm
	f.mu.Unlock()
	return id, nil
}

func (f *fakeERP) SalesOrder(_ context.Context, id string) (netsuite.SalesOrder, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for k, rid := range f.records {
		if rid == id && strings.HasPrefix(k, "salesOrder/") {
			so := f.sos[strings.TrimPrefix(k, "salesOrder/")]
			items := append([]netsuite.SalesOrderItem(nil), so.Item.Items...)
			for i := range items {
				items[i].Line = i + 1
				items[i].QuantityFulfilled = f.fulfilled[id]
			}
			so.Item = &netsuite.SalesOrderItems{Items: items}
			return so, nil
		}
	}
	return netsuite.SalesOrder{}, &netsuite.Error{Status: 404, Code: "NONEXISTENT_ID", Detail: "Record does not exist."}
}

// so returns a copy of the Sales Order stored under an externalId.
func (f *fakeERP) so(ext string) (netsuite.SalesOrder, int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.sos[ext], len(f.sos)
}

func (f *fakeERP) count(typ string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.upserts[typ]
}

func (f *fakeERP) ListItems(context.Context) ([]flows.ERPItem, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]flows.ERPItem(nil), f.items...), nil
}

func order(id, sku string) mirakl.Order {
	addr := &mirakl.Address{Lastname: "Smith", Street1: "2 High St", City: "Leeds", ZipCode: "LS1 4AP", CountryISOCode: "GBR"}
	now := time.Now().UTC()
	return mirakl.Order{OrderID: id, CommercialID: "C" + id, State: mirakl.StateWaitingAcceptance, Currency: "GBP", TaxMode: mirakl.TaxIncluded,
		CreatedDate: now, LastUpdatedDate: now, Price: 1999, TotalPrice: 1999,
		Customer: mirakl.Customer{CustomerID: "cust-" + id, Firstname: "Sam", Lastname: "Smith", ShippingAddress: addr},
		Lines:    []mirakl.OrderLine{{ID: id + "-1", State: mirakl.StateWaitingAcceptance, OfferSKU: sku, Quantity: 1, Price: 1999, TotalPrice: money.Amount(1999)}}}
}

func testConfig() config.Config {
	c := config.Default()
	// Intervals and backoffs run 50 times faster than configured, as in the demo.
	c.Orders.Interval = time.Second
	c.Inventory.Interval, c.Fulfilment.Interval, c.Returns.Interval, c.Payouts.Interval = time.Second, time.Second, time.Second, time.Second
	c.Orders.MaxAttempts = 3
	c.Mirakl.TimeScale = 50
	c.Agent.DataDir = "/nonexistent"
	return c
}

type rig struct {
	a      *Agent
	market *fakeMarket
	erp    *fakeERP
	db     *store.DB
	cancel context.CancelFunc
	done   chan error
	sock   string
}

func startRig(t *testing.T, db *store.DB, market *fakeMarket, erp *fakeERP) *rig {
	t.Helper()
	return startRigWith(t, db, testConfig(), Deps{Marketplace: market, ERP: erp})
}

// startRigWith runs an agent with its local API on a short socket path.
func startRigWith(t *testing.T, db *store.DB, cfg config.Config, d Deps) *rig {
	t.Helper()
	market, _ := d.Marketplace.(*fakeMarket)
	erp, _ := d.ERP.(*fakeERP)
	d.Version = "test"
	a := New(cfg, db, d)
	ctx, cancel := context.WithCancel(context.Background())
	r := &rig{a: a, market: market, erp: erp, db: db, cancel: cancel, done: make(chan error, 1)}
	dir, err := os.MkdirTemp("", "ag")
	if err != nil {
		t.Fatal(err)
	}
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

func (r *rig) stop() {
	if r.cancel != nil {
		r.cancel()
		<-r.done
		r.cancel = nil
	}
}

func (r *rig) waitIdle(t *testing.T) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		base := r.a.PollCounts()
		time.Sleep(60 * time.Millisecond)
		if r.a.Idle(context.Background(), base) {
			return
		}
	}
	r.debug(t)
	t.Fatal("agent never became idle")
}

func newWorld() (*fakeMarket, *fakeERP) {
	m := &fakeMarket{orders: map[string]mirakl.Order{}, accepted: map[string]int{}}
	for i, sku := range []string{"SKU-A", "SKU-A", "SKU-NEW"} {
		o := order(fmt.Sprintf("O%d", i+1), sku)
		m.orders[o.OrderID] = o
	}
	e := &fakeERP{items: []flows.ERPItem{{ID: "501", ItemID: "SKU-A"}, {ID: "502", ItemID: "ITEM-NEW"}},
		records: map[string]string{}, upserts: map[string]int{}, sos: map[string]netsuite.SalesOrder{}, fulfilled: map[string]int{}, cms: map[string]netsuite.CreditMemo{}}
	return m, e
}

func TestOrdersEndToEndWithFixAndRestart(t *testing.T) {
	db := storetest.New(t)
	market, erp := newWorld()
	r := startRig(t, db, market, erp)
	r.waitIdle(t)

	if so, n := erp.so("JL-O1"); n != 2 || so.Item.Items[0].Item.ID != "501" {
		t.Fatalf("Sales Orders: %d, JL-O1 %+v", n, so)
	}
	if a1, a3 := market.acceptedCount("O1"), market.acceptedCount("O3"); a1 != 1 || a3 != 0 {
		t.Fatalf("accepted O1 %d, O3 %d (O3 has an unmapped SKU and must be held)", a1, a3)
	}
	ctx := context.Background()
	ex, _ := r.a.Exceptions(ctx, localapi.ExceptionQuery{})
	if ex.Total != 1 || ex.Items[0].Type != apitype.ExcUnmappedSKU || !strings.Contains(ex.Items[0].Reason, `"SKU-NEW"`) {
		t.Fatalf("exceptions = %+v", ex.Items)
	}

	// The operator maps the SKU through the API (as the console does): the
	// held order is accepted and becomes a Sales Order, and the exception
	// closes itself.
	c := &client.Client{Socket: r.socketPath(t)}
	if _, err := c.PutSKU(ctx, "SKU-NEW", "ITEM-NEW"); err != nil {
		t.Fatal(err)
	}
	r.waitIdle(t)
	if so, n := erp.so("JL-O3"); n != 3 || so.Item.Items[0].Item.ID != "502" {
		t.Fatalf("after the fix: %d Sales Orders, JL-O3 %+v", n, so)
	}
	ex, _ = r.a.Exceptions(ctx, localapi.ExceptionQuery{})
	if ex.Total != 0 {
		t.Fatalf("exception still open: %+v", ex.Items)
	}
	o, err := c.Order(ctx, "CO3")
	if err != nil || o.SalesOrderID == "" || len(o.Timeline) < 3 {
		t.Fatalf("order timeline: %+v %v", o, err)
	}
	audit, _ := c.Audit(ctx, 10)
	if len(audit) != 1 || audit[0].Action != "skumap.set" || audit[0].Target != "SKU-NEW" {
		t.Fatalf("audit = %+v", audit)
	}

	// Restart on the same store: nothing is written twice.
	before := erp.count("salesOrder")
	r.stop()
	r2 := startRig(t, db, market, erp)
	r2.waitIdle(t)
	if after := erp.count("salesOrder"); after != before || market.acceptedCount("O1") != 1 {
		t.Fatalf("restart repeated work: %d -> %d upserts, O1 accepted %d times", before, after, market.acceptedCount("O1"))
	}
}

func (r *rig) socketPath(*testing.T) string { return r.sock }

func (r *rig) debug(t *testing.T) {
	ctx := context.Background()
	for _, f := range r.a.flows {
		t.Logf("flow %s idle=%v polls=%d health=%+v", f.Name(), f.Idle(ctx), f.Polls(), f.Health())
	}
	t.Logf("awaiting=%d", r.a.orders.AwaitingMarketplace(ctx))
	_ = r.db.View(ctx, func(tx *store.Tx) error {
		ws, _ := tx.Work().List("orders")
		for _, w := range ws {
			t.Logf("work %+v", w)
		}
		return nil
	})
}

func (f *fakeMarket) acceptedCount(id string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.accepted[id]
}

// update changes an order on the marketplace side.
func (f *fakeMarket) update(id string, fn func(*mirakl.Order)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	o := f.orders[id]
	fn(&o)
	o.LastUpdatedDate = time.Now().UTC().Add(time.Second)
	f.orders[id] = o
}

func TestChangesAfterImport(t *testing.T) {
	db := storetest.New(t)
	market, erp := newWorld()
	o := order("O9", "SKU-A")
	o.Lines = append(o.Lines, mirakl.OrderLine{ID: "O9-2", State: mirakl.StateWaitingAcceptance, OfferSKU: "SKU-A", Quantity: 2, Price: 1000, TotalPrice: 1000})
	o.Price, o.TotalPrice = 2999, 2999
	market.orders = map[string]mirakl.Order{"O9": o, "O10": order("O10", "SKU-A")}
	r := startRig(t, db, market, erp)
	r.waitIdle(t)
	if so, _ := erp.so("JL-O9"); so.Item == nil || len(so.Item.Items) != 2 {
		t.Fatalf("Sales Order JL-O9: %+v", so)
	}

	// A line cancelled before fulfilment: the Sales Order keeps it, closed.
	market.update("O9", func(o *mirakl.Order) { o.Lines[1].State = mirakl.StateCanceled })
	r.waitIdle(t)
	so9, _ := erp.so("JL-O9")
	items := so9.Item.Items
	if len(items) != 2 || items[1].IsClosed == nil || !*items[1].IsClosed || items[0].IsClosed != nil {
		t.Fatalf("after the cancellation: %+v", items)
	}

	// A line cancelled after NetSuite shipped it cannot be closed: exception.
	erp.mu.Lock()
	erp.fulfilled[erp.records["salesOrder/JL-O10"]] = 1
	erp.mu.Unlock()
	market.update("O10", func(o *mirakl.Order) {
		o.Lines[0].Cancelations = []mirakl.Cancelation{{ID: "c1", Quantity: 1, Amount: 1999}}
	})
	r.waitIdle(t)
	ex, _ := r.a.Exceptions(context.Background(), localapi.ExceptionQuery{})
	if ex.Total != 1 || ex.Items[0].Type != apitype.ExcCancelledAfterFulfilment || !strings.Contains(ex.Items[0].Reason, "fulfilled 1 unit") {
		t.Fatalf("exceptions: %+v", ex.Items)
	}
}
