package netsuite_test

import (
	"context"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
	netsuitesim "github.com/jlsync/jlsync/internal/sim/netsuite"
)

func TestStockSince(t *testing.T) {
	ctx := context.Background()
	var clk clock
	env := newSimEnv(t, func(o *netsuitesim.Options) { o.Now = clk.now })
	ids := env.seed(t)
	other, _ := env.sim.Create("location", map[string]any{"name": "Store"})
	if err := env.sim.SetStock(ids.item1, other, 4, 4); err != nil {
		t.Fatal(err)
	}
	c := env.client(t, env.oauth2At(t, clk.now), func(cfg *netsuite.Config) { cfg.SuiteQLPageSize = 1 })

	all, err := c.StockSince(ctx, []string{ids.location}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ItemName != "SKU-RED" || all[0].Available != 10 || all[1].Available != 3 {
		t.Fatalf("full read: %+v", all)
	}
	both, err := c.StockSince(ctx, nil, time.Time{})
	if err != nil || len(both) != 3 {
		t.Fatalf("all locations: %d rows, %v", len(both), err)
	}

	// An order commits stock; only the changed row is returned after the
	// watermark.
	clk.advance(time.Hour)
	mark := clk.now().Add(-time.Second)
	_, err = c.Upsert(ctx, netsuite.TypeSalesOrder, "JL-S1", netsuite.SalesOrder{Entity: netsuite.NewRef(ids.customer),
		Item: &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{{Item: netsuite.NewRef(ids.item2), Quantity: 2, Amount: 1000, Location: netsuite.NewRef(ids.location)}}}})
	if err != nil {
		t.Fatal(err)
	}
	delta, err := c.StockSince(ctx, []string{ids.location}, mark)
	if err != nil {
		t.Fatal(err)
	}
	if len(delta) != 1 || delta[0].ItemID != ids.item2 || delta[0].Available != 1 || delta[0].OnHand != 3 || delta[0].LastChange.Before(mark) {
		t.Fatalf("delta read: %+v", delta)
	}
}

func TestFulfilmentsSince(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, nil)
	ids := env.seed(t)
	c := env.client(t, env.oauth2(t), nil)
	order := func(eid string) string {
		id, err := c.Upsert(ctx, netsuite.TypeSalesOrder, eid, netsuite.SalesOrder{Entity: netsuite.NewRef(ids.customer), Location: netsuite.NewRef(ids.location),
			Item: &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{
				{Item: netsuite.NewRef(ids.item1), Quantity: 3, Amount: money.MustParse("29.97")},
				{Item: netsuite.NewRef(ids.item2), Quantity: 1, Amount: money.MustParse("5.00")},
			}}})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	so1, so2, _ := order("JL-1"), order("JLX1"), order("OTHER-1")
	before := time.Now().Add(-time.Minute)

	f1, err := env.sim.FulfilSalesOrder(so1, map[int]int{1: 2}, []string{"TRK-A", "TRK-B"}, "Royal Mail 24")
	if err != nil {
		t.Fatal(err)
	}
	f2, err := env.sim.FulfilSalesOrder(so1, nil, []string{"TRK-C"}, "Royal Mail 24")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.sim.FulfilSalesOrder(so2, nil, nil, ""); err != nil {
		t.Fatal(err)
	}

	// "JL-" must not match "JLX1" even though LIKE's "_" would.
	fs, err := c.FulfilmentsSince(ctx, "JL-", before)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 2 || fs[0].ID != f1 || fs[1].ID != f2 {
		t.Fatalf("fulfilments: %+v", fs)
	}
	a, b := fs[0], fs[1]
	if a.SalesOrderID != so1 || a.SalesOrderExternalID != "JL-1" || a.ShipMethod != "Royal Mail 24" || !a.Shipped() ||
		len(a.Lines) != 1 || a.Lines[0] != (netsuite.FulfilmentLine{OrderLine: 1, ItemID: ids.item1, Quantity: 2}) ||
		len(a.TrackingNumbers()) != 2 || a.TrackingNumbers()[1] != "TRK-B" {
		t.Fatalf("first: %+v", a)
	}
	if len(b.Lines) != 2 || b.Lines[0].Quantity != 1 || b.Lines[1].OrderLine != 2 || b.TrackingNumbers()[0] != "TRK-C" {
		t.Fatalf("second: %+v", b)
	}
	if all, _ := c.FulfilmentsSince(ctx, "", before); len(all) != 3 {
		t.Fatalf("no prefix: %d fulfilments", len(all))
	}
	if none, err := c.FulfilmentsSince(ctx, "JL-", time.Now().Add(time.Hour)); err != nil || len(none) != 0 {
		t.Fatalf("future watermark: %+v %v", none, err)
	}
	so, err := c.SalesOrderByExternalID(ctx, "JL-1")
	if err != nil || so.Status == nil || so.Status.ID != "F" || so.Item.Items[0].QuantityFulfilled != 3 {
		t.Fatalf("order after full shipment: %+v %v", so.Status, err)
	}
}

func TestItems(t *testing.T) {
	ctx := context.Background()
	env := newSimEnv(t, nil)
	ids := env.seed(t)
	if _, err := env.sim.AddItem(netsuitesim.ItemSpec{ItemID: "OLD", ExternalID: "OLD-1"}); err != nil {
		t.Fatal(err)
	}
	c := env.client(t, env.tba(), nil)
	if err := c.Patch(ctx, netsuite.TypeInventoryItem, "eid:OLD-1", map[string]any{"isInactive": true}); err != nil {
		t.Fatal(err)
	}
	items, err := c.Items(ctx, netsuite.ItemFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].ID != ids.item1 || items[0].UPCCode != "5012345678900" || items[0].ItemType != "InvtPart" || items[0].LastModified.IsZero() {
		t.Fatalf("active items: %+v", items)
	}
	items, err = c.Items(ctx, netsuite.ItemFilter{IncludeInactive: true, Types: []string{"InvtPart"}})
	if err != nil || len(items) != 3 || !items[2].IsInactive || items[2].ExternalID != "OLD-1" {
		t.Fatalf("with inactive: %+v %v", items, err)
	}
	items, err = c.Items(ctx, netsuite.ItemFilter{ModifiedSince: time.Now().Add(time.Hour)})
	if err != nil || len(items) != 0 {
		t.Fatalf("future: %+v %v", items, err)
	}
}
