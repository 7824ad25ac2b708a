package netsuitesim

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestStateRoundTrip(t *testing.T) {
	s := queryFixture(t)
	call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-1", map[string]any{"line": map[string]any{"items": []any{
		map[string]any{"account": map[string]any{"id": "30"}, "debit": 5}, map[string]any{"account": map[string]any{"id": "31"}, "credit": 5}}}}).status(204)
	first, err := s.State()
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(first, &doc); err != nil || doc["observed"] == nil || doc["records"] == nil || doc["inventory"] == nil {
		t.Fatalf("state shape: %v %s", err, first)
	}
	var obs Observed
	_ = json.Unmarshal(doc["observed"], &obs)
	if obs.Calls["POST salesOrder"] != 1 || obs.Calls["PUT journalEntry"] != 1 {
		t.Fatalf("observed calls %v", obs.Calls)
	}

	// Loading the dump into a fresh simulator restores it exactly, and
	// both answer SuiteQL the same way.
	s2 := New(Options{AccountID: "123456", Insecure: true, Now: func() time.Time { return time.Now().Add(time.Hour) }})
	if err := s2.Load(first); err != nil {
		t.Fatal(err)
	}
	second, _ := s2.State()
	strip := func(b []byte) string {
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		delete(m, "observed")
		out, _ := json.Marshal(m)
		return string(out)
	}
	if strip(first) != strip(second) {
		t.Fatalf("state changed across load:\n%s\n%s", strip(first), strip(second))
	}
	q := "SELECT l.previousdoc, l.nextline, p.packagetrackingnumber, t.tranid FROM PreviousTransactionLineLink l JOIN itemfulfillmentpackage p ON p.itemfulfillment = l.nextdoc JOIN transaction t ON t.id = l.nextdoc ORDER BY p.id"
	a, _ := s.Query(q)
	b, _ := s2.Query(q)
	if len(a) != 2 || strings.Join(rowsText(a), "|") != strings.Join(rowsText(b), "|") {
		t.Fatalf("SuiteQL differs after load:\n%v\n%v", a, b)
	}
	// New records continue the sequences rather than reusing ids.
	id := call(t, s2, "POST", rec1+"salesOrder", soBody(line("10", 1, "1"))).status(204).location()
	if id != "4" {
		t.Fatalf("next transaction id %s, want 4", id)
	}
	if got := call(t, s2, "GET", rec1+"salesOrder/"+id, nil).json()["tranId"]; got != "SO1002" {
		t.Fatalf("next tranId %v", got)
	}
	if o := s2.Observed(); o.Calls["POST salesOrder"] != 1 {
		t.Fatalf("observed not restarted by Load: %v", o.Calls)
	}
}

func TestLoadFixtureCompletesRecords(t *testing.T) {
	s := open(t)
	err := s.Load([]byte(`{"records":{
	  "location":[{"id":1,"name":"Main"}],
	  "inventoryItem":[{"id":"10","itemId":"A"}],
	  "customer":[{"companyName":"C"}],
	  "salesOrder":[{"externalId":"JL-7","entity":{"id":"1"},"item":{"items":[{"item":{"id":"10"},"quantity":2,"rate":2.5}]}}]},
	 "inventory":[{"item":{"id":"10"},"location":"1","quantityAvailable":5}],
	 "observed":{"calls":{"PUT salesOrder":99}}}`))
	if err != nil {
		t.Fatal(err)
	}
	so := s.Records("salesOrder")[0]
	l := lines(so, "item")[0].(map[string]any)
	if num(so["total"]) != "5.00" || num(l["line"]) != "1" || refID(so["status"]) != "B" || so["tranId"] == nil {
		t.Fatalf("completed order %v", so)
	}
	rows, _ := s.Query("SELECT t.externalid, tl.item FROM transaction t JOIN transactionline tl ON tl.transaction = t.id WHERE tl.mainline = 'F'")
	if len(rows) != 1 || rows[0]["externalid"] != "JL-7" {
		t.Fatalf("fixture not indexed for SuiteQL: %v", rows)
	}
	if s.Observed().Calls["PUT salesOrder"] != 0 {
		t.Fatal("observed was loaded")
	}
	call(t, s, "GET", rec1+"salesOrder/eid:JL-7", nil).status(200)
}

