package netsuite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
)

func ptr[T any](v T) *T { return &v }

func TestRecordsAgainstSimulator(t *testing.T) {
	ctx := context.Background()
	for _, method := range []string{"oauth2", "tba"} {
		t.Run(method, func(t *testing.T) {
			env := newSimEnv(t, nil)
			ids := env.seed(t)
			auth := env.tba()
			if method == "oauth2" {
				auth = env.oauth2(t)
			}
			c := env.client(t, auth, nil)

			so := netsuite.SalesOrder{
				Entity:       netsuite.NewRef(ids.customer),
				OtherRefNum:  "12345-A",
				Location:     netsuite.NewRef(ids.location),
				ShippingCost: ptr(money.MustParse("3.95")),
				Item: &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{
					{Item: netsuite.NewRef(ids.item1), Quantity: 2, Amount: money.MustParse("19.98")},
					{Item: netsuite.NewRef(ids.item2), Quantity: 1, Amount: money.MustParse("5.00"),
						CustomFields: map[string]string{"custcol_offer": "OF-1"}},
				}},
				CustomFields: map[string]string{"custbody_channel": "John Lewis"},
			}
			id, err := c.Upsert(ctx, netsuite.TypeSalesOrder, "JL-12345-A", so)
			if err != nil {
				t.Fatal(err)
			}
			again, err := c.Upsert(ctx, netsuite.TypeSalesOrder, "JL-12345-A", so)
			if err != nil || again != id {
				t.Fatalf("second upsert = %q, %v; want same id %q", again, err, id)
			}
			got, err := c.SalesOrderByExternalID(ctx, "JL-12345-A")
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != id || got.Total == nil || *got.Total != money.MustParse("28.93") || *got.Subtotal != money.MustParse("24.98") {
				t.Fatalf("read back %+v", got)
			}
			if len(got.Item.Items) != 2 || got.Item.Items[0].Line != 1 || got.Item.Items[1].Line != 2 {
				t.Fatalf("lines %+v", got.Item.Items)
			}
			if got.CustomFields["custbody_channel"] != "John Lewis" || got.Item.Items[1].CustomFields["custcol_offer"] != "OF-1" {
				t.Fatalf("custom fields lost: %+v / %+v", got.CustomFields, got.Item.Items[1].CustomFields)
			}
			if got.Entity.RefName != "Marketplace customers" {
				t.Fatalf("refName = %q", got.Entity.RefName)
			}

			// Without expand, sublists come back as links only.
			var bare netsuite.SalesOrder
			if err := c.Get(ctx, netsuite.TypeSalesOrder, id, &bare, false); err != nil {
				t.Fatal(err)
			}
			if bare.Item != nil && len(bare.Item.Items) != 0 {
				t.Fatalf("unexpanded GET returned lines: %+v", bare.Item)
			}

			if err := c.Patch(ctx, netsuite.TypeSalesOrder, id, map[string]any{"memo": "patched"}); err != nil {
				t.Fatal(err)
			}

			ifID, err := c.Transform(ctx, netsuite.TypeSalesOrder, id, netsuite.TypeItemFulfillment, netsuite.ItemFulfillment{
				ShipStatus: &netsuite.Ref{ID: netsuite.ShipStatusShipped},
				Item: &netsuite.ItemFulfillmentItems{Items: []netsuite.ItemFulfillmentItem{
					{OrderLine: 1, Quantity: 1}, {OrderLine: 2, ItemReceive: ptr(false)},
				}},
				Package: &netsuite.ItemFulfillmentPackages{Items: []netsuite.ItemFulfillmentPackage{{PackageTrackingNumber: "TRK1"}}},
			})
			if err != nil {
				t.Fatal(err)
			}
			var f netsuite.ItemFulfillment
			if err := c.Get(ctx, netsuite.TypeItemFulfillment, ifID, &f, true); err != nil {
				t.Fatal(err)
			}
			if f.CreatedFrom == nil || f.CreatedFrom.ID != id || len(f.Item.Items) != 1 || f.Item.Items[0].OrderLine != 1 || f.Package.Items[0].PackageTrackingNumber != "TRK1" {
				t.Fatalf("fulfilment %+v", f)
			}

			// An unknown item is refused with NetSuite's code and path.
			_, err = c.Create(ctx, netsuite.TypeSalesOrder, netsuite.SalesOrder{
				Entity: netsuite.NewRef(ids.customer),
				Item:   &netsuite.SalesOrderItems{Items: []netsuite.SalesOrderItem{{Item: netsuite.NewRef("9999"), Quantity: 1}}},
			})
			var ne *netsuite.Error
			if !errors.As(err, &ne) || ne.Status != 400 || ne.Code != "INVALID_CONTENT" || ne.Path != "item.items[0].item" {
				t.Fatalf("unknown item: %v", err)
			}
			if netsuite.IsRetryable(err) {
				t.Fatal("a content error must not be retryable")
			}
			err = c.Get(ctx, netsuite.TypeSalesOrder, "424242", &bare, false)
			if !netsuite.IsNotFound(err) {
				t.Fatalf("missing record: %v", err)
			}
		})
	}
}
