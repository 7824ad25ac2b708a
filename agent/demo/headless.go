package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jlsync/jlsync/agent"
	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/daemon"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/scenario"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

// Options configures a demo run.
type Options struct {
	ScenarioDir string // load this scenario instead of generating one
	Seed        uint64
	Orders      int
	SKUs        int
	StateOut    string // write the end state here (headless)
	DataDir     string // keep the agent's store (and the simulated world) here
	Faults      string
	Timeout     time.Duration
	TimeScale   float64
	Logger      *slog.Logger
	Out         io.Writer // progress lines (headless)
}

// worldDir is where a demo with a --data-dir keeps the simulated systems'
// state between runs: the agent's store and the world it talks to must
// persist together, or a second run would meet an empty NetSuite.
func worldDir(dataDir string) string { return filepath.Join(dataDir, "demo-world") }

// prepare sets up the data dir, the world and the agent's configuration.
func prepare(o *Options, socket string) (*World, config.Config, scenario.Scenario, func(), error) {
	cleanup := func() {}
	spec, err := faults.Parse(o.Faults)
	if err != nil {
		return nil, config.Config{}, scenario.Scenario{}, cleanup, err
	}
	if o.DataDir == "" {
		dir, err := os.MkdirTemp("", "jlsync-demo-")
		if err != nil {
			return nil, config.Config{}, scenario.Scenario{}, cleanup, err
		}
		o.DataDir = dir
		cleanup = func() { os.RemoveAll(dir) }
	} else if err := os.MkdirAll(o.DataDir, 0o700); err != nil {
		return nil, config.Config{}, scenario.Scenario{}, cleanup, err
	}
	var sc scenario.Scenario
	switch {
	case o.ScenarioDir != "":
		if sc, err = scenario.Load(o.ScenarioDir); err != nil {
			return nil, config.Config{}, sc, cleanup, err
		}
	default:
		if prev, err := scenario.Load(worldDir(o.DataDir)); err == nil {
			sc = prev
			logf(o, "continuing the simulated world saved in %s", worldDir(o.DataDir))
		} else {
			g, err := scenario.Generate(scenario.GenOptions{Seed: o.Seed, Orders: o.Orders, SKUs: o.SKUs})
			if err != nil {
				return nil, config.Config{}, sc, cleanup, err
			}
			sc = g.Scenario
			logf(o, "generated seed %d: %d orders, %d SKUs (%d the SKU rule cannot map: %v)", o.Seed, len(g.Orders), len(g.Products), len(g.Unmapped), g.Unmapped)
		}
	}
	w, err := StartWorld(WorldOptions{TimeScale: o.TimeScale, KeyDir: o.DataDir, Logger: o.Logger})
	if err != nil {
		return nil, config.Config{}, sc, cleanup, err
	}
	done := cleanup
	cleanup = func() { w.Close(); done() }
	if err := w.Load(sc); err != nil {
		return nil, config.Config{}, sc, cleanup, err
	}
	w.Mirakl.SetFaults(spec)
	w.NetSuite.SetFaults(spec)
	cfg, err := w.AgentConfig(o.DataDir, socket, o.TimeScale, sc.Config)
	if err != nil {
		return nil, cfg, sc, cleanup, fmt.Errorf("demo configuration: %w", err)
	}
	return w, cfg, sc, cleanup, nil
}

func logf(o *Options, format string, a ...any) {
	if o.Out != nil {
		fmt.Fprintf(o.Out, format+"\n", a...)
	}
}

