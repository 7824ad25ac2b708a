package miraklsim

import (
	"net/http"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

func (s *Server) multiShipmentOff(w http.ResponseWriter) bool {
	if s.st.pc.MultiShipment() {
		return false
	}
	writeError(w, disabledFeatureStatus, "FEATURE_DISABLED", "Multi-shipment is not enabled on this platform")
	return true
}

func (s *Server) shipment(id string) *mirakl.Shipment {
	for _, sh := range s.st.shipments {
		if sh.ID == id {
			return sh
		}
	}
	return nil
}

// shippedQuantity is how much of a line the order's shipments already hold.
func (s *Server) shippedQuantity(orderID, lineID string, onlyShipped bool) int {
	n := 0
	for _, sh := range s.st.shipments {
		if sh.OrderID != orderID || (onlyShipped && sh.Status != mirakl.StateShipped) {
			continue
		}
		for _, l := range sh.Lines {
			if l.OrderLineID == lineID {
				n += l.Quantity
			}
		}
	}
	return n
}

// shipmentBatch reads the "shipments" list of an ST01/ST23/ST24 body; when
// it answers false the error has been written.
func shipmentBatch[T any](s *Server, w http.ResponseWriter, r *http.Request) ([]T, bool) {
	if s.multiShipmentOff(w) {
		return nil, false
	}
	var body struct {
		Shipments []T `json:"shipments"`
	}
	if aerr := decodeBody(r, &body); aerr != nil {
		writeAPIError(w, aerr)
		return nil, false
	}
	if len(body.Shipments) == 0 || len(body.Shipments) > mirakl.MaxShipmentsPerCall {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Between 1 and %d shipments are required", mirakl.MaxShipmentsPerCall))
		return nil, false
	}
	return body.Shipments, true
}

// createShipments serves ST01; failures are reported per shipment.
func (s *Server) createShipments(w http.ResponseWriter, r *http.Request, _ []string) {
	batch, ok := shipmentBatch[mirakl.ShipmentRequest](s, w, r)
	if !ok {
		return
	}
	now := s.now()
	success := []mirakl.Shipment{}
	failures := []mirakl.ShipmentError{}
	for _, req := range batch {
		sh, msg := s.createShipment(req, now)
		if msg != "" {
			failures = append(failures, mirakl.ShipmentError{OrderID: req.OrderID, Message: msg})
			continue
		}
		success = append(success, *sh)
	}
	writeJSON(w, http.StatusCreated, struct {
		Success []mirakl.Shipment      `json:"shipment_success"`
		Errors  []mirakl.ShipmentError `json:"shipment_errors"`
	}{success, failures})
}

func (s *Server) createShipment(req mirakl.ShipmentRequest, now time.Time) (*mirakl.Shipment, string) {
	o := s.st.orderIdx[req.OrderID]
	if o == nil {
		return nil, "The order does not exist."
	}
	if o.State != mirakl.StateShipping {
		return nil, "The order status must be 'SHIPPING' but it is '" + o.State + "'."
	}
	if len(req.Lines) == 0 {
		return nil, "Shipment lines are required."
	}
	sh := &mirakl.Shipment{
		ID: s.st.newUUID("shipment"), OrderID: o.OrderID, Status: mirakl.StateShipping, StatusCustomerDebit: "DEBIT_OK",
		CreatedDate: now, InvoiceReference: req.InvoiceReference, Tracking: req.Tracking,
	}
	upd := now
	sh.LastUpdatedDate = &upd
	taken := map[string]int{}
	for _, rl := range req.Lines {
		var line *mirakl.OrderLine
		for i := range o.Lines {
			l := &o.Lines[i]
			if (rl.OrderLineID != "" && l.ID == rl.OrderLineID) || (rl.OrderLineID == "" && rl.OfferSKU != "" && l.OfferSKU == rl.OfferSKU) {
				line = l
				break
			}
		}
		if line == nil {
			return nil, "The order line does not exist."
		}
		left := line.Quantity - line.CanceledQuantity() - s.shippedQuantity(o.OrderID, line.ID, false) - taken[line.ID]
		if line.State != mirakl.StateShipping || rl.Quantity < 1 || rl.Quantity > left {
			return nil, "Shipment quantity is invalid."
		}
		taken[line.ID] += rl.Quantity
		sh.Lines = append(sh.Lines, mirakl.ShipmentLine{OrderLineID: line.ID, OfferSKU: line.OfferSKU, Quantity: rl.Quantity, PackageReference: rl.PackageReference})
	}
	if t := sh.Tracking; t != nil && t.CarrierCode != "" {
		c := s.st.carrier(t.CarrierCode)
		if c == nil {
			return nil, "The carrier '" + t.CarrierCode + "' does not exist."
		}
		fillTracking(t, c)
	}
	s.st.shipments = append(s.st.shipments, sh)
	if req.Shipped {
		s.shipShipment(sh, now)
	}
	return sh, ""
}

func fillTracking(t *mirakl.ShipmentTracking, c *mirakl.Carrier) {
	t.CarrierName = c.Label
	t.CarrierStandardCode = c.StandardCode
	if t.TrackingNumber != "" && c.TrackingURL != "" {
		t.TrackingURL = strings.ReplaceAll(c.TrackingURL, "{trackingId}", t.TrackingNumber)
	}
}

// shipShipment marks a shipment SHIPPED; lines whose whole quantity is now
// shipped become SHIPPED (and booked), and the order follows when all are.
func (s *Server) shipShipment(sh *mirakl.Shipment, now time.Time) {
	sh.Status = mirakl.StateShipped
	t := now
	sh.ShippedDate = &t
	u := now
	sh.LastUpdatedDate = &u
	o := s.st.orderIdx[sh.OrderID]
	if o == nil {
		return
	}
	if tr := sh.Tracking; tr != nil {
		o.ShippingCarrierCode, o.ShippingCompany, o.ShippingTracking, o.ShippingTrackingURL = tr.CarrierCode, tr.CarrierName, tr.TrackingNumber, tr.TrackingURL
	}
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.State != mirakl.StateShipping {
			continue
		}
		if s.shippedQuantity(o.OrderID, l.ID, true) >= l.Quantity-l.CanceledQuantity() {
			s.shipLine(o, l, sh.ID, now)
		}
	}
	touch(o, now)
	s.markShipped(o, now)
}