func TestLoadRejectsBadScenarios(t *testing.T) {
	for name, sc := range map[string]string{
		"not json":       `{`,
		"unknown type":   `{"records":{"widget":[{"id":"1"}]}}`,
		"duplicate id":   `{"records":{"inventoryItem":[{"id":"1","itemId":"a"}],"serviceSaleItem":[{"id":"1","itemId":"b"}]}}`,
		"duplicate eid":  `{"records":{"customer":[{"companyName":"a","externalId":"X"},{"companyName":"b","externalId":"X"}]}}`,
		"bad eid":        `{"records":{"customer":[{"companyName":"a","externalId":"a b"}]}}`,
		"dangling ref":   `{"records":{"salesOrder":[{"entity":{"id":"9"},"item":{"items":[]}}]}}`,
		"stock bad item": `{"records":{"location":[{"id":"1","name":"x"}]},"inventory":[{"item":"5","location":"1","quantityAvailable":1}]}`,
		"stock fraction": `{"records":{"location":[{"id":"1","name":"x"}],"inventoryItem":[{"id":"5","itemId":"a"}]},"inventory":[{"item":"5","location":"1","quantityAvailable":1.5}]}`,
		"record not obj": `{"records":{"customer":[1]}}`,
		"bad id type":    `{"records":{"customer":[{"id":true,"companyName":"x"}]}}`,
	} {
		s := open(t)
		fixture(t, s)
		if err := s.Load([]byte(sc)); err == nil {
			t.Errorf("%s: accepted", name)
		}
		if len(s.Records("customer")) != 1 {
			t.Errorf("%s: a failed load changed the account", name)
		}
	}
}

func rowsText(rows []map[string]string) []string {
	var out []string
	for _, r := range rows {
		b, _ := json.Marshal(r)
		out = append(out, string(b))
	}
	return out
}

func TestAdminEndpoints(t *testing.T) {
	s := open(t)
	fixture(t, s)
	call(t, s, "GET", "/_sim/", nil).status(200)
	id := call(t, s, "POST", "/_sim/items", map[string]any{"itemId": "NEW", "upcCode": "9"}).status(200).json()["id"].(string)
	call(t, s, "POST", "/_sim/items", map[string]any{"itemId": "NEW"}).status(400)
	call(t, s, "POST", "/_sim/stock", map[string]any{"item": id, "location": "1", "quantityAvailable": 4}).status(200)
	call(t, s, "POST", "/_sim/stock", map[string]any{"item": "nope", "location": "1", "quantityAvailable": 4}).status(400)
	soID := call(t, s, "POST", rec1+"salesOrder", soBody(line(id, 2, "4.00"))).location()
	f := call(t, s, "POST", "/_sim/fulfil", map[string]any{"salesOrder": soID, "lines": map[string]int{"1": 1}, "tracking": []string{"TRK"}, "shipMethod": "DPD"}).status(200).json()["id"]
	if f == nil {
		t.Fatal("no fulfilment id")
	}
	call(t, s, "POST", "/_sim/fulfil", map[string]any{"salesOrder": soID, "lines": map[string]int{"7": 1}}).status(400)
	call(t, s, "POST", "/_sim/fulfil", map[string]any{"salesOrder": "999"}).status(400)
	var recs []map[string]any
	if err := json.Unmarshal(call(t, s, "GET", "/_sim/records/itemFulfillment", nil).status(200).Body.Bytes(), &recs); err != nil || len(recs) != 1 {
		t.Fatalf("records: %v %v", recs, err)
	}
	call(t, s, "POST", "/_sim/records/location", map[string]any{"name": "Store"}).status(200)
	call(t, s, "GET", "/_sim/records/widget", nil).status(404)
	call(t, s, "POST", "/_sim/faults", "latency=1ms,rate429=0.5").status(200)
	if got := call(t, s, "GET", "/_sim/faults", nil).json()["faults"]; got != "latency=1ms,rate429=0.5" {
		t.Fatalf("faults %v", got)
	}
	call(t, s, "POST", "/_sim/faults", "bogus=1").status(400)
	call(t, s, "POST", "/_sim/faults", "").status(200)
	state := call(t, s, "GET", "/_sim/state", nil).status(200).Body.Bytes()
	call(t, s, "POST", "/_sim/load", string(state)).status(200)
	call(t, s, "POST", "/_sim/load", "{").status(400)
	call(t, s, "GET", "/_sim/nothing", nil).status(404)
	rows, err := s.Query("SELECT BUILTIN.DF(t.shipmethod) AS m FROM transaction t WHERE t.type = 'ItemShip'")
	if err != nil || len(rows) != 1 || rows[0]["m"] != "DPD" {
		t.Fatalf("ship method: %v %v", rows, err)
	}
	stock, _ := s.Query("SELECT quantityonhand, quantityavailable FROM aggregateItemLocation WHERE item = ?", id)
	if stock[0]["quantityonhand"] != "3" || stock[0]["quantityavailable"] != "2" {
		t.Fatalf("stock after partial shipment: %v", stock)
	}
	if r := call(t, s, "GET", "/_sim/state", nil); r.Code != http.StatusOK {
		t.Fatal(r.Code)
	}
}

