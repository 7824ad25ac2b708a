package netsuitesim

import (
	"net/http"
	"testing"
)

func soBody(lines ...map[string]any) map[string]any {
	items := make([]any, len(lines))
	for i, l := range lines {
		items[i] = l
	}
	return map[string]any{"entity": map[string]any{"id": "20"}, "location": map[string]any{"id": "1"}, "item": map[string]any{"items": items}}
}

func line(item string, qty int, amount string) map[string]any {
	l := map[string]any{"item": map[string]any{"id": item}, "quantity": qty}
	if amount != "" {
		l["amount"] = jsonNum(amount)
	}
	return l
}

type jsonNum string

func (n jsonNum) MarshalJSON() ([]byte, error) { return []byte(n), nil }

func TestSalesOrderCreate(t *testing.T) {
	s := open(t)
	fixture(t, s)
	body := soBody(line("10", 2, "19.98"), line("11", 3, ""))
	body["shippingCost"] = jsonNum("3.95")
	body["externalId"] = "JL-1"
	id := call(t, s, "POST", rec1+"salesOrder", body).status(http.StatusNoContent).location()
	got := call(t, s, "GET", rec1+"salesOrder/"+id+"?expandSubResources=true", nil).status(200).json()
	if num(got["subtotal"]) != "19.98" || num(got["total"]) != "23.93" || got["tranId"] == nil || got["tranDate"] == nil {
		t.Fatalf("totals: %v %v %v", got["subtotal"], got["total"], got["tranId"])
	}
	items := got["item"].(map[string]any)["items"].([]any)
	l1, l2 := items[0].(map[string]any), items[1].(map[string]any)
	if num(l1["line"]) != "1" || num(l2["line"]) != "2" || num(l1["rate"]) != "9.99" || num(l2["amount"]) != "0.00" {
		t.Fatalf("lines: %v / %v", l1, l2)
	}
	if ref := l1["item"].(map[string]any); ref["refName"] != "SKU-RED" || ref["links"] == nil {
		t.Fatalf("item ref: %v", ref)
	}
	if st := got["status"].(map[string]any); st["id"] != "B" || st["refName"] != "Pending Fulfillment" {
		t.Fatalf("status: %v", st)
	}
	bare := call(t, s, "GET", rec1+"salesorder/eid:JL-1", nil).status(200).json()
	if _, has := bare["item"].(map[string]any)["items"]; has {
		t.Fatal("sublist expanded without expandSubResources")
	}
}

