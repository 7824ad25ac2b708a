package miraklsim

import (
	"math/big"
	"net/http"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// refundableStates are the order states OR28 accepts: after shipment, and
// not once the order is CLOSED.
var refundableStates = []string{mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived}

// refundInput is one refund to apply (OR28 item or admin event).
type refundInput struct {
	LineID     string
	Amount     money.Amount
	Shipping   money.Amount
	Quantity   int
	ReasonCode string
	Currency   string
}

// checkRefund validates a refund against what the line still holds, given
// what earlier items of the same call already take (pending).
func (s *Server) checkRefund(in refundInput, pending map[string][2]money.Amount) (*mirakl.Order, *mirakl.OrderLine, *apiError) {
	o, l := s.st.findLine(in.LineID)
	if l == nil {
		return nil, nil, notFound("ORDER_LINE_NOT_FOUND", "Order line '%s' not found", in.LineID)
	}
	if o.State == mirakl.StateClosed {
		return nil, nil, badRequest("ORDER_INVALID_STATE", "Order '%s' is CLOSED: it can no longer be refunded", o.OrderID)
	}
	if !oneOf(o.State, refundableStates...) || l.ShippedDate == nil {
		return nil, nil, badRequest("ORDER_INVALID_STATE", "Order line '%s' cannot be refunded in state '%s'", l.ID, l.State)
	}
	if !s.st.reason(in.ReasonCode, mirakl.ReasonRefund) {
		return nil, nil, badRequest("REASON_NOT_FOUND", "Reason code '%s' is not a refund reason", in.ReasonCode)
	}
	if in.Currency != "" && in.Currency != o.Currency {
		return nil, nil, badRequest("VALIDATION_ERROR", "Currency '%s' differs from the order currency '%s'", in.Currency, o.Currency)
	}
	if in.Amount < 0 || in.Shipping < 0 || in.Quantity < 0 {
		return nil, nil, badRequest("VALIDATION_ERROR", "Refund amounts and quantity must not be negative")
	}
	if in.Amount == 0 && in.Shipping == 0 {
		return nil, nil, badRequest("VALIDATION_ERROR", "Refund of order line '%s' has no amount", l.ID)
	}
	p := pending[l.ID]
	goodsLeft := l.Price - l.CanceledAmount() - l.RefundedAmount() - p[0]
	shipLeft := l.ShippingPrice - l.CanceledShipping() - l.RefundedShipping() - p[1]
	if in.Amount > goodsLeft {
		return nil, nil, badRequest("REFUND_AMOUNT_EXCEEDED", "Refund amount %s exceeds the %s left to refund on order line '%s'", in.Amount, goodsLeft, l.ID)
	}
	if in.Shipping > shipLeft {
		return nil, nil, badRequest("REFUND_AMOUNT_EXCEEDED", "Refund shipping amount %s exceeds the %s left to refund on order line '%s'", in.Shipping, shipLeft, l.ID)
	}
	pending[l.ID] = [2]money.Amount{p[0] + in.Amount, p[1] + in.Shipping}
	return o, l, nil
}

// applyRefund records a validated refund on its line and books its money.
func (s *Server) applyRefund(o *mirakl.Order, l *mirakl.OrderLine, in refundInput, orderRefundID string, now time.Time) mirakl.Refund {
	goodsLeft := l.Price - l.CanceledAmount() - l.RefundedAmount()
	shipLeft := l.ShippingPrice - l.CanceledShipping() - l.RefundedShipping()
	takenFee, takenVAT := takenCommission(l)
	fee := shareOf(l.CommissionFee, takenFee, in.Amount, l.Price, goodsLeft)
	vat := shareOf(l.CommissionVAT, takenVAT, in.Amount, l.Price, goodsLeft)
	rf := mirakl.Refund{
		ID:                    s.st.newNumericID("refund", refundIDBase),
		OrderRefundID:         orderRefundID,
		CreatedDate:           now,
		ReasonCode:            in.ReasonCode,
		Quantity:              in.Quantity,
		Amount:                in.Amount,
		ShippingAmount:        in.Shipping,
		Taxes:                 taxShares(l.Taxes, takenTaxes(l, false), in.Amount, l.Price, goodsLeft),
		ShippingTaxes:         taxShares(l.ShippingTaxes, takenTaxes(l, true), in.Shipping, l.ShippingPrice, shipLeft),
		CommissionAmount:      fee,
		CommissionTaxes:       []mirakl.Tax{{Code: commissionTaxCode, Amount: vat}},
		CommissionTaxAmount:   vat,
		CommissionTotalAmount: fee + vat,
		RefundState:           "WAITING_REFUND",
		State:                 "WAITING_REFUND",
	}
	l.Refunds = append(l.Refunds, rf)
	if in.Amount == goodsLeft && in.Shipping == shipLeft {
		l.State = mirakl.StateRefunded
		l.CanRefund = false
	}
	touchLine(o, l, now)
	full := true
	for _, x := range o.Lines {
		if x.ShippedDate != nil && x.CanRefund {
			full = false
		}
	}
	o.FullyRefunded = full
	s.bookRefund(o, l, rf, now)
	return rf
}

// refund serves OR28.
func (s *Server) refund(w http.ResponseWriter, r *http.Request, _ []string) {
	var body struct {
		OrderTaxMode string                  `json:"order_tax_mode"`
		Refunds      *[]mirakl.RefundRequest `json:"refunds"`
	}
	if aerr := decodeBody(r, &body); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if body.Refunds == nil || len(*body.Refunds) == 0 {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "refunds is required"))
		return
	}
	ins := make([]refundInput, len(*body.Refunds))
	orders := make([]*mirakl.Order, len(ins))
	lines := make([]*mirakl.OrderLine, len(ins))
	pending := map[string][2]money.Amount{}
	for i, rq := range *body.Refunds {
		if rq.OrderLineID == "" || rq.ReasonCode == "" {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "order_line_id and reason_code are required"))
			return
		}
		ins[i] = refundInput{LineID: rq.OrderLineID, Amount: rq.Amount, Shipping: rq.ShippingAmount, Quantity: rq.Quantity, ReasonCode: rq.ReasonCode, Currency: rq.Currency}
		o, l, aerr := s.checkRefund(ins[i], pending)
		if aerr != nil {
			writeAPIError(w, aerr)
			return
		}
		if body.OrderTaxMode != "" && body.OrderTaxMode != o.TaxMode {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "order_tax_mode %s differs from order '%s' (%s)", body.OrderTaxMode, o.OrderID, o.TaxMode))
			return
		}
		orders[i], lines[i] = o, l
	}
	now := s.now()
	groups := map[string]string{} // one order_refund_id per order per call
	out := make([]mirakl.RefundResult, len(ins))
	for i, in := range ins {
		o, l := orders[i], lines[i]
		gid, ok := groups[o.OrderID]
		if !ok {
			gid = s.st.newUUID("order-refund")
			groups[o.OrderID] = gid
		}
		rf := s.applyRefund(o, l, in, gid, now)
		out[i] = mirakl.RefundResult{
			RefundID: rf.ID, OrderRefundID: gid, OrderLineID: l.ID, Amount: rf.Amount, ShippingAmount: rf.ShippingAmount,
			Quantity: rf.Quantity, ReasonCode: rf.ReasonCode, Currency: o.Currency, Taxes: rf.Taxes, ShippingTaxes: rf.ShippingTaxes,
		}
	}
	mode := body.OrderTaxMode
	if mode == "" {
		mode = orders[0].TaxMode
	}
	writeJSON(w, http.StatusOK, struct {
		OrderTaxMode string                `json:"order_tax_mode"`
		Refunds      []mirakl.RefundResult `json:"refunds"`
	}{mode, out})
}

