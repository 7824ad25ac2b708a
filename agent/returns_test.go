package agent

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/localapi"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

func TestRefundsBecomeCreditMemos(t *testing.T) {
	market, erp := newWorld()
	o := order("RF1", "SKU-A")
	// Three units for 25.00 after a promotion, plus 3.95 shipping.
	o.Lines[0].Quantity, o.Lines[0].Price, o.Lines[0].ShippingPrice, o.Lines[0].TotalPrice = 3, 2500, 395, 2895
	o.Price, o.ShippingPrice, o.TotalPrice = 2500, 395, 2895
	market.orders = map[string]mirakl.Order{"RF1": o}
	cfg := testConfig()
	cfg.Returns.Interval = time.Second
	cfg.Returns.ReasonField = "custbody_jl_refund_reason"
	a := startWith(t, cfg, Deps{Marketplace: market, ERP: erp})
	waitIdle(t, a)
	if _, n := erp.so("JL-RF1"); n != 1 {
		t.Fatal("no Sales Order")
	}

	// One unit comes back with its share of shipping.
	market.update("RF1", func(o *mirakl.Order) {
		o.State = mirakl.StateShipped
		o.Lines[0].Refunds = []mirakl.Refund{{ID: "R-100", CreatedDate: time.Now(), ReasonCode: "17", Quantity: 1, Amount: 833, ShippingAmount: 132}}
	})
	waitIdle(t, a)
	erp.mu.Lock()
	cm, ok := erp.cms["JL-RFD-R-100"]
	erp.mu.Unlock()
	if !ok {
		t.Fatal("no Credit Memo JL-RFD-R-100")
	}
	if len(cm.Item.Items) != 1 || *cm.Item.Items[0].Amount != money.Amount(833) || cm.Item.Items[0].Item.ID != "501" ||
		cm.ShippingCost == nil || *cm.ShippingCost != 132 || cm.CustomFields["custbody_jl_refund_reason"] != "17" || cm.OtherRefNum != "RF1" {
		t.Errorf("credit memo: %+v lines %+v", cm, cm.Item.Items)
	}
	if cm.Entity == nil || cm.Entity.ID == "" {
		t.Errorf("the credit memo must go to the order's customer: %+v", cm.Entity)
	}
	got, _ := a.Order(context.Background(), "RF1")
	if last := got.Timeline[len(got.Timeline)-1]; last.Kind != "refunded" || !strings.Contains(last.Detail, "£9.65") {
		t.Errorf("timeline: %+v", got.Timeline)
	}

	// Refunds beyond what the customer paid stop for finance.
	market.update("RF1", func(o *mirakl.Order) {
		o.Lines[0].Refunds = append(o.Lines[0].Refunds, mirakl.Refund{ID: "R-101", CreatedDate: time.Now(), ReasonCode: "17", Quantity: 3, Amount: 2500})
	})
	waitIdle(t, a)
	ex, _ := a.Exceptions(context.Background(), localapi.ExceptionQuery{Flow: apitype.FlowReturns})
	if ex.Total != 1 || ex.Items[0].Type != apitype.ExcOverRefund || !strings.Contains(ex.Items[0].Reason, "33.33") {
		t.Fatalf("exceptions: %+v", ex.Items)
	}
	if n := erp.count("creditMemo"); n != 1 {
		t.Errorf("%d credit memo writes, want 1 (no repeats, no credit for the over-refund)", n)
	}
}
