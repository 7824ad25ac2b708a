package mirakl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Offer is one OF21 offer.
type Offer struct {
	OfferID                    int64              `json:"offer_id"`
	ShopSKU                    string             `json:"shop_sku"`
	ProductSKU                 string             `json:"product_sku"`
	ProductTitle               string             `json:"product_title"`
	ProductBrand               string             `json:"product_brand,omitempty"`
	CategoryCode               string             `json:"category_code"`
	CategoryLabel              string             `json:"category_label"`
	Description                string             `json:"description"`
	InternalDescription        string             `json:"internal_description,omitempty"`
	Quantity                   int                `json:"quantity"`
	Price                      money.Amount       `json:"price"`
	TotalPrice                 money.Amount       `json:"total_price"`
	PriceAdditionalInfo        string             `json:"price_additional_info,omitempty"`
	Active                     bool               `json:"active"`
	InactivityReasons          []string           `json:"inactivity_reasons,omitempty"`
	StateCode                  string             `json:"state_code"`
	Currency                   string             `json:"currency_iso_code"`
	LeadtimeToShip             int                `json:"leadtime_to_ship"`
	MinQuantityAlert           int                `json:"min_quantity_alert"`
	MinOrderQuantity           int                `json:"min_order_quantity"`
	MaxOrderQuantity           int                `json:"max_order_quantity"`
	PackageQuantity            int                `json:"package_quantity"`
	LogisticClass              LogisticClass      `json:"logistic_class"`
	AllPrices                  []OfferPrice       `json:"all_prices"`
	ApplicablePricing          *OfferPrice        `json:"applicable_pricing,omitempty"`
	Discount                   *OfferDiscount     `json:"discount,omitempty"`
	Channels                   []string           `json:"channels"`
	ProductReferences          []ProductReference `json:"product_references"`
	Warehouses                 []OfferWarehouse   `json:"warehouses,omitempty"`
	Fulfillment                Fulfillment        `json:"fulfillment"`
	MinShippingPrice           money.Amount       `json:"min_shipping_price"`
	MinShippingPriceAdditional money.Amount       `json:"min_shipping_price_additional"`
	MinShippingType            string             `json:"min_shipping_type"`
	MinShippingZone            string             `json:"min_shipping_zone"`
	ShippingDeadline           time.Time          `json:"shipping_deadline"`
	AvailableStartDate         *time.Time         `json:"available_start_date,omitempty"`
	AvailableEndDate           *time.Time         `json:"available_end_date,omitempty"`
	AllowQuoteRequests         bool               `json:"allow_quote_requests"`
	ProductTaxCode             string             `json:"product_tax_code,omitempty"`
	AdditionalFields           []AdditionalField  `json:"offer_additional_fields,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (o *Offer) setRaw(b json.RawMessage) { o.Raw = b }

// LogisticClass is the offer's shipping class.
type LogisticClass struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// OfferPrice is a price of the offer on a channel (all_prices[]).
type OfferPrice struct {
	ChannelCode       string        `json:"channel_code,omitempty"`
	Price             money.Amount  `json:"price"`
	UnitOriginPrice   money.Amount  `json:"unit_origin_price"`
	UnitDiscountPrice *money.Amount `json:"unit_discount_price,omitempty"`
	DiscountStartDate *time.Time    `json:"discount_start_date,omitempty"`
	DiscountEndDate   *time.Time    `json:"discount_end_date,omitempty"`
	VolumePrices      []VolumePrice `json:"volume_prices"`
}

// VolumePrice is a price from a quantity threshold.
type VolumePrice struct {
	Price             money.Amount `json:"price"`
	QuantityThreshold int          `json:"quantity_threshold"`
	UnitDiscountPrice money.Amount `json:"unit_discount_price"`
	UnitOriginPrice   money.Amount `json:"unit_origin_price"`
}

// OfferDiscount is the offer's discount as OF21 reports it.
type OfferDiscount struct {
	DiscountPrice *money.Amount   `json:"discount_price,omitempty"`
	OriginPrice   *money.Amount   `json:"origin_price,omitempty"`
	StartDate     *time.Time      `json:"start_date,omitempty"`
	EndDate       *time.Time      `json:"end_date,omitempty"`
	Ranges        []DiscountRange `json:"ranges,omitempty"`
}

// DiscountRange is a discounted price from a quantity threshold.
type DiscountRange struct {
	Price             money.Amount `json:"price"`
	QuantityThreshold int          `json:"quantity_threshold"`
}

// ProductReference identifies the product (EAN, UPC ...).
type ProductReference struct {
	Reference     string `json:"reference"`
	ReferenceType string `json:"reference_type"`
}

// OfferWarehouse is the quantity held in one warehouse.
type OfferWarehouse struct {
	Code     string `json:"code"`
	Quantity int    `json:"quantity"`
}

// OffersQuery filters OF21.
type OffersQuery struct {
	SKU        string   // sku
	ProductID  string   // product_id
	StateCodes []string // offer_state_codes
	PageSize   int
}

// ListOffers calls OF21 and walks every page.
func (c *Client) ListOffers(ctx context.Context, q OffersQuery) ([]Offer, error) {
	v := url.Values{}
	if q.SKU != "" {
		v.Set("sku", q.SKU)
	}
	if q.ProductID != "" {
		v.Set("product_id", q.ProductID)
	}
	if len(q.StateCodes) > 0 {
		v.Set("offer_state_codes", strings.Join(q.StateCodes, ","))
	}
	var out []Offer
	err := c.listOffset(ctx, OpOF21, "/api/offers", v, q.PageSize, "offers", collect(OpOF21, "offer", &out))
	return out, err
}

// DecodeOffers reads an OF21 answer.
func DecodeOffers(b []byte) ([]Offer, int, error) {
	return decodeOffsetPage[Offer](b, "offers", "offer")
}

// OfferUpdate is one OF24 offer. OF24 resets every field it is not sent, so
// the fields a seller normally sets are always sent here; build updates with
// OfferUpdateFromOffer so a price change does not wipe the description or
// zero the stock.
type OfferUpdate struct {
	ShopSKU             string            `json:"shop_sku"`
	ProductID           string            `json:"product_id"`
	ProductIDType       string            `json:"product_id_type"`
	Price               money.Amount      `json:"price"`
	Quantity            int               `json:"quantity"`
	StateCode           string            `json:"state_code"`
	UpdateDelete        string            `json:"update_delete"` // "", "update" or "delete"
	Description         string            `json:"description"`
	InternalDescription string            `json:"internal_description"`
	PriceAdditionalInfo string            `json:"price_additional_info"`
	LeadtimeToShip      *int              `json:"leadtime_to_ship,omitempty"`
	MinQuantityAlert    *int              `json:"min_quantity_alert,omitempty"`
	MinOrderQuantity    *int              `json:"min_order_quantity,omitempty"`
	MaxOrderQuantity    *int              `json:"max_order_quantity,omitempty"`
	PackageQuantity     *int              `json:"package_quantity,omitempty"`
	LogisticClass       string            `json:"logistic_class,omitempty"`
	AvailableStarted    string            `json:"available_started,omitempty"`
	AvailableEnded      string            `json:"available_ended,omitempty"`
	Discount            *UpdateDiscount   `json:"discount,omitempty"`
	AllowQuoteRequests  *bool             `json:"allow_quote_requests,omitempty"`
	ProductTaxCode      string            `json:"product_tax_code,omitempty"`
	AdditionalFields    []AdditionalField `json:"offer_additional_fields,omitempty"`
}

// UpdateDiscount is the OF24 discount block (dates as yyyy-MM-dd'T'HH:mm:ss or date strings).
type UpdateDiscount struct {
	Price     *money.Amount   `json:"price,omitempty"`
	StartDate string          `json:"start_date,omitempty"`
	EndDate   string          `json:"end_date,omitempty"`
	Ranges    []DiscountRange `json:"ranges,omitempty"`
}

// ProductIDTypeSKU is the product_id_type that designates the operator's
// product SKU (OF21 product_sku). UNCERTAIN: "SKU" is Mirakl's usual code;
// operators may add EAN or others.
const ProductIDTypeSKU = "SKU"

// OfferUpdateFromOffer copies everything OF24 accepts from an OF21 offer, so
// sending it back changes only what the caller then edits.
func OfferUpdateFromOffer(o Offer) OfferUpdate {
	ip := func(v int) *int { return &v }
	u := OfferUpdate{
		ShopSKU:             o.ShopSKU,
		ProductID:           o.ProductSKU,
		ProductIDType:       ProductIDTypeSKU,
		Price:               o.Price,
		Quantity:            o.Quantity,
		StateCode:           o.StateCode,
		UpdateDelete:        "update",
		Description:         o.Description,
		InternalDescription: o.InternalDescription,
		PriceAdditionalInfo: o.PriceAdditionalInfo,
		LeadtimeToShip:      ip(o.LeadtimeToShip),
		MinQuantityAlert:    ip(o.MinQuantityAlert),
		MinOrderQuantity:    ip(o.MinOrderQuantity),
		MaxOrderQuantity:    ip(o.MaxOrderQuantity),
		PackageQuantity:     ip(o.PackageQuantity),
		LogisticClass:       o.LogisticClass.Code,
		AllowQuoteRequests:  &o.AllowQuoteRequests,
		ProductTaxCode:      o.ProductTaxCode,
		AdditionalFields:    o.AdditionalFields,
	}
	if o.AvailableStartDate != nil {
		u.AvailableStarted = o.AvailableStartDate.UTC().Format(time.RFC3339)
	}
	if o.AvailableEndDate != nil {
		u.AvailableEnded = o.AvailableEndDate.UTC().Format(time.RFC3339)
	}
	if d := o.Discount; d != nil && (d.DiscountPrice != nil || len(d.Ranges) > 0) {
		u.Discount = &UpdateDiscount{Price: d.DiscountPrice, Ranges: d.Ranges}
		if d.StartDate != nil {
			u.Discount.StartDate = d.StartDate.UTC().Format(time.RFC3339)
		}
		if d.EndDate != nil {
			u.Discount.EndDate = d.EndDate.UTC().Format(time.RFC3339)
		}
	}
	return u
}

// UpsertOffers calls OF24 with complete offers and returns the import id.
func (c *Client) UpsertOffers(ctx context.Context, offers []OfferUpdate) (int64, error) {
	if len(offers) == 0 {
		return 0, errors.New("mirakl OF24: no offers")
	}
	for i, o := range offers {
		if o.ShopSKU == "" || o.ProductID == "" || o.ProductIDType == "" || o.StateCode == "" {
			return 0, fmt.Errorf("mirakl OF24: offer %d needs shop_sku, product_id, product_id_type and state_code", i)
		}
		if o.Quantity < 0 || o.Price < 0 {
			return 0, fmt.Errorf("mirakl OF24: offer %d has a negative price or quantity", i)
		}
	}
	payload := struct {
		Offers []OfferUpdate `json:"offers"`
	}{offers}
	// Mirakl answers a duplicate OF24 with the first import's id, and the
	// offers are complete, so a resend is harmless.
	id, err := callJSON(ctx, c, &request{op: OpOF24, method: http.MethodPost, path: "/api/offers", idempotent: true}, payload, DecodeImportID)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, decodeErr(OpOF24, fmt.Errorf("import_id %q is not a number", id))
	}
	return n, nil
}

// OfferImport is the OF02 status of an offer import.
type OfferImport struct {
	ImportID       int64     `json:"import_id"`
	Status         string    `json:"status"`
	ReasonStatus   string    `json:"reason_status,omitempty"`
	Mode           string    `json:"mode"`
	Type           string    `json:"type,omitempty"`
	DateCreated    time.Time `json:"date_created"`
	HasErrorReport bool      `json:"has_error_report"`
	LinesRead      int       `json:"lines_read"`
	LinesInSuccess int       `json:"lines_in_success"`
	LinesInError   int       `json:"lines_in_error"`
	LinesInPending int       `json:"lines_in_pending"`
	OfferInserted  int       `json:"offer_inserted"`
	OfferUpdated   int       `json:"offer_updated"`
	OfferDeleted   int       `json:"offer_deleted"`

	Raw json.RawMessage `json:"-"`
}

func (o *OfferImport) setRaw(b json.RawMessage) { o.Raw = b }

// Done reports whether the import has finished.
func (o OfferImport) Done() bool { return o.Status == ImportComplete || o.Status == ImportFailed }

// OfferImportStatus calls OF02.
func (c *Client) OfferImportStatus(ctx context.Context, importID int64) (OfferImport, error) {
	return call(ctx, c, &request{op: OpOF02, method: http.MethodGet,
		path: "/api/offers/imports/" + strconv.FormatInt(importID, 10), idempotent: true}, DecodeOfferImport)
}

// DecodeOfferImport reads an OF02 answer.
func DecodeOfferImport(b []byte) (OfferImport, error) { return decodeObject[OfferImport](b) }