// cancelLine cancels qty units (amount, shipping) of a line not yet shipped.
func (s *Server) cancelLine(o *mirakl.Order, l *mirakl.OrderLine, qty int, amount, shipping money.Amount, reason string, now time.Time) (mirakl.Cancelation, *apiError) {
	if aerr := s.checkCancel(o, l, qty, amount, shipping, reason, nil); aerr != nil {
		return mirakl.Cancelation{}, aerr
	}
	goodsLeft := l.Price - l.CanceledAmount() - l.RefundedAmount()
	shipLeft := l.ShippingPrice - l.CanceledShipping() - l.RefundedShipping()
	takenFee, takenVAT := takenCommission(l)
	fee := shareOf(l.CommissionFee, takenFee, amount, l.Price, goodsLeft)
	vat := shareOf(l.CommissionVAT, takenVAT, amount, l.Price, goodsLeft)
	c := mirakl.Cancelation{
		ID:                    s.st.newNumericID("cancelation", cancelIDBase),
		CreatedDate:           now,
		ReasonCode:            reason,
		Quantity:              qty,
		Amount:                amount,
		ShippingAmount:        shipping,
		Taxes:                 taxShares(l.Taxes, takenTaxes(l, false), amount, l.Price, goodsLeft),
		ShippingTaxes:         taxShares(l.ShippingTaxes, takenTaxes(l, true), shipping, l.ShippingPrice, shipLeft),
		CommissionAmount:      fee,
		CommissionTaxes:       []mirakl.Tax{{Code: commissionTaxCode, Amount: vat}},
		CommissionTotalAmount: fee + vat,
	}
	l.Cancelations = append(l.Cancelations, c)
	if l.CanceledQuantity() >= l.Quantity || (amount == goodsLeft && shipping == shipLeft) {
		l.State = mirakl.StateCanceled
		l.CanRefund = false
	}
	touchLine(o, l, now)
	open := false
	for _, x := range o.Lines {
		if !oneOf(x.State, mirakl.StateCanceled, mirakl.StateRefused) {
			open = true
		}
	}
	if !open {
		o.State = mirakl.StateCanceled
		o.CanCancel = false
		o.CanShopShip = false
		touch(o, now)
	} else {
		s.markShipped(o, now)
	}
	return c, nil
}

