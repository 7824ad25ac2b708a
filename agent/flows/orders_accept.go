package flows

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/store"
)

// accept applies the acceptance policy to an order waiting for the seller:
// lines whose SKU is mapped to an active item and whose stock covers them are
// accepted; the others are refused or held for a person, as configured. An
// order is never accepted twice: the store records the decision in the same
// transaction that removes the work item.
func (o *Orders) accept(ctx context.Context, doc store.Order, mo mirakl.Order) error {
	var skus []string
	for _, l := range mo.Lines {
		skus = append(skus, l.OfferSKU)
	}
	res, err := o.d.SKU.Resolve(ctx, skus)
	if err != nil {
		return err
	}
	pol := o.d.Config.Orders.Acceptance
	var decisions []mirakl.LineAcceptance
	var holds []Problem
	var refused []string
	for _, l := range mo.Lines {
		if l.State != "" && l.State != mirakl.StateWaitingAcceptance {
			continue
		}
		r := res[l.OfferSKU]
		if r.ItemID == "" || r.Inactive {
			if pol.OnUnmapped == "refuse" {
				decisions = append(decisions, mirakl.LineAcceptance{ID: l.ID, Accepted: false})
				refused = append(refused, fmt.Sprintf("%s (SKU %s not mapped)", l.ID, l.OfferSKU))
				continue
			}
			holds = append(holds, SKUProblems(mirakl.Order{OrderID: mo.OrderID, Lines: []mirakl.OrderLine{l}}, res)...)
			continue
		}
		if o.d.Stock != nil {
			if avail, known := o.d.Stock.Available(ctx, l.OfferSKU); known && avail < l.Quantity {
				if pol.OnNoStock == "refuse" {
					decisions = append(decisions, mirakl.LineAcceptance{ID: l.ID, Accepted: false})
					refused = append(refused, fmt.Sprintf("%s (SKU %s: %d available, %d ordered)", l.ID, l.OfferSKU, avail, l.Quantity))
					continue
				}
				holds = append(holds, Problem{Type: apitype.ExcInsufficientStock,
					Reason:  fmt.Sprintf("order %s waits for acceptance: SKU %s has %d available, %d ordered", mo.OrderID, l.OfferSKU, avail, l.Quantity),
					Field:   "order_lines.quantity",
					Fix:     "Accept or refuse the line in the Mirakl back office, or add stock in NetSuite and retry.",
					Causes:  []string{"stock:" + l.OfferSKU},
					Details: map[string]string{"sku": l.OfferSKU, "available": fmt.Sprint(avail), "ordered": fmt.Sprint(l.Quantity)}})
				continue
			}
		}
		decisions = append(decisions, mirakl.LineAcceptance{ID: l.ID, Accepted: true})
	}
	if len(holds) > 0 {
		for i := range holds {
			if !strings.HasPrefix(holds[i].Reason, "order ") || !strings.Contains(holds[i].Reason, "waits for acceptance") {
				holds[i].Reason = "acceptance held: " + holds[i].Reason
			}
		}
		return o.block(ctx, doc.OrderID, mergeProblems(holds))
	}
	if len(decisions) == 0 {
		return o.finish(ctx, doc.OrderID, func(d *store.Order) { d.Sync = store.SyncWaiting })
	}
	err = o.d.Marketplace.AcceptOrder(ctx, mo.OrderID, decisions)
	var me *mirakl.Error
	switch {
	case err == nil:
	case errors.As(err, &me) && me.Status == 400 && (me.Code == "ORDER_INVALID_STATE" || strings.Contains(strings.ToLower(me.Message), "state")):
		// Decided already (by us before a crash, or by someone in the back
		// office): the next poll brings the real state.
		return o.finish(ctx, doc.OrderID, func(d *store.Order) {
			d.Accepted = true
			d.Sync = store.SyncWaiting
			d.AddEvent(o.d.DB.Now(), "accepted", "the marketplace says the order was already decided")
		})
	case mirakl.IsRetryable(err) || ctx.Err() != nil:
		return err
	default:
		return o.block(ctx, doc.OrderID, []Problem{{Type: apitype.ExcMarketplaceError,
			Reason: fmt.Sprintf("the marketplace refused the acceptance (OR21): %v", err), Field: "order_lines",
			Fix: "Accept or refuse the order in the Mirakl back office, then resolve this exception."}})
	}
	accepted := 0
	for _, d := range decisions {
		if d.Accepted {
			accepted++
		}
	}
	detail := fmt.Sprintf("accepted %d of %d lines (OR21)", accepted, len(decisions))
	if len(refused) > 0 {
		detail += "; refused " + strings.Join(refused, ", ")
	}
	return o.finish(ctx, doc.OrderID, func(d *store.Order) {
		d.Accepted = true
		d.Sync = store.SyncWaiting
		d.AddEvent(o.d.DB.Now(), "accepted", detail)
	})
}
