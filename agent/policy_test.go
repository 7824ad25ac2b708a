package agent

import (
	"context"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/store/storetest"
)

// recordingMarket remembers every acceptance decision it was sent.
type recordingMarket struct {
	*fakeMarket
	decisions map[string][]mirakl.LineAcceptance
}

func (r *recordingMarket) AcceptOrder(ctx context.Context, id string, lines []mirakl.LineAcceptance) error {
	r.mu.Lock()
	r.decisions[id] = append([]mirakl.LineAcceptance(nil), lines...)
	r.mu.Unlock()
	return r.fakeMarket.AcceptOrder(ctx, id, lines)
}

func startWith(t *testing.T, cfg config.Config, market Deps) *Agent {
	t.Helper()
	db := storetest.New(t)
	a := New(cfg, db, market)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, nil) }()
	t.Cleanup(func() { cancel(); <-done })
	<-a.Ready()
	return a
}

func waitIdle(t *testing.T, a *Agent) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		base := a.PollCounts()
		time.Sleep(50 * time.Millisecond)
		if a.Idle(context.Background(), base) {
			return
		}
	}
	t.Fatal("agent never became idle")
}

func TestAcceptancePolicies(t *testing.T) {
	tests := []struct {
		name         string
		policy       string
		onUnmapped   string
		wantDecided  bool
		wantAccepted []bool // for lines SKU-A, SKU-NEW
		wantExc      string
	}{
		{"auto, hold the unmapped line", "auto", "hold", false, nil, apitype.ExcUnmappedSKU},
		{"auto, refuse the unmapped line", "auto", "refuse", true, []bool{true, false}, ""},
		{"manual: the seller decides", "manual", "hold", false, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, erp := newWorld()
			o := order("P1", "SKU-A")
			o.Lines = append(o.Lines, mirakl.OrderLine{ID: "P1-2", State: mirakl.StateWaitingAcceptance, OfferSKU: "SKU-NEW", Quantity: 1, Price: 500, TotalPrice: 500})
			base.orders = map[string]mirakl.Order{"P1": o}
			m := &recordingMarket{fakeMarket: base, decisions: map[string][]mirakl.LineAcceptance{}}
			erp.items = erp.items[:1] // SKU-NEW has no item
			cfg := testConfig()
			cfg.Orders.Acceptance.Policy = tt.policy
			cfg.Orders.Acceptance.OnUnmapped = tt.onUnmapped
			a := startWith(t, cfg, Deps{Marketplace: m, ERP: erp})
			waitIdle(t, a)
			m.mu.Lock()
			got, decided := m.decisions["P1"]
			m.mu.Unlock()
			if decided != tt.wantDecided {
				t.Fatalf("decided = %v, want %v (%+v)", decided, tt.wantDecided, got)
			}
			for i, w := range tt.wantAccepted {
				if got[i].Accepted != w {
					t.Errorf("line %d accepted = %v, want %v", i, got[i].Accepted, w)
				}
			}
			if tt.onUnmapped == "refuse" {
				if so, _ := erp.so("JL-P1"); so.Item == nil || len(so.Item.Items) != 1 {
					t.Errorf("the Sales Order must carry only the accepted line: %+v", so.Item)
				}
			}
			ex, _ := a.Exceptions(context.Background(), localapi.ExceptionQuery{})
			if tt.wantExc == "" && ex.Total != 0 || tt.wantExc != "" && (ex.Total != 1 || ex.Items[0].Type != tt.wantExc) {
				t.Errorf("exceptions = %+v", ex.Items)
			}
		})
	}
}

func TestTriggerStates(t *testing.T) {
	// Trigger on SHIPPED: an order that is only SHIPPING waits in the store.
	m, erp := newWorld()
	o := order("T1", "SKU-A")
	o.State = mirakl.StateShipping
	o.Lines[0].State = mirakl.StateShipping
	m.orders = map[string]mirakl.Order{"T1": o}
	cfg := testConfig()
	cfg.Orders.TriggerStates = []string{mirakl.StateShipped}
	a := startWith(t, cfg, Deps{Marketplace: m, ERP: erp})
	waitIdle(t, a)
	if _, n := erp.so("JL-T1"); n != 0 {
		t.Fatalf("a SHIPPING order reached NetSuite before its SHIPPED trigger")
	}
	got, _ := a.Order(context.Background(), "T1")
	if got.Sync != "waiting" {
		t.Errorf("sync = %s, want waiting", got.Sync)
	}
	m.update("T1", func(o *mirakl.Order) { o.State = mirakl.StateShipped })
	waitIdle(t, a)
	if _, n := erp.so("JL-T1"); n != 1 {
		t.Fatalf("the order did not reach NetSuite once SHIPPED")
	}
}
