package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/scenario"
)

// TestPayoutJournalPreview: two orders ship, the marketplace closes the
// billing cycle, and the agent ends with a balanced journal preview for the
// payout, tied out to the transfer, waiting to be posted.
func TestPayoutJournalPreview(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	g, err := scenario.Generate(scenario.GenOptions{Seed: 3, Orders: 6})
	if err != nil {
		t.Fatal(err)
	}
	var ship []string
	for _, o := range g.Orders {
		clean := true
		for _, l := range o.Lines {
			_, ok := g.ItemIDs[l.OfferSKU]
			clean = clean && ok
		}
		if clean && len(ship) < 2 {
			ship = append(ship, o.OrderID)
		}
	}
	g.Actions = []byte(fmt.Sprintf(`{"actions":[
	  {"after":"20m","do":"fulfil","sales_order":"JL-%s","tracking":["JD1"],"ship_method":"DPD Next Day"},
	  {"after":"20m","do":"fulfil","sales_order":"JL-%s","tracking":["JD2"],"ship_method":"DPD Next Day"},
	  {"after":"50m","do":"close_billing_cycle"}
	]}`, ship[0], ship[1]))
	dir := t.TempDir()
	if err := g.Scenario.Write(dir); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var rep Report
	readJSON(t, filepath.Join(out, scenario.AgentFile), &rep)
	if len(rep.JournalPreviews) != 1 {
		t.Fatalf("%d journal previews, want 1", len(rep.JournalPreviews))
	}
	var p apitype.Payout
	if err := json.Unmarshal(rep.JournalPreviews[0], &p); err != nil {
		t.Fatal(err)
	}
	// Both orders ship within simulated minutes of the start, well before the
	// cycle closes at 50 minutes.
	if p.Status != apitype.PayoutPreview || p.TotalDebit != p.TotalCredit || p.TotalDebit == 0 || p.Orders != 2 || p.Transferred <= 0 {
		t.Fatalf("payout: status %s, debit %s, credit %s, orders %d, transferred %s, exceptions %v",
			p.Status, p.TotalDebit, p.TotalCredit, p.Orders, p.Transferred, p.Exceptions)
	}
	var bank bool
	for _, l := range p.Journal {
		if l.Account == scenario.BankAccount && l.Debit == p.Transferred {
			bank = true
		}
	}
	if !bank {
		t.Errorf("no bank line for the transfer: %+v", p.Journal)
	}
}
