package flows

import (
	"strings"

	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/store"
)

// bufferFor picks the safety buffer for a SKU: its own entry, else the first
// rule whose prefix (and item class, when the rule names one) matches, else
// the default.
func bufferFor(inv config.Inventory, sku, itemClass string) (config.Buffer, string) {
	if b, ok := inv.Buffer.SKUs[sku]; ok {
		return b, "sku " + sku
	}
	for _, r := range inv.Buffer.Rules {
		if r.Prefix != "" && !strings.HasPrefix(sku, r.Prefix) {
			continue
		}
		if r.ItemClass != "" && !strings.EqualFold(r.ItemClass, itemClass) {
			continue
		}
		if r.Prefix == "" && r.ItemClass == "" {
			continue
		}
		name := "rule"
		if r.Prefix != "" {
			name += " prefix " + r.Prefix
		}
		if r.ItemClass != "" {
			name += " class " + r.ItemClass
		}
		return r.Buffer, name
	}
	return inv.Buffer.Default, "default"
}

// AvailableToSell computes what the marketplace may sell of a SKU: the sum
// over the counted locations, less the safety buffer (units, plus a
// percentage of the total rounded up so the result rounds down), less units
// already promised in accepted orders NetSuite does not hold yet; never below
// zero, and zero under the floor.
func AvailableToSell(inv config.Inventory, sku, itemClass string, locs map[string]store.LocationStock, pending int) (int, store.Breakdown) {
	counted := func(loc string) bool {
		if len(inv.Locations) == 0 {
			return true
		}
		for _, l := range inv.Locations {
			if l == loc {
				return true
			}
		}
		return false
	}
	var bd store.Breakdown
	for loc, ls := range locs {
		if counted(loc) && ls.Available > 0 {
			bd.Total += ls.Available
		}
	}
	b, src := bufferFor(inv, sku, itemClass)
	bd.BufferSource, bd.BufferUnits, bd.BufferPercent = src, max(b.Units, 0), b.Percent
	pctHeld := 0
	if b.Percent != "" {
		if r, err := money.ParsePercent(b.Percent); err == nil && r > 0 {
			n := int64(bd.Total) * int64(r)
			pctHeld = int((n + money.RateScale - 1) / money.RateScale)
		}
	}
	bd.BufferHeld = bd.BufferUnits + pctHeld
	bd.Pending = pending
	bd.Floor = inv.Floor
	ats := bd.Total - bd.BufferHeld - pending
	if ats < 0 {
		ats = 0
	}
	if inv.Floor > 0 && ats > 0 && ats < inv.Floor {
		ats = 0
		bd.FloorApplied = true
	}
	return ats, bd
}

// splitAcross shares n units across warehouses in proportion to their
// weights, rounding down and handing the remainder to the largest shares.
func splitAcross(n int, weights []int) []int {
	out := make([]int, len(weights))
	if len(weights) == 0 || n <= 0 {
		return out
	}
	ws := make([]int64, len(weights))
	for i, w := range weights {
		ws[i] = int64(max(w, 0))
	}
	for i, a := range money.Allocate(money.Amount(n), ws) {
		out[i] = int(a)
	}
	return out
}
