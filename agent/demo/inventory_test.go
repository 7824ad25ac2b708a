package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/scenario"
)

type miraklState struct {
	Offers []struct {
		SKU      string `json:"shop_sku"`
		Quantity int    `json:"quantity"`
	} `json:"offers"`
	Observed struct {
		Calls        map[string]int `json:"calls"`
		StockImports []struct {
			Lines []struct {
				SKU      string `json:"offer_sku"`
				Quantity int    `json:"quantity"`
			} `json:"lines"`
		} `json:"stock_imports"`
	} `json:"observed"`
}

// TestInventoryScenario runs testdata/inventory (three locations, a buffer of
// each kind, a floor, units promised in an accepted order) and checks every
// offer's quantity; a second run with nothing changed sends nothing.
func TestInventoryScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	dir := filepath.Join("testdata", "inventory")
	var want struct {
		Offers map[string]int    `json:"offers"`
		Why    map[string]string `json:"why"`
	}
	readJSON(t, filepath.Join(dir, "expect.json"), &want)
	data, out1, out2 := t.TempDir(), t.TempDir(), t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, DataDir: data, StateOut: out1, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var m miraklState
	readJSON(t, filepath.Join(out1, scenario.MiraklFile), &m)
	for _, o := range m.Offers {
		if w, ok := want.Offers[o.SKU]; ok && o.Quantity != w {
			t.Errorf("%s: quantity %d on the marketplace, want %d (%s)", o.SKU, o.Quantity, w, want.Why[o.SKU])
		}
	}
	// The first import carries every changed SKU at once; a later one (the
	// order's units became promised after it) carries only what moved since.
	imps := m.Observed.StockImports
	if len(imps) == 0 || len(imps[0].Lines) != 5 {
		t.Fatalf("stock imports: %+v; want the first to carry all five SKUs NetSuite stocks", imps)
	}
	for _, imp := range imps[1:] {
		for _, l := range imp.Lines {
			if l.SKU != "SKU-MUG" {
				t.Errorf("a later import resent %s, which had not changed", l.SKU)
			}
		}
	}

	// Continue the same world with nothing changed: no stock import at all.
	if err := Headless(context.Background(), Options{DataDir: data, StateOut: out2, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var m2 miraklState
	readJSON(t, filepath.Join(out2, scenario.MiraklFile), &m2)
	if n := m2.Observed.Calls["STO01"]; n != 0 {
		t.Errorf("the second run sent %d stock imports; nothing had changed", n)
	}
	for _, o := range m2.Offers {
		if w, ok := want.Offers[o.SKU]; ok && o.Quantity != w {
			t.Errorf("second run: %s at %d, want %d", o.SKU, o.Quantity, w)
		}
	}
}
