package miraklsim

import (
	"net/http"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

func (s *Server) order(id string) (*mirakl.Order, *apiError) {
	o := s.st.orderIdx[id]
	if o == nil {
		return nil, notFound("ORDER_NOT_FOUND", "Order with id '%s' not found", id)
	}
	return o, nil
}

func wrongState(o *mirakl.Order, want ...string) *apiError {
	return badRequest("ORDER_INVALID_STATE", "The order status must be '%s' but it is '%s'.", strings.Join(want, "' or '"), o.State)
}

// acceptOrder serves OR21: every line of an order in WAITING_ACCEPTANCE is
// accepted or refused; any acceptance sends the order to WAITING_DEBIT.
func (s *Server) acceptOrder(w http.ResponseWriter, r *http.Request, p []string) {
	o, aerr := s.order(p[0])
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	var body struct {
		OrderLines *[]*struct {
			ID       *string `json:"id"`
			Accepted *bool   `json:"accepted"`
		} `json:"order_lines"`
	}
	if aerr := decodeBody(r, &body); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if body.OrderLines == nil {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "order_lines is required"))
		return
	}
	if o.State != mirakl.StateWaitingAcceptance {
		writeAPIError(w, wrongState(o, mirakl.StateWaitingAcceptance))
		return
	}
	decisions := map[string]bool{}
	for _, d := range *body.OrderLines {
		switch {
		case d == nil:
			writeAPIError(w, badRequest("ORDER_LINE_NULL_ELEMENT", "The order lines list contains a null element"))
			return
		case d.ID == nil || d.Accepted == nil:
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Each order line needs an id and accepted"))
			return
		}
		if _, dup := decisions[*d.ID]; dup {
			writeAPIError(w, badRequest("ORDER_LINE_DUPLICATE_ID", "Order line '%s' appears twice", *d.ID))
			return
		}
		if _, ok := o.Line(*d.ID); !ok {
			writeAPIError(w, badRequest("ORDER_LINE_NOT_FOUND", "Order line '%s' does not belong to order '%s'", *d.ID, o.OrderID))
			return
		}
		decisions[*d.ID] = *d.Accepted
	}
	for _, l := range o.Lines {
		if l.State != mirakl.StateWaitingAcceptance {
			continue
		}
		if _, ok := decisions[l.ID]; !ok {
			writeAPIError(w, badRequest("ORDER_LINE_ACCEPTANCE_DECISION_MISSING", "No acceptance decision for order line '%s'", l.ID))
			return
		}
	}
	now := s.now()
	anyAccepted := false
	for i := range o.Lines {
		l := &o.Lines[i]
		accepted, ok := decisions[l.ID]
		if !ok {
			continue
		}
		if accepted {
			anyAccepted = true
			l.State = mirakl.StateWaitingDebit
		} else {
			l.State = mirakl.StateRefused
			l.CanRefund = false
		}
		touchLine(o, l, now)
	}
	t := now
	o.AcceptanceDecisionDate = &t
	if anyAccepted {
		o.State = mirakl.StateWaitingDebit
	} else {
		o.State = mirakl.StateRefused
		o.CanCancel = false
	}
	touch(o, now)
	w.WriteHeader(http.StatusNoContent)
}

// debitOrder is the customer being charged: WAITING_DEBIT -> SHIPPING.
func (s *Server) debitOrder(o *mirakl.Order, at time.Time) {
	t := at
	o.CustomerDebitedDate = &t
	o.State = mirakl.StateShipping
	o.CanCancel = true
	o.CanShopShip = true
	if o.ShippingDeadline == nil {
		d := at.Add(time.Duration(max(o.LeadtimeToShip, 1)) * 24 * time.Hour)
		o.ShippingDeadline = &d
	}
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.State == mirakl.StateWaitingDebit {
			l.State = mirakl.StateShipping
			dt := at
			l.DebitedDate = &dt
			touchLine(o, l, at)
		}
	}
	touch(o, at)
}

