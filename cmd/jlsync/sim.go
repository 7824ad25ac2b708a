package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/jlsync/jlsync/agent/demo"
	"github.com/jlsync/jlsync/internal/scenario"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

func runSim(ctx context.Context, args []string) error {
	fs := newFlags("sim", "--mirakl-addr ADDR --netsuite-addr ADDR [--scenario DIR] [--credentials-out FILE] [--time-scale N] [--faults SPEC]")
	mAddr := fs.String("mirakl-addr", "127.0.0.1:8081", "address for the Mirakl simulator")
	nAddr := fs.String("netsuite-addr", "127.0.0.1:8082", "address for the NetSuite simulator")
	scen := fs.String("scenario", "", "scenario directory to load (default: generated from --seed)")
	credsOut := fs.String("credentials-out", "", "write the URLs and credentials the simulators accept to this file (0600)")
	scale := fs.Float64("time-scale", 1, "N > 1 shrinks the simulators' per-call ceilings N times")
	spec := fs.String("faults", "", "faults to inject, e.g. rate429=0.1,latency=20ms")
	seed := fs.Uint64("seed", 1, "seed for generated data when no scenario is given")
	orders := fs.Int("orders", 50, "orders to generate when no scenario is given")
	key := fs.String("mirakl-key", "jlsync-sim-shop-key", "the shop API key the Mirakl simulator accepts")
	open := fs.Bool("netsuite-open", false, "let the NetSuite simulator answer requests without credentials (for curl)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	fsp, err := faults.Parse(*spec)
	if err != nil {
		return usagef("%v", err)
	}
	keyDir, err := os.MkdirTemp("", "jlsync-sim-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(keyDir)
	w, err := demo.StartWorld(demo.WorldOptions{MiraklAddr: *mAddr, NetSuiteAddr: *nAddr, TimeScale: *scale, Faults: fsp, KeyDir: keyDir,
		MiraklKey: *key, NetSuiteOpen: *open})
	if err != nil {
		return err
	}
	defer w.Close()
	var sc scenario.Scenario
	if *scen != "" {
		if sc, err = scenario.Load(*scen); err != nil {
			return err
		}
	} else {
		g, err := scenario.Generate(scenario.GenOptions{Seed: *seed, Orders: *orders})
		if err != nil {
			return err
		}
		sc = g.Scenario
	}
	if err := w.Load(sc); err != nil {
		return err
	}
	if *credsOut != "" {
		b, _ := json.MarshalIndent(w.Creds, "", "  ")
		if err := os.WriteFile(*credsOut, b, 0o600); err != nil {
			return err
		}
	}
	fmt.Printf("Mirakl simulator:   %s  (Authorization: %s)\nNetSuite simulator: %s  (account %s)\n", w.MURL, w.Creds.Mirakl.APIKey, w.NURL, w.Creds.NetSuite.AccountID)
	if *open {
		fmt.Println("NetSuite simulator accepts requests without credentials (--netsuite-open)")
	}
	if *credsOut != "" {
		fmt.Printf("credentials written to %s\n", *credsOut)
	} else {
		fmt.Println("pass --credentials-out FILE to get the API key and NetSuite credentials")
	}
	fmt.Println("admin: GET /_sim/state, POST /_sim/load, POST /_sim/faults on either; Ctrl+C stops")
	<-ctx.Done()
	return nil
}
