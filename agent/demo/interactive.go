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
	if o.ScenarioDir == "" {
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
	} else {
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
	go feedOrders(runCtx, w, gen.Orders, o.Logger)
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

// withoutOrders keeps a mirakl.json's catalogue and drops its orders.
func withoutOrders(mk json.RawMessage) (json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(mk, &m); err != nil {
		return nil, err
	}
	m["orders"] = json.RawMessage("[]")
	return json.Marshal(m)
}
