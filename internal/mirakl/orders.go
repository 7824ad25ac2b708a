package mirakl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

func (o *Order) setRaw(r json.RawMessage) { o.Raw = r }

// OrdersQuery filters OR11. Zero values mean "no filter".
type OrdersQuery struct {
	UpdatedSince  time.Time // start_update_date, moved back by ClientUpdateOverlap
	UpdatedBefore time.Time // end_update_date
	CreatedSince  time.Time // start_date
	CreatedBefore time.Time // end_date
	States        []string  // order_state_codes
	OrderIDs      []string  // order_ids (split into calls of 100)
	ChannelCodes  []string  // channel_codes
	TaxMode       string    // order_tax_mode; "" = platform default
	PageSize      int       // max per page, at most MaxOffsetPageSize
}

// ListOrders calls OR11 and walks every page. Orders appear once each (the
// latest version wins when paging re-delivers one) in the order Mirakl sent
// them; each carries its exact JSON in Raw.
func (c *Client) ListOrders(ctx context.Context, q OrdersQuery) ([]Order, error) {
	base := url.Values{}
	if !q.UpdatedSince.IsZero() {
		base.Set("start_update_date", formatTime(q.UpdatedSince.Add(-ClientUpdateOverlap)))
	}
	if !q.UpdatedBefore.IsZero() {
		base.Set("end_update_date", formatTime(q.UpdatedBefore))
	}
	if !q.CreatedSince.IsZero() {
		base.Set("start_date", formatTime(q.CreatedSince))
	}
	if !q.CreatedBefore.IsZero() {
		base.Set("end_date", formatTime(q.CreatedBefore))
	}
	if len(q.States) > 0 {
		base.Set("order_state_codes", strings.Join(q.States, ","))
	}
	if len(q.ChannelCodes) > 0 {
		if len(q.ChannelCodes) > MaxIDsPerFilter {
			return nil, fmt.Errorf("mirakl OR11: at most %d channel codes", MaxIDsPerFilter)
		}
		base.Set("channel_codes", strings.Join(q.ChannelCodes, ","))
	}
	if q.TaxMode != "" {
		base.Set("order_tax_mode", q.TaxMode)
	}
	base.Set("sort", "dateCreated")
	base.Set("order", "asc")

	var out []Order
	index := map[string]int{}
	collect := func(items []json.RawMessage) error {
		orders, err := decodeItems[Order](items, "order")
		if err != nil {
			return decodeErr(OpOR11, err)
		}
		for _, o := range orders {
			if err := checkOrder(&o); err != nil {
				return decodeErr(OpOR11, err)
			}
			if i, ok := index[o.OrderID]; ok {
				if !o.LastUpdatedDate.Before(out[i].LastUpdatedDate) {
					out[i] = o
				}
				continue
			}
			index[o.OrderID] = len(out)
			out = append(out, o)
		}
		return nil
	}
	chunks := [][]string{nil}
	if len(q.OrderIDs) > 0 {
		chunks = chunk(q.OrderIDs, MaxIDsPerFilter)
	}
	for _, ids := range chunks {
		qv := cloneValues(base)
		if ids != nil {
			qv.Set("order_ids", strings.Join(ids, ","))
		}
		if err := c.listOffset(ctx, OpOR11, "/api/orders", qv, q.PageSize, "orders", collect); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// DecodeOrders reads an OR11 answer: the orders (each with Raw) and total_count.
func DecodeOrders(b []byte) ([]Order, int, error) {
	orders, total, err := decodeOffsetPage[Order](b, "orders", "order")
	if err != nil {
		return nil, 0, err
	}
	for i := range orders {
		if err := checkOrder(&orders[i]); err != nil {
			return nil, 0, err
		}
	}
	return orders, total, nil
}

// DecodeOrder reads one order object (as stored from Order.Raw).
func DecodeOrder(b []byte) (Order, error) {
	o, err := decodeObject[Order](b)
	if err != nil {
		return Order{}, err
	}
	return o, checkOrder(&o)
}

// checkOrder refuses orders jlsync could not key or book.
func checkOrder(o *Order) error {
	if o.OrderID == "" {
		return errors.New("order without order_id")
	}
	for i, l := range o.Lines {
		if l.ID == "" {
			return fmt.Errorf("order %s: line %d without order_line_id", o.OrderID, i)
		}
		if l.Quantity < 0 {
			return fmt.Errorf("order %s: line %s has negative quantity", o.OrderID, l.ID)
		}
	}
	return nil
}

// LineAcceptance is one OR21 decision.
type LineAcceptance struct {
	ID       string `json:"id"`
	Accepted bool   `json:"accepted"`
}

// AcceptOrder calls OR21 (only valid in WAITING_ACCEPTANCE). Mirakl expects
// a decision for every line of the order.
func (c *Client) AcceptOrder(ctx context.Context, orderID string, lines []LineAcceptance) error {
	if orderID == "" {
		return errors.New("mirakl OR21: empty order id")
	}
	if len(lines) == 0 {
		return errors.New("mirakl OR21: no line decisions")
	}
	seen := map[string]bool{}
	for _, l := range lines {
		if l.ID == "" {
			return errors.New("mirakl OR21: line decision without id")
		}
		if seen[l.ID] {
			return fmt.Errorf("mirakl OR21: line %s decided twice", l.ID)
		}
		seen[l.ID] = true
	}
	body, err := json.Marshal(struct {
		OrderLines []LineAcceptance `json:"order_lines"`
	}{lines})
	if err != nil {
		return err
	}
	_, err = c.do(ctx, &request{op: OpOR21, method: http.MethodPut, path: orderPath(orderID, "accept"),
		body: body, contentType: "application/json", idempotent: true})
	return err
}

// Tracking is the OR23 body. Give CarrierCode for a carrier listed by SH21,
// or CarrierName (and optionally CarrierURL) for any other.
type Tracking struct {
	CarrierCode         string `json:"carrier_code,omitempty"`
	CarrierName         string `json:"carrier_name,omitempty"`
	CarrierStandardCode string `json:"carrier_standard_code,omitempty"`
	CarrierURL          string `json:"carrier_url,omitempty"`
	TrackingNumber      string `json:"tracking_number,omitempty"`
}

// UpdateTracking calls OR23.
func (c *Client) UpdateTracking(ctx context.Context, orderID string, t Tracking) error {
	if orderID == "" {
		return errors.New("mirakl OR23: empty order id")
	}
	if t.CarrierCode == "" && t.CarrierName == "" {
		return errors.New("mirakl OR23: carrier code or carrier name required")
	}
	body, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = c.do(ctx, &request{op: OpOR23, method: http.MethodPut, path: orderPath(orderID, "tracking"),
		body: body, contentType: "application/json", idempotent: true})
	return err
}

// ShipOrder calls OR24 (only valid in SHIPPING). Send tracking first (OR23).
func (c *Client) ShipOrder(ctx context.Context, orderID string) error {
	if orderID == "" {
		return errors.New("mirakl OR24: empty order id")
	}
	_, err := c.do(ctx, &request{op: OpOR24, method: http.MethodPut, path: orderPath(orderID, "ship"), idempotent: true})
	return err
}

// CancelOrder calls OR29: cancels every line of the order.
func (c *Client) CancelOrder(ctx context.Context, orderID string) error {
	if orderID == "" {
		return errors.New("mirakl OR29: empty order id")
	}
	_, err := c.do(ctx, &request{op: OpOR29, method: http.MethodPut, path: orderPath(orderID, "cancel"), idempotent: true})
	return err
}

func orderPath(orderID, action string) string {
	return "/api/orders/" + url.PathEscape(orderID) + "/" + action
}

// formatTime renders a query date the way Mirakl's SDK does, in UTC.
func formatTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

func chunk(ids []string, n int) [][]string {
	var out [][]string
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	return append(out, ids)
}
