package miraklsim

import (
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// TestMoneyToThePenny ships, cancels and refunds a batch of generated
// orders, closes billing cycles and checks every total the agent will
// reconcile: line balances, cycle payouts, invoices and summaries.
func TestMoneyToThePenny(t *testing.T) {
	s, clk := newSim(t, 1, 0, 40)
	os := orders(t, s, "")
	var shipped []mirakl.Order
	for i, o := range os {
		switch {
		case i%10 == 0: // cancel the whole order before shipment
			mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/cancel", nil), 204)
			continue
		case i%7 == 0: // cancel one unit of the first line, then ship
			if _, err := s.CancelLine(CancelEvent{OrderLineID: o.Lines[0].ID, Quantity: 1}); err != nil {
				t.Fatal(err)
			}
		}
		mustStatus(t, call(t, s, "PUT", "/api/orders/"+o.OrderID+"/ship", nil), 204)
		shipped = append(shipped, order(t, s, o.OrderID))
	}
	clk.Advance(time.Hour)
	// Partial then full refunds on some lines.
	for i, o := range shipped {
		if i%3 != 0 {
			continue
		}
		l := o.Lines[len(o.Lines)-1]
		if l.State != mirakl.StateShipped {
			continue
		}
		left := l.Price - l.CanceledAmount()
		third := money.Amount(int64(left) / 3)
		if _, err := s.RefundLine(RefundEvent{OrderLineID: l.ID, Amount: third, ReasonCode: ReasonDamaged}); err != nil {
			t.Fatal(err)
		}
		if i%2 == 0 {
			if _, err := s.RefundLine(RefundEvent{OrderLineID: l.ID, Amount: left - third, ShippingAmount: l.ShippingPrice - l.CanceledShipping()}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RefundLine(RefundEvent{OrderLineID: l.ID, Amount: 1}); err == nil {
				t.Fatal("refunded more than the line holds")
			}
		}
	}
	first, err := s.CloseBillingCycle(CloseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// A later refund lands in the next cycle, left unpaid.
	clk.Advance(24 * time.Hour)
	l := shipped[1].Lines[0]
	if _, err := s.RefundLine(RefundEvent{OrderLineID: l.ID, Amount: 100}); err != nil {
		t.Fatal(err)
	}
	second, err := s.CloseBillingCycle(CloseOptions{Unpaid: true})
	if err != nil {
		t.Fatal(err)
	}
	if second.Cycle.PayOut.State != "TO_PAY" || second.Cycle.AmountTransferredToSeller >= 0 {
		t.Fatalf("second cycle %+v", second.Cycle.PayOut)
	}
	if _, err := s.CloseBillingCycle(CloseOptions{}); err == nil {
		t.Fatal("closed a cycle with nothing in it")
	}
	if err := s.PayBillingCycle(second.Cycle.ID); err != nil {
		t.Fatal(err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	// Running balance and amount = credited - debited on every line.
	var bal money.Amount
	for _, tl := range st.txns {
		bal += tl.Amount
		if tl.Balance != bal || tl.Amount != tl.AmountCredited-tl.AmountDebited || (tl.AmountCredited != 0 && tl.AmountDebited != 0) {
			t.Fatalf("line %s %s: amount %s credited %s debited %s balance %s, running %s", tl.ID, tl.Type, tl.Amount, tl.AmountCredited, tl.AmountDebited, tl.Balance, bal)
		}
	}
	if bal != 0 || st.balance != 0 {
		t.Fatalf("after paying every cycle the balance is %s", bal)
	}
	// Each order's goods lines equal what it shipped net of cancellations.
	for _, o := range shipped {
		o := st.orderIdx[o.OrderID]
		var want, got money.Amount
		for _, l := range o.Lines {
			want += l.Price - l.CanceledAmount() - l.RefundedAmount()
		}
		for _, tl := range st.txns {
			if tl.Entities.Order != nil && tl.Entities.Order.ID == o.OrderID && (tl.Type == "ORDER_AMOUNT" || tl.Type == "REFUND_ORDER_AMOUNT") {
				got += tl.Amount
			}
		}
		if got != want {
			t.Fatalf("order %s: goods lines %s, want %s", o.OrderID, got, want)
		}
		for _, l := range o.Lines {
			fee, vat := takenCommission(&l)
			if fee > l.CommissionFee || vat > l.CommissionVAT {
				t.Fatalf("line %s gave back more commission than charged", l.ID)
			}
			if l.State == mirakl.StateRefunded && (l.RefundedAmount()+l.CanceledAmount() != l.Price) {
				t.Fatalf("line %s REFUNDED but %s of %s refunded", l.ID, l.RefundedAmount(), l.Price)
			}
		}
	}
	for _, res := range []CloseResult{first, second} {
		cy := res.Cycle
		var net, comm money.Amount
		for _, tl := range st.txns {
			if tl.SellerBillingCycleID != cy.ID {
				continue
			}
			if tl.PaymentState != "PAID" {
				t.Fatalf("line %s of a paid cycle is %s", tl.ID, tl.PaymentState)
			}
			if tl.Type == "PAYMENT" {
				if tl.Amount != -cy.AmountTransferredToSeller {
					t.Fatalf("PAYMENT %s vs payout %s", tl.Amount, cy.AmountTransferredToSeller)
				}
				continue
			}
			net += tl.Amount
			switch tl.Type {
			case "COMMISSION_FEE", "COMMISSION_VAT", "REFUND_COMMISSION_FEE", "REFUND_COMMISSION_VAT":
				comm += tl.Amount
				if tl.AccountingDocumentNumber == "" {
					t.Fatalf("commission line %s without its invoice number", tl.ID)
				}
			}
		}
		sm := cy.Summary
		sum := sm.TotalPayableOrdersInclTax + sm.TotalRefundOrdersInclTax + sm.TotalCommissionsInclTax + sm.TotalRefundCommissionsInclTax
		if net != cy.AmountTransferredToSeller || sum != net {
			t.Fatalf("cycle %s: lines %s, payout %s, summary %s", cy.ID, net, cy.AmountTransferredToSeller, sum)
		}
		inv := res.Invoice
		if inv.TotalAmountInclTaxes != -comm || inv.TotalAmountInclTaxes != inv.TotalAmountExclTaxes+inv.TotalTaxes[0].Amount ||
			inv.SellerBillingCycleID != cy.ID || inv.Summary.AmountTransferred != cy.AmountTransferredToSeller {
			t.Fatalf("invoice %+v, commission %s", inv, comm)
		}
		var details money.Amount
		for _, d := range inv.Details {
			details += d.AmountExclTaxes
		}
		if details != inv.TotalAmountExclTaxes {
			t.Fatalf("invoice details %s vs total %s", details, inv.TotalAmountExclTaxes)
		}
		// VAT inside the payable orders is 20%: excl = incl - incl/6, to the penny per line.
		if sm.TotalPayableOrdersInclTax > 0 && sm.TotalPayableOrdersExclTax >= sm.TotalPayableOrdersInclTax {
			t.Fatalf("excl %s >= incl %s", sm.TotalPayableOrdersExclTax, sm.TotalPayableOrdersInclTax)
		}
	}
}