type shipmentResults struct {
	Success []idOnly               `json:"shipment_success"`
	Errors  []mirakl.ShipmentError `json:"shipment_errors"`
}

type idOnly struct {
	ID string `json:"id"`
}

// shipmentTracking serves ST23.
func (s *Server) shipmentTracking(w http.ResponseWriter, r *http.Request, _ []string) {
	batch, ok := shipmentBatch[mirakl.ShipmentTrackingUpdate](s, w, r)
	if !ok {
		return
	}
	now := s.now()
	out := shipmentResults{Success: []idOnly{}, Errors: []mirakl.ShipmentError{}}
	for _, u := range batch {
		sh := s.shipment(u.ID)
		switch {
		case sh == nil:
			out.Errors = append(out.Errors, mirakl.ShipmentError{ID: u.ID, Message: "The shipment does not exist."})
			continue
		case u.Tracking.CarrierCode == "" && u.Tracking.CarrierName == "":
			out.Errors = append(out.Errors, mirakl.ShipmentError{ID: u.ID, Message: "A carrier code or name is required."})
			continue
		}
		t := u.Tracking
		if t.CarrierCode != "" {
			c := s.st.carrier(t.CarrierCode)
			if c == nil {
				out.Errors = append(out.Errors, mirakl.ShipmentError{ID: u.ID, Message: "The carrier '" + t.CarrierCode + "' does not exist."})
				continue
			}
			fillTracking(&t, c)
		}
		sh.Tracking = &t
		upd := now
		sh.LastUpdatedDate = &upd
		if o := s.st.orderIdx[sh.OrderID]; o != nil {
			touch(o, now)
		}
		out.Success = append(out.Success, idOnly{sh.ID})
	}
	writeJSON(w, http.StatusOK, out)
}

// shipShipments serves ST24.
func (s *Server) shipShipments(w http.ResponseWriter, r *http.Request, _ []string) {
	batch, ok := shipmentBatch[idOnly](s, w, r)
	if !ok {
		return
	}
	now := s.now()
	out := shipmentResults{Success: []idOnly{}, Errors: []mirakl.ShipmentError{}}
	for _, it := range batch {
		sh := s.shipment(it.ID)
		switch {
		case sh == nil:
			out.Errors = append(out.Errors, mirakl.ShipmentError{ID: it.ID, Message: "The shipment does not exist."})
		case sh.Status != mirakl.StateShipping:
			out.Errors = append(out.Errors, mirakl.ShipmentError{ID: it.ID, Message: "The shipment status must be 'SHIPPING' but it is '" + sh.Status + "'."})
		default:
			s.shipShipment(sh, now)
			out.Success = append(out.Success, idOnly{sh.ID})
		}
	}
	writeJSON(w, http.StatusOK, out)
}