func TestSalesOrderRefusals(t *testing.T) {
	s := open(t)
	fixture(t, s)
	call(t, s, "POST", rec1+"salesOrder", map[string]any{"externalId": "DUP", "entity": map[string]any{"id": "20"}, "item": map[string]any{"items": []any{line("10", 1, "1")}}}).status(204)
	tests := []struct {
		name   string
		body   map[string]any
		status int
		code   string
		path   string
	}{
		{"unknown item", soBody(line("10", 1, "1"), line("9999", 1, "1")), 400, "INVALID_CONTENT", "item.items[1].item"},
		{"unknown customer", func() map[string]any {
			b := soBody(line("10", 1, "1"))
			b["entity"] = map[string]any{"id": "77"}
			return b
		}(), 400, "INVALID_CONTENT", "entity"},
		{"unknown location", func() map[string]any {
			b := soBody(line("10", 1, "1"))
			b["location"] = map[string]any{"id": "77"}
			return b
		}(), 400, "INVALID_CONTENT", "location"},
		{"line location", soBody(map[string]any{"item": map[string]any{"id": "10"}, "location": map[string]any{"id": "5"}}), 400, "INVALID_CONTENT", "item.items[0].location"},
		{"customer by unknown externalId", func() map[string]any {
			b := soBody(line("10", 1, "1"))
			b["entity"] = map[string]any{"externalId": "NOPE"}
			return b
		}(), 400, "INVALID_CONTENT", "entity"},
		{"no customer", map[string]any{"item": map[string]any{"items": []any{line("10", 1, "1")}}}, 400, "USER_ERROR", "entity"},
		{"no lines", map[string]any{"entity": map[string]any{"id": "20"}}, 400, "USER_ERROR", "item"},
		{"zero quantity", soBody(line("10", 0, "1")), 400, "INVALID_CONTENT", "item.items[0].quantity"},
		{"bad amount", soBody(map[string]any{"item": map[string]any{"id": "10"}, "amount": "abc"}), 400, "INVALID_CONTENT", "item.items[0].amount"},
		{"bad externalId", func() map[string]any { b := soBody(line("10", 1, "1")); b["externalId"] = "A|B"; return b }(), 400, "INVALID_CONTENT", "externalId"},
		{"duplicate externalId", func() map[string]any { b := soBody(line("10", 1, "1")); b["externalId"] = "DUP"; return b }(), 400, "USER_ERROR", "externalId"},
		{"bad tranDate", func() map[string]any { b := soBody(line("10", 1, "1")); b["tranDate"] = "1/2/2024"; return b }(), 400, "INVALID_CONTENT", "tranDate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := call(t, s, "POST", rec1+"salesOrder", tt.body).nsError(tt.status, tt.code)
			if tt.path != "" && d["o:errorPath"] != tt.path {
				t.Errorf("path %v, want %s", d["o:errorPath"], tt.path)
			}
		})
	}
	call(t, s, "POST", rec1+"salesOrder", "{bad json").nsError(400, "INVALID_REQUEST")
	call(t, s, "POST", rec1+"salesOrder", "[1]").nsError(400, "INVALID_REQUEST")
	call(t, s, "POST", rec1+"nonsense", map[string]any{}).nsError(404, "INVALID_REQUEST")
	call(t, s, "PUT", rec1+"salesOrder/5", soBody(line("10", 1, "1"))).nsError(400, "INVALID_REQUEST")
	call(t, s, "GET", rec1+"salesOrder/999", nil).nsError(404, "NONEXISTENT_ID")
	call(t, s, "POST", rec1+"itemFulfillment", map[string]any{"memo": "x"}).nsError(400, "INVALID_REQUEST")
}

func TestUpsertInPlaceKeepsLines(t *testing.T) {
	s := open(t)
	fixture(t, s)
	body := soBody(line("10", 2, "10.00"), line("11", 1, "5.00"))
	id := call(t, s, "PUT", rec1+"salesOrder/eid:JL-9", body).status(204).location()
	if _, err := s.FulfilSalesOrder(id, map[int]int{1: 1}, nil, ""); err != nil {
		t.Fatal(err)
	}
	again := call(t, s, "PUT", rec1+"salesOrder/eid:JL-9", soBody(line("10", 2, "10.00"), line("11", 1, "5.00"))).status(204).location()
	if again != id {
		t.Fatalf("upsert created %s, want %s", again, id)
	}
	recs := s.Records("salesOrder")
	if len(recs) != 1 {
		t.Fatalf("%d orders", len(recs))
	}
	items := lines(recs[0], "item")
	if num(items[0].(map[string]any)["line"]) != "1" || num(items[0].(map[string]any)["quantityFulfilled"]) != "1" || num(items[1].(map[string]any)["line"]) != "2" {
		t.Fatalf("lines renumbered or fulfilment lost: %v", items)
	}
	// Dropping a fulfilled line is refused; reducing below fulfilled too.
	call(t, s, "PUT", rec1+"salesOrder/eid:JL-9", soBody(line("11", 1, "5.00"))).nsError(400, "USER_ERROR")
	call(t, s, "PATCH", rec1+"salesOrder/"+id, map[string]any{"item": map[string]any{"items": []any{map[string]any{"line": 1, "quantity": 0.5}}}}).status(400)
	// PATCH merges keyed lines and appends new ones.
	call(t, s, "PATCH", rec1+"salesOrder/"+id, map[string]any{"memo": "m", "item": map[string]any{"items": []any{
		map[string]any{"line": 2, "quantity": 4}, line("10", 1, "1.00"),
	}}}).status(204)
	items = lines(s.Records("salesOrder")[0], "item")
	if len(items) != 3 || num(items[1].(map[string]any)["quantity"]) != "4" || num(items[2].(map[string]any)["line"]) != "3" {
		t.Fatalf("patch merge: %v", items)
	}
	call(t, s, "PATCH", rec1+"salesOrder/"+id, map[string]any{"item": map[string]any{"items": []any{map[string]any{"line": 42, "quantity": 1}}}}).nsError(400, "INVALID_CONTENT")
	// ?replace= swaps the sublist wholesale (keeping the fulfilled line).
	call(t, s, "PATCH", rec1+"salesOrder/"+id+"?replace=item", map[string]any{"item": map[string]any{"items": []any{map[string]any{"line": 1, "item": map[string]any{"id": "10"}, "quantity": 2, "amount": 10}}}}).status(204)
	if items = lines(s.Records("salesOrder")[0], "item"); len(items) != 1 {
		t.Fatalf("replace: %v", items)
	}
	call(t, s, "DELETE", rec1+"salesOrder/"+id, nil).nsError(400, "USER_ERROR")
}

