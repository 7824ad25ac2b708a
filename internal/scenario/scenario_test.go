package scenario

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, err := Generate(GenOptions{Seed: 11, Orders: 40})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Generate(GenOptions{Seed: 11, Orders: 40})
	c, _ := Generate(GenOptions{Seed: 12, Orders: 40})
	if !bytes.Equal(a.Mirakl, b.Mirakl) || !bytes.Equal(a.NetSuite, b.NetSuite) {
		t.Fatal("the same seed gave different worlds")
	}
	if bytes.Equal(a.Mirakl, c.Mirakl) {
		t.Fatal("different seeds gave the same world")
	}
	if len(a.Products) != 200 || len(a.Unmapped) != 4 || len(a.ItemIDs) != 196 || len(a.Orders) != 40 {
		t.Fatalf("products %d, unmapped %d, items %d, orders %d", len(a.Products), len(a.Unmapped), len(a.ItemIDs), len(a.Orders))
	}
	held := 0
	for _, o := range a.Orders {
		for _, l := range o.Lines {
			if slices.Contains(a.Unmapped, l.OfferSKU) {
				held++
				break
			}
		}
	}
	if held < 40/12 {
		t.Errorf("only %d orders use an unmapped SKU", held)
	}
}

func TestGenerateRefusesImpossibleWorlds(t *testing.T) {
	for _, o := range []GenOptions{{Orders: -1}, {SKUs: 3, Unmapped: 3}} {
		if _, err := Generate(o); err == nil {
			t.Errorf("Generate(%+v) succeeded", o)
		}
	}
}

func TestItemsCarryValidEAN13Barcodes(t *testing.T) {
	g, _ := Generate(GenOptions{Seed: 1, Orders: 1, SKUs: 20})
	var ns struct {
		Records struct {
			Items []struct {
				UPC string `json:"upcCode"`
			} `json:"inventoryItem"`
		} `json:"records"`
	}
	if err := json.Unmarshal(g.NetSuite, &ns); err != nil {
		t.Fatal(err)
	}
	if len(ns.Records.Items) != 20 {
		t.Fatalf("%d items", len(ns.Records.Items))
	}
	for _, it := range ns.Records.Items {
		code := it.UPC
		if len(code) != 13 || !strings.HasPrefix(code, "50") {
			t.Fatalf("barcode %q is not a UK EAN-13", code)
		}
		sum := 0
		for i, r := range code[:12] {
			d := int(r - '0')
			if i%2 == 1 {
				d *= 3
			}
			sum += d
		}
		if int(code[12]-'0') != (10-sum%10)%10 {
			t.Errorf("barcode %s has a wrong check digit", code)
		}
	}
}

func TestLoadAndWrite(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "holds none of") {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := Load(filepath.Join(dir, "nope")); err == nil {
		t.Error("missing dir loaded")
	}
	if err := os.WriteFile(filepath.Join(dir, MiraklFile), []byte(`[1,2]`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), MiraklFile) {
		t.Errorf("a JSON array must be refused, naming the file: %v", err)
	}
	g, _ := Generate(GenOptions{Seed: 2, Orders: 3})
	g.Config = []byte("orders:\n  interval: 2m\n")
	out := t.TempDir()
	if err := g.Scenario.Write(out); err != nil {
		t.Fatal(err)
	}
	back, err := Load(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Mirakl, g.Mirakl) || !bytes.Equal(back.NetSuite, g.NetSuite) || !bytes.Equal(back.Config, g.Config) || back.Actions != nil {
		t.Error("a written scenario does not load back the same")
	}
}
