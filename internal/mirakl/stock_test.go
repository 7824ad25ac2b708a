package mirakl

import (
	"strings"
	"testing"
)

func TestStockCSV(t *testing.T) {
	b, err := StockCSV([]StockLine{{OfferSKU: `SKU "1"`, Quantity: 3}, {OfferSKU: "S2", Quantity: 0, WarehouseCode: "LEEDS", Delete: true}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := "\"offer-sku\";\"quantity\";\"warehouse-code\";\"update-delete\"\n\"SKU \"\"1\"\"\";\"3\";\"\";\"update\"\n\"S2\";\"0\";\"LEEDS\";\"delete\"\n"
	if string(b) != want {
		t.Fatalf("got\n%s\nwant\n%s", b, want)
	}
	bad := [][]StockLine{
		nil,
		{{OfferSKU: "", Quantity: 1}},
		{{OfferSKU: "A", Quantity: -1}},
		{{OfferSKU: "A", Quantity: MaxStockQuantity + 1}},
		{{OfferSKU: "A\nB", Quantity: 1}},
		{{OfferSKU: "A", Quantity: 1}, {OfferSKU: "A", Quantity: 2}},
	}
	for _, lines := range bad {
		if _, err := StockCSV(lines, ';'); err == nil {
			t.Errorf("%+v: no error", lines)
		}
	}
	if b, _ := StockCSV([]StockLine{{OfferSKU: "A", Quantity: 1}}, ','); !strings.HasPrefix(string(b), `"offer-sku","quantity"`) {
		t.Errorf("comma delimiter: %s", b)
	}
}

func TestDecodeStockErrorReport(t *testing.T) {
	tests := []struct {
		in   string
		want []StockImportError
	}{
		{"", nil},
		{sampleStockReport, []StockImportError{{Line: 3, Message: "The offer does not exist", OfferSKU: "X", Quantity: "2", Row: []string{"X", "2", "", "update"}}}},
		// No header, comma separated, short row.
		{"2,Bad quantity,A,-1\n5,Unknown,B\n", []StockImportError{
			{Line: 2, Message: "Bad quantity", OfferSKU: "A", Quantity: "-1", Row: []string{"A", "-1"}},
			{Line: 5, Message: "Unknown", OfferSKU: "B", Row: []string{"B"}},
		}},
	}
	for _, tt := range tests {
		got, err := DecodeStockErrorReport([]byte(tt.in))
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%q: %+v", tt.in, got)
		}
		for i := range got {
			g, w := got[i], tt.want[i]
			if g.Line != w.Line || g.Message != w.Message || g.OfferSKU != w.OfferSKU || g.Quantity != w.Quantity || strings.Join(g.Row, "|") != strings.Join(w.Row, "|") {
				t.Errorf("%q row %d: %+v want %+v", tt.in, i, g, w)
			}
		}
	}
}

func TestOfferUpdateFromOfferSendsEverything(t *testing.T) {
	offers, _, err := DecodeOffers([]byte(`{"offers":[{"offer_id":1,"shop_sku":"S","product_sku":"P","quantity":7,"price":10,"state_code":"11",
"description":"d","leadtime_to_ship":3,"min_quantity_alert":2,"logistic_class":{"code":"L","label":"l"},"discount":{"discount_price":8,"start_date":"2025-01-01T00:00:00Z"}}]}`))
	if err != nil {
		t.Fatal(err)
	}
	u := OfferUpdateFromOffer(offers[0])
	if u.Quantity != 7 || u.Description != "d" || *u.LeadtimeToShip != 3 || *u.MinQuantityAlert != 2 || u.LogisticClass != "L" ||
		u.Discount == nil || *u.Discount.Price != 800 || u.ProductID != "P" || u.UpdateDelete != "update" {
		t.Fatalf("%+v", u)
	}
}