// FuzzWrites sends arbitrary JSON bodies to the record API: every answer
// is a success or a NetSuite error body, never a panic.
func FuzzWrites(f *testing.F) {
	f.Add("salesOrder", `{"entity":{"id":"20"},"item":{"items":[{"item":{"id":"10"},"quantity":2,"amount":"1.50"}]}}`)
	f.Add("journalEntry", `{"line":{"items":[{"account":{"id":"30"},"debit":1},{"account":{"externalId":"x"},"credit":1}]}}`)
	f.Add("customer", `{"companyName":"x","addressbook":{"items":[{"addressbookAddress":{"country":{"id":"GB"}}}]}}`)
	f.Add("creditMemo", `{"entity":{"id":20},"item":{"items":[{"item":{"id":"10"},"rate":1e400}]},"apply":{"items":null}}`)
	s := open(f)
	fixture(f, s)
	f.Fuzz(func(t *testing.T, typ, body string) {
		if typ == "" || strings.IndexFunc(typ, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) >= 0 {
			return // the path itself must be a valid URL
		}
		for _, m := range []string{"POST", "PUT", "PATCH"} {
			path := rec1 + typ
			switch m {
			case "PUT":
				path += "/eid:FZ1"
			case "PATCH":
				path += "/1"
			}
			r := call(t, s, m, path, body)
			if r.Code >= 300 {
				var doc map[string]any
				if err := json.Unmarshal(r.Body.Bytes(), &doc); err != nil || doc["o:errorDetails"] == nil {
					t.Fatalf("%s %s: %d %s", m, path, r.Code, r.Body.String())
				}
			}
		}
	})
}

// FuzzLoad feeds arbitrary scenarios to Load: errors are fine, panics not.
func FuzzLoad(f *testing.F) {
	f.Add(`{"records":{"customer":[{"companyName":"a"}],"salesOrder":[{"entity":{"id":"1"},"item":{"items":[{"item":{"id":"2"}}]}}]},"inventory":[{"item":"2","location":"3","quantityAvailable":1}]}`)
	f.Fuzz(func(t *testing.T, sc string) {
		s := open(t)
		if s.Load([]byte(sc)) == nil {
			if _, err := s.State(); err != nil {
				t.Fatal(err)
			}
		}
	})
}
