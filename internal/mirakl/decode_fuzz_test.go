package mirakl

import (
	"strings"
	"testing"
	"time"
)

// Small valid payloads, one per decoder, seeding the fuzzers and the
// truncation test.
var (
	sampleOrders = `{"orders":[{"order_id":"JL-1-A","commercial_id":"JL-1","order_state":"SHIPPING","created_date":"2025-11-03T09:00:00Z",
"last_updated_date":"2025-11-03T09:00:00.123Z","currency_iso_code":"GBP","order_tax_mode":"TAX_INCLUDED","price":19.99,"shipping_price":"4.50",
"total_price":24.49,"total_commission":2.88,"customer":{"customer_id":"C1","firstname":"A","lastname":"B","shipping_address":{"lastname":"B","street_1":"1 High Street","city":"York","country":"United Kingdom","country_iso_code":"GBR","zip_code":"YO1 7HH"}},
"order_lines":[{"order_line_id":"JL-1-A-1","order_line_index":1,"order_line_state":"SHIPPING","offer_id":1,"offer_sku":"S","quantity":1,"price_unit":19.99,"price":19.99,"shipping_price":4.5,"total_price":24.49,
"taxes":[{"code":"VAT","amount":3.33,"rate":20,"tax_calculation_rule":"PROPORTIONAL_TO_AMOUNT"}],"commission_fee":2.40,"commission_vat":0.48,"commission_rate_vat":20,"total_commission":2.88,
"refunds":[{"id":"1","order_refund_id":"x","created_date":"2025-11-04T00:00:00Z","reason_code":"15","quantity":0,"amount":1,"shipping_amount":0,"commission_amount":0.12,"commission_total_amount":0.14,"refund_state":"REFUNDED","state":"REFUNDED"}],
"cancelations":[],"created_date":"2025-11-03T09:00:00Z","last_updated_date":"2025-11-03T09:00:00Z","new_field":{"x":[1,2]}}],"brand_new_field":true}],"total_count":1}`
	sampleOffers      = `{"offers":[{"offer_id":5,"shop_sku":"S","product_sku":"P","quantity":3,"price":9.99,"total_price":14.49,"active":true,"state_code":"11","all_prices":[{"price":9.99,"unit_origin_price":9.99,"volume_prices":[]}],"discount":{"discount_price":null},"shipping_deadline":"2025-11-05T17:00:00Z"}],"total_count":1}`
	sampleAccount     = `{"shop_id":2001,"shop_name":"Shop","shop_state":"OPEN","currency_iso_code":"GBP","channels":["JL"],"date_created":"2025-09-01T09:00:00Z","payment_details":{"paid_balance":-170.06,"payable_balance":0,"pending_balance":512.84}}`
	samplePlatform    = `{"features":{"order_tax_mode":"TAX_INCLUDED","operator_csv_delimiter":"COMMA","order_workflows":{"order_acceptance":"NOT_AUTOMATIC"},"shipment":{"multi_shipment":true},"returns":{"marketplace":false}},"platform_name":"x"}`
	sampleRefunds     = `{"order_tax_mode":"TAX_INCLUDED","refunds":[{"refund_id":"1130","order_refund_id":"u","order_line_id":"L","amount":1.5,"shipping_amount":2,"quantity":0,"reason_code":"15","taxes":[{"code":"t","amount":1,"rate":17.5}]}]}`
	sampleCancels     = `{"order_tax_mode":"TAX_INCLUDED","cancelations":[{"cancelation_id":"9","order_line_id":"L","amount":12.34,"shipping_amount":1.23,"quantity":1,"reason_code":"34","fees":[{"code":"f","amount":"0.35"}]}]}`
	sampleShipCreated = `{"shipment_success":[{"id":"s1","order_id":"O-A","status":"SHIPPING","status_customer_debit":"DEBIT_OK","created_date":"2021-07-06T08:07:22.326Z","last_updated_date":null,"shipment_lines":[{"order_line_id":"O-A-1","quantity":1}]}],"shipment_errors":[{"order_id":"X","message":"bad"}]}`
	sampleShipResults = `{"shipment_success":[{"id":"s1"}],"shipment_errors":[{"id":"s2","message":"The shipment does not exist."}]}`
	sampleImportID    = `{"import_id":"5f0c"}`
	sampleStockImport = `{"import_id":"5f0c","shop_id":2001,"status":"COMPLETE","date_created":"2025-11-03T09:00:00Z","has_error_report":true,"lines_in_success":2,"lines_in_error":1}`
	sampleStockReport = "\"error-line\";\"error-message\";\"offer-sku\";\"quantity\";\"warehouse-code\";\"update-delete\"\n\"3\";\"The offer does not exist\";\"X\";\"2\";\"\";\"update\"\n"
	sampleOfferImport = `{"import_id":2044,"status":"COMPLETE","mode":"NORMAL","date_created":"2019-04-01T15:16:31Z","has_error_report":false,"lines_read":1,"lines_in_success":1,"lines_in_error":0,"lines_in_pending":0,"offer_inserted":1,"offer_updated":0,"offer_deleted":0}`
	sampleCycles      = `{"data":[{"id":"c1","date_created":"2014-01-01T00:00:00Z","currency_iso_code":"GBP","amount_transferred_to_seller":4545.2,"amount_transferred_to_operator":1046.59,"pay_out":{"state":"PAID","reference":"bank-ref"},"summary":{"total_commissions_excl_tax":-474.1}}],"next_page_token":"abc"}`
	sampleTxns        = `{"data":[{"id":"t1","type":"COMMISSION_VAT","amount":-3,"amount_credited":0,"amount_debited":3,"balance":-2,"currency_iso_code":"EUR","payment_state":"PAYABLE","date_created":"2026-07-20T15:30:38.068Z","last_updated":"2026-07-20T15:30:38.068Z","entities":{"order":{"id":"O-A"},"one_off_item":{"operation_date":"2026-03-08"},"shop_tax":{"code":"T","rate":20}}}]}`
	sampleInvoices    = `{"invoices":[{"invoice_id":2,"type":"AUTO_INVOICE","date_created":"2018-10-02T15:45:30Z","currency_iso_code":"EUR","total_amount_excl_taxes":981,"total_amount_incl_taxes":1002,"total_taxes":[{"code":"TAX1","amount":3}],"details":[{"description":"d","quantity":1,"amount_excl_taxes":-3,"taxes":[]}],"summary":{"amount_transferred":0,"total_commissions_excl_tax":-2}}],"total_count":1}`
	sampleReturns     = `{"data":[{"id":"r1","order_id":"O-A","order_commercial_id":"O","state":"WAITING_ACCEPTANCE","method_code":"RETURN_METHOD_BY_MAIL","return_lines":[{"order_line_id":"O-A-1","quantity":2,"compliance":null}],"return_address":{"street1":"s","zip_code":"z","city":"c","country_iso_code":"GBR"},"date_created":"2023-02-27T16:14:52Z","last_updated":"2023-02-27T16:14:52Z"}]}`
	sampleReasons     = `{"reasons":[{"code":"15","label":"Out of stock","type":"REFUND","is_shop_right":true}],"total_count":1}`
	sampleCarriers    = `{"carriers":[{"code":"DPD","label":"DPD","standard_code":"DPD","tracking_url":"https://x/{trackingId}"}]}`
)