func TestTransformRules(t *testing.T) {
	s := open(t)
	fixture(t, s)
	id := call(t, s, "POST", rec1+"salesOrder", soBody(line("10", 3, "30.00"), line("11", 1, "5.00"))).status(204).location()
	tr := rec1 + "salesOrder/" + id + "/!transform/itemFulfillment"
	call(t, s, "POST", tr, map[string]any{"item": map[string]any{"items": []any{map[string]any{"orderLine": 1, "quantity": 4}}}}).nsError(400, "INVALID_CONTENT")
	call(t, s, "POST", tr, map[string]any{"item": map[string]any{"items": []any{map[string]any{"orderLine": 9}}}}).nsError(400, "INVALID_CONTENT")
	call(t, s, "POST", tr, map[string]any{"item": map[string]any{"items": []any{
		map[string]any{"orderLine": 1, "itemReceive": false}, map[string]any{"orderLine": 2, "itemReceive": false},
	}}}).nsError(400, "USER_ERROR")
	call(t, s, "POST", rec1+"salesOrder/"+id+"/!transform/journalEntry", map[string]any{}).nsError(400, "INVALID_REQUEST")

	f := call(t, s, "POST", tr, map[string]any{"shipStatus": map[string]any{"id": "C"}, "item": map[string]any{"items": []any{
		map[string]any{"orderLine": 1, "quantity": 2, "itemReceive": true}, map[string]any{"orderLine": 2, "itemReceive": false},
	}}}).status(204).location()
	so := call(t, s, "GET", rec1+"salesOrder/"+id+"?expandSubResources=true", nil).json()
	if so["status"].(map[string]any)["id"] != "D" {
		t.Fatalf("status after partial: %v", so["status"])
	}
	// The rest ships by default; the order is then fully fulfilled.
	call(t, s, "POST", tr, map[string]any{}).status(204)
	so = call(t, s, "GET", rec1+"salesOrder/"+id, nil).json()
	if so["status"].(map[string]any)["id"] != "F" {
		t.Fatalf("status after all: %v", so["status"])
	}
	call(t, s, "POST", tr, map[string]any{}).nsError(400, "USER_ERROR")
	// Stock: 3 of SKU-RED and 1 of SKU-BLUE left the shelves.
	rows, err := s.Query("SELECT item, quantityonhand, quantityavailable FROM aggregateItemLocation ORDER BY item")
	if err != nil {
		t.Fatal(err)
	}
	if rows[0]["quantityonhand"] != "7" || rows[0]["quantityavailable"] != "7" || rows[1]["quantityonhand"] != "2" {
		t.Fatalf("stock after shipping: %v", rows)
	}
	// Deleting a fulfilment gives the quantities back to the order.
	call(t, s, "DELETE", rec1+"itemFulfillment/"+f, nil).status(204)
	so = call(t, s, "GET", rec1+"salesOrder/"+id, nil).json()
	if so["status"].(map[string]any)["id"] != "D" {
		t.Fatalf("status after delete: %v", so["status"])
	}

	// Pending approval cannot ship.
	pa := soBody(line("10", 1, "1"))
	pa["orderStatus"] = map[string]any{"id": "A"}
	pid := call(t, s, "POST", rec1+"salesOrder", pa).status(204).location()
	call(t, s, "POST", rec1+"salesOrder/"+pid+"/!transform/itemFulfillment", map[string]any{}).nsError(400, "USER_ERROR")

	// Return authorisation to credit memo keeps prices.
	ra := call(t, s, "POST", rec1+"salesOrder/"+id+"/!transform/returnAuthorization", map[string]any{"item": map[string]any{"items": []any{
		map[string]any{"orderLine": 1, "quantity": 1}, map[string]any{"orderLine": 2, "itemReceive": false}}}}).status(204).location()
	cm := call(t, s, "POST", rec1+"returnAuthorization/"+ra+"/!transform/creditMemo", map[string]any{"externalId": "JL-RFD-1"}).status(204).location()
	got := call(t, s, "GET", rec1+"creditMemo/"+cm+"?expandSubResources=true", nil).json()
	if num(got["total"]) != "10.00" || got["createdFrom"].(map[string]any)["id"] != ra {
		t.Fatalf("credit memo: %v", got)
	}
}

