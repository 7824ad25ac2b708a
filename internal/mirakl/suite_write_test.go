package mirakl_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// The write cases of the suite: they change orders, stock and money, so they
// run against the simulator only.

// orderIn returns the first order in state.
func orderIn(t *testing.T, e *env, state string) mirakl.Order {
	t.Helper()
	os, err := e.c.ListOrders(ctx(t), mirakl.OrdersQuery{States: []string{state}})
	if err != nil || len(os) == 0 {
		t.Fatalf("no %s order: %v", state, err)
	}
	return os[0]
}

func getOrder(t *testing.T, e *env, id string) mirakl.Order {
	t.Helper()
	os, err := e.c.ListOrders(ctx(t), mirakl.OrdersQuery{OrderIDs: []string{id}})
	if err != nil || len(os) != 1 {
		t.Fatalf("order %s: %v", id, err)
	}
	return os[0]
}

// waitState polls OR11 (inside its ceiling) until the order reaches state.
func waitState(t *testing.T, e *env, id, state string) mirakl.Order {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		o := getOrder(t, e, id)
		if o.State == state {
			return o
		}
		if time.Now().After(deadline) {
			t.Fatalf("order %s stuck in %s, want %s", id, o.State, state)
		}
		time.Sleep(time.Millisecond)
	}
}

func acceptAll(t *testing.T, e *env, o mirakl.Order, accepted bool) {
	t.Helper()
	var ls []mirakl.LineAcceptance
	for _, l := range o.Lines {
		ls = append(ls, mirakl.LineAcceptance{ID: l.ID, Accepted: accepted})
	}
	if err := e.c.AcceptOrder(ctx(t), o.OrderID, ls); err != nil {
		t.Fatal(err)
	}
}