type decodeTarget struct {
	name   string
	sample string
	decode func([]byte) error
	csv    bool
}

var decodeTargets = []decodeTarget{
	{"orders", sampleOrders, func(b []byte) error { _, _, err := DecodeOrders(b); return err }, false},
	{"order", `{"order_id":"A","order_lines":[{"order_line_id":"A-1","quantity":1}]}`, func(b []byte) error { _, err := DecodeOrder(b); return err }, false},
	{"offers", sampleOffers, func(b []byte) error { _, _, err := DecodeOffers(b); return err }, false},
	{"account", sampleAccount, func(b []byte) error { _, err := DecodeAccount(b); return err }, false},
	{"platform", samplePlatform, func(b []byte) error { _, err := DecodePlatformConfig(b); return err }, false},
	{"refunds", sampleRefunds, func(b []byte) error { _, err := DecodeRefundResults(b); return err }, false},
	{"cancelations", sampleCancels, func(b []byte) error { _, err := DecodeCancelationResults(b); return err }, false},
	{"shipments created", sampleShipCreated, func(b []byte) error { _, _, err := DecodeShipmentsCreated(b); return err }, false},
	{"shipment results", sampleShipResults, func(b []byte) error { _, _, err := DecodeShipmentResults(b); return err }, false},
	{"import id", sampleImportID, func(b []byte) error { _, err := DecodeImportID(b); return err }, false},
	{"stock import", sampleStockImport, func(b []byte) error { _, err := DecodeStockImport(b); return err }, false},
	{"offer import", sampleOfferImport, func(b []byte) error { _, err := DecodeOfferImport(b); return err }, false},
	{"billing cycles", sampleCycles, func(b []byte) error { _, _, err := DecodeBillingCycles(b); return err }, false},
	{"transactions", sampleTxns, func(b []byte) error { _, _, err := DecodeTransactionLines(b); return err }, false},
	{"invoices", sampleInvoices, func(b []byte) error { _, _, err := DecodeInvoices(b); return err }, false},
	{"returns", sampleReturns, func(b []byte) error { _, _, err := DecodeReturns(b); return err }, false},
	{"reasons", sampleReasons, func(b []byte) error { _, err := DecodeReasons(b); return err }, false},
	{"carriers", sampleCarriers, func(b []byte) error { _, err := DecodeCarriers(b); return err }, false},
	{"stock error report", sampleStockReport, func(b []byte) error { _, err := DecodeStockErrorReport(b); return err }, true},
}

