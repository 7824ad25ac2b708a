package netsuitesim

import "time"

// Stock follows the transactions the way NetSuite's does, so a sync that
// reads availability after importing orders sees them: an open sales order
// line commits its open quantity at its location (line location, else the
// order's), and a fulfilment takes the shipped quantity off on-hand. Only
// inventory items hold stock.

func (s *store) lineLocation(r rec, l map[string]any) string {
	if id := refID(l["location"]); id != "" {
		return id
	}
	return refID(r["location"])
}

func (s *store) isInventory(itemID string) bool {
	t, _ := s.findInSpace(spaceItem, itemID)
	return t != nil && t.name == "inventoryItem"
}

// openDemand is what an order still has to ship, per item and location.
func (s *store) openDemand(r rec) map[stockKey]int64 {
	out := map[stockKey]int64{}
	if r == nil || refID(r["status"]) == "A" {
		return out
	}
	for _, raw := range lines(r, "item") {
		l, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		if c, _ := l["isClosed"].(bool); c {
			continue
		}
		item, loc := refID(l["item"]), s.lineLocation(r, l)
		if loc == "" || !s.isInventory(item) {
			continue
		}
		q, _ := wholeNumber(l["quantity"])
		f, _ := wholeNumber(l["quantityFulfilled"])
		if q > f {
			out[stockKey{item, loc}] += q - f
		}
	}
	return out
}

// shippedBy is what a fulfilment took off the shelves.
func (s *store) shippedBy(r rec) map[stockKey]int64 {
	out := map[stockKey]int64{}
	if r == nil {
		return out
	}
	for _, l := range shippedLines(r, "item") {
		item, loc := refID(l["item"]), s.lineLocation(r, l)
		if loc == "" || !s.isInventory(item) {
			continue
		}
		q, _ := wholeNumber(l["quantity"])
		out[stockKey{item, loc}] += q
	}
	return out
}

// applyStock moves stock for one record write (old or r may be nil).
func (s *store) applyStock(t *typeInfo, old, r rec, now time.Time) {
	switch t.name {
	case "salesOrder":
		s.adjust(s.openDemand(old), s.openDemand(r), now, func(l *stockLevel, d int64) { l.committed = max(0, l.committed+d) })
	case "itemFulfillment":
		s.adjust(s.shippedBy(old), s.shippedBy(r), now, func(l *stockLevel, d int64) { l.onHand -= d })
	}
}

func (s *store) adjust(before, after map[stockKey]int64, now time.Time, apply func(*stockLevel, int64)) {
	keys := map[stockKey]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	for k := range keys {
		d := after[k] - before[k]
		if d == 0 {
			continue
		}
		lv := s.level(k)
		was := lv.available()
		apply(lv, d)
		if lv.available() != was {
			lv.lastChange = now
		}
	}
}

func (s *store) level(k stockKey) *stockLevel {
	lv := s.stock[k]
	if lv == nil {
		lv = &stockLevel{}
		s.stock[k] = lv
	}
	return lv
}

// setStock sets a level as a stock count would: on hand as given, and
// whatever is committed stays committed unless available says otherwise.
func (s *store) setStock(item, loc string, available, onHand int64, now time.Time) {
	lv := s.level(stockKey{item, loc})
	was := lv.available()
	lv.onHand = onHand
	lv.committed = max(0, onHand-available)
	if lv.available() != was || lv.lastChange.IsZero() {
		lv.lastChange = now
	}
}
