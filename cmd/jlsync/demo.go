package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/agent/demo"
	"github.com/jlsync/jlsync/tui"
)

func runDemo(ctx context.Context, args []string) error {
	fs := newFlags("demo", "[--headless] [--scenario DIR] [--state-out DIR] [--data-dir DIR] [--faults SPEC] [--timeout D] [--seed N] [--orders N] [--skus N]")
	headless := fs.Bool("headless", false, "run without the console until every flow is idle, write the end state, exit")
	var o demo.Options
	fs.StringVar(&o.ScenarioDir, "scenario", "", "load this scenario directory instead of generating data")
	fs.StringVar(&o.StateOut, "state-out", "", "write netsuite.json, mirakl.json and agent.json here at the end")
	fs.StringVar(&o.DataDir, "data-dir", "", "keep the agent's store and the simulated world here (default: a temporary dir)")
	fs.StringVar(&o.Faults, "faults", "", "simulator faults, e.g. latency=20ms,rate429=0.2,rate5xx=0.1,drop=0.01,concurrency=5")
	fs.DurationVar(&o.Timeout, "timeout", 2*time.Minute, "headless: give up if the flows are not idle by then")
	fs.Uint64Var(&o.Seed, "seed", 1, "seed for the generated data")
	fs.IntVar(&o.Orders, "orders", 0, "orders to generate (headless default 50; interactive default 60, fed over time)")
	fs.IntVar(&o.SKUs, "skus", 200, "catalogue size")
	fs.Float64Var(&o.TimeScale, "time-scale", 0, "speed-up of the simulators' call ceilings and the agent's intervals (headless default 600, interactive 20)")
	logFile := fs.String("log", "", "write the agent's log here (interactive default: <data-dir>/demo.log; headless: stderr with --verbose)")
	verbose := fs.Bool("verbose", false, "headless: log the agent's activity to stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("unexpected argument %q", fs.Arg(0))
	}
	if *headless {
		if o.Orders == 0 {
			o.Orders = 50
		}
		o.Out = os.Stdout
		if *verbose {
			o.Logger = newLogger("debug", os.Stderr)
		} else if *logFile != "" {
			f, err := os.OpenFile(*logFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
			if err != nil {
				return err
			}
			defer f.Close()
			o.Logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelDebug}))
		}
		return demo.Headless(ctx, o)
	}
	// The console owns the terminal: the agent logs to a file.
	path := *logFile
	if path == "" {
		dir := o.DataDir
		if dir == "" {
			dir = os.TempDir()
		}
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		path = filepath.Join(dir, "jlsync-demo.log")
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	o.Logger = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo}))
	err = demo.Interactive(ctx, o, func(ctx context.Context, socket string) error {
		return tui.Run(ctx, &client.Client{Socket: socket}, tui.Options{Socket: socket})
	})
	if err == nil {
		fmt.Printf("demo stopped; the agent's log is in %s\n", path)
	}
	return err
}
