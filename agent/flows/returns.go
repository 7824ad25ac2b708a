package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// ReturnsDeps wires the returns flow.
type ReturnsDeps struct {
	DB     *store.DB
	ERP    ERP
	SKU    *SKUResolver
	Config config.Config
	Logger *slog.Logger
}

// Returns turns marketplace refunds into NetSuite Credit Memos, one per
// refund (externalId JL-RFD-<refund id>), priced from what the marketplace
// gave back. The refunds arrive with the orders (OR11 lists them on each
// line), so this flow reads the orders the orders flow recorded, not the API.
type Returns struct {
	d    ReturnsDeps
	flow *engine.Flow
	log  *slog.Logger
}

// NewReturns builds the returns flow.
func NewReturns(d ReturnsDeps) *Returns {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	r := &Returns{d: d, log: d.Logger.With("flow", apitype.FlowReturns)}
	c := d.Config
	r.flow = newFlow(d.DB, c, d.Logger, flowSpec{
		name: apitype.FlowReturns, interval: c.Returns.Interval, workers: 1,
		backoff: 2 * time.Second, poll: r.poll, reconcile: r.reconcile, subject: "refund",
	})
	return r
}

// Flow is the running loop.
func (r *Returns) Flow() *engine.Flow { return r.flow }

// CreditMemoExternalID is the externalId of a refund's Credit Memo.
func CreditMemoExternalID(refundID string) string {
	return "JL-RFD-" + netsuite.NormalizeExternalID(refundID)
}

func (r *Returns) poll(ctx context.Context) ([]string, int, error) {
	var cur store.Cursor
	var found []store.Refund
	newest := time.Time{}
	seen := 0
	err := r.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if cur, err = tx.Cursors().Get(apitype.FlowReturns); err != nil {
			return err
		}
		newest = cur.Time
		// Orders are only credited once their Sales Order exists; an order
		// that gets one later is written again and comes back here.
		return tx.Orders().UpdatedSince(cur.Time.Add(-time.Second), func(o store.Order) error {
			if o.UpdatedAt.After(newest) {
				newest = o.UpdatedAt
			}
			if o.SalesOrderID == "" {
				return nil
			}
			var mo mirakl.Order
			if json.Unmarshal(o.Source, &mo) != nil {
				return nil
			}
			for _, l := range mo.Lines {
				for _, rf := range l.Refunds {
					seen++
					if _, err := tx.Refunds().Get(rf.ID); errors.Is(err, store.ErrNotFound) {
						found = append(found, store.Refund{RefundID: rf.ID, OrderID: o.OrderID, LineID: l.ID, State: store.RefundPending})
					} else if err != nil {
						return err
					}
				}
			}
			return nil
		})
	})
	if err != nil {
		return nil, seen, err
	}
	var keys []string
	err = r.d.DB.Update(ctx, func(tx *store.Tx) error {
		keys = keys[:0]
		for _, f := range found {
			if _, err := tx.Refunds().Get(f.RefundID); err == nil {
				continue
			}
			if err := tx.Refunds().Put(f); err != nil {
				return err
			}
			if _, err := tx.Work().Ensure(apitype.FlowReturns, f.RefundID); err != nil {
				return err
			}
			keys = append(keys, f.RefundID)
		}
		if newest.After(cur.Time) {
			return tx.Cursors().Set(apitype.FlowReturns, store.Cursor{Time: newest})
		}
		return nil
	})
	return keys, seen, err
}

