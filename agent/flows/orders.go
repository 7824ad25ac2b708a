package flows

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// StockChecker answers how many units of a SKU can be promised now. ok is
// false when jlsync has no figure for the SKU yet.
type StockChecker interface {
	Available(ctx context.Context, sku string) (qty int, ok bool)
}

// OrdersDeps wires the orders flow.
type OrdersDeps struct {
	DB          *store.DB
	Marketplace Marketplace
	ERP         ERP
	SKU         *SKUResolver
	Stock       StockChecker // optional
	Config      config.Config
	Logger      *slog.Logger
}

// Orders turns marketplace orders into NetSuite customers and Sales Orders.
type Orders struct {
	d       OrdersDeps
	flow    *engine.Flow
	mapping OrderMapping
	log     *slog.Logger
}

// pollOverlap re-reads a window before the cursor: marketplace timestamps and
// commits are not perfectly ordered, and re-delivered orders are harmless.
const pollOverlap = time.Minute

// stateRank orders the normal life of an order; 0 means "off the path"
// (refused, cancelled, staging).
var stateRank = map[string]int{
	mirakl.StateWaitingAcceptance:   1,
	mirakl.StateWaitingDebit:        2,
	mirakl.StateWaitingDebitPayment: 3,
	mirakl.StateShipping:            4,
	mirakl.StateShipped:             5,
	mirakl.StateToCollect:           6,
	mirakl.StateReceived:            7,
	mirakl.StateClosed:              8,
}

// NewOrders builds the orders flow.
func NewOrders(d OrdersDeps) *Orders {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	c := d.Config
	o := &Orders{d: d, log: d.Logger.With("flow", apitype.FlowOrders), mapping: OrderMapping{
		Customer:          c.Orders.Customer,
		SingleCustomerID:  c.Orders.SingleCustomerID,
		ShippingItem:      c.Orders.ShippingItem,
		TaxMode:           c.Orders.TaxMode,
		CommercialIDField: c.Orders.CommercialIDField,
		Subsidiary:        c.NetSuite.Subsidiary,
		Location:          c.NetSuite.Location,
		Currency:          c.NetSuite.Currency,
		Department:        c.NetSuite.Department,
		Class:             c.NetSuite.Class,
		ExpectedCurrency:  "GBP",
	}}
	o.flow = newFlow(d.DB, c, d.Logger, flowSpec{
		name: apitype.FlowOrders, interval: c.Orders.Interval, workers: 2,
		backoff: 2 * time.Second, poll: o.poll, reconcile: o.reconcile, subject: "order",
	})
	return o
}

// Flow is the running loop.
func (o *Orders) Flow() *engine.Flow { return o.flow }

// SetShopCurrency sets the currency the shop trades in (from the
// marketplace account, A01); orders in any other currency are refused. Call
// it before the flow runs.
func (o *Orders) SetShopCurrency(cur string) {
	if cur != "" {
		o.mapping.ExpectedCurrency = cur
	}
}

// eligible reports whether an order in state s should be in NetSuite: it is in
// a trigger state, or already past the earliest one (first seen late).
func (o *Orders) eligible(s string) bool {
	trig := o.d.Config.Orders.TriggerStates
	if len(trig) == 0 {
		trig = []string{mirakl.StateShipping}
	}
	if slices.Contains(trig, s) {
		return true
	}
	r := stateRank[s]
	if r == 0 {
		return false
	}
	lowest := 0
	for _, t := range trig {
		if tr := stateRank[t]; tr > 0 && (lowest == 0 || tr < lowest) {
			lowest = tr
		}
	}
	return lowest > 0 && r > lowest
}

