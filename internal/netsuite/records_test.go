package netsuite

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/jlsync/jlsync/internal/money"
)

func TestSalesOrderCustomFields(t *testing.T) {
	amt := money.MustParse("12.50")
	so := SalesOrder{
		ExternalID:   "JL-1",
		Entity:       NewRef("7"),
		ShippingCost: &amt,
		Item: &SalesOrderItems{Items: []SalesOrderItem{{
			Item: NewRef("3"), Quantity: 1, Amount: amt,
			CustomFields: map[string]string{"custcol_line_id": "L-1"},
		}}},
		CustomFields: map[string]string{"custbody_channel": "JL", "custbody_note": `say "hi"`},
		CustomRefs:   map[string]*Ref{"custbody_reason": {ID: "4"}},
	}
	b, err := json.Marshal(so)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for _, want := range []string{`"custbody_channel":"JL"`, `"custbody_note":"say \"hi\""`, `"custbody_reason":{"id":"4"}`,
		`"custcol_line_id":"L-1"`, `"shippingCost":12.50`, `"amount":12.50`} {
		if !strings.Contains(s, want) {
			t.Errorf("%s lacks %s", s, want)
		}
	}
	var back SalesOrder
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, so) {
		t.Errorf("round trip\n got %+v\nwant %+v", back, so)
	}
}

func TestCustomFieldNamesChecked(t *testing.T) {
	for _, v := range []any{
		SalesOrder{CustomFields: map[string]string{"memo": "x"}},
		SalesOrder{CustomFields: map[string]string{"custbody": "x"}},
		SalesOrder{CustomFields: map[string]string{"custcol_x": "x"}},
		SalesOrderItem{CustomFields: map[string]string{"custbody_x": "x"}},
		SalesOrder{CustomFields: map[string]string{"custbody_a\"b": "x"}},
		SalesOrder{CustomFields: map[string]string{"custbody_a": "x"}, CustomRefs: map[string]*Ref{"custbody_a": {ID: "1"}}},
	} {
		if _, err := json.Marshal(v); err == nil {
			t.Errorf("%+v accepted", v)
		}
	}
}

func TestReadNetSuiteShapes(t *testing.T) {
	// As NetSuite prints them: quantities with .0, refs with links and
	// refName, custom fields of several kinds.
	in := `{"id":"55","links":[{"rel":"self","href":"x"}],"entity":{"links":[],"id":"7","refName":"Jane"},
	 "total":31.5,"custbody_flag":true,"custbody_count":3,"custbody_list":{"id":"2","refName":"Damaged"},"custbody_empty":null,
	 "item":{"links":[],"items":[{"line":1,"item":{"id":"3"},"quantity":2.0,"quantityFulfilled":"1","amount":"31.50"}]}}`
	var so SalesOrder
	if err := json.Unmarshal([]byte(in), &so); err != nil {
		t.Fatal(err)
	}
	l := so.Item.Items[0]
	if so.ID != "55" || so.Entity.RefName != "Jane" || *so.Total != 3150 || l.Quantity != 2 || l.QuantityFulfilled != 1 || l.Amount != 3150 {
		t.Errorf("%+v %+v", so, l)
	}
	if so.CustomFields["custbody_flag"] != "true" || so.CustomFields["custbody_count"] != "3" || so.CustomRefs["custbody_list"].ID != "2" {
		t.Errorf("custom %v %v", so.CustomFields, so.CustomRefs)
	}
	if _, ok := so.CustomFields["custbody_empty"]; ok {
		t.Error("null custom field kept")
	}
	var bad SalesOrder
	if err := json.Unmarshal([]byte(`{"item":{"items":[{"quantity":1.5}]}}`), &bad); err == nil {
		t.Error("fractional quantity accepted")
	}
}

func TestJournalEntryJSON(t *testing.T) {
	d, c := money.MustParse("100.00"), money.MustParse("100.00")
	je := JournalEntry{ExternalID: "JL-PAY-1", Line: &JournalEntryLines{Items: []JournalEntryLine{
		{Account: NewRef("1"), Debit: &d, Memo: "gross"},
		{Account: NewRef("2"), Credit: &c, CustomFields: map[string]string{"custcol_payout": "P1"}},
	}}}
	b, err := json.Marshal(je)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"debit":100.00`) || strings.Contains(string(b), `"credit":null`) {
		t.Errorf("%s", b)
	}
	var back JournalEntry
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, je) {
		t.Errorf("round trip %v\n%+v", err, back)
	}
}

func TestQuantity(t *testing.T) {
	good := map[string]int{`2`: 2, `2.0`: 2, `"3"`: 3, `"3.00"`: 3, `null`: 0, `-1`: -1, `""`: 0}
	for in, want := range good {
		var q Quantity
		if err := json.Unmarshal([]byte(in), &q); err != nil || int(q) != want {
			t.Errorf("%s -> %d, %v", in, q, err)
		}
	}
	for _, in := range []string{`1.5`, `"x"`, `1e3`, `99999999999`, `true`} {
		var q Quantity
		if err := json.Unmarshal([]byte(in), &q); err == nil {
			t.Errorf("%s accepted as %d", in, q)
		}
	}
}

// roundTrip checks that whatever decodes re-encodes and decodes to the same
// value: the decoder never invents state the encoder cannot express.
func roundTrip[T any](t *testing.T, data []byte) {
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		return // e.g. a custom field name the encoder refuses to send
	}
	var again T
	if err := json.Unmarshal(b, &again); err != nil {
		t.Fatalf("re-decoding %s: %v", b, err)
	}
	if !reflect.DeepEqual(v, again) {
		t.Fatalf("round trip changed the value\n first %+v\nsecond %+v", v, again)
	}
}

func FuzzRecordJSON(f *testing.F) {
	f.Add([]byte(`{"id":"1","externalId":"JL-1","entity":{"id":"7","refName":"x"},"total":"12.50","custbody_a":"b","item":{"items":[{"line":1,"quantity":2.0,"amount":1.5,"custcol_x":{"id":"1"}}]}}`))
	f.Add([]byte(`{"line":{"items":[{"account":{"id":"1"},"debit":10,"custcol_p":true}]},"custbody_n":3}`))
	f.Add([]byte(`{"item":{"items":[{"orderLine":2,"itemReceive":false}]},"package":{"items":[{"packageTrackingNumber":"T","packageWeight":1.25}]}}`))
	f.Add([]byte(`{"apply":{"items":[{"doc":{"id":"9"},"apply":true,"amount":"1"}]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		roundTrip[SalesOrder](t, data)
		roundTrip[ItemFulfillment](t, data)
		roundTrip[CreditMemo](t, data)
		roundTrip[ReturnAuthorization](t, data)
		roundTrip[JournalEntry](t, data)
		roundTrip[Customer](t, data)
		roundTrip[InventoryItem](t, data)
	})
}
