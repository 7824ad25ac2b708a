package mirakl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Multi-shipment calls (ST01/ST23/ST24) exist only when PC01 reports
// features.shipment.multi_shipment; otherwise use OR23/OR24.

// MaxShipmentsPerCall is the published batch limit of ST01/ST23/ST24.
const MaxShipmentsPerCall = 1000

// ShipmentLine is a quantity of one order line in a shipment.
type ShipmentLine struct {
	OrderLineID      string `json:"order_line_id,omitempty"`
	OfferSKU         string `json:"offer_sku,omitempty"`
	Quantity         int    `json:"quantity"`
	PackageReference string `json:"package_reference,omitempty"`
}

// ShipmentTracking is a shipment's carrier and tracking number.
type ShipmentTracking struct {
	CarrierCode         string `json:"carrier_code,omitempty"`
	CarrierName         string `json:"carrier_name,omitempty"`
	CarrierStandardCode string `json:"carrier_standard_code,omitempty"`
	TrackingNumber      string `json:"tracking_number,omitempty"`
	TrackingURL         string `json:"tracking_url,omitempty"`
}

// ShipmentRequest is one ST01 shipment to create.
type ShipmentRequest struct {
	OrderID          string            `json:"order_id"`
	Lines            []ShipmentLine    `json:"shipment_lines"`
	Tracking         *ShipmentTracking `json:"tracking,omitempty"`
	Shipped          bool              `json:"shipped,omitempty"`
	InvoiceReference string            `json:"invoice_reference,omitempty"`
	ShippingFrom     *ShippingFrom     `json:"shipping_from,omitempty"`
}

// Shipment is a created shipment (ST01 shipment_success).
type Shipment struct {
	ID                  string            `json:"id"`
	OrderID             string            `json:"order_id"`
	Status              string            `json:"status"`
	StatusCustomerDebit string            `json:"status_customer_debit"`
	CreatedDate         time.Time         `json:"created_date"`
	LastUpdatedDate     *time.Time        `json:"last_updated_date,omitempty"`
	ShippedDate         *time.Time        `json:"shipped_date,omitempty"`
	InvoiceReference    string            `json:"invoice_reference,omitempty"`
	Lines               []ShipmentLine    `json:"shipment_lines,omitempty"`
	Tracking            *ShipmentTracking `json:"tracking,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (s *Shipment) setRaw(b json.RawMessage) { s.Raw = b }

// ShipmentError is a per-item failure; ST01 names the order, ST23/ST24 the shipment.
type ShipmentError struct {
	OrderID string `json:"order_id,omitempty"`
	ID      string `json:"id,omitempty"`
	Message string `json:"message"`
}

// CreateShipments calls ST01. Per-shipment failures come back in the error
// list, not as an error.
func (c *Client) CreateShipments(ctx context.Context, shipments []ShipmentRequest) ([]Shipment, []ShipmentError, error) {
	if err := checkBatch(OpST01, len(shipments)); err != nil {
		return nil, nil, err
	}
	for i, s := range shipments {
		if s.OrderID == "" || len(s.Lines) == 0 {
			return nil, nil, fmt.Errorf("mirakl ST01: shipment %d needs an order id and lines", i)
		}
		for _, l := range s.Lines {
			if l.Quantity < 1 {
				return nil, nil, fmt.Errorf("mirakl ST01: shipment %d has a line with quantity < 1", i)
			}
		}
	}
	return sendShipments(ctx, c, &request{op: OpST01, method: http.MethodPost, path: "/api/shipments"},
		shipments, DecodeShipmentsCreated)
}

// checkBatch enforces the ST01/ST23/ST24 batch size before anything else
// about the batch is looked at.
func checkBatch(op string, n int) error {
	if n == 0 || n > MaxShipmentsPerCall {
		return fmt.Errorf("mirakl %s: 1 to %d shipments per call", op, MaxShipmentsPerCall)
	}
	return nil
}

// sendShipments serves ST01, ST23 and ST24, which differ only in what each
// item carries and what a success reports.
func sendShipments[T any](ctx context.Context, c *Client, r *request, items any, decode func([]byte) ([]T, []ShipmentError, error)) ([]T, []ShipmentError, error) {
	type outcome struct {
		ok  []T
		bad []ShipmentError
	}
	payload := struct {
		Shipments any `json:"shipments"`
	}{items}
	out, err := callJSON(ctx, c, r, payload, func(b []byte) (outcome, error) {
		ok, bad, err := decode(b)
		return outcome{ok, bad}, err
	})
	return out.ok, out.bad, err
}

// DecodeShipmentsCreated reads an ST01 answer.
func DecodeShipmentsCreated(b []byte) ([]Shipment, []ShipmentError, error) {
	var env struct {
		Success []json.RawMessage `json:"shipment_success"`
		Errors  []ShipmentError   `json:"shipment_errors"`
	}
	if err := unmarshalObject(b, &env); err != nil {
		return nil, nil, err
	}
	ok, err := decodeItems[Shipment](env.Success, "shipment")
	if err != nil {
		return nil, nil, err
	}
	return ok, env.Errors, nil
}

// ShipmentTrackingUpdate is one ST23 item.
type ShipmentTrackingUpdate struct {
	ID       string           `json:"id"`
	Tracking ShipmentTracking `json:"tracking"`
}

// UpdateShipmentTracking calls ST23 and returns the ids updated and the failures.
func (c *Client) UpdateShipmentTracking(ctx context.Context, updates []ShipmentTrackingUpdate) ([]string, []ShipmentError, error) {
	if err := checkBatch(OpST23, len(updates)); err != nil {
		return nil, nil, err
	}
	for _, u := range updates {
		if u.ID == "" {
			return nil, nil, errors.New("mirakl ST23: shipment without id")
		}
	}
	return sendShipments(ctx, c, &request{op: OpST23, method: http.MethodPost, path: "/api/shipments/tracking", idempotent: true},
		updates, DecodeShipmentResults)
}

// ShipShipments calls ST24: marks shipments as shipped.
func (c *Client) ShipShipments(ctx context.Context, ids []string) ([]string, []ShipmentError, error) {
	if err := checkBatch(OpST24, len(ids)); err != nil {
		return nil, nil, err
	}
	type idOnly struct {
		ID string `json:"id"`
	}
	items := make([]idOnly, len(ids))
	for i, id := range ids {
		if id == "" {
			return nil, nil, errors.New("mirakl ST24: empty shipment id")
		}
		items[i] = idOnly{id}
	}
	return sendShipments(ctx, c, &request{op: OpST24, method: http.MethodPut, path: "/api/shipments/ship", idempotent: true},
		items, DecodeShipmentResults)
}

// DecodeShipmentResults reads an ST23/ST24 answer.
func DecodeShipmentResults(b []byte) ([]string, []ShipmentError, error) {
	var env struct {
		Success []struct {
			ID string `json:"id"`
		} `json:"shipment_success"`
		Errors []ShipmentError `json:"shipment_errors"`
	}
	if err := unmarshalObject(b, &env); err != nil {
		return nil, nil, err
	}
	ids := make([]string, 0, len(env.Success))
	for _, s := range env.Success {
		ids = append(ids, s.ID)
	}
	return ids, env.Errors, nil
}
