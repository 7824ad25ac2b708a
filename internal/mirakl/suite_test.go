package mirakl_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// suiteCase is one client test. Read-only cases also run against a real
// shop; write cases change orders and stock, so they run on the simulator only.
type suiteCase struct {
	name  string
	write bool
	run   func(t *testing.T, e *env)
}

var suite = []suiteCase{
	{"account", false, testAccount},
	{"platform configuration", false, testPlatform},
	{"orders paged", false, testOrdersPaged},
	{"orders filters", false, testOrdersFilters},
	{"offers", false, testOffers},
	{"reasons and carriers", false, testReasonsCarriers},
	{"payments read", false, testPaymentsRead},
	{"returns", false, testReturns},
	{"order lifecycle and money", true, testLifecycle},
	{"refuse", true, testRefuse},
	{"illegal transitions", true, testIllegal},
	{"cancellations", true, testCancel},
	{"multi-shipment", true, testMultiShipment},
	{"stock import", true, testStockImport},
	{"offer update keeps fields", true, testOfferUpdate},
	{"wrong key", true, testWrongKey},
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestSuiteSimulator(t *testing.T) {
	rec := &recorder{}
	for _, c := range suite {
		t.Run(c.name, func(t *testing.T) { c.run(t, newSimEnv(t, rec, nil)) })
	}
	checkContract(t, rec.exchanges())
}

func TestSuiteLive(t *testing.T) {
	e := newLiveEnv(t)
	for _, c := range suite {
		if c.write {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			c.run(t, e)
		})
	}
}

// skipThrottled skips a live case the shop's daily ceiling refuses today.
func skipThrottled(t *testing.T, e *env, err error) {
	var me *mirakl.Error
	if e.live() && errors.As(err, &me) && (me.Throttled || me.Status == 429) {
		t.Skipf("ceiling reached on the live shop: %v", err)
	}
}

func testAccount(t *testing.T, e *env) {
	a, err := e.c.Account(ctx(t))
	skipThrottled(t, e, err)
	if err != nil {
		t.Fatal(err)
	}
	if a.ShopID <= 0 || a.Currency == "" || len(a.Raw) == 0 {
		t.Fatalf("account incomplete: %+v", a)
	}
	if !e.live() && (a.ShopID != 2001 || a.Currency != "GBP" || a.ShopState != "OPEN" || a.OffersCount != 12) {
		t.Fatalf("simulated account: %+v", a)
	}
}