// checkCancel validates a cancellation; pending holds amounts already taken
// by earlier items of the same call.
func (s *Server) checkCancel(o *mirakl.Order, l *mirakl.OrderLine, qty int, amount, shipping money.Amount, reason string, pending map[string][3]int64) *apiError {
	if !oneOf(o.State, mirakl.StateWaitingDebit, mirakl.StateShipping) || !o.CanCancel && o.State == mirakl.StateShipping {
		return wrongState(o, mirakl.StateShipping)
	}
	if !oneOf(l.State, mirakl.StateWaitingDebit, mirakl.StateShipping) {
		return badRequest("ORDER_INVALID_STATE", "Order line '%s' cannot be canceled in state '%s'", l.ID, l.State)
	}
	if !s.st.reason(reason, mirakl.ReasonCancelation) {
		return badRequest("REASON_NOT_FOUND", "Reason code '%s' is not a cancelation reason", reason)
	}
	if qty < 0 || amount < 0 || shipping < 0 {
		return badRequest("VALIDATION_ERROR", "Cancelation amounts and quantity must not be negative")
	}
	var p [3]int64
	if pending != nil {
		p = pending[l.ID]
	}
	if qty > l.Quantity-l.CanceledQuantity()-int(p[0]) {
		return badRequest("VALIDATION_ERROR", "Cancelation quantity %d exceeds the quantity left on order line '%s'", qty, l.ID)
	}
	if amount > l.Price-l.CanceledAmount()-money.Amount(p[1]) || shipping > l.ShippingPrice-l.CanceledShipping()-money.Amount(p[2]) {
		return badRequest("VALIDATION_ERROR", "Cancelation amount exceeds what is left on order line '%s'", l.ID)
	}
	if pending != nil {
		pending[l.ID] = [3]int64{p[0] + int64(qty), p[1] + int64(amount), p[2] + int64(shipping)}
	}
	return nil
}

