package mirakl

import (
	"encoding/json"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Fulfillment names the fulfilment centre an order ships from.
type Fulfillment struct {
	Center FulfillmentCenter `json:"center"`
}

// FulfillmentCenter is identified by its operator code.
type FulfillmentCenter struct {
	Code string `json:"code"`
}

// DeliveryDate is the delivery window promised to the customer.
type DeliveryDate struct {
	Earliest time.Time `json:"earliest"`
	Latest   time.Time `json:"latest"`
}

// OrderTax is an order-level tax total (only with order-level tax calculation).
type OrderTax struct {
	Code        string       `json:"code"`
	Rate        *money.Rate  `json:"rate,omitempty"`
	TotalAmount money.Amount `json:"total_amount"`
}

// AdditionalField is an operator-defined field. Value stays raw because its
// JSON type depends on Type (a string for most, an array for lists).
type AdditionalField struct {
	Code  string          `json:"code"`
	Type  string          `json:"type,omitempty"`
	Value json.RawMessage `json:"value,omitempty"`
}

// ProductMedia is one picture of the ordered product.
type ProductMedia struct {
	MediaURL string `json:"media_url"`
	MimeType string `json:"mime_type"`
	Type     string `json:"type"`
}

// Fee is an operator fee attached to a line, refund or cancellation.
type Fee struct {
	Code   string       `json:"code"`
	Amount money.Amount `json:"amount"`
}

// ShippingFrom is where a line was shipped from.
type ShippingFrom struct {
	Warehouse *Warehouse `json:"warehouse,omitempty"`
}

// Warehouse is a seller warehouse reference.
type Warehouse struct {
	Code string `json:"code,omitempty"`
}

// Normalize replaces nil slices the OR11 schema requires with empty ones, so
// an order built in Go marshals to the API's shape ([] rather than null).
func (o *Order) Normalize() {
	if o.Lines == nil {
		o.Lines = []OrderLine{}
	}
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.Refunds == nil {
			l.Refunds = []Refund{}
		}
		if l.Cancelations == nil {
			l.Cancelations = []Cancelation{}
		}
		if l.ProductMedias == nil {
			l.ProductMedias = []ProductMedia{}
		}
		if l.AdditionalFields == nil {
			l.AdditionalFields = []AdditionalField{}
		}
		for j := range l.Refunds {
			if l.Refunds[j].CommissionTaxes == nil {
				l.Refunds[j].CommissionTaxes = []Tax{}
			}
		}
		for j := range l.Cancelations {
			if l.Cancelations[j].CommissionTaxes == nil {
				l.Cancelations[j].CommissionTaxes = []Tax{}
			}
		}
	}
}

// Line returns the order line with the given id.
func (o *Order) Line(id string) (*OrderLine, bool) {
	for i := range o.Lines {
		if o.Lines[i].ID == id {
			return &o.Lines[i], true
		}
	}
	return nil, false
}

// RefundedAmount is the goods amount already refunded on the line.
func (l *OrderLine) RefundedAmount() money.Amount {
	return sumOf(l.Refunds, func(r Refund) money.Amount { return r.Amount })
}

// RefundedShipping is the shipping amount already refunded on the line.
func (l *OrderLine) RefundedShipping() money.Amount {
	return sumOf(l.Refunds, func(r Refund) money.Amount { return r.ShippingAmount })
}

// CanceledAmount is the goods amount canceled on the line.
func (l *OrderLine) CanceledAmount() money.Amount {
	return sumOf(l.Cancelations, func(c Cancelation) money.Amount { return c.Amount })
}

// CanceledShipping is the shipping amount canceled on the line.
func (l *OrderLine) CanceledShipping() money.Amount {
	return sumOf(l.Cancelations, func(c Cancelation) money.Amount { return c.ShippingAmount })
}

// CanceledQuantity is the number of units canceled on the line.
func (l *OrderLine) CanceledQuantity() int {
	return sumOf(l.Cancelations, func(c Cancelation) int { return c.Quantity })
}

func sumOf[T any, N money.Amount | int](xs []T, field func(T) N) N {
	var t N
	for _, x := range xs {
		t += field(x)
	}
	return t
}
