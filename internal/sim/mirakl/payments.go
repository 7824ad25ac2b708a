package miraklsim

import (
	"encoding/json"
	"net/http"
	"sort"
	"strconv"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// defaultSeekLimit is the page size when a seek-paged call gets no limit
// (UNCERTAIN: not published).
const defaultSeekLimit = 100

var paymentStates = []string{"PENDING", "PAYABLE", "PAID", "NOT_APPLICABLE", "RESERVE"}

var transactionTypes = []string{
	"MANUAL_CREDIT", "MANUAL_CREDIT_VAT", "MANUAL_INVOICE", "MANUAL_INVOICE_VAT", "INVOICEABLE_ONE_OFF_DEBIT",
	"INVOICEABLE_ONE_OFF_DEBIT_TAX", "INVOICEABLE_ONE_OFF_CREDIT", "INVOICEABLE_ONE_OFF_CREDIT_TAX", "ORDER_AMOUNT",
	"ORDER_AMOUNT_TAX", "ORDER_SHIPPING_AMOUNT", "ORDER_SHIPPING_AMOUNT_TAX", "COMMISSION_FEE", "COMMISSION_VAT",
	"REFUND_ORDER_AMOUNT", "REFUND_ORDER_AMOUNT_TAX", "REFUND_ORDER_SHIPPING_AMOUNT", "REFUND_ORDER_SHIPPING_AMOUNT_TAX",
	"REFUND_COMMISSION_FEE", "REFUND_COMMISSION_VAT", "SUBSCRIPTION_FEE", "SUBSCRIPTION_VAT",
	"OPERATOR_REMITTED_ORDER_AMOUNT_TAX", "OPERATOR_REMITTED_ORDER_SHIPPING_AMOUNT_TAX",
	"OPERATOR_REMITTED_REFUND_ORDER_AMOUNT_TAX", "OPERATOR_REMITTED_REFUND_ORDER_SHIPPING_AMOUNT_TAX",
	"OPERATOR_PAID_ORDER_SHIPPING_AMOUNT", "OPERATOR_PAID_ORDER_SHIPPING_AMOUNT_TAX",
	"OPERATOR_PAID_REFUND_ORDER_SHIPPING_AMOUNT", "OPERATOR_PAID_REFUND_ORDER_SHIPPING_AMOUNT_TAX", "PAYMENT",
	"PURCHASE_COMMISSION_FEE", "PURCHASE_SHIPPING_COMMISSION_FEE", "PURCHASE_ORDER_AMOUNT_TAX",
	"PURCHASE_ORDER_SHIPPING_AMOUNT_TAX", "REFUND_PURCHASE_COMMISSION_FEE", "REFUND_PURCHASE_SHIPPING_COMMISSION_FEE",
	"REFUND_PURCHASE_ORDER_AMOUNT_TAX", "REFUND_PURCHASE_ORDER_SHIPPING_AMOUNT_TAX", "ORDER_FEE_AMOUNT",
	"OPERATOR_REMITTED_ORDER_FEE_AMOUNT", "REFUND_ORDER_FEE_AMOUNT", "OPERATOR_REMITTED_REFUND_ORDER_FEE_AMOUNT",
	"PURCHASE_FEE_COMMISSION_FEE", "REFUND_PURCHASE_FEE_COMMISSION_FEE", "RESERVE_FUNDING", "RESERVE_SETTLEMENT",
	"SELLER_FEE_ON_ORDER", "SELLER_FEE_ON_ORDER_TAX", "SELLER_PENALTY_FEE", "SELLER_PENALTY_FEE_TAX",
}

// listTransactions serves TL02 (seek paging, limit up to 2000).
func (s *Server) listTransactions(w http.ResponseWriter, r *http.Request, _ []string) {
	sr, aerr := parseSeek(r, mirakl.MaxTransactionLinesLimit, mirakl.MaxTransactionLinesLimit)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	q := sr.q
	field, desc, aerr := sortParam(q, []string{"dateCreated", "lastUpdated"}, "dateCreated", true)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	states, types := listParam(q, "payment_state"), listParam(q, "transaction_type")
	for _, v := range states {
		if !oneOf(v, paymentStates...) {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid payment state : %s", v))
			return
		}
	}
	for _, v := range types {
		if !oneOf(v, transactionTypes...) {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid transaction type : %s", v))
			return
		}
	}
	bounds, aerr := timeParams(q, "date_created_from", "date_created_to", "last_updated_from", "transaction_date_from", "transaction_date_to")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	cycles, orders, lines := listParam(q, "seller_billing_cycle_id"), listParam(q, "order_id"), listParam(q, "order_line_id")
	refCust, refSeller := listParam(q, "order_reference_for_customer"), listParam(q, "order_reference_for_seller")
	docNumber, docID := q.Get("accounting_document_number"), q.Get("accounting_document_id")
	var match []*mirakl.TransactionLine
	for _, t := range s.st.txns {
		e := t.Entities
		var orderID, lineID, rc, rs string
		if e.Order != nil {
			orderID = e.Order.ID
			if e.Order.References != nil {
				rc, rs = e.Order.References.ForCustomer, e.Order.References.ForSeller
			}
		}
		if e.OrderLine != nil {
			lineID = e.OrderLine.ID
		}
		switch {
		case !inSet(states, t.PaymentState), !inSet(types, t.Type), !inSet(cycles, t.SellerBillingCycleID):
		case !inSet(orders, orderID), !inSet(lines, lineID), !inSet(refCust, rc), !inSet(refSeller, rs):
		case docNumber != "" && t.AccountingDocumentNumber != docNumber, docID != "" && t.AccountingDocumentID != docID:
		case !inTime(t.DateCreated, bounds[0], bounds[1]), !inTime(t.LastUpdated, bounds[2], time.Time{}):
		case !inTime(t.DateCreated, bounds[3], bounds[4]):
		default:
			match = append(match, t)
		}
	}
	key := func(t *mirakl.TransactionLine) (time.Time, string) {
		if field == "lastUpdated" {
			return t.LastUpdated, t.ID
		}
		return t.DateCreated, t.ID
	}
	writeSeekPage(w, match, key, func(t *mirakl.TransactionLine) json.RawMessage { return t.Raw }, desc, sr)
}

// listBillingCycles serves SBC11 (seek paging, limit up to 1000).
func (s *Server) listBillingCycles(w http.ResponseWriter, r *http.Request, _ []string) {
	sr, aerr := parseSeek(r, defaultSeekLimit, mirakl.MaxBillingCyclesLimit)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	q := sr.q
	_, desc, aerr := sortParam(q, []string{"dateCreated"}, "dateCreated", false)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	bounds, aerr := timeParams(q, "start_date", "end_date")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	ids, currencies, states := listParam(q, "id"), listParam(q, "currency"), listParam(q, "pay_out_state")
	for _, v := range states {
		if !oneOf(v, "TO_PAY", "PAID", "FAILED") {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid pay-out state : %s", v))
			return
		}
	}
	var match []*mirakl.BillingCycle
	for _, c := range s.st.cycles {
		if inSet(ids, c.ID) && inSet(currencies, c.Currency) && inSet(states, c.PayOut.State) && inTime(c.DateCreated, bounds[0], bounds[1]) {
			match = append(match, c)
		}
	}
	writeSeekPage(w, match, func(c *mirakl.BillingCycle) (time.Time, string) { return c.DateCreated, c.ID },
		func(c *mirakl.BillingCycle) json.RawMessage { return c.Raw }, desc, sr)
}

// listInvoices serves IV01 (offset paging; type defaults to AUTO_INVOICE).
func (s *Server) listInvoices(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	typ := q.Get("type")
	if typ == "" {
		typ = mirakl.DocAutoInvoice
	}
	if !oneOf(typ, mirakl.DocAll, mirakl.DocAutoInvoice, mirakl.DocManualInvoice, mirakl.DocManualCredit) {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : type"))
		return
	}
	status := q.Get("payment_status")
	if status != "" && !oneOf(status, "PENDING", "PAID", "FAILED") {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : payment_status"))
		return
	}
	bounds, aerr := timeParams(q, "start_date", "end_date")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if s := q.Get("sort"); s != "" && s != "dateCreated" {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid sort field : %s", s))
		return
	}
	desc, page, aerr := listPaging(q)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	cycles, invoiceIDs, currency := listParam(q, "seller_billing_cycle_id"), listParam(q, "invoice_id"), q.Get("currency")
	for _, id := range invoiceIDs {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : invoice_id"))
			return
		}
	}
	var match []*mirakl.AccountingDocument
	for _, d := range s.st.docs {
		pay := ""
		if d.Payment != nil {
			pay = d.Payment.State
		}
		switch {
		case typ != mirakl.DocAll && d.Type != typ:
		case status != "" && pay != status:
		case currency != "" && d.Currency != currency:
		case !inSet(cycles, d.SellerBillingCycleID):
		case !inSet(invoiceIDs, strconv.FormatInt(d.InvoiceID, 10)):
		case !inTime(d.DateCreated, bounds[0], bounds[1]):
		default:
			match = append(match, d)
		}
	}
	sort.SliceStable(match, func(i, j int) bool {
		a, b := match[i], match[j]
		if !a.DateCreated.Equal(b.DateCreated) {
			return a.DateCreated.Before(b.DateCreated) != desc
		}
		return (a.InvoiceID < b.InvoiceID) != desc
	})
	win := page.slice(len(match))
	items, err := emitAll(match[win[0]:win[1]], func(d *mirakl.AccountingDocument) json.RawMessage { return d.Raw })
	if err != nil {
		writeAPIError(w, err)
		return
	}
	page.write(w, r, "invoices", items, len(match))
}
