package agent

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/flows"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/store"
)

// The agent is the local API's backend.
var _ localapi.Backend = (*Agent)(nil)

func notFound(err error, what string) error {
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("%s: %w", what, localapi.ErrNotFound)
	}
	return err
}

// Health reports the agent and every flow.
func (a *Agent) Health(ctx context.Context) (apitype.Health, error) {
	fl, err := a.Flows(ctx)
	if err != nil {
		return apitype.Health{}, err
	}
	h := apitype.Health{
		Version: a.d.Version, StartedAt: a.started, Now: time.Now(), DataDir: a.cfg.Agent.DataDir,
		Marketplace: a.d.MarketplaceName, ERP: a.d.ERPName, Flows: fl,
	}
	err = a.db.View(ctx, func(tx *store.Tx) error {
		n, _, err := tx.Exceptions().CountOpen()
		h.OpenExceptions = n
		return err
	})
	if a.d.Governance != nil {
		g := a.d.Governance()
		h.Governance = &g
	}
	return h, err
}

// Flows reports each flow's health.
func (a *Agent) Flows(ctx context.Context) ([]apitype.FlowHealth, error) {
	out := make([]apitype.FlowHealth, 0, len(a.flows))
	for _, f := range a.flows {
		out = append(out, f.Health())
	}
	return out, nil
}

// SyncFlow asks a flow to poll now.
func (a *Agent) SyncFlow(_ context.Context, name string) error {
	f := a.flow(name)
	if f == nil {
		return fmt.Errorf("flow %q: %w", name, localapi.ErrNotFound)
	}
	f.Trigger()
	return nil
}

// Exceptions lists exceptions.
func (a *Agent) Exceptions(ctx context.Context, q localapi.ExceptionQuery) (apitype.ExceptionList, error) {
	switch q.Status {
	case "", apitype.ExceptionOpen, apitype.ExceptionResolved, apitype.ExceptionIgnored, "all":
	default:
		return apitype.ExceptionList{}, &localapi.BadRequest{Msg: "status must be open, resolved, ignored or all"}
	}
	var out apitype.ExceptionList
	err := a.db.View(ctx, func(tx *store.Tx) error {
		es, total, err := tx.Exceptions().List(store.Filter{Status: q.Status, Type: q.Type, Flow: q.Flow, Q: q.Q, Limit: q.Limit})
		out.Total = total
		out.Items = make([]apitype.Exception, 0, len(es))
		for _, e := range es {
			out.Items = append(out.Items, e.Exception)
		}
		return err
	})
	return out, err
}

// Exception returns one exception.
func (a *Agent) Exception(ctx context.Context, id string) (apitype.Exception, error) {
	var e store.Exception
	err := a.db.View(ctx, func(tx *store.Tx) error {
		var err error
		e, err = tx.Exceptions().Get(id)
		return err
	})
	return e.Exception, notFound(err, "exception "+id)
}

// ExceptionAction applies an operator's decision:
//   - retry: re-queue what the exception blocks; it stays open until the
//     record goes through (then jlsync closes it) or fails again (updated).
//   - resolve: the operator fixed the cause; close it and re-queue.
//   - ignore: close it and drop the blocked work; the record is handled by hand.
func (a *Agent) ExceptionAction(ctx context.Context, id, action, actor, note string) (apitype.Exception, error) {
	var out store.Exception
	var requeue []string
	err := a.db.Update(ctx, func(tx *store.Tx) error {
		requeue = requeue[:0]
		e, err := tx.Exceptions().Get(id)
		if err != nil {
			return notFound(err, "exception "+id)
		}
		if e.Status != apitype.ExceptionOpen {
			return &localapi.Conflict{Msg: fmt.Sprintf("exception %s is already %s", id, e.Status)}
		}
		before, _ := json.Marshal(e.Exception)
		switch action {
		case "retry":
			e.Attempts++
			if err := tx.Exceptions().Touch(e); err != nil {
				return err
			}
			out = e
		case "resolve":
			if out, err = tx.Exceptions().Close(id, apitype.ExceptionResolved, actor, note); err != nil {
				return err
			}
		case "ignore":
			if out, err = tx.Exceptions().Close(id, apitype.ExceptionIgnored, actor, note); err != nil {
				return err
			}
		}
		for _, b := range e.Blocks {
			flow, key, ok := strings.Cut(b, "/")
			if !ok {
				continue
			}
			if action == "ignore" {
				if err := tx.Work().Done(flow, key); err != nil {
					return err
				}
				if flow == apitype.FlowOrders {
					if o, err := tx.Orders().Get(key); err == nil {
						o.AddEvent(tx.Now(), "ignored", fmt.Sprintf("%s ignored by %s: %s", id, actor, note))
						if err := tx.Orders().Put(o); err != nil {
							return err
						}
					}
				}
				continue
			}
			more, err := requeueWork(tx, []string{b}, true)
			if err != nil {
				return err
			}
			requeue = append(requeue, more...)
		}
		after, _ := json.Marshal(out.Exception)
		return tx.Audit().Record(store.AuditEntry{Actor: actor, Action: "exception." + action, Target: id, Before: before, After: after})
	})
	if err != nil {
		return apitype.Exception{}, err
	}
	if f := a.flow(out.Flow); f != nil {
		f.MarkDirty() // its open-exception count changed
	}
	a.enqueue(requeue)
	return out.Exception, nil
}