func (o *Orders) poll(ctx context.Context) ([]string, int, error) {
	cur, err := readCursor(ctx, o.d.DB, apitype.FlowOrders)
	if err != nil {
		return nil, 0, err
	}
	q := mirakl.OrdersQuery{}
	if !cur.Time.IsZero() {
		q.UpdatedSince = cur.Time.Add(-pollOverlap)
	}
	orders, err := o.d.Marketplace.ListOrders(ctx, q)
	if err != nil {
		return nil, 0, fmt.Errorf("listing marketplace orders (OR11): %w", err)
	}
	var keys []string
	newest := cur.Time
	const batch = 100
	for i := 0; i < len(orders); i += batch {
		chunk := orders[i:min(i+batch, len(orders))]
		var chunkKeys []string
		err := o.d.DB.Update(ctx, func(tx *store.Tx) error {
			chunkKeys = chunkKeys[:0]
			for _, mo := range chunk {
				need, err := o.record(tx, mo)
				if err != nil {
					return err
				}
				if need {
					chunkKeys = append(chunkKeys, mo.OrderID)
				}
			}
			return nil
		})
		if err != nil {
			return keys, len(orders), err
		}
		keys = append(keys, chunkKeys...)
		for _, mo := range chunk {
			if mo.LastUpdatedDate.After(newest) {
				newest = mo.LastUpdatedDate
			}
		}
	}
	if newest.After(cur.Time) {
		err = o.d.DB.Update(ctx, func(tx *store.Tx) error {
			return tx.Cursors().Set(apitype.FlowOrders, store.Cursor{Time: newest})
		})
	}
	return keys, len(orders), err
}

// record stores what the marketplace says about one order and, in the same
// transaction, the work it calls for. It reports whether to enqueue it.
func (o *Orders) record(tx *store.Tx, mo mirakl.Order) (bool, error) {
	doc, err := tx.Orders().Get(mo.OrderID)
	exists := err == nil
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	if exists && doc.SourceUpdated.Equal(mo.LastUpdatedDate) && doc.State == mo.State {
		return false, nil // re-delivered by the overlap window
	}
	raw := mo.Raw
	if len(raw) == 0 {
		if raw, err = json.Marshal(mo); err != nil {
			return false, err
		}
	}
	now := tx.Now()
	prev := doc.State
	doc.OrderID, doc.CommercialID, doc.State = mo.OrderID, mo.CommercialID, mo.State
	doc.Currency, doc.Total = mo.Currency, mo.TotalPrice
	doc.CustomerName = mo.Customer.Firstname + " " + mo.Customer.Lastname
	doc.Source, doc.SourceUpdated = raw, mo.LastUpdatedDate
	if !exists {
		doc.AddEvent(now, "seen", "marketplace state "+mo.State)
	} else if prev != mo.State {
		doc.AddEvent(now, "state", prev+" -> "+mo.State)
	}

	need := false
	switch {
	case mo.State == mirakl.StateWaitingAcceptance && !doc.Accepted:
		need = o.d.Config.Orders.Acceptance.Policy != "manual"
		doc.Sync = store.SyncWaiting
	case o.eligible(mo.State):
		need = true
	case doc.SalesOrderID != "" && (mo.State == mirakl.StateCanceled || mo.State == mirakl.StateRefused):
		need = true // close the Sales Order's lines
	case mo.State == mirakl.StateCanceled || mo.State == mirakl.StateRefused:
		doc.Sync = store.SyncCancelled
	default:
		doc.Sync = store.SyncWaiting
	}
	if need {
		if doc.Sync != store.SyncBlocked {
			doc.Sync = store.SyncPending
		}
		if _, err := tx.Work().Ensure(apitype.FlowOrders, mo.OrderID); err != nil {
			return false, err
		}
	}
	return need, tx.Orders().Put(doc)
}

func (o *Orders) reconcile(ctx context.Context, id string) error {
	var doc store.Order
	err := o.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		doc, err = tx.Orders().Get(id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return o.d.DB.Update(ctx, func(tx *store.Tx) error { return tx.Work().Done(apitype.FlowOrders, id) })
	}
	if err != nil {
		return err
	}
	var mo mirakl.Order
	if err := json.Unmarshal(doc.Source, &mo); err != nil {
		return o.block(ctx, id, []Problem{{Type: apitype.ExcBadPayload, Field: "order",
			Reason: fmt.Sprintf("the stored marketplace order cannot be read: %v", err),
			Fix:    "Re-fetch the order from the marketplace (flow sync), or ignore this exception and enter the order by hand."}})
	}
	switch {
	case mo.State == mirakl.StateWaitingAcceptance:
		if doc.Accepted || o.d.Config.Orders.Acceptance.Policy == "manual" {
			return o.finish(ctx, id, func(d *store.Order) { d.Sync = store.SyncWaiting })
		}
		return o.accept(ctx, doc, mo)
	case o.eligible(mo.State) || doc.SalesOrderID != "":
		return o.writeSalesOrder(ctx, doc, mo)
	default:
		return o.finish(ctx, id, func(d *store.Order) {
			if mo.State == mirakl.StateCanceled || mo.State == mirakl.StateRefused {
				d.Sync = store.SyncCancelled
			} else {
				d.Sync = store.SyncWaiting
			}
		})
	}
}

