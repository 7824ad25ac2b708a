package mirakl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/jlsync/jlsync/internal/money"
)

// TaxAmount is a tax code with an amount, as OR28/OR30 requests carry them.
type TaxAmount struct {
	Code   string       `json:"code"`
	Amount money.Amount `json:"amount"`
}

// RefundRequest is one OR28 refund of an order line. Amount is the goods
// part, ShippingAmount the shipping part; both are in the order's tax mode.
type RefundRequest struct {
	OrderLineID          string       `json:"order_line_id"`
	Amount               money.Amount `json:"amount"`
	ShippingAmount       money.Amount `json:"shipping_amount"`
	ReasonCode           string       `json:"reason_code"`
	Quantity             int          `json:"quantity,omitempty"` // informative
	Currency             string       `json:"currency_iso_code,omitempty"`
	Taxes                []TaxAmount  `json:"taxes,omitempty"`
	ShippingTaxes        []TaxAmount  `json:"shipping_taxes,omitempty"`
	Fees                 []Fee        `json:"fees,omitempty"`
	ExcludedFromShipment *bool        `json:"excluded_from_shipment,omitempty"`
}

// RefundResult is one refund Mirakl created.
type RefundResult struct {
	RefundID       string       `json:"refund_id"`
	OrderRefundID  string       `json:"order_refund_id"`
	OrderLineID    string       `json:"order_line_id"`
	Amount         money.Amount `json:"amount"`
	ShippingAmount money.Amount `json:"shipping_amount"`
	Quantity       int          `json:"quantity"`
	ReasonCode     string       `json:"reason_code"`
	Currency       string       `json:"currency_iso_code,omitempty"`
	Taxes          []Tax        `json:"taxes,omitempty"`
	ShippingTaxes  []Tax        `json:"shipping_taxes,omitempty"`
	Fees           []Fee        `json:"fees,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (r *RefundResult) setRaw(b json.RawMessage) { r.Raw = b }

// Refund calls OR28. Mirakl has no idempotency key, so a failed call whose
// outcome is unknown (IsOutcomeUnknown) is not retried: read the order's
// refunds (OR11) before sending it again.
func (c *Client) Refund(ctx context.Context, refunds []RefundRequest) ([]RefundResult, error) {
	if len(refunds) == 0 {
		return nil, errors.New("mirakl OR28: no refunds")
	}
	for i, r := range refunds {
		if r.OrderLineID == "" || r.ReasonCode == "" {
			return nil, fmt.Errorf("mirakl OR28: refund %d needs order_line_id and reason_code", i)
		}
		if r.Amount < 0 || r.ShippingAmount < 0 || r.Quantity < 0 {
			return nil, fmt.Errorf("mirakl OR28: refund %d has a negative amount or quantity", i)
		}
		if r.Amount == 0 && r.ShippingAmount == 0 {
			return nil, fmt.Errorf("mirakl OR28: refund %d refunds nothing", i)
		}
	}
	payload := struct {
		Refunds []RefundRequest `json:"refunds"`
	}{refunds}
	return callJSON(ctx, c, &request{op: OpOR28, method: http.MethodPut, path: "/api/orders/refund"}, payload, DecodeRefundResults)
}

// DecodeRefundResults reads an OR28 answer.
func DecodeRefundResults(b []byte) ([]RefundResult, error) {
	out, _, err := decodeOffsetPage[RefundResult](b, "refunds", "refund")
	return out, err
}

// CancelationRequest is one OR30 cancellation of (part of) an order line.
type CancelationRequest struct {
	OrderLineID    string       `json:"order_line_id"`
	Quantity       int          `json:"quantity"`
	Amount         money.Amount `json:"amount"`
	ShippingAmount money.Amount `json:"shipping_amount"`
	ReasonCode     string       `json:"reason_code"`
	Currency       string       `json:"currency_iso_code,omitempty"`
	Taxes          []TaxAmount  `json:"taxes,omitempty"`
	ShippingTaxes  []TaxAmount  `json:"shipping_taxes,omitempty"`
	Fees           []Fee        `json:"fees,omitempty"`
}

// CancelationResult is one cancellation Mirakl created.
type CancelationResult struct {
	CancelationID  string       `json:"cancelation_id"`
	OrderLineID    string       `json:"order_line_id"`
	Quantity       int          `json:"quantity"`
	Amount         money.Amount `json:"amount"`
	ShippingAmount money.Amount `json:"shipping_amount"`
	ReasonCode     string       `json:"reason_code"`
	Currency       string       `json:"currency_iso_code,omitempty"`
	Taxes          []Tax        `json:"taxes,omitempty"`
	ShippingTaxes  []Tax        `json:"shipping_taxes,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (r *CancelationResult) setRaw(b json.RawMessage) { r.Raw = b }

// CancelLines calls OR30. Like OR28 it is not retried when its outcome is
// unknown.
func (c *Client) CancelLines(ctx context.Context, cancels []CancelationRequest) ([]CancelationResult, error) {
	if len(cancels) == 0 {
		return nil, errors.New("mirakl OR30: no cancelations")
	}
	for i, r := range cancels {
		if r.OrderLineID == "" || r.ReasonCode == "" {
			return nil, fmt.Errorf("mirakl OR30: cancelation %d needs order_line_id and reason_code", i)
		}
		if r.Amount < 0 || r.ShippingAmount < 0 || r.Quantity < 0 {
			return nil, fmt.Errorf("mirakl OR30: cancelation %d has a negative amount or quantity", i)
		}
	}
	payload := struct {
		Cancelations []CancelationRequest `json:"cancelations"`
	}{cancels}
	return callJSON(ctx, c, &request{op: OpOR30, method: http.MethodPut, path: "/api/orders/cancel"}, payload, DecodeCancelationResults)
}

// DecodeCancelationResults reads an OR30 answer.
func DecodeCancelationResults(b []byte) ([]CancelationResult, error) {
	out, _, err := decodeOffsetPage[CancelationResult](b, "cancelations", "cancelation")
	return out, err
}
