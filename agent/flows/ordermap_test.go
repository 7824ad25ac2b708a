package flows

import (
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

func m(s string) money.Amount { return money.MustParse(s) }

func rate20() *money.Rate { r := money.Percent(20); return &r }

// testOrder is a two-line VAT-inclusive order: one line with a promotion that
// leaves a unit price that is not a whole penny, one plain line with shipping.
func testOrder() mirakl.Order {
	addr := &mirakl.Address{Firstname: "Ada", Lastname: "Lovelace", Street1: "1 Sloane Square", City: "London", ZipCode: "SW1W 8EL", Country: "United Kingdom", CountryISOCode: "GBR"}
	return mirakl.Order{
		OrderID: "JL1001-A", CommercialID: "JL1001", State: mirakl.StateShipping, Currency: "GBP", TaxMode: mirakl.TaxIncluded,
		CreatedDate: time.Date(2026, 3, 29, 23, 30, 0, 0, time.UTC), // 00:30 BST on the 30th
		Price:       m("59.99"), ShippingPrice: m("4.95"), TotalPrice: m("64.94"),
		ShippingTypeLabel: "Standard",
		Customer:          mirakl.Customer{CustomerID: "C-77", Firstname: "Ada", Lastname: "Lovelace", ShippingAddress: addr, BillingAddress: addr},
		Lines: []mirakl.OrderLine{
			{ID: "JL1001-A-1", State: mirakl.StateShipping, OfferSKU: "SKU-1", ProductTitle: "Cushion", Quantity: 3,
				PriceUnit: m("10.00"), Price: m("25.00"), TotalPrice: m("25.00"),
				Taxes: []mirakl.Tax{{Code: "VAT", Amount: m("4.17"), Rate: rate20()}}},
			{ID: "JL1001-A-2", State: mirakl.StateShipping, OfferSKU: "SKU-2", ProductTitle: "Lamp", Quantity: 1,
				PriceUnit: m("34.99"), Price: m("34.99"), ShippingPrice: m("4.95"), TotalPrice: m("39.94"),
				Taxes:         []mirakl.Tax{{Code: "VAT", Amount: m("5.83"), Rate: rate20()}},
				ShippingTaxes: []mirakl.Tax{{Code: "VAT", Amount: m("0.83"), Rate: rate20()}}},
		},
	}
}

var testRes = map[string]Resolution{"SKU-1": {ItemID: "11"}, "SKU-2": {ItemID: "12"}}

func TestMapOrderGrossAndNet(t *testing.T) {
	tests := []struct {
		name         string
		mapping      OrderMapping
		wantAmounts  []string
		wantTax      []string
		wantShipCost string
	}{
		{"gross, shippingCost", OrderMapping{Subsidiary: "1"}, []string{"25.00", "34.99"}, []string{"", ""}, "4.95"},
		{"net with VAT, shipping item", OrderMapping{TaxMode: "net", ShippingItem: "900"}, []string{"20.83", "29.16", "4.12"}, []string{"4.17", "5.83", "0.83"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mp, ps := MapOrder(testOrder(), testRes, tt.mapping)
			if len(ps) != 0 {
				t.Fatalf("problems: %+v", ps)
			}
			so := mp.SalesOrder
			if so.ExternalID != "JL-JL1001-A" || so.OtherRefNum != "JL1001-A" || !strings.Contains(so.Memo, "JL1001") {
				t.Errorf("ids: %q %q %q", so.ExternalID, so.OtherRefNum, so.Memo)
			}
			if so.TranDate != "2026-03-30" {
				t.Errorf("tranDate %s, want the UK date 2026-03-30", so.TranDate)
			}
			if len(so.Item.Items) != len(tt.wantAmounts) {
				t.Fatalf("%d lines, want %d", len(so.Item.Items), len(tt.wantAmounts))
			}
			var sum money.Amount
			for i, it := range so.Item.Items {
				if it.Amount.String() != tt.wantAmounts[i] {
					t.Errorf("line %d amount %s, want %s", i, it.Amount, tt.wantAmounts[i])
				}
				tax := ""
				if it.TaxAmount != nil {
					tax = it.TaxAmount.String()
					sum += *it.TaxAmount
				}
				if tax != tt.wantTax[i] {
					t.Errorf("line %d tax %q, want %q", i, tax, tt.wantTax[i])
				}
				sum += it.Amount
			}
			// 25.00 over 3 units is not a whole penny: no rate, exact amount.
			if so.Item.Items[0].Rate != nil {
				t.Errorf("line 0 has rate %s; 25.00/3 must be left to the amount", so.Item.Items[0].Rate)
			}
			if so.Item.Items[1].Rate == nil || so.Item.Items[1].Rate.String() != so.Item.Items[1].Amount.String() {
				t.Errorf("line 1 rate should equal its single-unit amount")
			}
			ship := ""
			if so.ShippingCost != nil {
				ship = so.ShippingCost.String()
				sum += *so.ShippingCost
			}
			if ship != tt.wantShipCost {
				t.Errorf("shippingCost %q, want %q", ship, tt.wantShipCost)
			}
			if sum != m("64.94") || mp.Total != m("64.94") {
				t.Errorf("Sales Order adds to %s (Total %s), want the marketplace's 64.94", sum, mp.Total)
			}
			if mp.Customer == nil || mp.Customer.ExternalID != "JL-CUST-C-77" || so.Entity.ExternalID != "JL-CUST-C-77" {
				t.Errorf("customer link wrong: %+v %+v", mp.Customer, so.Entity)
			}
			if so.ShippingAddress.Zip != "SW1W 8EL" || so.ShippingAddress.Country.ID != "GB" {
				t.Errorf("address %+v", so.ShippingAddress)
			}
		})
	}
}

func TestMapOrderSingleCustomerAndCommercialField(t *testing.T) {
	mp, _ := MapOrder(testOrder(), testRes, OrderMapping{Customer: "single", SingleCustomerID: "501", CommercialIDField: "custbody_jl_commercial_id"})
	if mp.Customer != nil || mp.SalesOrder.Entity.ID != "501" {
		t.Errorf("single customer mode: %+v %+v", mp.Customer, mp.SalesOrder.Entity)
	}
	if mp.SalesOrder.CustomFields["custbody_jl_commercial_id"] != "JL1001" {
		t.Errorf("commercial id field: %v", mp.SalesOrder.CustomFields)
	}
}

func TestCancelledLinesLeaveTheSalesOrder(t *testing.T) {
	o := testOrder()
	o.Lines[1].State = mirakl.StateCanceled
	mp, ps := MapOrder(o, testRes, OrderMapping{})
	if len(ps) != 0 || len(mp.SalesOrder.Item.Items) != 1 || mp.Total != m("25.00") || mp.SalesOrder.ShippingCost != nil {
		t.Fatalf("cancelled line still mapped: total %s, lines %d, problems %+v", mp.Total, len(mp.SalesOrder.Item.Items), ps)
	}
	// A partial cancellation takes its quantity and amounts off the line.
	o = testOrder()
	o.Lines[0].Cancelations = []mirakl.Cancelation{{ID: "c1", Quantity: 1, Amount: m("8.33"), Taxes: []mirakl.Tax{{Code: "VAT", Amount: m("1.39")}}}}
	mp, ps = MapOrder(o, testRes, OrderMapping{})
	if len(ps) != 0 || mp.SalesOrder.Item.Items[0].Quantity != 2 || mp.SalesOrder.Item.Items[0].Amount != m("16.67") {
		t.Fatalf("partial cancellation: %+v, problems %+v", mp.SalesOrder.Item.Items[0], ps)
	}
}

func TestValidationProblems(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(*mirakl.Order)
		typ    string
		reason string
		field  string
	}{
		{"wrong currency", func(o *mirakl.Order) { o.Currency = "EUR" }, apitype.ExcWrongCurrency, `is in "EUR"`, "currency_iso_code"},
		{"zero quantity", func(o *mirakl.Order) { o.Lines[0].Quantity = 0 }, apitype.ExcBadQuantity, "quantity 0", "order_lines[0].quantity"},
		{"negative quantity", func(o *mirakl.Order) { o.Lines[1].Quantity = -2 }, apitype.ExcBadQuantity, "quantity -2", "order_lines[1].quantity"},
		{"no address", func(o *mirakl.Order) { o.Customer.ShippingAddress = nil }, apitype.ExcBadAddress, "no shipping address", "customer.shipping_address"},
		{"bad postcode", func(o *mirakl.Order) {
			a := *o.Customer.ShippingAddress
			a.ZipCode = "12345"
			o.Customer.ShippingAddress = &a
		}, apitype.ExcBadAddress, `postcode "12345"`, "zip_code"},
		{"missing postcode", func(o *mirakl.Order) {
			a := *o.Customer.ShippingAddress
			a.ZipCode = ""
			o.Customer.ShippingAddress = &a
		}, apitype.ExcBadAddress, "no postcode", "zip_code"},
		{"abroad", func(o *mirakl.Order) {
			a := *o.Customer.ShippingAddress
			a.CountryISOCode = "FRA"
			o.Customer.ShippingAddress = &a
		}, apitype.ExcBadAddress, `"FRA" is not the United Kingdom`, "country_iso_code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOrder()
			tt.mutate(&o)
			ps := ValidateOrder(o, "GBP")
			if len(ps) != 1 {
				t.Fatalf("got %d problems: %+v", len(ps), ps)
			}
			p := ps[0]
			if p.Type != tt.typ || !strings.Contains(p.Reason, tt.reason) || !strings.Contains(p.Field, tt.field) || p.Fix == "" {
				t.Errorf("problem = %+v", p)
			}
		})
	}
	if ps := ValidateOrder(testOrder(), "GBP"); len(ps) != 0 {
		t.Errorf("valid order has problems: %+v", ps)
	}
}

