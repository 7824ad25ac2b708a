package miraklsim

import (
	"fmt"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// addTxn appends one TL02 line (amount > 0 credits the seller) and moves
// the running balance. Zero amounts produce no line.
func (s *Server) addTxn(o *mirakl.Order, l *mirakl.OrderLine, typ string, amount money.Amount, now time.Time, extra func(*mirakl.TransactionEntities)) {
	if amount == 0 {
		return
	}
	st := s.st
	t := &mirakl.TransactionLine{
		ID:            st.newUUID("transaction"),
		Type:          typ,
		Amount:        amount,
		Currency:      "GBP",
		PaymentState:  paymentStateOnShip,
		DateCreated:   now,
		LastUpdated:   now,
		PayOutPSPCode: "NOT_SPECIFIED",
	}
	if amount > 0 {
		t.AmountCredited = amount
	} else {
		t.AmountDebited = -amount
	}
	st.balance += amount
	t.Balance = st.balance
	psp := st.balance
	t.PSPBalance = &psp
	if o != nil {
		t.Currency = o.Currency
		created := o.CreatedDate
		t.Entities.Order = &mirakl.TransactionOrder{ID: o.OrderID, CommercialID: o.CommercialID, CreationDate: &created, References: o.References}
		if o.PaymentType != "" {
			t.Entities.Order.PaymentInfo = &mirakl.TransactionPaymentInfo{PaymentType: o.PaymentType}
		}
		if o.Channel != nil {
			t.Entities.Channel = &mirakl.CodeRef{Code: o.Channel.Code}
		}
		t.Entities.Domain = "PRODUCT"
	}
	if l != nil {
		t.Entities.OrderLine = &mirakl.IDRef{ID: l.ID}
	}
	if extra != nil {
		extra(&t.Entities)
	}
	st.txns = append(st.txns, t)
}

func sumTaxes(ts []mirakl.Tax) money.Amount {
	var t money.Amount
	for _, x := range ts {
		t += x.Amount
	}
	return t
}

func firstTaxRef(ts []mirakl.Tax) *mirakl.TaxRef {
	for _, t := range ts {
		if t.Rate != nil {
			r := *t.Rate
			return &mirakl.TaxRef{Code: t.Code, Rate: &r}
		}
	}
	return nil
}

func commissionTaxRef() *mirakl.TaxRef {
	r := commissionVAT
	return &mirakl.TaxRef{Code: commissionTaxCode, Rate: &r}
}

// lineBooking is what one event books on an order line, signed as TL02
// lines are (positive credits the seller).
type lineBooking struct {
	goods, goodsTax, ship, shipTax, fee, vat money.Amount
}

// bookLine adds the TL02 lines of a sale or, with prefix "REFUND_", of a
// refund: Mirakl books the two as mirror images, line for line. Only a
// TAX_EXCLUDED order gets tax lines of its own; TAX_INCLUDED keeps the tax
// inside the amount line.
func (s *Server) bookLine(o *mirakl.Order, l *mirakl.OrderLine, prefix string, b lineBooking, now time.Time, link func(*mirakl.TransactionEntities)) {
	included := o.TaxMode != mirakl.TaxExcluded
	amounts := func(typ string, amount, tax money.Amount, taxes []mirakl.Tax) {
		s.addTxn(o, l, prefix+typ, amount, now, func(e *mirakl.TransactionEntities) {
			link(e)
			if included {
				e.OrderTax = firstTaxRef(taxes)
			}
		})
		if !included {
			s.addTxn(o, l, prefix+typ+"_TAX", tax, now, func(e *mirakl.TransactionEntities) {
				link(e)
				e.OrderTax = firstTaxRef(taxes)
			})
		}
	}
	amounts("ORDER_AMOUNT", b.goods, b.goodsTax, l.Taxes)
	amounts("ORDER_SHIPPING_AMOUNT", b.ship, b.shipTax, l.ShippingTaxes)
	s.addTxn(o, l, prefix+"COMMISSION_FEE", b.fee, now, link)
	s.addTxn(o, l, prefix+"COMMISSION_VAT", b.vat, now, func(e *mirakl.TransactionEntities) {
		link(e)
		e.ShopTax = commissionTaxRef()
	})
}

// bookShippedLine books a shipped line: goods and shipping credited,
// commission and its VAT debited, net of anything canceled before shipment.
func (s *Server) bookShippedLine(o *mirakl.Order, l *mirakl.OrderLine, shipmentID string, now time.Time) {
	takenFee, takenVAT := takenCommission(l)
	s.bookLine(o, l, "", lineBooking{
		goods:    l.Price - l.CanceledAmount(),
		goodsTax: sumTaxes(l.Taxes) - sumMap(takenTaxes(l, false)),
		ship:     l.ShippingPrice - l.CanceledShipping(),
		shipTax:  sumTaxes(l.ShippingTaxes) - sumMap(takenTaxes(l, true)),
		fee:      -(l.CommissionFee - takenFee),
		vat:      -(l.CommissionVAT - takenVAT),
	}, now, func(e *mirakl.TransactionEntities) {
		if shipmentID != "" {
			e.Shipment = &mirakl.IDRef{ID: shipmentID}
		}
	})
}

// bookRefund books a refund: goods and shipping debited back, commission
// and its VAT credited back.
func (s *Server) bookRefund(o *mirakl.Order, l *mirakl.OrderLine, rf mirakl.Refund, now time.Time) {
	s.bookLine(o, l, "REFUND_", lineBooking{
		goods:    -rf.Amount,
		goodsTax: -sumTaxes(rf.Taxes),
		ship:     -rf.ShippingAmount,
		shipTax:  -sumTaxes(rf.ShippingTaxes),
		fee:      rf.CommissionAmount,
		vat:      rf.CommissionTaxAmount,
	}, now, func(e *mirakl.TransactionEntities) { e.Refund = &mirakl.IDRef{ID: rf.ID} })
}

func sumMap(m map[string]money.Amount) money.Amount {
	var t money.Amount
	for _, v := range m {
		t += v
	}
	return t
}

// CloseOptions tune CloseBillingCycle.
type CloseOptions struct {
	// Unpaid leaves the payout TO_PAY (and the lines PAYABLE) instead of PAID.
	Unpaid bool `json:"unpaid"`
}

// CloseResult is what closing a billing cycle created.
type CloseResult struct {
	Cycle   mirakl.BillingCycle       `json:"billing_cycle"`
	Invoice mirakl.AccountingDocument `json:"accounting_document"`
	Payment mirakl.TransactionLine    `json:"payment"`
	Lines   int                       `json:"lines"`
}

// closeBillingCycle gathers every PAYABLE line not yet in a cycle into a new
// SBC11 cycle with its AUTO_INVOICE and PAYMENT line. Callers hold s.mu.
func (s *Server) closeBillingCycle(opts CloseOptions, now time.Time) (CloseResult, error) {
	st := s.st
	var members []*mirakl.TransactionLine
	start := now
	for _, t := range st.txns {
		if t.SellerBillingCycleID == "" && t.PaymentState == "PAYABLE" {
			members = append(members, t)
			if t.DateCreated.Before(start) {
				start = t.DateCreated
			}
		}
	}
	for _, c := range st.cycles {
		if c.DateCreated.After(start) && c.DateCreated.Before(now) {
			start = c.DateCreated
		}
	}
	if len(members) == 0 {
		return CloseResult{}, fmt.Errorf("no payable transaction lines to close")
	}
	sum, net := summarize(members)
	voucher := fmt.Sprintf("%06d", st.next("voucher"))
	cycleID := st.newUUID("billing-cycle")
	invoiceN := st.next("invoice")
	docNumber := fmt.Sprintf("%012d", invoiceN)
	paid := !opts.Unpaid

	// The commission invoice: what the seller owes the operator (positive).
	commExcl := -(sum.TotalCommissionsExclTax + sum.TotalRefundCommissionsExclTax)
	commVAT := -(sum.TotalCommissionsInclTax + sum.TotalRefundCommissionsInclTax) - commExcl
	subExcl := -sum.TotalSubscriptionExclTax
	subVAT := -sum.TotalSubscriptionInclTax - subExcl
	details := []mirakl.DocumentDetail{{
		Description:     fmt.Sprintf("Commissions of completed orders from %s to %s", start.Format("02/01/2006"), now.Format("02/01/2006")),
		Quantity:        1,
		AmountExclTaxes: commExcl,
		Taxes:           []mirakl.TaxAmount{{Code: commissionTaxCode, Amount: commVAT}},
	}}
	if subExcl != 0 || subVAT != 0 {
		details = append(details, mirakl.DocumentDetail{
			Description: fmt.Sprintf("Subscription from %s to %s", start.Format("02/01/2006"), now.Format("02/01/2006")),
			Quantity:    1, AmountExclTaxes: subExcl,
			Taxes: []mirakl.TaxAmount{{Code: commissionTaxCode, Amount: subVAT}},
		})
	}
	shopName := s.shopName()
	issue, due, startT, endT := now, now, start, now
	inclTotal := commExcl + commVAT + subExcl + subVAT
	inv := &mirakl.AccountingDocument{
		InvoiceID: invoiceN, ID: st.newUUID("accounting-document"), Type: mirakl.DocAutoInvoice, State: "COMPLETE",
		DateCreated: now, IssueDate: &issue, DueDate: &due, Currency: "GBP",
		TotalAmountExclTaxes: commExcl + subExcl, TotalAmountInclTaxes: inclTotal, TotalChargedAmount: &inclTotal,
		TotalTaxes:    []mirakl.TaxAmount{{Code: commissionTaxCode, Amount: commVAT + subVAT}},
		Details:       details,
		Payment:       &mirakl.DocumentPayment{State: "PENDING"},
		IssuingUser:   &mirakl.IssuingUser{Type: "BATCH", Information: "Automatic action"},
		PayOutPSPCode: "NOT_SPECIFIED", ShopID: s.shopN, ShopName: shopName, ShopModel: "MARKETPLACE",
		SellerBillingCycleID: cycleID, StartTime: &startT, EndTime: &endT, PaymentVoucherNumber: voucher,
		Summary: &mirakl.InvoiceSummary{AmountTransferred: net, AmountTransferredToOperator: inclTotal, BillingSummary: sum},
	}
	if paid {
		pt := now
		inv.Payment = &mirakl.DocumentPayment{State: "PAID", Reference: "BACS-" + voucher, TransactionDate: &pt}
	}
	docCreated := now
	lineState := "PAYABLE"
	if paid {
		lineState = "PAID"
	}
	for _, t := range members {
		t.SellerBillingCycleID = cycleID
		t.PaymentState = lineState
		t.LastUpdated = now
		switch t.Type {
		case "COMMISSION_FEE", "COMMISSION_VAT", "REFUND_COMMISSION_FEE", "REFUND_COMMISSION_VAT", "SUBSCRIPTION_FEE", "SUBSCRIPTION_VAT":
			t.AccountingDocumentNumber = docNumber
			t.AccountingDocumentCreationDate = &docCreated
		}
	}
	// The payout: one line that brings the cycle's lines to zero.
	var pay mirakl.TransactionLine
	if net != 0 {
		s.addTxn(nil, nil, "PAYMENT", -net, now, nil)
		p := st.txns[len(st.txns)-1]
		p.SellerBillingCycleID = cycleID
		p.PaymentState = lineState
		pay = *p
	}
	cycle := &mirakl.BillingCycle{
		ID: cycleID, DateCreated: now, Currency: "GBP", PaymentVoucherNumber: voucher,
		AmountTransferredToSeller: net, AmountTransferredToOperator: inclTotal,
		PayOut:        mirakl.PayOut{State: "TO_PAY"},
		PayOutPSPCode: "NOT_SPECIFIED",
		Shop:          &mirakl.BillingShop{ShopID: s.shopN, ShopName: shopName, ShopModel: "MARKETPLACE"},
		Summary:       sum,
	}
	if paid {
		pt := now
		cycle.PayOut = mirakl.PayOut{State: "PAID", Reference: "BACS-" + voucher, TransactionDate: &pt}
	}
	st.cycles = append(st.cycles, cycle)
	st.docs = append(st.docs, inv)
	return CloseResult{Cycle: *cycle, Invoice: *inv, Payment: pay, Lines: len(members)}, nil
}

// summarize totals a cycle's lines the way SBC11 reports them and returns
// the net amount due to the seller (the sum of the lines).
func summarize(lines []*mirakl.TransactionLine) (mirakl.BillingSummary, money.Amount) {
	var s mirakl.BillingSummary
	var net money.Amount
	excl := func(t *mirakl.TransactionLine) money.Amount {
		if t.Entities.OrderTax != nil && t.Entities.OrderTax.Rate != nil {
			return t.Amount - money.TaxFromGross(t.Amount, *t.Entities.OrderTax.Rate)
		}
		return t.Amount
	}
	for _, t := range lines {
		net += t.Amount
		switch t.Type {
		case "ORDER_AMOUNT", "ORDER_SHIPPING_AMOUNT":
			s.TotalPayableOrdersInclTax += t.Amount
			s.TotalPayableOrdersExclTax += excl(t)
		case "ORDER_AMOUNT_TAX", "ORDER_SHIPPING_AMOUNT_TAX":
			s.TotalPayableOrdersInclTax += t.Amount
		case "REFUND_ORDER_AMOUNT", "REFUND_ORDER_SHIPPING_AMOUNT":
			s.TotalRefundOrdersInclTax += t.Amount
			s.TotalRefundOrdersExclTax += excl(t)
			s.TotalRefundPayableOrdersInclTax += t.Amount
			s.TotalRefundPayableOrdersExclTax += excl(t)
		case "REFUND_ORDER_AMOUNT_TAX", "REFUND_ORDER_SHIPPING_AMOUNT_TAX":
			s.TotalRefundOrdersInclTax += t.Amount
			s.TotalRefundPayableOrdersInclTax += t.Amount
		case "COMMISSION_FEE":
			s.TotalCommissionsExclTax += t.Amount
			s.TotalCommissionsInclTax += t.Amount
		case "COMMISSION_VAT":
			s.TotalCommissionsInclTax += t.Amount
		case "REFUND_COMMISSION_FEE":
			s.TotalRefundCommissionsExclTax += t.Amount
			s.TotalRefundCommissionsInclTax += t.Amount
		case "REFUND_COMMISSION_VAT":
			s.TotalRefundCommissionsInclTax += t.Amount
		case "SUBSCRIPTION_FEE":
			s.TotalSubscriptionExclTax += t.Amount
			s.TotalSubscriptionInclTax += t.Amount
		case "SUBSCRIPTION_VAT":
			s.TotalSubscriptionInclTax += t.Amount
		case "SELLER_PENALTY_FEE":
			s.TotalSellerPenaltyFeesExclTax += t.Amount
			s.TotalSellerPenaltyFeesInclTax += t.Amount
		case "SELLER_PENALTY_FEE_TAX":
			s.TotalSellerPenaltyFeesInclTax += t.Amount
		case "SELLER_FEE_ON_ORDER":
			s.TotalSellerFeesOnOrdersExclTax += t.Amount
			s.TotalSellerFeesOnOrdersInclTax += t.Amount
		case "SELLER_FEE_ON_ORDER_TAX":
			s.TotalSellerFeesOnOrdersInclTax += t.Amount
		case "MANUAL_CREDIT", "INVOICEABLE_ONE_OFF_CREDIT":
			s.TotalOtherCreditsExclTax += t.Amount
			s.TotalOtherCreditsInclTax += t.Amount
		case "MANUAL_CREDIT_VAT", "INVOICEABLE_ONE_OFF_CREDIT_TAX":
			s.TotalOtherCreditsInclTax += t.Amount
		case "MANUAL_INVOICE", "INVOICEABLE_ONE_OFF_DEBIT":
			s.TotalOtherInvoicesExclTax += t.Amount
			s.TotalOtherInvoicesInclTax += t.Amount
		default: // *_VAT/*_TAX of manual documents and anything newer
			s.TotalOtherInvoicesInclTax += t.Amount
		}
	}
	return s, net
}

// shopName reads the shop name from the A01 document.
func (s *Server) shopName() string {
	a, err := mirakl.DecodeAccount(s.st.account)
	if err != nil {
		return ""
	}
	return a.ShopName
}