func (o *Orders) writeSalesOrder(ctx context.Context, doc store.Order, mo mirakl.Order) error {
	problems := ValidateOrder(mo, o.mapping.ExpectedCurrency)
	res, err := o.d.SKU.Resolve(ctx, orderSKUs(mo))
	if err != nil {
		return err
	}
	problems = append(problems, SKUProblems(mo, res)...)
	var mapped Mapped
	if len(problems) == 0 {
		var ps []Problem
		mapped, ps = MapOrder(mo, res, o.mapping)
		problems = append(problems, ps...)
	}
	if len(problems) > 0 {
		return o.block(ctx, doc.OrderID, problems)
	}
	hash := hashOf(mapped.Customer, mapped.SalesOrder)
	if doc.SalesOrderID != "" && doc.Applied == hash {
		return o.finish(ctx, doc.OrderID, func(d *store.Order) { d.Sync = store.SyncSynced })
	}
	lineIDs := mapped.LineIDs
	addrKey := AddressKey(mo)
	if doc.SalesOrderID != "" {
		// The order changed after it reached NetSuite (a cancellation, a new
		// address): lay the change over what NetSuite holds, closing the
		// cancelled lines, unless NetSuite already shipped them.
		existing, err := o.d.ERP.SalesOrder(ctx, doc.SalesOrderID)
		if err != nil {
			return o.erpFailed(ctx, doc.OrderID, "reading Sales Order "+doc.SalesOrderID, err)
		}
		var current []netsuite.SalesOrderItem
		if existing.Item != nil {
			current = existing.Item.Items
		}
		items, ids, ps := MergeWithExisting(mapped, current, doc.SOLines)
		fulfilled := false
		for _, it := range current {
			fulfilled = fulfilled || it.QuantityFulfilled > 0
		}
		if fulfilled && doc.AppliedAddress != "" && doc.AppliedAddress != addrKey {
			ps = append(ps, Problem{Type: apitype.ExcAddressAfterFulfilment,
				Reason: fmt.Sprintf("the delivery address of order %s changed after NetSuite fulfilled part of it", doc.OrderID),
				Field:  "customer.shipping_address",
				Fix:    "Contact the customer and the carrier; update the address in NetSuite by hand, then ignore this exception."})
		}
		if len(ps) > 0 {
			return o.block(ctx, doc.OrderID, ps)
		}
		mapped.SalesOrder.Item.Items = items
		lineIDs = ids
	}
	custID := o.mapping.SingleCustomerID
	if mapped.Customer != nil {
		custID, err = o.d.ERP.UpsertCustomer(ctx, mapped.CustomerExtID, *mapped.Customer)
		if err != nil {
			return o.erpFailed(ctx, doc.OrderID, "customer "+mapped.CustomerExtID, err)
		}
	}
	soID, err := o.d.ERP.UpsertSalesOrder(ctx, mapped.SOExtID, mapped.SalesOrder)
	if err != nil {
		return o.erpFailed(ctx, doc.OrderID, "Sales Order "+mapped.SOExtID, err)
	}
	verb := "created"
	if doc.SalesOrderID != "" {
		verb = "updated"
	}
	return o.finish(ctx, doc.OrderID, func(d *store.Order) {
		d.SalesOrderID, d.SalesOrderExtID, d.CustomerID = soID, mapped.SOExtID, custID
		d.Applied, d.AppliedAddress, d.SOLines = hash, addrKey, lineIDs
		d.Sync = store.SyncSynced
		d.AddEvent(o.d.DB.Now(), "sales_order", fmt.Sprintf("%s Sales Order %s (%s), total %s", verb, soID, mapped.SOExtID, mapped.Total.Format(mo.Currency)))
	})
}

