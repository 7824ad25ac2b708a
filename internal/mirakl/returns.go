package mirakl

import (
	"context"
	"encoding/json"
	"net/url"
	"time"
)

// Return is an RT11 return (only when PC01 enables marketplace returns).
// The money side of a return is an OR28 refund on the order line.
type Return struct {
	ID                  string          `json:"id"`
	RMA                 string          `json:"rma,omitempty"`
	OrderID             string          `json:"order_id"`
	OrderCommercialID   string          `json:"order_commercial_id"`
	State               string          `json:"state"`
	MethodCode          string          `json:"method_code"`
	ReasonCode          string          `json:"reason_code,omitempty"`
	RejectionReasonCode string          `json:"rejection_reason_code,omitempty"`
	Description         string          `json:"description,omitempty"`
	Lines               []ReturnLine    `json:"return_lines"`
	ReturnAddress       ReturnAddress   `json:"return_address"`
	Tracking            *ReturnTracking `json:"tracking,omitempty"`
	LabelURL            string          `json:"label_url,omitempty"`
	Documents           []ReturnDoc     `json:"documents,omitempty"`
	DateCreated         time.Time       `json:"date_created"`
	LastUpdated         time.Time       `json:"last_updated"`

	Raw json.RawMessage `json:"-"`
}

func (r *Return) setRaw(b json.RawMessage) { r.Raw = b }

// ReturnLine is a quantity of an order line being returned.
type ReturnLine struct {
	OrderLineID string             `json:"order_line_id"`
	Quantity    int                `json:"quantity"`
	ReasonCode  string             `json:"reason_code"`
	Compliance  []ReturnCompliance `json:"compliance,omitempty"`
}

// ReturnCompliance is the seller's inspection result for a returned line.
type ReturnCompliance struct {
	Compliant                   bool   `json:"compliant"`
	NonComplianceReasonCode     string `json:"non_compliance_reason_code,omitempty"`
	NonComplianceAdditionalInfo string `json:"non_compliance_additional_info,omitempty"`
}

// ReturnAddress is where the customer sends the goods.
type ReturnAddress struct {
	Street1        string `json:"street1"`
	Street2        string `json:"street2,omitempty"`
	ZipCode        string `json:"zip_code"`
	City           string `json:"city"`
	State          string `json:"state,omitempty"`
	CountryISOCode string `json:"country_iso_code"`
}

// ReturnTracking is the return parcel's carrier and tracking.
type ReturnTracking struct {
	CarrierCode         string `json:"carrier_code,omitempty"`
	CarrierName         string `json:"carrier_name,omitempty"`
	CarrierStandardCode string `json:"carrier_standard_code,omitempty"`
	TrackingNumber      string `json:"tracking_number,omitempty"`
	TrackingURL         string `json:"tracking_url,omitempty"`
}

// ReturnDoc is a document attached to a return (a label, a delivery bill).
type ReturnDoc struct {
	ID   int64  `json:"id"`
	Type string `json:"type"`
}

// ReturnsQuery filters RT11.
type ReturnsQuery struct {
	UpdatedSince       time.Time // return_last_updated_from
	States             []string  // return_state
	OrderCommercialIDs []string
	IDs                []string
	Limit              int
}

// ListReturns calls RT11 and walks every page (published ceiling: every 5 minutes).
func (c *Client) ListReturns(ctx context.Context, q ReturnsQuery) ([]Return, error) {
	v := url.Values{}
	setTime(v, "return_last_updated_from", q.UpdatedSince)
	for _, s := range q.States {
		v.Add("return_state", s)
	}
	for _, id := range q.OrderCommercialIDs {
		v.Add("order_commercial_id", id)
	}
	for _, id := range q.IDs {
		v.Add("return_id", id)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultSeekLimit
	}
	var out []Return
	err := c.listSeek(ctx, OpRT11, "/api/returns", v, limit, collect(OpRT11, "return", &out))
	return out, err
}

// DecodeReturns reads one RT11 page and its next token.
func DecodeReturns(b []byte) ([]Return, string, error) {
	return decodeSeekPage[Return](b, "return")
}