// Headless runs the agent against the simulated world until every flow is
// idle, writes the end state and returns. An error means jlsync itself failed
// (or did not settle before the timeout).
func Headless(ctx context.Context, o Options) error {
	if o.TimeScale <= 0 {
		o.TimeScale = 600
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Minute
	}
	w, cfg, sc, cleanup, err := prepare(&o, "")
	defer cleanup()
	if err != nil {
		return err
	}
	d, err := daemon.Open(cfg, daemon.Options{Logger: o.Logger, NoSocket: true})
	if err != nil {
		return err
	}
	actions, err := ParseActions(sc.Actions)
	if err != nil {
		d.DB.Close()
		return err
	}
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- d.Run(runCtx) }()
	start := time.Now()
	runner := newActionRunner(w, actions, o.TimeScale, o.Logger)
	go func() {
		select {
		case <-d.Agent.Ready():
			runner.run(runCtx)
		case <-runCtx.Done():
		}
	}()
	waitErr := waitIdle(ctx, d.Agent, o.Timeout, errc, runner.Pending)
	if n := runner.failed.Load(); n > 0 {
		logf(&o, "%d of %d actions failed (see the log)", n, len(actions))
	}
	// Read the agent's view before it stops, then stop it cleanly.
	report, repErr := agentReport(context.Background(), d.Agent, waitErr == nil)
	stop()
	if err := <-errc; err != nil && waitErr == nil {
		waitErr = err
	}
	if repErr != nil && waitErr == nil {
		waitErr = repErr
	}
	state, err := w.State()
	if err != nil {
		return err
	}
	// The settings travel with the world, so continuing it (or loading the
	// state-out dir as a scenario) runs under the same configuration.
	state.Config = sc.Config
	if err := state.Write(worldDir(o.DataDir)); err != nil {
		return fmt.Errorf("saving the simulated world: %w", err)
	}
	if o.StateOut != "" {
		if err := state.Write(o.StateOut); err != nil {
			return err
		}
		if err := scenario.WriteFileAtomic(filepath.Join(o.StateOut, scenario.AgentFile), report); err != nil {
			return err
		}
		logf(&o, "state written to %s", o.StateOut)
	}
	logf(&o, "finished in %s", time.Since(start).Round(time.Millisecond))
	return waitErr
}

// waitIdle returns once the agent has been idle for two consecutive rounds in
// which every flow polled again, so nothing was in flight between checks.
func waitIdle(ctx context.Context, a *agent.Agent, timeout time.Duration, errc <-chan error, pending func() int) error {
	deadline := time.After(timeout)
	select {
	case <-a.Ready():
	case err := <-errc:
		return fmt.Errorf("agent stopped: %w", err)
	case <-deadline:
		return errTimeout
	}
	quiet := 0
	for quiet < 2 {
		base := a.PollCounts()
		a.TriggerAll()
		for {
			moved := true
			for name, n := range a.PollCounts() {
				if n <= base[name] {
					moved = false
				}
			}
			if moved {
				break
			}
			select {
			case <-ctx.Done():
				return ctx.Err()
			case err := <-errc:
				return fmt.Errorf("agent stopped: %w", err)
			case <-deadline:
				return errTimeout
			case <-time.After(10 * time.Millisecond):
			}
		}
		if a.Idle(ctx, base) && (pending == nil || pending() == 0) {
			quiet++
		} else {
			quiet = 0
			select {
			case <-deadline:
				return errTimeout
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
	return nil
}

// Report is agent.json: what the agent ended with.
type Report struct {
	Idle       bool                   `json:"idle"`
	Health     apitype.Health         `json:"health"`
	Flows      []apitype.FlowHealth   `json:"flows"`
	Exceptions []apitype.Exception    `json:"exceptions"`
	Orders     []apitype.OrderSummary `json:"orders"`
	Counters   map[string]int         `json:"counters"`
	// JournalPreviews holds every payout with its journal (apitype.Payout).
	JournalPreviews []json.RawMessage `json:"journal_previews"`
}

func agentReport(ctx context.Context, a *agent.Agent, idle bool) ([]byte, error) {
	r := Report{Idle: idle, Counters: map[string]int{}, JournalPreviews: []json.RawMessage{}}
	var err error
	if r.Health, err = a.Health(ctx); err != nil {
		return nil, err
	}
	r.Flows = r.Health.Flows
	ex, err := a.Exceptions(ctx, localapi.ExceptionQuery{Status: "all"})
	if err != nil {
		return nil, err
	}
	r.Exceptions = ex.Items
	ol, err := a.Orders(ctx, "", 0)
	if err != nil {
		return nil, err
	}
	r.Orders = ol.Items
	payouts, err := a.Payouts(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range payouts {
		b, err := json.Marshal(p)
		if err != nil {
			return nil, err
		}
		r.JournalPreviews = append(r.JournalPreviews, b)
		r.Counters["payouts_"+p.Status]++
	}
	for _, o := range r.Orders {
		r.Counters["orders_"+o.Sync]++
		if o.SalesOrderID != "" {
			r.Counters["sales_orders"]++
		}
	}
	r.Counters["orders"] = len(r.Orders)
	for _, e := range r.Exceptions {
		r.Counters["exceptions_"+e.Status]++
	}
	if r.Exceptions == nil {
		r.Exceptions = []apitype.Exception{}
	}
	return json.MarshalIndent(r, "", "  ")
}