func linesOf(t *testing.T, e *env, q mirakl.TransactionsQuery) []mirakl.TransactionLine {
	t.Helper()
	ls, err := e.c.ListTransactionLines(ctx(t), q)
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

func sumType(ls []mirakl.TransactionLine, typ string) money.Amount {
	var s money.Amount
	for _, l := range ls {
		if l.Type == typ {
			s += l.Amount
		}
	}
	return s
}

func testLifecycle(t *testing.T, e *env) {
	c := ctx(t)
	o := orderIn(t, e, mirakl.StateWaitingAcceptance)
	acceptAll(t, e, o, true)
	o = waitState(t, e, o.OrderID, mirakl.StateShipping)
	if o.CustomerDebitedDate == nil || o.AcceptanceDecisionDate == nil {
		t.Fatal("debit and acceptance dates missing")
	}
	if err := e.c.UpdateTracking(c, o.OrderID, mirakl.Tracking{CarrierCode: "ROYAL_MAIL", TrackingNumber: "RM123456785GB"}); err != nil {
		t.Fatal(err)
	}
	if err := e.c.ShipOrder(c, o.OrderID); err != nil {
		t.Fatal(err)
	}
	o = getOrder(t, e, o.OrderID)
	if o.State != mirakl.StateShipped || o.ShippingTracking != "RM123456785GB" || !strings.Contains(o.ShippingTrackingURL, "RM123456785GB") {
		t.Fatalf("after OR23+OR24: %s %q %q", o.State, o.ShippingTracking, o.ShippingTrackingURL)
	}
	ls := linesOf(t, e, mirakl.TransactionsQuery{OrderIDs: []string{o.OrderID}, Limit: 3})
	var fee, vat money.Amount
	for _, l := range o.Lines {
		fee += l.CommissionFee
		vat += l.CommissionVAT
	}
	if sumType(ls, "ORDER_AMOUNT") != o.Price || sumType(ls, "ORDER_SHIPPING_AMOUNT") != o.ShippingPrice ||
		sumType(ls, "COMMISSION_FEE") != -fee || sumType(ls, "COMMISSION_VAT") != -vat {
		t.Fatalf("transaction lines do not match the order: %s", brief(ls))
	}

	reasons, err := e.c.ListReasons(c)
	if err != nil {
		t.Fatal(err)
	}
	var reason string
	for _, r := range reasons {
		if r.Type == mirakl.ReasonRefund {
			reason = r.Code
			break
		}
	}
	line := o.Lines[0]
	res, err := e.c.Refund(c, []mirakl.RefundRequest{{OrderLineID: line.ID, Amount: money.MustParse("1.00"), ReasonCode: reason, Quantity: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].RefundID == "" || res[0].Amount != 100 {
		t.Fatalf("refund result %+v", res)
	}
	o = getOrder(t, e, o.OrderID)
	if l, _ := o.Line(line.ID); len(l.Refunds) != 1 || l.Refunds[0].ID != res[0].RefundID {
		t.Fatalf("refund not on the line: %+v", l.Refunds)
	}
	ls = linesOf(t, e, mirakl.TransactionsQuery{OrderIDs: []string{o.OrderID}})
	if sumType(ls, "REFUND_ORDER_AMOUNT") != -100 || sumType(ls, "REFUND_COMMISSION_FEE") <= 0 {
		t.Fatalf("refund lines missing: %s", brief(ls))
	}

	res2, err := e.sim.CloseBillingCycle(miraklsim.CloseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cycles, err := e.c.ListBillingCycles(c, mirakl.BillingCyclesQuery{})
	if err != nil || len(cycles) != 1 || cycles[0].ID != res2.Cycle.ID {
		t.Fatalf("SBC11: %v %v", cycles, err)
	}
	cy := cycles[0]
	in := linesOf(t, e, mirakl.TransactionsQuery{BillingCycleIDs: []string{cy.ID}})
	var net, commission money.Amount
	for _, l := range in {
		switch l.Type {
		case "PAYMENT":
			if l.Amount != -cy.AmountTransferredToSeller {
				t.Errorf("PAYMENT %s, cycle pays %s", l.Amount, cy.AmountTransferredToSeller)
			}
		case "COMMISSION_FEE", "COMMISSION_VAT", "REFUND_COMMISSION_FEE", "REFUND_COMMISSION_VAT":
			commission += l.Amount
			net += l.Amount
		default:
			net += l.Amount
		}
	}
	if net != cy.AmountTransferredToSeller || cy.PayOut.State != "PAID" {
		t.Fatalf("cycle pays %s (%s), its lines net %s", cy.AmountTransferredToSeller, cy.PayOut.State, net)
	}
	docs, err := e.c.ListInvoices(c, mirakl.InvoicesQuery{BillingCycleIDs: []string{cy.ID}})
	if err != nil || len(docs) != 1 {
		t.Fatalf("IV01: %v %v", docs, err)
	}
	if docs[0].TotalAmountInclTaxes != -commission {
		t.Fatalf("invoice %s, commission lines %s", docs[0].TotalAmountInclTaxes, commission)
	}
	sm := cy.Summary
	if sm.TotalPayableOrdersInclTax+sm.TotalRefundOrdersInclTax+sm.TotalCommissionsInclTax+sm.TotalRefundCommissionsInclTax != cy.AmountTransferredToSeller {
		t.Fatalf("summary does not add up to the payout: %+v", sm)
	}
}

func testRefuse(t *testing.T, e *env) {
	o := orderIn(t, e, mirakl.StateWaitingAcceptance)
	acceptAll(t, e, o, false)
	if got := getOrder(t, e, o.OrderID); got.State != mirakl.StateRefused {
		t.Fatalf("state %s, want REFUSED", got.State)
	}
}

func wantMiraklError(t *testing.T, err error, op string, status int, code string) {
	t.Helper()
	var me *mirakl.Error
	if !errors.As(err, &me) {
		t.Fatalf("want *mirakl.Error, got %v", err)
	}
	if me.Op != op || me.Status != status || (code != "" && me.Code != code) {
		t.Fatalf("got %s/%d/%s (%s), want %s/%d/%s", me.Op, me.Status, me.Code, me.Message, op, status, code)
	}
	if mirakl.IsRetryable(err) {
		t.Fatalf("%v must not be retryable", err)
	}
}

func testIllegal(t *testing.T, e *env) {
	c := ctx(t)
	waiting := orderIn(t, e, mirakl.StateWaitingAcceptance)
	shipping := orderIn(t, e, mirakl.StateShipping)
	wantMiraklError(t, e.c.ShipOrder(c, waiting.OrderID), mirakl.OpOR24, 400, "ORDER_INVALID_STATE")
	err := e.c.AcceptOrder(c, shipping.OrderID, []mirakl.LineAcceptance{{ID: shipping.Lines[0].ID, Accepted: true}})
	wantMiraklError(t, err, mirakl.OpOR21, 400, "ORDER_INVALID_STATE")
	wantMiraklError(t, e.c.ShipOrder(c, "NO-SUCH-ORDER"), mirakl.OpOR24, 404, "ORDER_NOT_FOUND")
	if len(waiting.Lines) > 1 {
		err = e.c.AcceptOrder(c, waiting.OrderID, []mirakl.LineAcceptance{{ID: waiting.Lines[0].ID, Accepted: true}})
		wantMiraklError(t, err, mirakl.OpOR21, 400, "ORDER_LINE_ACCEPTANCE_DECISION_MISSING")
	}
	// Refunds need a shipped order, and are refused once it is CLOSED.
	_, err = e.c.Refund(c, []mirakl.RefundRequest{{OrderLineID: shipping.Lines[0].ID, Amount: 100, ReasonCode: miraklsim.ReasonGoodwill}})
	wantMiraklError(t, err, mirakl.OpOR28, 400, "ORDER_INVALID_STATE")
	if err := e.c.ShipOrder(c, shipping.OrderID); err != nil {
		t.Fatal(err)
	}
	if err := e.sim.CloseOrder(shipping.OrderID); err != nil {
		t.Fatal(err)
	}
	_, err = e.c.Refund(c, []mirakl.RefundRequest{{OrderLineID: shipping.Lines[0].ID, Amount: 100, ReasonCode: miraklsim.ReasonGoodwill}})
	wantMiraklError(t, err, mirakl.OpOR28, 400, "ORDER_INVALID_STATE")
}

func testCancel(t *testing.T, e *env) {
	c := ctx(t)
	os, err := e.c.ListOrders(c, mirakl.OrdersQuery{States: []string{mirakl.StateShipping}})
	if err != nil || len(os) < 2 {
		t.Fatal(err)
	}
	l := os[0].Lines[0]
	res, err := e.c.CancelLines(c, []mirakl.CancelationRequest{{
		OrderLineID: l.ID, Quantity: l.Quantity, Amount: l.Price, ShippingAmount: l.ShippingPrice, ReasonCode: miraklsim.ReasonSellerCannotShip,
	}})
	if err != nil || len(res) != 1 || res[0].CancelationID == "" {
		t.Fatalf("OR30: %+v %v", res, err)
	}
	got := getOrder(t, e, os[0].OrderID)
	if gl, _ := got.Line(l.ID); gl.State != mirakl.StateCanceled || len(gl.Cancelations) != 1 {
		t.Fatalf("line after OR30: %s %+v", gl.State, gl.Cancelations)
	}
	if err := e.c.CancelOrder(c, os[1].OrderID); err != nil {
		t.Fatal(err)
	}
	if got := getOrder(t, e, os[1].OrderID); got.State != mirakl.StateCanceled {
		t.Fatalf("after OR29: %s", got.State)
	}
}

func testMultiShipment(t *testing.T, e *env) {
	c := ctx(t)
	o := orderIn(t, e, mirakl.StateShipping)
	var first []mirakl.ShipmentLine
	for _, l := range o.Lines {
		first = append(first, mirakl.ShipmentLine{OrderLineID: l.ID, Quantity: 1})
	}
	ok, bad, err := e.c.CreateShipments(c, []mirakl.ShipmentRequest{
		{OrderID: o.OrderID, Lines: first},
		{OrderID: "NO-SUCH-ORDER", Lines: first},
	})
	if err != nil || len(ok) != 1 || len(bad) != 1 || bad[0].OrderID != "NO-SUCH-ORDER" {
		t.Fatalf("ST01: %+v %+v %v", ok, bad, err)
	}
	ids, bad, err := e.c.UpdateShipmentTracking(c, []mirakl.ShipmentTrackingUpdate{{ID: ok[0].ID, Tracking: mirakl.ShipmentTracking{CarrierCode: "DPD", TrackingNumber: "15501234567890"}}})
	if err != nil || len(ids) != 1 || len(bad) != 0 {
		t.Fatalf("ST23: %v %v %v", ids, bad, err)
	}
	ids, bad, err = e.c.ShipShipments(c, []string{ok[0].ID, "nope"})
	if err != nil || len(ids) != 1 || len(bad) != 1 {
		t.Fatalf("ST24: %v %v %v", ids, bad, err)
	}
	var rest []mirakl.ShipmentLine
	for _, l := range o.Lines {
		if l.Quantity > 1 {
			rest = append(rest, mirakl.ShipmentLine{OrderLineID: l.ID, Quantity: l.Quantity - 1})
		}
	}
	if len(rest) > 0 {
		if got := getOrder(t, e, o.OrderID); got.State != mirakl.StateShipping {
			t.Fatalf("order with lines left to ship is %s", got.State)
		}
		ok, _, err = e.c.CreateShipments(c, []mirakl.ShipmentRequest{{OrderID: o.OrderID, Lines: rest, Shipped: true,
			Tracking: &mirakl.ShipmentTracking{CarrierCode: "DPD", TrackingNumber: "15501234567891"}}})
		if err != nil || len(ok) != 1 || ok[0].Status != mirakl.StateShipped {
			t.Fatalf("second ST01: %+v %v", ok, err)
		}
	}
	if got := getOrder(t, e, o.OrderID); got.State != mirakl.StateShipped {
		t.Fatalf("after every shipment: %s", got.State)
	}
}

func testStockImport(t *testing.T, e *env) {
	c := ctx(t)
	offers, err := e.c.ListOffers(c, mirakl.OffersQuery{})
	if err != nil {
		t.Fatal(err)
	}
	id, err := e.c.ImportStock(c, []mirakl.StockLine{
		{OfferSKU: offers[0].ShopSKU, Quantity: 42},
		{OfferSKU: offers[1].ShopSKU, Quantity: 0},
		{OfferSKU: "JLM-NOPE-000001", Quantity: 3},
		{OfferSKU: offers[2].ShopSKU, Quantity: 7, WarehouseCode: "LEEDS"},
	})
	if err != nil {
		t.Fatal(err)
	}
	st, err := e.c.WaitStockImport(c, id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != mirakl.ImportComplete || st.LinesInSuccess != 3 || st.LinesInError != 1 || !st.HasErrorReport {
		t.Fatalf("STO02: %+v", st)
	}
	errs, err := e.c.StockImportErrors(c, id)
	if err != nil || len(errs) != 1 || errs[0].OfferSKU != "JLM-NOPE-000001" || errs[0].Line != 4 || errs[0].Message == "" {
		t.Fatalf("STO03: %+v %v", errs, err)
	}
	after, err := e.c.ListOffers(c, mirakl.OffersQuery{})
	if err != nil {
		t.Fatal(err)
	}
	q := map[string]mirakl.Offer{}
	for _, o := range after {
		q[o.ShopSKU] = o
	}
	if q[offers[0].ShopSKU].Quantity != 42 || q[offers[1].ShopSKU].Quantity != 0 || q[offers[1].ShopSKU].Active ||
		q[offers[2].ShopSKU].Quantity != 7 || q[offers[0].ShopSKU].Description != offers[0].Description {
		t.Fatalf("quantities after STO01: %+v", q)
	}
}

func testOfferUpdate(t *testing.T, e *env) {
	c := ctx(t)
	offers, err := e.c.ListOffers(c, mirakl.OffersQuery{})
	if err != nil {
		t.Fatal(err)
	}
	o := offers[0]
	u := mirakl.OfferUpdateFromOffer(o)
	u.Price = o.Price + 100
	id, err := e.c.UpsertOffers(c, []mirakl.OfferUpdate{u})
	if err != nil {
		t.Fatal(err)
	}
	for {
		st, err := e.c.OfferImportStatus(c, id)
		if err != nil {
			t.Fatal(err)
		}
		if st.Done() {
			if st.Status != mirakl.ImportComplete || st.OfferUpdated != 1 {
				t.Fatalf("OF02: %+v", st)
			}
			break
		}
	}
	got, err := e.c.ListOffers(c, mirakl.OffersQuery{SKU: o.ShopSKU})
	if err != nil || len(got) != 1 {
		t.Fatal(err)
	}
	g := got[0]
	if g.Price != o.Price+100 || g.Quantity != o.Quantity || g.Description != o.Description || g.LeadtimeToShip != o.LeadtimeToShip {
		t.Fatalf("OF24 with the full offer changed more than the price: before %+v after %+v", o, g)
	}
}

func testWrongKey(t *testing.T, e *env) {
	c, err := mirakl.New(mirakl.Config{BaseURL: e.url, APIKey: "wrong-key-secret"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.ListReasons(ctx(t))
	wantMiraklError(t, err, mirakl.OpRE01, 401, "")
	if strings.Contains(err.Error(), "wrong-key-secret") {
		t.Fatal("the API key leaked into the error")
	}
}

func brief(ls []mirakl.TransactionLine) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.Type + " " + l.Amount.String() + "; ")
	}
	return b.String()
}
