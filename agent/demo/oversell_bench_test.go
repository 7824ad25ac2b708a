package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/daemon"
	"github.com/jlsync/jlsync/internal/scenario"
)

// BenchmarkOversellWindow measures, on the default schedule, the time from a
// stock change in NetSuite to the marketplace offer showing the new figure:
// the window in which the marketplace may sell stock that is gone. The world
// runs TimeScale times faster than real time (every interval and API ceiling
// shrinks together), and the figures are reported scaled back to real time.
//
//	go test ./agent/demo -run XXX -bench OversellWindow -benchtime 8x
func BenchmarkOversellWindow(b *testing.B) {
	const scale = 60
	dir := b.TempDir()
	g, err := scenario.Generate(scenario.GenOptions{Seed: 5, Orders: 0, SKUs: 200})
	if err != nil {
		b.Fatal(err)
	}
	if err := g.Scenario.Write(dir); err != nil {
		b.Fatal(err)
	}
	o := Options{ScenarioDir: dir, TimeScale: scale}
	w, cfg, _, cleanup, err := prepare(&o, "")
	defer cleanup()
	if err != nil {
		b.Fatal(err)
	}
	d, err := daemon.Open(cfg, daemon.Options{NoSocket: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- d.Run(ctx) }()
	defer func() { stop(); <-errc }()
	if err := waitIdle(ctx, d.Agent, time.Minute, errc, nil); err != nil {
		b.Fatal(err)
	}

	// Pick mapped SKUs with stock at location 1; each round raises one.
	type pick struct{ sku, item string }
	var picks []pick
	for _, p := range g.Products {
		if id, ok := g.ItemIDs[p.SKU]; ok {
			picks = append(picks, pick{p.SKU, id})
		}
	}
	var windows []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := picks[i%len(picks)]
		// Changes land at any moment of the poll cycle, not just after a push.
		b.StopTimer()
		time.Sleep(time.Duration(rand.Int64N(int64(cfg.Scaled(cfg.Inventory.Interval)))))
		b.StartTimer()
		before := offerQuantity(b, w, p.sku)
		target := before + 100 + i
		// The default buffer is zero and the location is counted, so the
		// offer must move by exactly the added units.
		start := time.Now()
		if err := w.NetSuite.SetStock(p.item, "1", target+1000, target+1000); err != nil {
			b.Fatal(err)
		}
		for {
			if q := offerQuantity(b, w, p.sku); q != before {
				windows = append(windows, time.Since(start)*scale)
				break
			}
			if time.Since(start) > 30*time.Second {
				b.Fatalf("offer %s never changed", p.sku)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	b.StopTimer()
	sort.Slice(windows, func(i, j int) bool { return windows[i] < windows[j] })
	if len(windows) > 0 {
		var sum time.Duration
		for _, d := range windows {
			sum += d
		}
		b.ReportMetric((sum / time.Duration(len(windows))).Seconds(), "mean_s")
		b.ReportMetric(windows[len(windows)/2].Seconds(), "p50_s")
		b.ReportMetric(windows[len(windows)-1].Seconds(), "max_s")
		b.Logf("oversell window at the default schedule (inventory.interval %s): min %s, p50 %s, max %s over %d changes",
			cfg.Inventory.Interval, windows[0].Round(time.Second), windows[len(windows)/2].Round(time.Second), windows[len(windows)-1].Round(time.Second), len(windows))
	}
}

func offerQuantity(b *testing.B, w *World, sku string) int {
	b.Helper()
	raw, err := w.Mirakl.State()
	if err != nil {
		b.Fatal(err)
	}
	var st miraklState
	if err := json.Unmarshal(raw, &st); err != nil {
		b.Fatal(err)
	}
	for _, o := range st.Offers {
		if o.SKU == sku {
			return o.Quantity
		}
	}
	b.Fatal(fmt.Sprintf("no offer %s", sku))
	return 0
}
