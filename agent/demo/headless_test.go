package demo

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/scenario"
)

type nsState struct {
	Records  map[string][]map[string]any `json:"records"`
	Observed struct {
		Calls map[string]int `json:"calls"`
	} `json:"observed"`
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// expectations derives, from the generated world, which orders must become
// Sales Orders and which must be held for an unmapped SKU.
func expectations(t *testing.T, seed uint64, orders int) (synced map[string]bool, unmapped map[string]string) {
	t.Helper()
	g, err := scenario.Generate(scenario.GenOptions{Seed: seed, Orders: orders})
	if err != nil {
		t.Fatal(err)
	}
	synced, unmapped = map[string]bool{}, map[string]string{}
	for _, o := range g.Orders {
		bad := ""
		for _, l := range o.Lines {
			if slices.Contains(g.Unmapped, l.OfferSKU) {
				bad = l.OfferSKU
			}
		}
		if bad != "" {
			unmapped[o.OrderID] = bad
		} else {
			synced[o.OrderID] = true
		}
	}
	if len(unmapped) == 0 || len(synced) == 0 {
		t.Fatalf("generator gave %d held and %d clean orders; the test needs both", len(unmapped), len(synced))
	}
	return synced, unmapped
}

func checkEndState(t *testing.T, out string, synced map[string]bool, unmapped map[string]string) nsState {
	t.Helper()
	var ns nsState
	readJSON(t, filepath.Join(out, scenario.NetSuiteFile), &ns)
	seen := map[string]int{}
	for _, so := range ns.Records["salesOrder"] {
		ext, _ := so["externalId"].(string)
		seen[ext]++
	}
	for id := range synced {
		if seen["JL-"+id] != 1 {
			t.Errorf("order %s: %d Sales Orders with externalId JL-%s, want exactly 1", id, seen["JL-"+id], id)
		}
	}
	if len(ns.Records["salesOrder"]) != len(synced) {
		t.Errorf("%d Sales Orders, want %d", len(ns.Records["salesOrder"]), len(synced))
	}
	var rep Report
	readJSON(t, filepath.Join(out, scenario.AgentFile), &rep)
	if !rep.Idle {
		t.Errorf("agent.json says the run did not settle")
	}
	open := map[string]apitype.Exception{}
	for _, e := range rep.Exceptions {
		if e.Status == apitype.ExceptionOpen {
			open[e.Subject] = e
		}
	}
	if len(open) != len(unmapped) {
		t.Errorf("%d open exceptions, want %d: %+v", len(open), len(unmapped), rep.Exceptions)
	}
	for id, sku := range unmapped {
		found := false
		for subj, e := range open {
			if strings.Contains(subj, id) {
				found = true
				if e.Type != apitype.ExcUnmappedSKU || !strings.Contains(e.Reason, sku) {
					t.Errorf("order %s: exception %s %q does not name SKU %s", id, e.Type, e.Reason, sku)
				}
			}
		}
		if !found {
			t.Errorf("order %s (unmapped SKU %s) has no open exception", id, sku)
		}
	}
	return ns
}

func TestHeadlessGeneratedRunTwiceAndUnderFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	const seed, orders = 7, 30
	synced, unmapped := expectations(t, seed, orders)
	ctx := context.Background()
	data := t.TempDir()
	out1, out2, out3 := t.TempDir(), t.TempDir(), t.TempDir()

	if err := Headless(ctx, Options{Seed: seed, Orders: orders, DataDir: data, StateOut: out1, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	checkEndState(t, out1, synced, unmapped)

	// The same data dir again: the run continues the same world and writes
	// nothing twice.
	if err := Headless(ctx, Options{Seed: seed, Orders: orders, DataDir: data, StateOut: out2, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	ns := checkEndState(t, out2, synced, unmapped)
	if n := ns.Observed.Calls["PUT salesOrder"]; n != 0 {
		t.Errorf("second run upserted %d Sales Orders; everything was already in NetSuite", n)
	}

	// Throttling and server errors on both sides: the same end state.
	if err := Headless(ctx, Options{Seed: seed, Orders: orders, StateOut: out3, Faults: "rate429=0.2,rate5xx=0.1", Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	checkEndState(t, out3, synced, unmapped)
}

func TestStateOutIsAScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	out := t.TempDir()
	if err := Headless(context.Background(), Options{Seed: 3, Orders: 5, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	sc, err := scenario.Load(out)
	if err != nil {
		t.Fatal(err)
	}
	w, err := StartWorld(WorldOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Load(sc); err != nil {
		t.Fatalf("a state-out dir must load as a scenario: %v", err)
	}
	again, err := w.State()
	if err != nil {
		t.Fatal(err)
	}
	var a, b struct {
		Orders []mirakl.Order `json:"orders"`
	}
	_ = json.Unmarshal(sc.Mirakl, &a)
	_ = json.Unmarshal(again.Mirakl, &b)
	if len(a.Orders) != 5 || len(b.Orders) != len(a.Orders) {
		t.Fatalf("orders: %d loaded, %d dumped", len(a.Orders), len(b.Orders))
	}
	for i := range a.Orders {
		if a.Orders[i].OrderID != b.Orders[i].OrderID || a.Orders[i].State != b.Orders[i].State || a.Orders[i].TotalPrice != b.Orders[i].TotalPrice {
			t.Errorf("order %d changed across load/dump: %+v vs %+v", i, a.Orders[i].OrderID, b.Orders[i].OrderID)
		}
	}
}

// copyScenario copies a testdata scenario into a temp dir, appending extra
// YAML to its jlsync.yaml and writing actions (when not empty), and returns
// the dir.
func copyScenario(t *testing.T, name, extraYAML, actions string) string {
	t.Helper()
	src := filepath.Join("testdata", name)
	dir := t.TempDir()
	for _, f := range []string{scenario.MiraklFile, scenario.NetSuiteFile, scenario.ConfigFile} {
		b, err := os.ReadFile(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		if f == scenario.ConfigFile {
			b = append(b, []byte(extraYAML)...)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if actions != "" {
		if err := os.WriteFile(filepath.Join(dir, scenario.ActionsFile), []byte(actions), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