// updateTracking serves OR23.
func (s *Server) updateTracking(w http.ResponseWriter, r *http.Request, p []string) {
	o, aerr := s.order(p[0])
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	var body mirakl.Tracking
	if aerr := decodeBody(r, &body); aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if !oneOf(o.State, mirakl.StateShipping, mirakl.StateShipped, mirakl.StateToCollect) {
		writeAPIError(w, wrongState(o, mirakl.StateShipping, mirakl.StateShipped))
		return
	}
	// These fields may be cleared below; the loaded raw copy must not
	// bring old values back.
	o.Raw = stripKeys(o.Raw, trackingKeys)
	switch {
	case body.CarrierCode != "":
		c := s.st.carrier(body.CarrierCode)
		if c == nil {
			writeAPIError(w, badRequest("CARRIER_NOT_FOUND", "Carrier with code '%s' not found", body.CarrierCode))
			return
		}
		o.ShippingCarrierCode = c.Code
		o.ShippingCarrierStandardCode = c.StandardCode
		o.ShippingCompany = c.Label
		o.ShippingTrackingURL = ""
		if body.TrackingNumber != "" && c.TrackingURL != "" {
			o.ShippingTrackingURL = strings.ReplaceAll(c.TrackingURL, "{trackingId}", body.TrackingNumber)
		}
	case body.CarrierName != "":
		o.ShippingCarrierCode = ""
		o.ShippingCarrierStandardCode = body.CarrierStandardCode
		o.ShippingCompany = body.CarrierName
		o.ShippingTrackingURL = body.CarrierURL
	default:
		writeAPIError(w, badRequest("VALIDATION_ERROR", "carrier_code or carrier_name is required"))
		return
	}
	o.ShippingTracking = body.TrackingNumber
	touch(o, s.now())
	w.WriteHeader(http.StatusNoContent)
}

// shipOrder serves OR24: SHIPPING -> SHIPPED, creating the lines' money.
func (s *Server) shipOrder(w http.ResponseWriter, _ *http.Request, p []string) {
	o, aerr := s.order(p[0])
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if o.State != mirakl.StateShipping {
		writeAPIError(w, wrongState(o, mirakl.StateShipping))
		return
	}
	now := s.now()
	for i := range o.Lines {
		if o.Lines[i].State == mirakl.StateShipping {
			s.shipLine(o, &o.Lines[i], "", now)
		}
	}
	s.markShipped(o, now)
	w.WriteHeader(http.StatusNoContent)
}

// shipLine marks a line SHIPPED and books its transaction lines.
func (s *Server) shipLine(o *mirakl.Order, l *mirakl.OrderLine, shipmentID string, now time.Time) {
	l.State = mirakl.StateShipped
	t := now
	l.ShippedDate = &t
	l.CanRefund = true
	touchLine(o, l, now)
	s.bookShippedLine(o, l, shipmentID, now)
}

// markShipped moves the order to SHIPPED once no line is left to ship.
func (s *Server) markShipped(o *mirakl.Order, now time.Time) {
	shipped := false
	for _, l := range o.Lines {
		switch l.State {
		case mirakl.StateShipping, mirakl.StateWaitingDebit, mirakl.StateWaitingAcceptance:
			return
		case mirakl.StateShipped:
			shipped = true
		}
	}
	if !shipped {
		return
	}
	o.State = mirakl.StateShipped
	o.CanCancel = false
	o.CanShopShip = false
	touch(o, now)
}

// cancelOrder serves OR29: every line still to ship is canceled in full.
func (s *Server) cancelOrder(w http.ResponseWriter, _ *http.Request, p []string) {
	o, aerr := s.order(p[0])
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if !oneOf(o.State, mirakl.StateWaitingDebit, mirakl.StateShipping) || !o.CanCancel && o.State == mirakl.StateShipping {
		writeAPIError(w, wrongState(o, mirakl.StateShipping))
		return
	}
	for _, l := range o.Lines {
		if l.State == mirakl.StateShipped {
			writeAPIError(w, badRequest("ORDER_INVALID_STATE", "Order '%s' has shipped lines and cannot be canceled in full", o.OrderID))
			return
		}
	}
	now := s.now()
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.State == mirakl.StateCanceled || l.State == mirakl.StateRefused {
			continue
		}
		qty := l.Quantity - l.CanceledQuantity()
		if _, aerr := s.cancelLine(o, l, qty, l.Price-l.CanceledAmount(), l.ShippingPrice-l.CanceledShipping(), ReasonSellerCannotShip, now); aerr != nil {
			writeAPIError(w, aerr)
			return
		}
	}
	w.WriteHeader(http.StatusNoContent)
}

var trackingKeys = []string{"shipping_carrier_code", "shipping_carrier_standard_code", "shipping_company", "shipping_tracking", "shipping_tracking_url"}
