package mirakl

import (
	"encoding/json"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Order states as OR11 reports them. Kept as strings so an enum value added by
// Mirakl later decodes instead of failing.
const (
	StateStaging             = "STAGING"
	StateWaitingAcceptance   = "WAITING_ACCEPTANCE"
	StateWaitingDebit        = "WAITING_DEBIT"
	StateWaitingDebitPayment = "WAITING_DEBIT_PAYMENT"
	StateShipping            = "SHIPPING"
	StateShipped             = "SHIPPED"
	StateToCollect           = "TO_COLLECT"
	StateReceived            = "RECEIVED"
	StateClosed              = "CLOSED"
	StateRefused             = "REFUSED"
	StateCanceled            = "CANCELED"
	// Line-only states.
	StateIncidentOpen = "INCIDENT_OPEN"
	StateRefunded     = "REFUNDED"
)

// Tax modes (PC01 features.order_tax_mode, OR11 order_tax_mode).
const (
	TaxIncluded = "TAX_INCLUDED"
	TaxExcluded = "TAX_EXCLUDED"
)

// Order is one OR11 order. Fields jlsync does not use are still kept: Raw holds
// the exact JSON the marketplace sent, so the store never loses what arrived.
type Order struct {
	OrderID                string       `json:"order_id"`
	CommercialID           string       `json:"commercial_id"`
	State                  string       `json:"order_state"`
	StateReasonCode        string       `json:"order_state_reason_code,omitempty"`
	StateReasonLabel       string       `json:"order_state_reason_label,omitempty"`
	CreatedDate            time.Time    `json:"created_date"`
	LastUpdatedDate        time.Time    `json:"last_updated_date"`
	AcceptanceDecisionDate *time.Time   `json:"acceptance_decision_date,omitempty"`
	CustomerDebitedDate    *time.Time   `json:"customer_debited_date,omitempty"`
	ShippingDeadline       *time.Time   `json:"shipping_deadline,omitempty"`
	LeadtimeToShip         int          `json:"leadtime_to_ship"`
	Currency               string       `json:"currency_iso_code"`
	TaxMode                string       `json:"order_tax_mode"`
	Price                  money.Amount `json:"price"`
	ShippingPrice          money.Amount `json:"shipping_price"`
	TotalPrice             money.Amount `json:"total_price"`
	TotalCommission        money.Amount `json:"total_commission"`
	PaymentWorkflow        string       `json:"payment_workflow,omitempty"`
	PaymentType            string       `json:"payment_type,omitempty"`
	ShippingTypeCode       string       `json:"shipping_type_code"`
	ShippingTypeLabel      string       `json:"shipping_type_label"`
	ShippingZoneCode       string       `json:"shipping_zone_code"`
	ShippingZoneLabel      string       `json:"shipping_zone_label"`
	ShippingCarrierCode    string       `json:"shipping_carrier_code,omitempty"`
	ShippingCompany        string       `json:"shipping_company,omitempty"`
	ShippingTracking       string       `json:"shipping_tracking,omitempty"`
	ShippingTrackingURL    string       `json:"shipping_tracking_url,omitempty"`
	FullyRefunded          bool         `json:"fully_refunded"`
	CanCancel              bool         `json:"can_cancel"`
	CanShopShip            bool         `json:"can_shop_ship"`
	HasIncident            bool         `json:"has_incident"`
	HasCustomerMessage     bool         `json:"has_customer_message"`
	HasInvoice             bool         `json:"has_invoice"`
	Channel                *Channel     `json:"channel,omitempty"`
	Promotions             *Promotions  `json:"promotions,omitempty"`
	References             *References  `json:"references,omitempty"`
	Customer               Customer     `json:"customer"`
	Lines                  []OrderLine  `json:"order_lines"`

	// Fields below were added for the simulator and the agent; the schema
	// marks fulfillment and paymentType required, so the simulator fills them.
	PaymentTypeDeprecated       string            `json:"paymentType"`
	Fulfillment                 *Fulfillment      `json:"fulfillment,omitempty"`
	DeliveryDate                *DeliveryDate     `json:"delivery_date,omitempty"`
	OrderTaxes                  []OrderTax        `json:"order_taxes,omitempty"`
	AdditionalFields            []AdditionalField `json:"order_additional_fields,omitempty"`
	TransactionDate             *time.Time        `json:"transaction_date,omitempty"`
	TransactionNumber           string            `json:"transaction_number,omitempty"`
	ShippingTypeStandardCode    string            `json:"shipping_type_standard_code,omitempty"`
	ShippingCarrierStandardCode string            `json:"shipping_carrier_standard_code,omitempty"`
	ShippingPudoID              string            `json:"shipping_pudo_id,omitempty"`
	CustomerNotificationEmail   string            `json:"customer_notification_email,omitempty"`

	// Raw is the order exactly as received; set by the client's decoder.
	Raw json.RawMessage `json:"-"`
}

// Channel is the sales channel an order came through.
type Channel struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// References are the free references on an order (OR04 can set the seller one).
type References struct {
	ForCustomer string `json:"order_reference_for_customer,omitempty"`
	ForSeller   string `json:"order_reference_for_seller,omitempty"`
}

// Promotions summarises order-level promotions.
type Promotions struct {
	AppliedPromotions  []json.RawMessage `json:"applied_promotions,omitempty"`
	TotalDeducedAmount money.Amount      `json:"total_deduced_amount"`
}

// Customer is the buyer with their addresses. Addresses may be absent before
// acceptance on some platforms.
type Customer struct {
	CustomerID      string   `json:"customer_id"`
	Civility        string   `json:"civility,omitempty"`
	Firstname       string   `json:"firstname"`
	Lastname        string   `json:"lastname"`
	Locale          string   `json:"locale,omitempty"`
	BillingAddress  *Address `json:"billing_address,omitempty"`
	ShippingAddress *Address `json:"shipping_address,omitempty"`
}

// Address is a billing or shipping address; CountryISOCode is alpha-3 ("GBR").
type Address struct {
	Civility       string `json:"civility,omitempty"`
	Firstname      string `json:"firstname,omitempty"`
	Lastname       string `json:"lastname"`
	Company        string `json:"company,omitempty"`
	Company2       string `json:"company_2,omitempty"`
	Street1        string `json:"street_1"`
	Street2        string `json:"street_2,omitempty"`
	ZipCode        string `json:"zip_code,omitempty"`
	City           string `json:"city"`
	State          string `json:"state,omitempty"`
	Country        string `json:"country"`
	CountryISOCode string `json:"country_iso_code"`
	Phone          string `json:"phone,omitempty"`
	PhoneSecondary string `json:"phone_secondary,omitempty"`
	AdditionalInfo string `json:"additional_info,omitempty"`
}

// OrderLine is one line of an order. Price is the goods total the customer
// paid for the line after promotions; PriceUnit*Quantity need not equal it.
type OrderLine struct {
	ID                string            `json:"order_line_id"`
	Index             int               `json:"order_line_index"`
	State             string            `json:"order_line_state"`
	StateReasonCode   string            `json:"order_line_state_reason_code,omitempty"`
	OfferID           int64             `json:"offer_id"`
	OfferSKU          string            `json:"offer_sku"`
	OfferStateCode    string            `json:"offer_state_code"`
	ProductSKU        string            `json:"product_sku"`
	ProductTitle      string            `json:"product_title"`
	CategoryCode      string            `json:"category_code"`
	CategoryLabel     string            `json:"category_label"`
	Quantity          int               `json:"quantity"`
	PriceUnit         money.Amount      `json:"price_unit"`
	OriginUnitPrice   *money.Amount     `json:"origin_unit_price,omitempty"`
	Price             money.Amount      `json:"price"`
	ShippingPrice     money.Amount      `json:"shipping_price"`
	TotalPrice        money.Amount      `json:"total_price"`
	Taxes             []Tax             `json:"taxes,omitempty"`
	ShippingTaxes     []Tax             `json:"shipping_taxes,omitempty"`
	CommissionFee     money.Amount      `json:"commission_fee"`
	CommissionVAT     money.Amount      `json:"commission_vat"`
	CommissionRateVAT money.Rate        `json:"commission_rate_vat"`
	TotalCommission   money.Amount      `json:"total_commission"`
	CommissionTaxes   []Tax             `json:"commission_taxes,omitempty"`
	Promotions        []json.RawMessage `json:"promotions,omitempty"`
	CreatedDate       time.Time         `json:"created_date"`
	LastUpdatedDate   time.Time         `json:"last_updated_date"`
	DebitedDate       *time.Time        `json:"debited_date,omitempty"`
	ShippedDate       *time.Time        `json:"shipped_date,omitempty"`
	ReceivedDate      *time.Time        `json:"received_date,omitempty"`
	CanRefund         bool              `json:"can_refund"`
	Refunds           []Refund          `json:"refunds"`
	Cancelations      []Cancelation     `json:"cancelations"`

	// Added fields (see Order).
	Description      string            `json:"description"`
	ProductMedias    []ProductMedia    `json:"product_medias"`
	AdditionalFields []AdditionalField `json:"order_line_additional_fields"`
	ProductShopSKU   string            `json:"product_shop_sku,omitempty"`
	StateReasonLabel string            `json:"order_line_state_reason_label,omitempty"`
	Fees             []Fee             `json:"fees,omitempty"`
	ShippingFrom     *ShippingFrom     `json:"shipping_from,omitempty"`
}

// Tax is one tax amount on a line, its shipping, or its commission.
type Tax struct {
	Code               string       `json:"code"`
	Amount             money.Amount `json:"amount"`
	Rate               *money.Rate  `json:"rate,omitempty"`
	TaxCalculationRule string       `json:"tax_calculation_rule,omitempty"`
}

// Refund is one refund recorded on an order line (OR28 creates them).
type Refund struct {
	ID                    string       `json:"id"`
	OrderRefundID         string       `json:"order_refund_id,omitempty"`
	CreatedDate           time.Time    `json:"created_date"`
	ReasonCode            string       `json:"reason_code"`
	Quantity              int          `json:"quantity"`
	Amount                money.Amount `json:"amount"`
	ShippingAmount        money.Amount `json:"shipping_amount"`
	Taxes                 []Tax        `json:"taxes,omitempty"`
	ShippingTaxes         []Tax        `json:"shipping_taxes,omitempty"`
	CommissionAmount      money.Amount `json:"commission_amount"`
	CommissionTaxes       []Tax        `json:"commission_taxes,omitempty"`
	CommissionTotalAmount money.Amount `json:"commission_total_amount"`
	RefundState           string       `json:"refund_state,omitempty"`
	State                 string       `json:"state,omitempty"`
	TransactionDate       *time.Time   `json:"transaction_date,omitempty"`
	TransactionNumber     string       `json:"transaction_number,omitempty"`
	// CommissionTaxAmount is deprecated by Mirakl but still required in OR11.
	CommissionTaxAmount money.Amount `json:"commission_tax_amount"`
	Fees                []Fee        `json:"fees,omitempty"`
}

// Cancelation is one cancellation recorded on an order line (OR29/OR30).
type Cancelation struct {
	ID                    string       `json:"id"`
	CreatedDate           time.Time    `json:"created_date"`
	ReasonCode            string       `json:"reason_code,omitempty"`
	Quantity              int          `json:"quantity"`
	Amount                money.Amount `json:"amount"`
	ShippingAmount        money.Amount `json:"shipping_amount"`
	Taxes                 []Tax        `json:"taxes,omitempty"`
	ShippingTaxes         []Tax        `json:"shipping_taxes,omitempty"`
	CommissionAmount      money.Amount `json:"commission_amount"`
	CommissionTotalAmount money.Amount `json:"commission_total_amount"`
	CommissionTaxes       []Tax        `json:"commission_taxes"`
	Fees                  []Fee        `json:"fees,omitempty"`
}