// requeueWork makes the blocked "flow/key" work items due again, in the
// caller's transaction, and returns them for enqueue. fresh gives them a full
// set of attempts: a person acted on them.
func requeueWork(tx *store.Tx, blocks []string, fresh bool) ([]string, error) {
	var out []string
	for _, b := range blocks {
		flow, key, ok := strings.Cut(b, "/")
		if !ok {
			continue
		}
		w, err := tx.Work().Ensure(flow, key)
		if err != nil {
			return nil, err
		}
		if fresh && w.Attempts > 0 {
			w.Attempts = 0
			if err := tx.Work().Put(w); err != nil {
				return nil, err
			}
		}
		out = append(out, b)
	}
	return out, nil
}

// enqueue hands "flow/key" items to their flows after the store recorded them.
func (a *Agent) enqueue(items []string) {
	if len(items) > 0 {
		a.sku.ForceRefreshNext()
	}
	for _, b := range items {
		flow, key, _ := strings.Cut(b, "/")
		if f := a.flow(flow); f != nil {
			f.Enqueue(key)
		}
	}
}

func orderSummary(o store.Order) apitype.OrderSummary {
	return apitype.OrderSummary{OrderID: o.OrderID, CommercialID: o.CommercialID, State: o.State, Sync: o.Sync,
		SalesOrderID: o.SalesOrderID, Total: o.Total, Currency: o.Currency, UpdatedAt: o.UpdatedAt}
}

// Orders searches orders by marketplace id, commercial id or SO id.
func (a *Agent) Orders(ctx context.Context, q string, limit int) (apitype.OrderList, error) {
	var out apitype.OrderList
	err := a.db.View(ctx, func(tx *store.Tx) error {
		os, total, err := tx.Orders().List(q, limit)
		out.Total = total
		out.Items = make([]apitype.OrderSummary, 0, len(os))
		for _, o := range os {
			out.Items = append(out.Items, orderSummary(o))
		}
		return err
	})
	return out, err
}

// Order returns one order with its lines and timeline.
func (a *Agent) Order(ctx context.Context, id string) (apitype.Order, error) {
	var o store.Order
	err := a.db.View(ctx, func(tx *store.Tx) error {
		var err error
		o, err = tx.Orders().Find(id)
		return err
	})
	if err != nil {
		return apitype.Order{}, notFound(err, "order "+id)
	}
	out := apitype.Order{
		OrderID: o.OrderID, CommercialID: o.CommercialID, State: o.State, Sync: o.Sync,
		SalesOrderID: o.SalesOrderID, SalesOrderExtID: o.SalesOrderExtID, CustomerName: o.CustomerName,
		Currency: o.Currency, Total: o.Total, UpdatedAt: o.UpdatedAt, Exceptions: o.Exceptions,
	}
	var mo mirakl.Order
	if json.Unmarshal(o.Source, &mo) == nil {
		out.CreatedAt = mo.CreatedDate
		out.Shipping = mo.ShippingPrice
		skus := make([]string, 0, len(mo.Lines))
		for _, l := range mo.Lines {
			skus = append(skus, l.OfferSKU)
		}
		res, _ := a.sku.Lookup(ctx, skus)
		for _, l := range mo.Lines {
			out.Lines = append(out.Lines, apitype.OrderLine{LineID: l.ID, OfferSKU: l.OfferSKU, ItemID: res[l.OfferSKU].ItemID,
				Title: l.ProductTitle, Quantity: l.Quantity, Price: l.Price, Shipping: l.ShippingPrice, State: l.State})
		}
	}
	for _, e := range o.Timeline {
		out.Timeline = append(out.Timeline, apitype.TimelineEvent{At: e.At, Kind: e.Kind, Detail: e.Detail})
	}
	return out, nil
}

