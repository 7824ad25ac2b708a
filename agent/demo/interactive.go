package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jlsync/jlsync/agent/daemon"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/scenario"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// ConsoleFunc runs the console against the agent socket until the user quits.
type ConsoleFunc func(ctx context.Context, socket string) error

// Interactive starts the world and the agent, feeds new orders into the
// marketplace every few seconds, and runs console in the foreground. When the
// console returns, everything it started is stopped before Interactive returns.
func Interactive(ctx context.Context, o Options, console ConsoleFunc) error {
	if o.TimeScale <= 0 {
		o.TimeScale = 20
	}
	if o.Orders <= 0 {
		o.Orders = 60
	}
	// The socket lives in a short private directory: a data dir may be too
	// long for a unix socket path.
	sockDir, err := os.MkdirTemp("", "jls")
	if err != nil {
		return err
	}
	defer os.RemoveAll(sockDir)
	socket := filepath.Join(sockDir, "agent.sock")

	// The catalogue and stock come from the generator; orders arrive live.
	feed := o.Orders
	gen, err := scenario.Generate(scenario.GenOptions{Seed: o.Seed, Orders: feed, SKUs: o.SKUs, Start: time.Now().UTC()})
	if err != nil {
		return err
	}
	continuing := false
	if o.ScenarioDir == "" && o.DataDir != "" {
		if _, err := scenario.Load(worldDir(o.DataDir)); err == nil {
			// prepare continues the saved world; new orders are numbered
			// after its last one by the marketplace simulator itself.
			continuing = true
			gen.Orders = nil
		}
	}
	if o.ScenarioDir == "" && !continuing {
		tmp, err := os.MkdirTemp("", "jlsync-demo-scenario-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		empty := gen.Scenario
		if empty.Mirakl, err = withoutOrders(gen.Mirakl); err != nil {
			return err
		}
		if err := empty.Write(tmp); err != nil {
			return err
		}
		o.ScenarioDir = tmp
	} else if !continuing {
		gen.Orders = nil // the scenario brings its own orders
	}
	w, cfg, sc, cleanup, err := prepare(&o, socket)
	defer cleanup()
	if err != nil {
		return err
	}
	d, err := daemon.Open(cfg, daemon.Options{Logger: o.Logger})
	if err != nil {
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- d.Run(runCtx) }()
	if continuing {
		go generateOrders(runCtx, w, o.Orders, o.Seed, o.Logger)
	} else {
		go feedOrders(runCtx, w, gen.Orders, o.Logger)
	}
	go warehouse(runCtx, w, o.Logger)
	if actions, err := ParseActions(sc.Actions); err != nil {
		stop()
		<-errc
		return err
	} else if len(actions) > 0 {
		go newActionRunner(w, actions, o.TimeScale, o.Logger).run(runCtx)
	}

	select {
	case <-d.Agent.Ready():
	case err := <-errc:
		return fmt.Errorf("agent failed to start: %w", err)
	}
	cerr := console(ctx, socket)
	stop()
	if err := <-errc; err != nil && cerr == nil {
		cerr = err
	}
	if state, err := w.State(); err == nil {
		state.Config = sc.Config
		_ = state.Write(worldDir(o.DataDir))
	}
	return cerr
}

// feedOrders adds one order to the marketplace every couple of seconds, with
// fresh timestamps, as a live shop would receive them.
func feedOrders(ctx context.Context, w *World, orders []mirakl.Order, log *slog.Logger) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for _, o := range orders {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now().UTC()
		o.CreatedDate, o.LastUpdatedDate = now, now
		for i := range o.Lines {
			o.Lines[i].CreatedDate, o.Lines[i].LastUpdatedDate = now, now
		}
		if err := w.Mirakl.AddOrder(o); err != nil && log != nil {
			log.Warn("demo: could not add order", "order", o.OrderID, "err", err)
		}
	}
}

// generateOrders has the marketplace simulator place n new orders, one every
// couple of seconds, numbered after the orders it already holds.
func generateOrders(ctx context.Context, w *World, n int, seed uint64, log *slog.Logger) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for i := 0; i < n; i++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := w.Mirakl.GenerateOrdersNow(miraklsim.GenerateEvent{Count: 1, Seed: seed*7919 + uint64(i)}); err != nil && log != nil {
			log.Warn("demo: could not add an order", "err", err)
		}
	}
}

// warehouse plays the seller's warehouse in NetSuite: every few seconds it
// fulfils the oldest Sales Order not yet fulfilled, with a parcel and its
// tracking number, so the fulfilment flow has something to ship; and, as the
// marketplace, it closes a billing cycle every minute.
func warehouse(ctx context.Context, w *World, log *slog.Logger) {
	methods := []string{"DPD Next Day", "Royal Mail Tracked 24"}
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for n := 1; ; n++ {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		done := map[string]bool{}
		for _, f := range w.NetSuite.Records("itemFulfillment") {
			if ref, ok := f["createdFrom"].(map[string]any); ok {
				id, _ := ref["id"].(string)
				done[id] = true
			}
		}
		// Once a minute the marketplace closes the billing cycle, so the
		// Payouts tab gets a journal to preview and post.
		if n%12 == 0 {
			if _, err := w.Mirakl.CloseBillingCycle(miraklsim.CloseOptions{}); err != nil && log != nil {
				log.Info("demo: no billing cycle to close yet", "err", err)
			}
		}
		for _, so := range w.NetSuite.Records("salesOrder") {
			id, _ := so["id"].(string)
			if id == "" || done[id] {
				continue
			}
			tracking := fmt.Sprintf("JD%010d", 4200000000+n)
			if _, err := w.NetSuite.FulfilSalesOrder(id, nil, []string{tracking}, methods[n%len(methods)]); err != nil && log != nil {
				log.Warn("demo warehouse: could not fulfil", "sales_order", id, "err", err)
			}
			break
		}
	}
}

// withoutOrders keeps a mirakl.json's catalogue and drops its orders.
func withoutOrders(mk json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(mk, &m); err != nil {
		return nil, err
	}
	m["orders"] = json.RawMessage("[]")
	return json.Marshal(m)
}