func TestDecodersAcceptSamples(t *testing.T) {
	for _, d := range decodeTargets {
		if err := d.decode([]byte(d.sample)); err != nil {
			t.Errorf("%s: %v", d.name, err)
		}
	}
}

// Every strict prefix of a JSON payload is malformed and must be refused.
func TestDecodersRejectTruncated(t *testing.T) {
	for _, d := range decodeTargets {
		if d.csv {
			continue
		}
		for n := 0; n < len(d.sample); n++ {
			if err := d.decode([]byte(d.sample[:n])); err == nil {
				t.Errorf("%s: truncated to %d bytes, no error", d.name, n)
				break
			}
		}
	}
}

func TestDecodersRejectMalformed(t *testing.T) {
	bad := []string{"", "null", "[]", "42", `"x"`, "{", `{"orders":{}}`, `{"orders":[1]}`, `{"orders":[null]}`,
		`{"data":"x"}`, `{"refunds":[{"amount":1.234}]}`, `{"reasons":[{"code":1}]}`, `{"orders":[{"order_id":""}]}`,
		`{"offers":[{"price":"abc"}]}`, `{"data":[{"amount":1e3}]}`, `{"invoices":[{"date_created":"yesterday"}]}`}
	for _, d := range decodeTargets {
		if d.csv {
			continue
		}
		for _, b := range bad {
			_ = d.decode([]byte(b)) // must not panic
		}
	}
	for _, b := range []string{`{"orders":[{"order_id":"A","price":1.234}]}`, `{"orders":[{"order_id":"A","created_date":"2025-13-01"}]}`,
		`{"orders":[{"order_id":"A","order_lines":[{"order_line_id":""}]}]}`, `{"orders":[{"order_id":"A","order_lines":[{"order_line_id":"L","quantity":-1}]}]}`} {
		if _, _, err := DecodeOrders([]byte(b)); err == nil {
			t.Errorf("DecodeOrders(%s): no error", b)
		}
	}
	if _, err := DecodeStockErrorReport([]byte("\"1\";\"ok\"\n\"x\";\"bad line number\"\n")); err == nil {
		t.Error("STO03 report with a non-numeric line number: no error")
	}
}

