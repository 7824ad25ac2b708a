package mirakl_test

import (
	"strings"
	"testing"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// decoders maps each operation the client reads to its decoder.
var decoders = map[string]func([]byte) error{
	mirakl.OpA01:  func(b []byte) error { _, err := mirakl.DecodeAccount(b); return err },
	mirakl.OpPC01: func(b []byte) error { _, err := mirakl.DecodePlatformConfig(b); return err },
	mirakl.OpOR11: func(b []byte) error { _, _, err := mirakl.DecodeOrders(b); return err },
	mirakl.OpOR28: func(b []byte) error { _, err := mirakl.DecodeRefundResults(b); return err },
	mirakl.OpOR30: func(b []byte) error { _, err := mirakl.DecodeCancelationResults(b); return err },
	mirakl.OpST01: func(b []byte) error { _, _, err := mirakl.DecodeShipmentsCreated(b); return err },
	mirakl.OpST23: func(b []byte) error { _, _, err := mirakl.DecodeShipmentResults(b); return err },
	mirakl.OpST24: func(b []byte) error { _, _, err := mirakl.DecodeShipmentResults(b); return err },
	mirakl.OpSTO01: func(b []byte) error {
		_, err := mirakl.DecodeImportID(b)
		return err
	},
	mirakl.OpSTO02: func(b []byte) error { _, err := mirakl.DecodeStockImport(b); return err },
	mirakl.OpSTO03: func(b []byte) error { _, err := mirakl.DecodeStockErrorReport(b); return err },
	mirakl.OpOF02:  func(b []byte) error { _, err := mirakl.DecodeOfferImport(b); return err },
	mirakl.OpOF21:  func(b []byte) error { _, _, err := mirakl.DecodeOffers(b); return err },
	mirakl.OpOF24: func(b []byte) error {
		_, err := mirakl.DecodeImportID(b)
		return err
	},
	mirakl.OpSBC11: func(b []byte) error { _, _, err := mirakl.DecodeBillingCycles(b); return err },
	mirakl.OpTL02:  func(b []byte) error { _, _, err := mirakl.DecodeTransactionLines(b); return err },
	mirakl.OpIV01:  func(b []byte) error { _, _, err := mirakl.DecodeInvoices(b); return err },
	mirakl.OpRT11:  func(b []byte) error { _, _, err := mirakl.DecodeReturns(b); return err },
	mirakl.OpRE01:  func(b []byte) error { _, err := mirakl.DecodeReasons(b); return err },
	mirakl.OpSH21:  func(b []byte) error { _, err := mirakl.DecodeCarriers(b); return err },
}

// The client decodes every example answer the official OpenAPI gives for
// the calls it makes (Mirakl's examples use nulls, numbers as strings and
// both date forms).
func TestDecodeOfficialExamples(t *testing.T) {
	s := loadSpec(t)
	if s == nil {
		t.Skip("official Mirakl OpenAPI not found at ../shared/reference/mirakl-mmp-seller-openapi.json; set JLSYNC_MIRAKL_OPENAPI")
	}
	for op, dec := range decoders {
		exs := s.Examples(op)
		n := 0
		for _, ex := range exs {
			if ex.Status < 200 || ex.Status > 299 {
				continue
			}
			// STO03 answers CSV; every other call JSON.
			if isJSON := strings.Contains(ex.ContentType, "json"); (op == mirakl.OpSTO03) == isJSON {
				continue
			}
			n++
			if err := dec(ex.Body); err != nil {
				t.Errorf("%s example %s: %v", op, ex.Name, err)
			}
		}
		if n == 0 {
			t.Errorf("%s: the OpenAPI has no example to decode", op)
		}
	}
}

// A few values from Mirakl's OR11 example, decoded exactly.
func TestDecodeOR11ExampleValues(t *testing.T) {
	s := loadSpec(t)
	if s == nil {
		t.Skip("official Mirakl OpenAPI not found")
	}
	for _, ex := range s.Examples(mirakl.OpOR11) {
		if ex.Name != "application/json-0" {
			continue
		}
		orders, _, err := mirakl.DecodeOrders(ex.Body)
		if err != nil || len(orders) == 0 {
			t.Fatal(err)
		}
		o := orders[0]
		l := o.Lines[0]
		if o.OrderID != "Order_00010-A" || l.Price != 16500 || l.PriceUnit != 5500 || l.Quantity != 3 {
			t.Fatalf("decoded %s %s %s %d", o.OrderID, l.Price, l.PriceUnit, l.Quantity)
		}
		if o.CustomerDebitedDate == nil || o.CustomerDebitedDate.Nanosecond() != 460_000_000 {
			t.Fatalf("millisecond Z date not kept: %v", o.CustomerDebitedDate)
		}
		if len(l.Refunds) == 0 || l.Refunds[0].Amount != 682 {
			t.Fatalf("refund amount %v", l.Refunds)
		}
		if !strings.Contains(string(o.Raw), "customer_notification_email") {
			t.Fatal("Raw lost a field jlsync does not model")
		}
		return
	}
	t.Fatal("OR11 example application/json-0 not found")
}
