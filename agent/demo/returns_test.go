package demo

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/scenario"
)

// TestRefundAfterShipment: an order ships, the marketplace refunds one unit,
// and NetSuite ends with one Credit Memo for exactly what was refunded.
func TestRefundAfterShipment(t *testing.T) {
	if testing.Short() {
		t.Skip("simulator-backed run")
	}
	dir := copyScenario(t, "orders", "", `{"actions":[
	  {"after":"20m","do":"fulfil","sales_order":"JL-SC-PROMO-A","tracking":["JD0002"],"ship_method":"DPD Next Day"},
	  {"after":"40m","do":"refund_line","order_line_id":"SC-PROMO-A-1","quantity":1,"amount":8.33,"reason_code":"17"}
	]}`)
	out := t.TempDir()
	if err := Headless(context.Background(), Options{ScenarioDir: dir, StateOut: out, Timeout: time.Minute}); err != nil {
		t.Fatal(err)
	}
	var ns struct {
		Records struct {
			CreditMemos []struct {
				ExternalID string `json:"externalId"`
				Item       struct {
					Items []struct {
						Item   struct{ ID string } `json:"item"`
						Amount money.Amount        `json:"amount"`
					} `json:"items"`
				} `json:"item"`
			} `json:"creditMemo"`
		} `json:"records"`
	}
	readJSON(t, filepath.Join(out, scenario.NetSuiteFile), &ns)
	cms := ns.Records.CreditMemos
	if len(cms) != 1 || !strings.HasPrefix(cms[0].ExternalID, "JL-RFD-") {
		t.Fatalf("credit memos: %+v", cms)
	}
	if l := cms[0].Item.Items; len(l) != 1 || l[0].Item.ID != "201" || l[0].Amount.String() != "8.33" {
		t.Errorf("credit memo lines: %+v, want item 201 for 8.33", l)
	}
}