// erpFailed sorts a NetSuite failure: transient ones are retried by the
// engine; a refusal becomes an exception carrying NetSuite's code and text.
func (o *Orders) erpFailed(ctx context.Context, id, what string, err error) error {
	if netsuite.IsRetryable(err) || ctx.Err() != nil {
		return err
	}
	var ne *netsuite.Error
	details := map[string]string{}
	reason := fmt.Sprintf("NetSuite refused %s: %v", what, err)
	field := ""
	if errors.As(err, &ne) {
		details["status"] = fmt.Sprint(ne.Status)
		details["code"] = ne.Code
		details["detail"] = ne.Detail
		field = ne.Path
		reason = fmt.Sprintf("NetSuite refused %s: %s: %s", what, ne.Code, ne.Detail)
		if ne.Path != "" {
			reason += " (at " + ne.Path + ")"
		}
	}
	return o.block(ctx, id, []Problem{{Type: apitype.ExcNetSuiteRejected, Reason: reason, Field: field, Details: details,
		Fix: "Fix the record or setting NetSuite names (item, subsidiary, location, permissions), then retry."}})
}

// block raises one exception per problem type for the order, marks its work
// item blocked and the order blocked, all in one transaction.
func (o *Orders) block(ctx context.Context, id string, problems []Problem) error {
	err := o.d.DB.Update(ctx, func(tx *store.Tx) error {
		doc, err := tx.Orders().Get(id)
		if err != nil {
			return err
		}
		ids, err := setExceptions(tx, o.d.Config, subject{flow: apitype.FlowOrders, key: id, ref: "order:" + id,
			text: fmt.Sprintf("order %s (%s)", doc.OrderID, doc.CommercialID), payload: doc.Source}, problems)
		if err != nil {
			return err
		}
		var reasons []string
		for _, p := range problems {
			reasons = append(reasons, p.Type)
			doc.AddEvent(tx.Now(), "exception", p.Type+": "+p.Reason)
		}
		if err := blockWork(tx, apitype.FlowOrders, id, fmt.Sprint(reasons)); err != nil {
			return err
		}
		doc.Sync = store.SyncBlocked
		doc.Exceptions = ids
		return tx.Orders().Put(doc)
	})
	if err != nil {
		return err
	}
	return engine.Blocked(fmt.Errorf("order %s blocked: %s", id, problems[0].Reason))
}

// finish records a result, removes the work item and closes any exception the
// order had: whatever blocked it is gone now.
func (o *Orders) finish(ctx context.Context, id string, apply func(*store.Order)) error {
	return o.d.DB.Update(ctx, func(tx *store.Tx) error {
		doc, err := tx.Orders().Get(id)
		if err != nil {
			return err
		}
		apply(&doc)
		open, err := tx.Exceptions().OpenFor("order:" + id)
		if err != nil {
			return err
		}
		for _, e := range open {
			if _, err := tx.Exceptions().Close(e.ID, apitype.ExceptionResolved, "jlsync", "resolved: the order went through"); err != nil {
				return err
			}
			doc.AddEvent(tx.Now(), "resolved", e.ID+" "+e.Type)
		}
		doc.Exceptions = nil
		if err := tx.Work().Done(apitype.FlowOrders, id); err != nil {
			return err
		}
		return tx.Orders().Put(doc)
	})
}

func hashOf(vs ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	for _, v := range vs {
		_ = enc.Encode(v)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// AwaitingMarketplace counts orders jlsync has accepted that the marketplace
// has not yet moved to a trigger state (payment pending): the flow is not done
// with them even when its queue is empty.
func (o *Orders) AwaitingMarketplace(ctx context.Context) int {
	n := 0
	_ = o.d.DB.View(ctx, func(tx *store.Tx) error {
		return tx.Orders().EachPromised(func(d store.Order) error {
			if d.Sync == store.SyncWaiting && !o.eligible(d.State) && stateRank[d.State] > 0 && stateRank[d.State] < stateRank[mirakl.StateShipping] {
				n++
			}
			return nil
		})
	})
	return n
}