func TestJournalEntries(t *testing.T) {
	s := open(t)
	fixture(t, s)
	je := func(debit, credit string) map[string]any {
		return map[string]any{"line": map[string]any{"items": []any{
			map[string]any{"account": map[string]any{"id": "30"}, "debit": jsonNum(debit)},
			map[string]any{"account": map[string]any{"id": "31"}, "credit": jsonNum(credit), "entity": map[string]any{"id": "20"}},
		}}}
	}
	call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-1", je("100.10", "100.10")).status(204)
	call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-2", je("100.10", "100.01")).nsError(400, "USER_ERROR")
	bad := je("1", "1")
	bad["line"].(map[string]any)["items"].([]any)[0].(map[string]any)["account"] = map[string]any{"id": "99"}
	d := call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-3", bad).nsError(400, "INVALID_CONTENT")
	if d["o:errorPath"] != "line.items[0].account" {
		t.Errorf("path %v", d["o:errorPath"])
	}
	both := je("1", "1")
	both["line"].(map[string]any)["items"].([]any)[0].(map[string]any)["credit"] = 1
	call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-4", both).nsError(400, "USER_ERROR")
	neg := je("-1", "-1")
	call(t, s, "PUT", rec1+"journalEntry/eid:JL-PAY-5", neg).nsError(400, "INVALID_CONTENT")
	if n := len(s.Records("journalEntry")); n != 1 {
		t.Fatalf("%d journals stored", n)
	}
}

func TestListAndSublist(t *testing.T) {
	s := open(t)
	fixture(t, s)
	l := call(t, s, "GET", rec1+"inventoryItem?limit=1&offset=1", nil).status(200).json()
	if num(l["count"]) != "1" || l["hasMore"] != false || num(l["totalResults"]) != "2" {
		t.Fatalf("list: %v", l)
	}
	call(t, s, "GET", rec1+"inventoryItem?limit=2&offset=1", nil).nsError(400, "INVALID_PARAMETER")
	id := call(t, s, "POST", rec1+"salesOrder", soBody(line("10", 1, "1"))).location()
	sl := call(t, s, "GET", rec1+"salesOrder/"+id+"/item", nil).status(200).json()
	if num(sl["count"]) != "1" {
		t.Fatalf("sublist: %v", sl)
	}
}
