package miraklsim

import (
	"errors"
	"fmt"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// Events are what happens on the marketplace side: a customer orders,
// customer service refunds or cancels, the operator closes a billing cycle.
// Each is a Go method and a POST under /_sim/events/.

// AddOrder makes a new order arrive. Zero dates become now; a missing state
// is WAITING_ACCEPTANCE (accepted at once when PC01 says AUTOMATIC); line
// states default to the order's.
func (s *Server) AddOrder(o mirakl.Order) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	return s.addOrder(&o, now)
}

func (s *Server) addOrder(o *mirakl.Order, now time.Time) error {
	if o.OrderID == "" {
		return errors.New("order without order_id")
	}
	if s.st.orderIdx[o.OrderID] != nil {
		return fmt.Errorf("order %s already exists", o.OrderID)
	}
	if len(o.Lines) == 0 {
		return fmt.Errorf("order %s has no lines", o.OrderID)
	}
	if o.State == "" {
		o.State = mirakl.StateWaitingAcceptance
	}
	if o.CreatedDate.IsZero() {
		o.CreatedDate = now
	}
	if o.LastUpdatedDate.Before(now) {
		o.LastUpdatedDate = now
	}
	if o.Currency == "" {
		o.Currency = "GBP"
	}
	if o.TaxMode == "" {
		o.TaxMode = s.st.pc.TaxMode()
	}
	seen := map[string]bool{}
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.ID == "" || seen[l.ID] {
			return fmt.Errorf("order %s: line %d has an empty or repeated id", o.OrderID, i)
		}
		if _, other := s.st.findLine(l.ID); other != nil {
			return fmt.Errorf("order line %s already exists", l.ID)
		}
		seen[l.ID] = true
		if l.State == "" {
			l.State = o.State
		}
		if l.CreatedDate.IsZero() {
			l.CreatedDate = o.CreatedDate
		}
		if l.LastUpdatedDate.Before(o.LastUpdatedDate) {
			l.LastUpdatedDate = o.LastUpdatedDate
		}
	}
	s.st.addOrder(o)
	if o.State == mirakl.StateWaitingAcceptance && s.st.pc.AcceptanceMode() == "AUTOMATIC" {
		t := now
		o.AcceptanceDecisionDate = &t
		o.State = mirakl.StateWaitingDebit
		for i := range o.Lines {
			o.Lines[i].State = mirakl.StateWaitingDebit
		}
	}
	return nil
}

// RefundEvent is a refund made on the marketplace side (customer service).
type RefundEvent struct {
	OrderLineID    string       `json:"order_line_id"`
	Amount         money.Amount `json:"amount"`
	ShippingAmount money.Amount `json:"shipping_amount"`
	Quantity       int          `json:"quantity"`
	ReasonCode     string       `json:"reason_code"` // default: goods returned
}

// RefundLine refunds (part of) a shipped line, exactly as OR28 would.
func (s *Server) RefundLine(ev RefundEvent) (mirakl.Refund, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	if ev.ReasonCode == "" {
		ev.ReasonCode = ReasonReturnReceived
	}
	in := refundInput{LineID: ev.OrderLineID, Amount: ev.Amount, Shipping: ev.ShippingAmount, Quantity: ev.Quantity, ReasonCode: ev.ReasonCode}
	o, l, aerr := s.checkRefund(in, map[string][2]money.Amount{})
	if aerr != nil {
		return mirakl.Refund{}, aerr
	}
	return s.applyRefund(o, l, in, s.st.newUUID("order-refund"), now), nil
}

// CancelEvent cancels (part of) a line before shipment (customer request).
type CancelEvent struct {
	OrderLineID string `json:"order_line_id"`
	Quantity    int    `json:"quantity"` // 0 = everything left
	// Amount and ShippingAmount default to the share of what is left for Quantity.
	Amount         *money.Amount `json:"amount,omitempty"`
	ShippingAmount *money.Amount `json:"shipping_amount,omitempty"`
	ReasonCode     string        `json:"reason_code"` // default: canceled by the customer
}

// CancelLine cancels (part of) a line not yet shipped, as OR30 would.
func (s *Server) CancelLine(ev CancelEvent) (mirakl.Cancelation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	o, l := s.st.findLine(ev.OrderLineID)
	if l == nil {
		return mirakl.Cancelation{}, fmt.Errorf("order line %s not found", ev.OrderLineID)
	}
	if ev.ReasonCode == "" {
		ev.ReasonCode = ReasonCustomerCancelled
	}
	qtyLeft := l.Quantity - l.CanceledQuantity()
	qty := ev.Quantity
	if qty == 0 {
		qty = qtyLeft
	}
	if qty < 1 || qty > qtyLeft {
		return mirakl.Cancelation{}, fmt.Errorf("quantity %d is outside 1..%d", qty, qtyLeft)
	}
	goodsLeft, shipLeft := l.Price-l.CanceledAmount(), l.ShippingPrice-l.CanceledShipping()
	amount := shareOf(goodsLeft, 0, money.Amount(qty), money.Amount(qtyLeft), money.Amount(qtyLeft))
	shipping := shareOf(shipLeft, 0, money.Amount(qty), money.Amount(qtyLeft), money.Amount(qtyLeft))
	if ev.Amount != nil {
		amount = *ev.Amount
	}
	if ev.ShippingAmount != nil {
		shipping = *ev.ShippingAmount
	}
	c, aerr := s.cancelLine(o, l, qty, amount, shipping, ev.ReasonCode, now)
	if aerr != nil {
		return mirakl.Cancelation{}, aerr
	}
	return c, nil
}