func testPlatform(t *testing.T, e *env) {
	p, err := e.c.PlatformConfiguration(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains([]string{mirakl.TaxIncluded, mirakl.TaxExcluded}, p.TaxMode()) {
		t.Fatalf("tax mode %q", p.TaxMode())
	}
	if p.AcceptanceMode() == "" {
		t.Fatal("no acceptance mode")
	}
	if !e.live() && (!p.MultiShipment() || !p.Returns() || p.TaxMode() != mirakl.TaxIncluded || p.CSVDelimiter() != ';') {
		t.Fatalf("simulated platform: %+v", p.Features)
	}
}

func checkOrderMoney(t *testing.T, o mirakl.Order) {
	t.Helper()
	var price, ship money.Amount
	for _, l := range o.Lines {
		price += l.Price
		ship += l.ShippingPrice
		if l.TotalPrice != l.Price+l.ShippingPrice {
			t.Errorf("%s: line total %s != %s + %s", l.ID, l.TotalPrice, l.Price, l.ShippingPrice)
		}
	}
	if o.Price != price || o.ShippingPrice != ship || o.TotalPrice != price+ship {
		t.Errorf("%s: order totals %s/%s/%s do not add up (%s, %s)", o.OrderID, o.Price, o.ShippingPrice, o.TotalPrice, price, ship)
	}
}

func testOrdersPaged(t *testing.T, e *env) {
	orders, err := e.c.ListOrders(ctx(t), mirakl.OrdersQuery{PageSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, o := range orders {
		if seen[o.OrderID] {
			t.Fatalf("order %s listed twice", o.OrderID)
		}
		seen[o.OrderID] = true
		if len(o.Raw) == 0 {
			t.Fatalf("order %s has no raw JSON", o.OrderID)
		}
		again, err := mirakl.DecodeOrder(o.Raw)
		if err != nil || again.OrderID != o.OrderID || again.TotalPrice != o.TotalPrice {
			t.Fatalf("raw JSON of %s does not decode back: %v", o.OrderID, err)
		}
		if o.TaxMode == mirakl.TaxIncluded {
			checkOrderMoney(t, o)
		}
	}
	if !e.live() && len(orders) != 10 {
		t.Fatalf("got %d orders, want 10", len(orders))
	}
}

func testOrdersFilters(t *testing.T, e *env) {
	c := ctx(t)
	shipping, err := e.c.ListOrders(c, mirakl.OrdersQuery{States: []string{mirakl.StateShipping}})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range shipping {
		if o.State != mirakl.StateShipping {
			t.Fatalf("state filter returned %s", o.State)
		}
	}
	if e.live() {
		return
	}
	if len(shipping) != 3 {
		t.Fatalf("%d SHIPPING orders, want 3", len(shipping))
	}
	two, err := e.c.ListOrders(c, mirakl.OrdersQuery{OrderIDs: []string{shipping[0].OrderID, shipping[1].OrderID}})
	if err != nil || len(two) != 2 {
		t.Fatalf("order_ids filter: %d orders, %v", len(two), err)
	}
	future, err := e.c.ListOrders(c, mirakl.OrdersQuery{UpdatedSince: time.Now().Add(time.Hour)})
	if err != nil || len(future) != 0 {
		t.Fatalf("start_update_date in the future: %d orders, %v", len(future), err)
	}
	// The overlap re-delivers what changed just before the cursor.
	recent, err := e.c.ListOrders(c, mirakl.OrdersQuery{UpdatedSince: shipping[0].LastUpdatedDate.Add(time.Minute)})
	if err != nil || !slices.ContainsFunc(recent, func(o mirakl.Order) bool { return o.OrderID == shipping[0].OrderID }) {
		t.Fatalf("the overlap should re-deliver %s: %v", shipping[0].OrderID, err)
	}
}

func testOffers(t *testing.T, e *env) {
	offers, err := e.c.ListOffers(ctx(t), mirakl.OffersQuery{PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range offers {
		if o.ShopSKU == "" || len(o.Raw) == 0 {
			t.Fatalf("offer without SKU or raw: %+v", o)
		}
	}
	if e.live() {
		return
	}
	if len(offers) != 12 {
		t.Fatalf("%d offers, want 12", len(offers))
	}
	one, err := e.c.ListOffers(ctx(t), mirakl.OffersQuery{SKU: offers[3].ShopSKU})
	if err != nil || len(one) != 1 || one[0].OfferID != offers[3].OfferID {
		t.Fatalf("sku filter: %v %v", one, err)
	}
}

func testReasonsCarriers(t *testing.T, e *env) {
	rs, err := e.c.ListReasons(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	cs, err := e.c.ListCarriers(ctx(t))
	skipThrottled(t, e, err)
	if err != nil {
		t.Fatal(err)
	}
	if e.live() {
		return
	}
	if !slices.ContainsFunc(rs, func(r mirakl.Reason) bool { return r.Type == mirakl.ReasonRefund }) || len(cs) < 3 {
		t.Fatalf("reasons %d, carriers %d", len(rs), len(cs))
	}
}

func testPaymentsRead(t *testing.T, e *env) {
	c := ctx(t)
	cycles, err := e.c.ListBillingCycles(c, mirakl.BillingCyclesQuery{})
	skipThrottled(t, e, err)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := e.c.ListTransactionLines(c, mirakl.TransactionsQuery{Sort: "lastUpdated"})
	if err != nil {
		t.Fatal(err)
	}
	docs, err := e.c.ListInvoices(c, mirakl.InvoicesQuery{Type: mirakl.DocAll})
	skipThrottled(t, e, err)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if l.Amount != l.AmountCredited-l.AmountDebited {
			t.Errorf("line %s: amount %s != %s - %s", l.ID, l.Amount, l.AmountCredited, l.AmountDebited)
		}
	}
	if !e.live() && (len(cycles) != 0 || len(lines) != 0 || len(docs) != 0) {
		t.Fatalf("a fresh shop has no money yet: %d %d %d", len(cycles), len(lines), len(docs))
	}
}

func testReturns(t *testing.T, e *env) {
	p, err := e.c.PlatformConfiguration(ctx(t))
	if err != nil {
		t.Fatal(err)
	}
	if !p.Returns() {
		t.Skip("returns are not enabled on this platform")
	}
	if !e.live() {
		// Give the simulator a return to list: ship an order, open a return.
		o := orderIn(t, e, mirakl.StateShipping)
		if err := e.c.ShipOrder(ctx(t), o.OrderID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.sim.AddReturn(miraklsim.ReturnEvent{OrderID: o.OrderID}); err != nil {
			t.Fatal(err)
		}
	}
	rs, err := e.c.ListReturns(ctx(t), mirakl.ReturnsQuery{})
	if err != nil {
		skipThrottled(t, e, err)
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.ID == "" || r.OrderID == "" || len(r.Lines) == 0 {
			t.Fatalf("incomplete return %+v", r)
		}
	}
	if !e.live() && len(rs) != 1 {
		t.Fatalf("%d returns, want 1", len(rs))
	}
}
