package netsuitesim

import (
	"encoding/json"
	"math/big"
	"strconv"
)

// linkTypes are the transforms the simulator supports, with the link type
// PreviousTransactionLineLink shows for each. Only ShipRcpt is confirmed
// from public material; the others follow NetSuite's naming style.
var linkTypes = map[[2]string]string{
	{"salesOrder", "itemFulfillment"}:      "ShipRcpt",
	{"salesOrder", "invoice"}:              "OrdBill",
	{"salesOrder", "returnAuthorization"}:  "RtnAuth",
	{"returnAuthorization", "creditMemo"}:  "RtnCred",
	{"returnAuthorization", "itemReceipt"}: "RtnRcpt",
	{"invoice", "creditMemo"}:              "SaleRet",
}

// Header fields a transform carries from the source record.
var transformCopy = []string{"entity", "subsidiary", "currency", "location", "department", "class", "shipMethod", "shippingAddress", "otherRefNum"}

// transformLocked creates dst from src the way NetSuite's !transform does:
// every open source line comes across (orderLine = the source line) unless
// the body says otherwise; body lines are matched on orderLine, and
// itemReceive false leaves a line out. s.mu is held.
func (s *Server) transformLocked(src *typeInfo, srcID string, dst *typeInfo, body rec) (string, *apiError) {
	if _, ok := linkTypes[[2]string{src.name, dst.name}]; !ok {
		return "", invalidRequest("Transformation from %s to %s is not supported.", src.name, dst.name)
	}
	sr := s.st.get(src.name, srcID)
	if dst.name == "itemFulfillment" {
		switch refID(sr["status"]) {
		case "A":
			return "", userError("", "This sales order is pending approval and cannot be fulfilled.")
		case "C", "H":
			return "", userError("", "This sales order is closed or cancelled and cannot be fulfilled.")
		}
	}
	nr := rec{}
	for _, k := range transformCopy {
		if v, ok := sr[k]; ok {
			nr[k] = deepCopy(v)
		}
	}
	nr["createdFrom"] = map[string]any{"id": srcID}

	defaults, order := s.transformLines(sr, dst)
	for i, raw := range lines(body, "item") {
		p := "item.items[" + itoa(i) + "]"
		bl, ok := raw.(map[string]any)
		if !ok {
			return "", invalidValue(p, "item", raw)
		}
		ol, ok := wholeNumber(bl["orderLine"])
		if !ok {
			return "", userError(p+".orderLine", "Please enter value(s) for: Order Line")
		}
		dl := defaults[ol]
		if dl == nil {
			return "", invalidValue(p+".orderLine", "orderline", ol)
		}
		if rc, ok := bl["itemReceive"].(bool); ok && !rc {
			dl["itemReceive"] = false
			continue
		}
		if q, ok := bl["quantity"]; ok {
			qr, ok := toRat(q)
			if !ok || qr.Sign() <= 0 {
				return "", invalidValue(p+".quantity", "quantity", q)
			}
			if rem := dl["_remaining"].(int64); dst.name == "itemFulfillment" && qr.Cmp(big.NewRat(rem, 1)) > 0 {
				return "", invalidValue(p+".quantity", "quantity", q)
			}
			if _, hasAmount := bl["amount"]; !hasAmount {
				delete(dl, "amount")
			}
		}
		for k, v := range bl {
			if k != "orderLine" && k != "line" {
				dl[k] = v
			}
		}
		dl["itemReceive"] = true
	}
	var items []any
	for _, ol := range order {
		dl := defaults[ol]
		if rc, _ := dl["itemReceive"].(bool); !rc {
			continue
		}
		delete(dl, "_remaining")
		if dst.name != "itemFulfillment" {
			delete(dl, "itemReceive")
		}
		items = append(items, dl)
	}
	if len(items) == 0 {
		return "", userError("item", "You must enter at least one line item for this transaction.")
	}
	for k, v := range body {
		if k != "item" && !readOnly[k] {
			nr[k] = v
		}
	}
	nr["item"] = map[string]any{"items": items}
	nr["id"] = strconv.FormatInt(s.st.seq[dst.space]+1, 10)
	if err := s.st.finish(dst, nr, nil, s.now()); err != nil {
		return "", err
	}
	s.commitLocked(dst, nil, nr)
	return str(nr["id"]), nil
}

// transformLines builds the default target lines, keyed by source line.
func (s *Server) transformLines(sr rec, dst *typeInfo) (map[int64]map[string]any, []int64) {
	out := map[int64]map[string]any{}
	var order []int64
	for _, raw := range lines(sr, "item") {
		l, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		n, ok := wholeNumber(l["line"])
		if !ok {
			continue
		}
		q, _ := wholeNumber(l["quantity"])
		remaining := q
		switch dst.name {
		case "itemFulfillment":
			f, _ := wholeNumber(l["quantityFulfilled"])
			remaining = q - f
		case "invoice":
			b, _ := wholeNumber(l["quantityBilled"])
			remaining = q - b
		}
		closed, _ := l["isClosed"].(bool)
		dl := map[string]any{
			"orderLine":   intNumber(n),
			"item":        deepCopy(l["item"]),
			"quantity":    intNumber(remaining),
			"itemReceive": remaining > 0 && !closed,
			"_remaining":  remaining,
		}
		if loc := s.st.lineLocation(sr, l); loc != "" {
			dl["location"] = map[string]any{"id": loc}
		}
		if dst.name != "itemFulfillment" {
			if rate, ok := toRat(l["rate"]); ok {
				dl["rate"] = jsonPlain(rate)
			}
			if amt, ok := toRat(l["amount"]); ok && q > 0 {
				share := new(big.Rat).Mul(amt, big.NewRat(remaining, q))
				dl["amount"] = moneyNumber(share)
			}
			for _, k := range []string{"description", "taxCode", "price"} {
				if v, ok := l[k]; ok {
					dl[k] = deepCopy(v)
				}
			}
		}
		out[n] = dl
		order = append(order, n)
	}
	return out, order
}

// syncFulfilledLocked recomputes an order's fulfilled quantities and
// status from its fulfilments, and moves the stock it commits.
func (s *Server) syncFulfilledLocked(soID string) {
	so := s.st.get("salesOrder", soID)
	if so == nil {
		return
	}
	old := copyRec(so)
	done := map[int64]int64{}
	for _, f := range s.st.recs["itemFulfillment"] {
		if refID(f["createdFrom"]) != soID {
			continue
		}
		for _, l := range shippedLines(f, "item") {
			ol, _ := wholeNumber(l["orderLine"])
			q, _ := wholeNumber(l["quantity"])
			done[ol] += q
		}
	}
	for _, raw := range lines(so, "item") {
		if l, ok := raw.(map[string]any); ok {
			n, _ := wholeNumber(l["line"])
			l["quantityFulfilled"] = intNumber(done[n])
		}
	}
	s.st.orderStatus(so)
	if changed(old, so) {
		so["lastModifiedDate"] = s.now().UTC().Format("2006-01-02T15:04:05Z")
	}
	s.st.applyStock(lookupType("salesOrder"), old, so, s.now())
}

// changed compares two records; json.Marshal sorts map keys, so equal
// records encode identically.
func changed(a, b rec) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) != string(y)
}

// hasDependents reports records created from this one.
func (st *store) hasDependents(id string) bool {
	for i := range types {
		if !types[i].isTransaction() {
			continue
		}
		for _, r := range st.recs[types[i].name] {
			if refID(r["createdFrom"]) == id {
				return true
			}
		}
	}
	return false
}