func TestSKUProblems(t *testing.T) {
	res := map[string]Resolution{
		"SKU-1": {Suggestion: "item 77 (JLM-1 upcCode = SKU-1)"},
		"SKU-2": {ItemID: "12", ItemName: "LAMP", Inactive: true},
	}
	ps := SKUProblems(testOrder(), res)
	if len(ps) != 2 {
		t.Fatalf("problems: %+v", ps)
	}
	if ps[0].Type != apitype.ExcUnmappedSKU || !strings.Contains(ps[0].Reason, `"SKU-1"`) || !strings.Contains(ps[0].Reason, "suggested item: item 77") || ps[0].Causes[0] != "sku:SKU-1" {
		t.Errorf("unmapped: %+v", ps[0])
	}
	if ps[1].Type != apitype.ExcInactiveItem || !strings.Contains(ps[1].Reason, "inactive") {
		t.Errorf("inactive: %+v", ps[1])
	}
}

func TestTotalMismatch(t *testing.T) {
	o := testOrder()
	o.TotalPrice = m("70.00") // a fee the lines do not explain
	_, ps := MapOrder(o, testRes, OrderMapping{})
	if len(ps) != 1 || ps[0].Type != apitype.ExcOrderTotalMismatch {
		t.Fatalf("problems: %+v", ps)
	}
	if !strings.Contains(ps[0].Reason, "64.94") || !strings.Contains(ps[0].Reason, "70.00") || ps[0].Details["marketplace_total"] != "70.00" {
		t.Errorf("reason must show both totals: %s", ps[0].Reason)
	}
	o = testOrder()
	o.Lines[1].TotalPrice = m("40.00")
	o.TotalPrice = m("65.00")
	_, ps = MapOrder(o, testRes, OrderMapping{})
	if len(ps) != 1 || !strings.Contains(ps[0].Reason, "line JL1001-A-2") {
		t.Errorf("the differing line must be named: %+v", ps)
	}
}

func TestExternalIDsNormalised(t *testing.T) {
	id := SalesOrderExternalID("JL 1001/A")
	for _, c := range id {
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			t.Fatalf("external id %q has %q", id, c)
		}
	}
	if SalesOrderExternalID("JL 1001/A") == SalesOrderExternalID("JL 1001-A") {
		t.Errorf("different order ids must not collide")
	}
}
