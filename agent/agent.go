// Package agent is jlsync's daemon core: it supervises the sync flows, keeps
// the event hub fed from the store, and answers the local API.
package agent

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/agent/flows"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/store"
	"github.com/sourcegraph/conc/panics"
	"github.com/sourcegraph/conc/pool"
)

// Deps are the outside systems and facts the agent is given.
type Deps struct {
	Marketplace flows.Marketplace
	ERP         flows.ERP
	// StockReader and StockPublisher enable the inventory flow (both needed).
	StockReader    flows.StockReader
	StockPublisher flows.StockPublisher
	// FulfilmentReader and Shipper enable the fulfilment flow (both needed).
	FulfilmentReader flows.FulfilmentReader
	Shipper          flows.Shipper
	// PayoutSource and Journals enable the payouts flow (both needed).
	PayoutSource flows.PayoutSource
	Journals     flows.JournalPoster
	// Governance reports the NetSuite limiter's counters (optional).
	Governance func() apitype.Governance
	Version    string
	Logger     *slog.Logger
	// MarketplaceName and ERPName describe the endpoints in health (URLs or
	// account ids only, never credentials).
	MarketplaceName, ERPName string
}

// Agent is the running daemon.
type Agent struct {
	cfg     config.Config
	db      *store.DB
	d       Deps
	log     *slog.Logger
	hub     *Hub
	sku     *flows.SKUResolver
	orders  *flows.Orders
	inv     *flows.Inventory // nil when the inventory flow is not wired
	payouts *flows.Payouts   // nil when the payouts flow is not wired
	flows   []*engine.Flow
	started time.Time
	ready   chan struct{}
}

// New wires the agent; Run starts it.
func New(cfg config.Config, db *store.DB, d Deps) *Agent {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	a := &Agent{cfg: cfg, db: db, d: d, log: d.Logger, hub: newHub(db, d.Logger), ready: make(chan struct{})}
	a.sku = &flows.SKUResolver{
		DB: db, ERP: d.ERP, Match: cfg.SKUMap.Match, Explicit: cfg.SKUMap.Explicit,
		MinRefresh: max(cfg.Scaled(time.Minute), 50*time.Millisecond), Logger: d.Logger,
	}
	var stock flows.StockChecker
	if d.StockReader != nil && d.StockPublisher != nil {
		a.inv = flows.NewInventory(flows.InventoryDeps{
			DB: db, Reader: d.StockReader, Publisher: d.StockPublisher, SKU: a.sku, Config: cfg, Logger: d.Logger,
		})
		stock = a.inv
	}
	a.orders = flows.NewOrders(flows.OrdersDeps{
		DB: db, Marketplace: d.Marketplace, ERP: d.ERP, SKU: a.sku, Stock: stock, Config: cfg, Logger: d.Logger,
	})
	a.flows = []*engine.Flow{a.orders.Flow()}
	if a.inv != nil {
		a.flows = append(a.flows, a.inv.Flow())
	}
	a.flows = append(a.flows, flows.NewReturns(flows.ReturnsDeps{DB: db, ERP: d.ERP, SKU: a.sku, Config: cfg, Logger: d.Logger}).Flow())
	if d.PayoutSource != nil && d.Journals != nil {
		a.payouts = flows.NewPayouts(flows.PayoutsDeps{DB: db, Source: d.PayoutSource, Poster: d.Journals, Config: cfg, Logger: d.Logger})
		a.flows = append(a.flows, a.payouts.Flow())
	}
	if d.FulfilmentReader != nil && d.Shipper != nil {
		ff := flows.NewFulfilment(flows.FulfilmentDeps{DB: db, Reader: d.FulfilmentReader, Shipper: d.Shipper, Config: cfg, Logger: d.Logger})
		a.flows = append(a.flows, ff.Flow())
	}
	return a
}

// SetShopCurrency tells the agent the marketplace account's currency (A01).
// Call it before Run.
func (a *Agent) SetShopCurrency(cur string) { a.orders.SetShopCurrency(cur) }

// Ready is closed once the agent's flows are running and its event hub is live.
func (a *Agent) Ready() <-chan struct{} { return a.ready }

// Run runs every flow and, when ln is not nil, the local API on it, until ctx
// ends. A flow that panics is restarted with backoff; only a failure of the
// hub or the API listener stops the agent.
func (a *Agent) Run(ctx context.Context, ln net.Listener) error {
	a.started = time.Now()
	p := pool.New().WithContext(ctx).WithCancelOnError()
	hubReady := make(chan struct{})
	p.Go(func(ctx context.Context) error { return a.hub.Run(ctx, hubReady) })
	select {
	case <-hubReady:
	case <-ctx.Done():
		return p.Wait()
	}
	if ln != nil {
		srv := localapi.New(a, a.log)
		p.Go(func(ctx context.Context) error {
			if err := srv.Serve(ctx, ln); err != nil {
				return fmt.Errorf("local API: %w", err)
			}
			return nil
		})
	}
	for _, f := range a.flows {
		p.Go(func(ctx context.Context) error { a.supervise(ctx, f); return nil })
	}
	close(a.ready)
	a.log.Info("agent running", "flows", len(a.flows))
	return p.Wait()
}

// supervise keeps one flow running: a panic or a fatal error is logged,
// recorded in the flow's health and the flow restarted after a backoff.
func (a *Agent) supervise(ctx context.Context, f *engine.Flow) {
	backoff := time.Second
	for ctx.Err() == nil {
		var err error
		if r := panics.Try(func() { err = f.Run(ctx) }); r != nil {
			err = fmt.Errorf("flow panicked: %v", r.Value)
			a.log.Error("flow panicked", "flow", f.Name(), "panic", r.String())
		}
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			err = fmt.Errorf("flow stopped unexpectedly")
		}
		a.log.Error("flow failed; restarting", "flow", f.Name(), "err", err, "in", backoff)
		_ = a.db.Update(context.Background(), func(tx *store.Tx) error {
			fh, err2 := tx.Flows().Get(f.Name())
			if err2 != nil {
				return err2
			}
			fh.State, fh.LastError = apitype.FlowBackoff, err.Error()
			return tx.Flows().Put(fh)
		})
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, time.Minute)
	}
}

// Idle reports that every flow has polled at least once since polls counted
// from, found nothing new, and has no work left that it can do on its own.
//
// Flows feed each other (an accepted order changes the stock to publish; a
// shipment changes the order), so every flow's quiet poll must also have
// begun after the last work of any flow.
func (a *Agent) Idle(ctx context.Context, sincePolls map[string]int64) bool {
	var lastWork time.Time
	for _, f := range a.flows {
		if t := f.LastWorkEnd(); t.After(lastWork) {
			lastWork = t
		}
	}
	for _, f := range a.flows {
		if f.Polls() <= sincePolls[f.Name()] || !f.Idle(ctx) || !f.QuietSince().After(lastWork) {
			return false
		}
	}
	return a.orders.AwaitingMarketplace(ctx) == 0
}

// PollCounts snapshots how many polls each flow has completed.
func (a *Agent) PollCounts() map[string]int64 {
	m := map[string]int64{}
	for _, f := range a.flows {
		m[f.Name()] = f.Polls()
	}
	return m
}

// TriggerAll asks every flow to poll now.
func (a *Agent) TriggerAll() {
	for _, f := range a.flows {
		f.Trigger()
	}
}

func (a *Agent) flow(name string) *engine.Flow {
	for _, f := range a.flows {
		if f.Name() == name {
			return f
		}
	}
	return nil
}