// cancelLines serves OR30.
func (s *Server) cancelLines(w http.ResponseWriter, r *http.Request, _ []string) {
	var body struct {
		OrderTaxMode string                       `json:"order_tax_mode"`
		Cancelations *[]mirakl.CancelationRequest `json:"cancelations"`
	}
	if aerr := decodeBody(r, &body); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if body.Cancelations == nil || len(*body.Cancelations) == 0 {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "cancelations is required"))
		return
	}
	pending := map[string][3]int64{}
	type target struct {
		o *mirakl.Order
		l *mirakl.OrderLine
	}
	targets := make([]target, len(*body.Cancelations))
	for i, c := range *body.Cancelations {
		if c.OrderLineID == "" || c.ReasonCode == "" {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "order_line_id and reason_code are required"))
			return
		}
		o, l := s.st.findLine(c.OrderLineID)
		if l == nil {
			writeAPIError(w, notFound("ORDER_LINE_NOT_FOUND", "Order line '%s' not found", c.OrderLineID))
			return
		}
		if aerr := s.checkCancel(o, l, c.Quantity, c.Amount, c.ShippingAmount, c.ReasonCode, pending); aerr != nil {
			writeAPIError(w, aerr)
			return
		}
		targets[i] = target{o, l}
	}
	now := s.now()
	out := make([]mirakl.CancelationResult, 0, len(targets))
	for i, c := range *body.Cancelations {
		t := targets[i]
		cn, aerr := s.cancelLine(t.o, t.l, c.Quantity, c.Amount, c.ShippingAmount, c.ReasonCode, now)
		if aerr != nil {
			writeAPIError(w, aerr)
			return
		}
		out = append(out, mirakl.CancelationResult{
			CancelationID: cn.ID, OrderLineID: t.l.ID, Quantity: cn.Quantity, Amount: cn.Amount, ShippingAmount: cn.ShippingAmount,
			ReasonCode: cn.ReasonCode, Currency: t.o.Currency, Taxes: cn.Taxes, ShippingTaxes: cn.ShippingTaxes,
		})
	}
	mode := body.OrderTaxMode
	if mode == "" {
		mode = targets[0].o.TaxMode
	}
	writeJSON(w, http.StatusOK, struct {
		Cancelations []mirakl.CancelationResult `json:"cancelations"`
		OrderTaxMode string                     `json:"order_tax_mode"`
	}{out, mode})
}

// Numeric id bases, so refund and cancellation ids look like Mirakl's.
const (
	refundIDBase = 1000
	cancelIDBase = 5000
)

// takenCommission is the commission and commission VAT already given back
// through cancellations and refunds.
func takenCommission(l *mirakl.OrderLine) (fee, vat money.Amount) {
	for _, c := range l.Cancelations {
		fee += c.CommissionAmount
		for _, t := range c.CommissionTaxes {
			vat += t.Amount
		}
	}
	for _, r := range l.Refunds {
		fee += r.CommissionAmount
		for _, t := range r.CommissionTaxes {
			vat += t.Amount
		}
	}
	return fee, vat
}

// takenTaxes is, per tax code, what cancellations and refunds already took.
func takenTaxes(l *mirakl.OrderLine, shipping bool) map[string]money.Amount {
	out := map[string]money.Amount{}
	add := func(ts []mirakl.Tax) {
		for _, t := range ts {
			out[t.Code] += t.Amount
		}
	}
	for _, c := range l.Cancelations {
		if shipping {
			add(c.ShippingTaxes)
		} else {
			add(c.Taxes)
		}
	}
	for _, r := range l.Refunds {
		if shipping {
			add(r.ShippingTaxes)
		} else {
			add(r.Taxes)
		}
	}
	return out
}

// taxShares splits each line tax in proportion to part/base; taking all
// that is left takes exactly the tax that is left.
func taxShares(taxes []mirakl.Tax, taken map[string]money.Amount, part, base, left money.Amount) []mirakl.Tax {
	if part == 0 || len(taxes) == 0 {
		return nil
	}
	out := make([]mirakl.Tax, 0, len(taxes))
	for _, t := range taxes {
		out = append(out, mirakl.Tax{Code: t.Code, Amount: shareOf(t.Amount, taken[t.Code], part, base, left), Rate: t.Rate})
	}
	return out
}

// shareOf is total*part/base, rounded half away from zero, never more than
// what remains of total; when part is everything left of base it is exactly
// what remains, so repeated partial operations add up to the penny.
func shareOf(total, taken, part, base, left money.Amount) money.Amount {
	rest := total - taken
	if part == left {
		return rest
	}
	if base == 0 {
		return 0
	}
	n := new(big.Int).Mul(big.NewInt(int64(total)), big.NewInt(int64(part)))
	d := big.NewInt(int64(base))
	q, m := new(big.Int).QuoRem(n, d, new(big.Int))
	if new(big.Int).Mul(new(big.Int).Abs(m), big.NewInt(2)).Cmp(new(big.Int).Abs(d)) >= 0 {
		if n.Sign()*d.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	v := money.Amount(q.Int64())
	if v > rest {
		v = rest
	}
	return v
}