// SKUMap lists the operator's mappings and the config's explicit ones.
func (a *Agent) SKUMap(ctx context.Context, q string, limit int) ([]apitype.SKUMapping, error) {
	var out []apitype.SKUMapping
	err := a.db.View(ctx, func(tx *store.Tx) error {
		ms, err := tx.SKUMap().List(q, 0)
		out = ms
		return err
	})
	if err != nil {
		return nil, err
	}
	lq := strings.ToLower(q)
	for sku, item := range a.cfg.SKUMap.Explicit {
		if slices.ContainsFunc(out, func(m apitype.SKUMapping) bool { return m.OfferSKU == sku }) {
			continue
		}
		if lq == "" || strings.Contains(strings.ToLower(sku+" "+item), lq) {
			out = append(out, apitype.SKUMapping{OfferSKU: sku, ItemID: item, Source: "config"})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OfferSKU < out[j].OfferSKU })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// GetSKU returns how one SKU maps, whichever source maps it.
func (a *Agent) GetSKU(ctx context.Context, sku string) (apitype.SKUMapping, error) {
	res, err := a.sku.Resolve(ctx, []string{sku})
	if err != nil {
		return apitype.SKUMapping{}, err
	}
	r := res[sku]
	if r.ItemID == "" {
		msg := "SKU " + sku + " has no mapping"
		if r.Suggestion != "" {
			msg += "; suggested: " + r.Suggestion
		}
		return apitype.SKUMapping{}, fmt.Errorf("%s: %w", msg, localapi.ErrNotFound)
	}
	m := apitype.SKUMapping{OfferSKU: sku, ItemID: r.ItemID, Source: r.Source}
	_ = a.db.View(ctx, func(tx *store.Tx) error {
		if sm, err := tx.SKUMap().Get(sku); err == nil && r.Source == "operator" {
			m = sm
		}
		return nil
	})
	return m, nil
}

// PutSKU maps a SKU to a NetSuite item (internal id, or an itemId the item
// cache knows) and re-queues every record that an unmapped SKU was blocking.
func (a *Agent) PutSKU(ctx context.Context, sku, item, actor string) (apitype.SKUMapping, error) {
	sku, item = strings.TrimSpace(sku), strings.TrimSpace(item)
	if sku == "" || item == "" {
		return apitype.SKUMapping{}, &localapi.BadRequest{Msg: "both the offer SKU and the NetSuite item are required"}
	}
	id, err := a.resolveItem(ctx, item)
	if err != nil {
		return apitype.SKUMapping{}, err
	}
	m := apitype.SKUMapping{OfferSKU: sku, ItemID: id, Source: "operator", UpdatedBy: actor, UpdatedAt: time.Now()}
	var requeue []string
	err = a.db.Update(ctx, func(tx *store.Tx) error {
		requeue = requeue[:0]
		var before []byte
		if old, err := tx.SKUMap().Get(sku); err == nil {
			before, _ = json.Marshal(old)
		}
		if err := tx.SKUMap().Put(m); err != nil {
			return err
		}
		after, _ := json.Marshal(m)
		if err := tx.Audit().Record(store.AuditEntry{Actor: actor, Action: "skumap.set", Target: sku, Before: before, After: after}); err != nil {
			return err
		}
		es, err := tx.Exceptions().OpenByCause("sku:" + sku)
		if err != nil {
			return err
		}
		for _, e := range es {
			more, err := requeueWork(tx, e.Blocks, false)
			if err != nil {
				return err
			}
			requeue = append(requeue, more...)
		}
		return nil
	})
	if err != nil {
		return apitype.SKUMapping{}, err
	}
	a.enqueue(requeue)
	return m, nil
}

// resolveItem accepts a NetSuite internal id or an itemId and returns the
// internal id, refreshing the item cache once when it does not know either.
func (a *Agent) resolveItem(ctx context.Context, item string) (string, error) {
	find := func() (string, bool, error) {
		var id string
		var any bool
		err := a.db.View(ctx, func(tx *store.Tx) error {
			n, err := tx.Items().Count()
			any = n > 0
			if err != nil {
				return err
			}
			if _, err := tx.Items().Get(item); err == nil {
				id = item
				return nil
			}
			its, err := tx.Items().Lookup(store.MatchItemID, item)
			if len(its) == 1 {
				id = its[0].ID
			}
			return err
		})
		return id, any, err
	}
	id, _, err := find()
	if err != nil || id != "" {
		return id, err
	}
	if err := a.sku.Refresh(ctx); err != nil {
		return "", fmt.Errorf("cannot check item %q against NetSuite: %w", item, err)
	}
	id, known, err := find()
	if err != nil || id != "" {
		return id, err
	}
	if !known {
		return item, nil // NetSuite listed no items at all: trust the operator
	}
	return "", &localapi.BadRequest{Msg: fmt.Sprintf("NetSuite has no item with internal id or itemId %q", item)}
}

// DeleteSKU removes an operator mapping.
func (a *Agent) DeleteSKU(ctx context.Context, sku, actor string) error {
	return a.db.Update(ctx, func(tx *store.Tx) error {
		old, err := tx.SKUMap().Get(sku)
		if err != nil {
			return notFound(err, "SKU mapping "+sku)
		}
		before, _ := json.Marshal(old)
		if err := tx.SKUMap().Delete(sku); err != nil {
			return err
		}
		return tx.Audit().Record(store.AuditEntry{Actor: actor, Action: "skumap.delete", Target: sku, Before: before})
	})
}

// Audit lists operator actions, newest first.
func (a *Agent) Audit(ctx context.Context, limit int) ([]apitype.AuditEntry, error) {
	var out []apitype.AuditEntry
	err := a.db.View(ctx, func(tx *store.Tx) error {
		es, err := tx.Audit().List(limit)
		for _, e := range es {
			out = append(out, apitype.AuditEntry{At: e.At, Actor: e.Actor, Action: e.Action, Target: e.Target, Before: e.Before, After: e.After})
		}
		return err
	})
	return out, err
}

// Subscribe registers an event watcher and returns the snapshot to send first.
func (a *Agent) Subscribe(ctx context.Context) (apitype.Notify, <-chan apitype.Notify, func(), error) {
	ch, cancel := a.hub.subscribe()
	h, err := a.Health(ctx)
	if err != nil {
		cancel()
		return apitype.Notify{}, nil, nil, err
	}
	return apitype.Notify{At: time.Now(), Health: &h}, ch, cancel, nil
}

// Stock explains one SKU's published quantity.
func (a *Agent) Stock(ctx context.Context, sku string) (apitype.StockView, error) {
	if a.inv == nil {
		return apitype.StockView{}, &localapi.BadRequest{Msg: "the inventory flow is not running"}
	}
	v, err := a.inv.View(ctx, sku)
	return v, notFound(err, "stock of SKU "+sku)
}

// StockResync republishes every SKU once.
func (a *Agent) StockResync(ctx context.Context, actor string) (int, error) {
	if a.inv == nil {
		return 0, &localapi.BadRequest{Msg: "the inventory flow is not running"}
	}
	n, err := a.inv.Resync(ctx)
	if err != nil {
		return 0, err
	}
	err = a.db.Update(ctx, func(tx *store.Tx) error {
		return tx.Audit().Record(store.AuditEntry{Actor: actor, Action: "stock.resync", Target: fmt.Sprintf("%d SKUs", n)})
	})
	return n, err
}

// Payouts lists every payout, newest first.
func (a *Agent) Payouts(ctx context.Context) ([]apitype.Payout, error) {
	out := []apitype.Payout{}
	err := a.db.View(ctx, func(tx *store.Tx) error {
		ps, err := tx.Payouts().List()
		for _, p := range ps {
			out = append(out, p.Payout)
		}
		return err
	})
	return out, err
}

// Payout returns one payout with its journal.
func (a *Agent) Payout(ctx context.Context, id string) (apitype.Payout, error) {
	var p store.Payout
	err := a.db.View(ctx, func(tx *store.Tx) error {
		var err error
		p, err = tx.Payouts().Get(id)
		return err
	})
	return p.Payout, notFound(err, "payout "+id)
}

// PostPayout posts a payout's Journal Entry to NetSuite.
func (a *Agent) PostPayout(ctx context.Context, id, actor string) (apitype.Payout, error) {
	if a.payouts == nil {
		return apitype.Payout{}, &localapi.BadRequest{Msg: "the payouts flow is not running"}
	}
	p, err := a.payouts.Post(ctx, id, actor)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return apitype.Payout{}, notFound(err, "payout "+id)
	case errors.Is(err, flows.ErrNotPostable):
		return p.Payout, &localapi.Conflict{Msg: err.Error()}
	}
	return p.Payout, err
}