func (r *Returns) reconcile(ctx context.Context, id string) error {
	var rf store.Refund
	var order store.Order
	err := r.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if rf, err = tx.Refunds().Get(id); err != nil {
			return err
		}
		order, err = tx.Orders().Get(rf.OrderID)
		return err
	})
	if err != nil {
		return err
	}
	var mo mirakl.Order
	if err := json.Unmarshal(order.Source, &mo); err != nil {
		return err
	}
	var line mirakl.OrderLine
	var refund mirakl.Refund
	var refundedOnLine money.Amount
	for _, l := range mo.Lines {
		if l.ID != rf.LineID {
			continue
		}
		line = l
		for _, x := range l.Refunds {
			refundedOnLine += x.Amount
			if x.ID == id {
				refund = x
			}
		}
	}
	if refund.ID == "" {
		return fmt.Errorf("refund %s is no longer on order %s line %s", id, rf.OrderID, rf.LineID)
	}
	// The marketplace says what the customer got back; it can never be more
	// than they paid for the line. More means the operator refunded twice or
	// a fee: finance decides, jlsync does not credit it blindly.
	if refundedOnLine > line.Price {
		return r.block(ctx, rf, Problem{Type: apitype.ExcOverRefund,
			Reason:  fmt.Sprintf("refunds on line %s of order %s add up to %s, more than the %s the customer paid for it", line.ID, mo.OrderID, refundedOnLine, line.Price),
			Field:   "order_lines.refunds.amount",
			Fix:     "Check the refunds in the Mirakl back office; credit by hand what is due, then ignore this exception.",
			Details: map[string]string{"line_price": line.Price.String(), "refunded": refundedOnLine.String(), "refund": refund.Amount.String()}})
	}
	res, err := r.d.SKU.Resolve(ctx, []string{line.OfferSKU})
	if err != nil {
		return err
	}
	if res[line.OfferSKU].ItemID == "" {
		p := SKUProblems(mirakl.Order{OrderID: mo.OrderID, Lines: []mirakl.OrderLine{line}}, res)[0]
		return r.block(ctx, rf, p)
	}
	cm := r.creditMemo(mo, order, line, refund, res[line.OfferSKU].ItemID)
	cmID, err := r.d.ERP.UpsertCreditMemo(ctx, cm.ExternalID, cm)
	if err != nil {
		if netsuite.IsRetryable(err) || ctx.Err() != nil {
			return err
		}
		return r.block(ctx, rf, Problem{Type: apitype.ExcNetSuiteRejected,
			Reason: fmt.Sprintf("NetSuite refused Credit Memo %s: %v", cm.ExternalID, err),
			Fix:    "Fix what NetSuite names, then retry."})
	}
	total := refund.Amount + refund.ShippingAmount
	return r.d.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Refunds().Get(id)
		if err != nil {
			return err
		}
		cur.State, cur.CreditMemoID = store.RefundCredited, cmID
		if err := tx.Refunds().Put(cur); err != nil {
			return err
		}
		if o, err := tx.Orders().Get(rf.OrderID); err == nil {
			o.AddEvent(tx.Now(), "refunded", fmt.Sprintf("Credit Memo %s (%s) for %s: refund %s of line %s, reason %s",
				cmID, cm.ExternalID, total.Format(mo.Currency), id, rf.LineID, refund.ReasonCode))
			if err := tx.Orders().Put(o); err != nil {
				return err
			}
		}
		if err := closeOpen(tx, "refund:"+id, "the Credit Memo went through"); err != nil {
			return err
		}
		return tx.Work().Done(apitype.FlowReturns, id)
	})
}

// creditMemo prices the credit from the refund itself: the goods amount the
// marketplace refunded (after promotions, as the customer paid) and its
// shipping part, gross or net plus the VAT it reports, as the Sales Order was.
func (r *Returns) creditMemo(mo mirakl.Order, order store.Order, line mirakl.OrderLine, rf mirakl.Refund, itemID string) netsuite.CreditMemo {
	c := r.d.Config
	net := c.Orders.TaxMode == "net" || mo.TaxMode == mirakl.TaxExcluded
	customer := order.CustomerID
	if c.Orders.Customer == "single" {
		customer = c.Orders.SingleCustomerID
	}
	cm := netsuite.CreditMemo{
		ExternalID:  CreditMemoExternalID(rf.ID),
		TranDate:    rf.CreatedDate.In(london).Format("2006-01-02"),
		Entity:      &netsuite.Ref{ID: customer},
		Subsidiary:  netsuite.NewRef(c.NetSuite.Subsidiary),
		Currency:    netsuite.NewRef(c.NetSuite.Currency),
		Location:    netsuite.NewRef(c.NetSuite.Location),
		OtherRefNum: mo.OrderID,
		Memo:        fmt.Sprintf("John Lewis Marketplace refund %s of order %s line %s (reason %s)", rf.ID, mo.OrderID, line.ID, rf.ReasonCode),
		Item:        &netsuite.TransactionItems{},
	}
	if c.Returns.ReasonField != "" {
		cm.CustomFields = map[string]string{c.Returns.ReasonField: rf.ReasonCode}
	}
	amountLine := func(item, desc string, qty int, gross, tax money.Amount) netsuite.TransactionItem {
		a := gross
		if mo.TaxMode == mirakl.TaxExcluded {
			a = gross + tax
		}
		it := netsuite.TransactionItem{Item: &netsuite.Ref{ID: item}, Description: desc, Quantity: netsuite.Quantity(max(qty, 1))}
		if net {
			a -= tax
			t := tax
			it.TaxAmount = &t
		}
		it.Amount = &a
		return it
	}
	if rf.Amount != 0 {
		cm.Item.Items = append(cm.Item.Items, amountLine(itemID, line.ProductTitle, rf.Quantity, rf.Amount, sumTaxes(rf.Taxes)))
	}
	if rf.ShippingAmount != 0 {
		if c.Orders.ShippingItem != "" {
			cm.Item.Items = append(cm.Item.Items, amountLine(c.Orders.ShippingItem, "Delivery refund", 1, rf.ShippingAmount, sumTaxes(rf.ShippingTaxes)))
		} else {
			s := rf.ShippingAmount
			cm.ShippingCost = &s
		}
	}
	return cm
}

func (r *Returns) block(ctx context.Context, rf store.Refund, p Problem) error {
	return raiseAndBlock(ctx, r.d.DB, r.d.Config, subject{flow: apitype.FlowReturns, key: rf.RefundID,
		ref: "refund:" + rf.RefundID, text: fmt.Sprintf("refund %s of order %s", rf.RefundID, rf.OrderID)}, p)
}