// CloseBillingCycle closes the current billing cycle: every payable line not
// yet in a cycle, its AUTO_INVOICE and its PAYMENT line.
func (s *Server) CloseBillingCycle(opts CloseOptions) (CloseResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	return s.closeBillingCycle(opts, now)
}

// PayBillingCycle marks a TO_PAY cycle PAID (its lines and invoice too).
func (s *Server) PayBillingCycle(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for _, c := range s.st.cycles {
		if c.ID != id {
			continue
		}
		if c.PayOut.State == "PAID" {
			return fmt.Errorf("billing cycle %s is already paid", id)
		}
		t := now
		c.PayOut = mirakl.PayOut{State: "PAID", Reference: "BACS-" + c.PaymentVoucherNumber, TransactionDate: &t}
		for _, l := range s.st.txns {
			if l.SellerBillingCycleID == id {
				l.PaymentState, l.LastUpdated = "PAID", now
			}
		}
		for _, d := range s.st.docs {
			if d.SellerBillingCycleID == id {
				pt := now
				d.Payment = &mirakl.DocumentPayment{State: "PAID", Reference: c.PayOut.Reference, TransactionDate: &pt}
			}
		}
		return nil
	}
	return fmt.Errorf("billing cycle %s not found", id)
}

// ReceiveOrder records the customer's receipt: SHIPPED -> RECEIVED.
func (s *Server) ReceiveOrder(orderID string) error {
	return s.moveOrder(orderID, []string{mirakl.StateShipped, mirakl.StateToCollect}, mirakl.StateReceived)
}

// CloseOrder ends an order's life: RECEIVED (or SHIPPED) -> CLOSED; no
// refund is possible afterwards.
func (s *Server) CloseOrder(orderID string) error {
	return s.moveOrder(orderID, []string{mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived}, mirakl.StateClosed)
}

func (s *Server) moveOrder(orderID string, from []string, to string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	o := s.st.orderIdx[orderID]
	if o == nil {
		return fmt.Errorf("order %s not found", orderID)
	}
	if !oneOf(o.State, from...) {
		return fmt.Errorf("order %s is %s, not %v", orderID, o.State, from)
	}
	o.State = to
	for i := range o.Lines {
		l := &o.Lines[i]
		if oneOf(l.State, mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived) {
			l.State = to
			if to == mirakl.StateReceived {
				t := now
				l.ReceivedDate = &t
			}
			if to == mirakl.StateClosed {
				l.CanRefund = false
			}
			touchLine(o, l, now)
		}
	}
	touch(o, now)
	return nil
}

// AddReturn opens a return (RT11) on a shipped order.
func (s *Server) AddReturn(ev ReturnEvent) (mirakl.Return, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	return s.addReturn(ev, now)
}

// Advance moves the simulated clock forward (debits, imports and refunds
// fall due); the per-call ceilings keep running on the real clock.
func (s *Server) Advance(d time.Duration) time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d > 0 {
		s.st.clockOffset += d
	}
	now := s.now()
	s.advance(now)
	return now
}

// Now returns the simulated time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now()
}

// GenerateEvent adds generated orders (see GenerateOrders) using the shop's
// offers as the catalogue, or a generated one when it has none.
type GenerateEvent struct {
	Count   int           `json:"count"`
	Seed    uint64        `json:"seed"`
	State   string        `json:"state"`
	Spacing time.Duration `json:"-"`
}

// GenerateOrdersNow adds ev.Count generated orders created up to now.
func (s *Server) GenerateOrdersNow(ev GenerateEvent) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.advance(now)
	if ev.Count <= 0 || ev.Count > 10000 {
		return nil, fmt.Errorf("count must be 1..10000")
	}
	products := productsFromOffers(s.st.offers)
	if len(products) == 0 {
		products = GenerateProducts(ev.Seed, 40)
	}
	spacing := ev.Spacing
	if spacing <= 0 {
		spacing = time.Second
	}
	base := int64(0)
	for _, o := range s.st.orders {
		if n, ok := generatedNumber(o.CommercialID); ok && n > base {
			base = n
		}
	}
	orders := GenerateOrders(GenOptions{
		Seed: ev.Seed, Orders: ev.Count, Start: now.Add(-time.Duration(ev.Count-1) * spacing), Spacing: spacing,
		Products: products, State: ev.State, ShopID: s.shopID, FirstNumber: int(base) + 1,
	})
	var ids []string
	for i := range orders {
		o := orders[i]
		if err := s.addOrder(&o, now); err != nil {
			return ids, err
		}
		ids = append(ids, o.OrderID)
	}
	return ids, nil
}

func productsFromOffers(offers []*mirakl.Offer) []Product {
	var out []Product
	for _, o := range offers {
		out = append(out, Product{SKU: o.ShopSKU, Title: o.ProductTitle, Category: o.CategoryCode, UnitPrice: o.Price})
	}
	return out
}
