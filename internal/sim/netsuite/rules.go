package netsuitesim

import (
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	externalIDRe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	dateRe       = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

func itoa(i int) string { return strconv.Itoa(i) }

// finish validates a record about to be stored and fills the fields
// NetSuite computes. old is the stored version (nil on create).
func (s *store) finish(t *typeInfo, r, old rec, now time.Time) *apiError {
	if err := s.checkExternalID(t, r); err != nil {
		return err
	}
	if err := s.checkRefs(r, ""); err != nil {
		return err
	}
	if old == nil {
		r["createdDate"] = now.UTC().Format(time.RFC3339)
	} else if c, ok := old["createdDate"]; ok {
		r["createdDate"] = c
	}
	r["lastModifiedDate"] = now.UTC().Format(time.RFC3339)
	switch {
	case t.isTransaction():
		if err := s.finishTransaction(t, r, old, now); err != nil {
			return err
		}
	case t.isItem():
		if str(r["itemId"]) == "" {
			return userError("itemId", "Please enter value(s) for: Item Name/Number")
		}
		for id := range s.itemsByName(str(r["itemId"])) {
			if id != str(r["id"]) {
				return userError("itemId", "The item name you have chosen is already taken.")
			}
		}
		setDefault(r, "isInactive", false)
	case t.name == "customer":
		if str(r["companyName"]) == "" && str(r["firstName"]) == "" && str(r["lastName"]) == "" && str(r["entityId"]) == "" {
			return userError("companyName", "Please enter value(s) for: Company Name")
		}
		if str(r["entityId"]) == "" {
			name := str(r["companyName"])
			if name == "" {
				name = strings.TrimSpace(str(r["firstName"]) + " " + str(r["lastName"]))
			}
			r["entityId"] = name
		}
		setDefault(r, "isInactive", false)
	case t.name == "location" || t.name == "subsidiary" || t.name == "department" || t.name == "classification":
		if str(r["name"]) == "" {
			return userError("name", "Please enter value(s) for: Name")
		}
		setDefault(r, "isInactive", false)
	case t.name == "account":
		if str(r["acctName"]) == "" {
			return userError("acctName", "Please enter value(s) for: Account Name")
		}
		setDefault(r, "isInactive", false)
	}
	return nil
}

func setDefault(r rec, k string, v any) {
	if _, ok := r[k]; !ok {
		r[k] = v
	}
}

func (s *store) itemsByName(name string) map[string]rec {
	out := map[string]rec{}
	for i := range types {
		if !types[i].isItem() {
			continue
		}
		for id, r := range s.recs[types[i].name] {
			if str(r["itemId"]) == name {
				out[id] = r
			}
		}
	}
	return out
}

func (s *store) checkExternalID(t *typeInfo, r rec) *apiError {
	v, ok := r["externalId"]
	if !ok || v == nil {
		delete(r, "externalId")
		return nil
	}
	e, isStr := v.(string)
	if !isStr || !externalIDRe.MatchString(e) {
		return invalidValue("externalId", "externalid", v)
	}
	if id := s.idForEID(t.name, e); id != "" && id != str(r["id"]) {
		if t.space == spaceEntity {
			return userError("externalId", "This entity already exists.")
		}
		return userError("externalId", "A record with the external ID %s already exists.", e)
	}
	return nil
}

func (s *store) finishTransaction(t *typeInfo, r, old rec, now time.Time) *apiError {
	if d, ok := r["tranDate"]; ok {
		if ds, _ := d.(string); !dateRe.MatchString(ds) {
			return invalidValue("tranDate", "trandate", d)
		}
		if _, err := time.Parse("2006-01-02", d.(string)); err != nil {
			return invalidValue("tranDate", "trandate", d)
		}
	} else {
		r["tranDate"] = now.UTC().Format("2006-01-02")
	}
	if str(r["tranId"]) == "" {
		r["tranId"] = s.nextTranID(t)
	}
	switch t.name {
	case "salesOrder", "invoice", "creditMemo", "returnAuthorization", "itemReceipt":
		if t.name != "itemReceipt" && refID(r["entity"]) == "" {
			return userError("entity", "Please enter value(s) for: Customer")
		}
		if err := s.finishItemLines(t, r, old); err != nil {
			return err
		}
		if t.name != "itemReceipt" {
			s.totals(r)
		}
		if t.name == "salesOrder" || t.name == "returnAuthorization" {
			s.orderStatus(r)
		}
	case "itemFulfillment":
		so := s.get("salesOrder", refID(r["createdFrom"]))
		if so == nil {
			return userError("createdFrom", "An item fulfillment must be created from a sales order.")
		}
		if _, ok := r["entity"]; !ok {
			r["entity"] = deepCopy(so["entity"])
		}
		if err := s.finishItemLines(t, r, old); err != nil {
			return err
		}
		if _, ok := r["shipStatus"]; !ok {
			r["shipStatus"] = map[string]any{"id": "C"}
		}
		if id := refID(r["shipStatus"]); shipStatus[id] == "" {
			return invalidValue("shipStatus", "shipstatus", id)
		}
	case "journalEntry":
		return s.finishJournal(r)
	}
	return nil
}

// finishItemLines checks item lines and numbers new ones after the highest
// line number in use.
func (s *store) finishItemLines(t *typeInfo, r, old rec) *apiError {
	items := lines(r, "item")
	if len(items) == 0 {
		return userError("item", "You must enter at least one line item for this transaction.")
	}
	next := int64(0)
	for _, l := range items {
		if n, ok := wholeNumber(l.(map[string]any)["line"]); ok && n > next {
			next = n
		}
	}
	for _, l := range lines(old, "item") {
		if n, ok := wholeNumber(l.(map[string]any)["line"]); ok && n > next {
			next = n
		}
	}
	for i, raw := range items {
		l, ok := raw.(map[string]any)
		if !ok {
			return invalidValue("item.items["+itoa(i)+"]", "item", raw)
		}
		p := "item.items[" + itoa(i) + "]"
		if refID(l["item"]) == "" {
			return userError(p+".item", "Please enter value(s) for: Item")
		}
		if _, ok := wholeNumber(l["line"]); !ok {
			next++
			l["line"] = intNumber(next)
		}
		if t.name == "itemFulfillment" {
			if err := checkQuantity(l, p); err != nil {
				return err
			}
			continue
		}
		if err := s.priceLine(l, p); err != nil {
			return err
		}
		q, _ := wholeNumber(l["quantity"])
		if f, ok := wholeNumber(l["quantityFulfilled"]); ok && f > q {
			return userError(p+".quantity", "The quantity cannot be less than the quantity already fulfilled (%d).", f)
		}
	}
	return nil
}

func checkQuantity(l map[string]any, p string) *apiError {
	q, ok := l["quantity"]
	if !ok {
		l["quantity"] = intNumber(1)
		return nil
	}
	r, ok := toRat(q)
	if !ok || r.Sign() <= 0 {
		return invalidValue(p+".quantity", "quantity", q)
	}
	return nil
}

// priceLine fills amount from rate x quantity, or rate from amount /
// quantity, the way NetSuite completes a line given either.
func (s *store) priceLine(l map[string]any, p string) *apiError {
	if err := checkQuantity(l, p); err != nil {
		return err
	}
	qty, _ := toRat(l["quantity"])
	var amount, rate *big.Rat
	if v, ok := l["amount"]; ok && v != nil {
		a, ok := toRat(v)
		if !ok {
			return invalidValue(p+".amount", "amount", v)
		}
		amount = a
	}
	if v, ok := l["rate"]; ok && v != nil {
		r, ok := toRat(v)
		if !ok {
			return invalidValue(p+".rate", "rate", v)
		}
		rate = r
	}
	if rate == nil {
		if amount != nil {
			rate = new(big.Rat).Quo(amount, qty)
		} else {
			rate = s.basePrice(refID(l["item"]))
		}
		l["rate"] = jsonPlain(rate)
	}
	if amount == nil {
		amount = new(big.Rat).Mul(rate, qty)
	}
	l["amount"] = moneyNumber(amount)
	if v, ok := l["taxAmount"]; ok && v != nil {
		if _, ok := toRat(v); !ok {
			return invalidValue(p+".taxAmount", "taxamount", v)
		}
	}
	return nil
}

func (s *store) basePrice(itemID string) *big.Rat {
	if _, it := s.findInSpace(spaceItem, itemID); it != nil {
		if r, ok := toRat(it["basePrice"]); ok {
			return r
		}
	}
	return new(big.Rat)
}

// totals sets subtotal (lines), taxTotal (line tax, when any line has it)
// and total (subtotal + shipping + tax).
func (s *store) totals(r rec) {
	sub, tax := new(big.Rat), new(big.Rat)
	hasTax := false
	for _, raw := range lines(r, "item") {
		l := raw.(map[string]any)
		if a, ok := toRat(l["amount"]); ok {
			sub.Add(sub, a)
		}
		if tv, ok := toRat(l["taxAmount"]); ok {
			tax.Add(tax, tv)
			hasTax = true
		}
	}
	total := new(big.Rat).Set(sub)
	if sh, ok := toRat(r["shippingCost"]); ok {
		total.Add(total, sh)
		r["shippingCost"] = moneyNumber(sh)
	}
	if hasTax {
		r["taxTotal"] = moneyNumber(tax)
		total.Add(total, tax)
	}
	r["subtotal"] = moneyNumber(sub)
	r["total"] = moneyNumber(total)
}

// orderStatus derives the status letter from approval and fulfilment:
// pending approval stays A; otherwise B, D (partly fulfilled), F (all
// fulfilled, pending billing) or H (every line closed).
func (s *store) orderStatus(r rec) {
	if refID(r["orderStatus"]) == "A" {
		r["status"] = map[string]any{"id": "A"}
		return
	}
	if _, ok := r["orderStatus"]; !ok {
		r["orderStatus"] = map[string]any{"id": "B"}
	}
	open, done, closed, seen := false, false, true, false
	for _, raw := range lines(r, "item") {
		l := raw.(map[string]any)
		seen = true
		if b, _ := l["isClosed"].(bool); b {
			continue
		}
		closed = false
		q, _ := wholeNumber(l["quantity"])
		f, _ := wholeNumber(l["quantityFulfilled"])
		if f > 0 {
			done = true
		}
		if f < q {
			open = true
		}
	}
	st := "B"
	switch {
	case seen && closed:
		st = "H"
	case done && open:
		st = "D"
	case done && !open:
		st = "F"
	}
	r["status"] = map[string]any{"id": st}
}

// finishJournal enforces what NetSuite enforces on a journal: every line
// has an account and one non-negative amount, and debits equal credits.
func (s *store) finishJournal(r rec) *apiError {
	items := lines(r, "line")
	if len(items) < 2 {
		return userError("line", "You must enter at least two line items for this transaction.")
	}
	next := int64(0)
	for _, raw := range items {
		if l, ok := raw.(map[string]any); ok {
			if n, ok := wholeNumber(l["line"]); ok && n > next {
				next = n
			}
		}
	}
	debits, credits := new(big.Rat), new(big.Rat)
	for i, raw := range items {
		p := "line.items[" + itoa(i) + "]"
		l, ok := raw.(map[string]any)
		if !ok {
			return invalidValue(p, "line", raw)
		}
		if refID(l["account"]) == "" {
			return userError(p+".account", "Please enter value(s) for: Account")
		}
		if _, ok := wholeNumber(l["line"]); !ok {
			next++
			l["line"] = intNumber(next)
		}
		var set int
		for _, side := range []string{"debit", "credit"} {
			v, ok := l[side]
			if !ok || v == nil {
				delete(l, side)
				continue
			}
			a, ok := toRat(v)
			if !ok || a.Sign() < 0 {
				return invalidValue(p+"."+side, side, v)
			}
			set++
			l[side] = moneyNumber(a)
			a, _ = toRat(l[side])
			if side == "debit" {
				debits.Add(debits, a)
			} else {
				credits.Add(credits, a)
			}
		}
		if set != 1 {
			return userError(p, "Each journal line needs either a debit or a credit amount.")
		}
	}
	if debits.Cmp(credits) != 0 {
		return userError("line", "The transaction is out of balance: debits %s, credits %s.", money2(debits), money2(credits))
	}
	return nil
}

func jsonPlain(r *big.Rat) any { return numberOf(plain(r)) }
