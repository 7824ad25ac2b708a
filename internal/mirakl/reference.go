package mirakl

import (
	"context"
	"encoding/json"
	"net/http"
)

// Reason is an RE01 reason. Use type REFUND codes for OR28 and CANCELATION
// codes for OR30.
type Reason struct {
	Code        string `json:"code"`
	Label       string `json:"label"`
	Type        string `json:"type"`
	IsShopRight bool   `json:"is_shop_right"`

	Raw json.RawMessage `json:"-"`
}

func (r *Reason) setRaw(b json.RawMessage) { r.Raw = b }

// Reason types used by jlsync.
const (
	ReasonRefund      = "REFUND"
	ReasonCancelation = "CANCELATION"
)

// ListReasons calls RE01.
func (c *Client) ListReasons(ctx context.Context) ([]Reason, error) {
	return call(ctx, c, &request{op: OpRE01, method: http.MethodGet, path: "/api/reasons", idempotent: true}, DecodeReasons)
}

// DecodeReasons reads an RE01 answer.
func DecodeReasons(b []byte) ([]Reason, error) {
	rs, _, err := decodeOffsetPage[Reason](b, "reasons", "reason")
	return rs, err
}

// Carrier is an SH21 carrier; TrackingURL may contain {trackingId}.
type Carrier struct {
	Code         string `json:"code"`
	Label        string `json:"label"`
	StandardCode string `json:"standard_code,omitempty"`
	TrackingURL  string `json:"tracking_url,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (c *Carrier) setRaw(b json.RawMessage) { c.Raw = b }

// ListCarriers calls SH21 (published ceiling: once a day).
func (c *Client) ListCarriers(ctx context.Context) ([]Carrier, error) {
	return call(ctx, c, &request{op: OpSH21, method: http.MethodGet, path: "/api/shipping/carriers", idempotent: true}, DecodeCarriers)
}

// DecodeCarriers reads an SH21 answer.
func DecodeCarriers(b []byte) ([]Carrier, error) {
	cs, _, err := decodeOffsetPage[Carrier](b, "carriers", "carrier")
	return cs, err
}