func fuzzDecode(f *testing.F, name string) {
	for _, d := range decodeTargets {
		if d.name != name {
			continue
		}
		f.Add([]byte(d.sample))
		f.Add([]byte(d.sample[:len(d.sample)/2]))
		f.Add([]byte(strings.ReplaceAll(d.sample, ":", ":null,\"z\":")))
		f.Fuzz(func(t *testing.T, b []byte) { _ = d.decode(b) })
		return
	}
	f.Fatalf("no decode target %q", name)
}

func FuzzDecodeOrders(f *testing.F)           { fuzzDecode(f, "orders") }
func FuzzDecodeOrder(f *testing.F)            { fuzzDecode(f, "order") }
func FuzzDecodeOffers(f *testing.F)           { fuzzDecode(f, "offers") }
func FuzzDecodeAccount(f *testing.F)          { fuzzDecode(f, "account") }
func FuzzDecodePlatformConfig(f *testing.F)   { fuzzDecode(f, "platform") }
func FuzzDecodeRefundResults(f *testing.F)    { fuzzDecode(f, "refunds") }
func FuzzDecodeCancelations(f *testing.F)     { fuzzDecode(f, "cancelations") }
func FuzzDecodeShipmentsCreated(f *testing.F) { fuzzDecode(f, "shipments created") }
func FuzzDecodeShipmentResults(f *testing.F)  { fuzzDecode(f, "shipment results") }
func FuzzDecodeImportID(f *testing.F)         { fuzzDecode(f, "import id") }
func FuzzDecodeStockImport(f *testing.F)      { fuzzDecode(f, "stock import") }
func FuzzDecodeStockErrorReport(f *testing.F) { fuzzDecode(f, "stock error report") }
func FuzzDecodeOfferImport(f *testing.F)      { fuzzDecode(f, "offer import") }
func FuzzDecodeBillingCycles(f *testing.F)    { fuzzDecode(f, "billing cycles") }
func FuzzDecodeTransactionLines(f *testing.F) { fuzzDecode(f, "transactions") }
func FuzzDecodeInvoices(f *testing.F)         { fuzzDecode(f, "invoices") }
func FuzzDecodeReturns(f *testing.F)          { fuzzDecode(f, "returns") }
func FuzzDecodeReasons(f *testing.F)          { fuzzDecode(f, "reasons") }
func FuzzDecodeCarriers(f *testing.F)         { fuzzDecode(f, "carriers") }

func FuzzParseErrorBody(f *testing.F) {
	for _, s := range []string{`{"status":400,"message":"m","code":"C"}`, `{"errors":[{"code":"X","message":"y","field":"f"}]}`, `{"code":12}`, "<html>", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		msg, code := parseErrorBody(b)
		if len(msg) > 310 || len(code) > 310 {
			t.Fatalf("unclipped: %d %d", len(msg), len(code))
		}
	})
}

func FuzzLinkNext(f *testing.F) {
	for _, s := range []string{`<https://x/api/orders?offset=10>; rel="next", <https://x/api/orders?offset=0>; rel="prev"`, `<a>;rel=next`, `<`, `<x>; rel="pre,v", <y>; rel=next`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { _ = linkNext(s) })
}

func FuzzParseRetryAfter(f *testing.F) {
	for _, s := range []string{"120", "0.25", "Wed, 21 Oct 2015 07:28:00 GMT", "-1", "NaN", "1e400"} {
		f.Add(s)
	}
	now := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseRetryAfter(s, now); ok && d < 0 {
			t.Fatalf("negative wait %v for %q", d, s)
		}
	})
}
