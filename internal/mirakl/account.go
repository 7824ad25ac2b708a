package mirakl

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Account is the A01 shop description, trimmed to what jlsync reads; Raw
// keeps the rest.
type Account struct {
	ShopID          int64           `json:"shop_id"`
	ShopName        string          `json:"shop_name"`
	ShopState       string          `json:"shop_state"` // OPEN, CLOSE, SUSPENDED, TERMINATED
	Currency        string          `json:"currency_iso_code"`
	IsProfessional  bool            `json:"is_professional"`
	Premium         bool            `json:"premium"`
	Model           string          `json:"model,omitempty"`
	Channels        []string        `json:"channels"`
	Domains         []string        `json:"domains"`
	DateCreated     time.Time       `json:"date_created"`
	LastUpdatedDate time.Time       `json:"last_updated_date"`
	OrdersCount     int64           `json:"orders_count"`
	OffersCount     int64           `json:"offers_count"`
	PaymentDetails  PaymentDetails  `json:"payment_details"`
	ApplicableTaxes []ApplicableTax `json:"applicable_taxes,omitempty"`
	Shipping        ShopShipping    `json:"shipping"`

	Raw json.RawMessage `json:"-"`
}

// PaymentDetails are the shop's running balances.
type PaymentDetails struct {
	PaidBalance    money.Amount  `json:"paid_balance"`
	PayableBalance money.Amount  `json:"payable_balance"`
	PendingBalance money.Amount  `json:"pending_balance"`
	ReserveBalance *money.Amount `json:"reserve_balance,omitempty"`
}

// ApplicableTax is a tax the operator may charge the shop on its fees.
type ApplicableTax struct {
	Code     string   `json:"code"`
	Label    string   `json:"label"`
	FeeTypes []string `json:"fee_types,omitempty"`
}

// ShopShipping holds the shop's default lead time to ship (days).
type ShopShipping struct {
	LeadTimeToShip int `json:"lead_time_to_ship"`
}

func (a *Account) setRaw(r json.RawMessage) { a.Raw = r }

// Account calls A01 (published ceiling: once a day).
func (c *Client) Account(ctx context.Context) (Account, error) {
	return call(ctx, c, &request{op: OpA01, method: http.MethodGet, path: "/api/account", idempotent: true}, DecodeAccount)
}

// DecodeAccount reads an A01 answer.
func DecodeAccount(b []byte) (Account, error) { return decodeObject[Account](b) }

// PlatformConfig is the PC01 answer: the operator's modules and features.
type PlatformConfig struct {
	Features     PlatformFeatures `json:"features"`
	PlatformName string           `json:"platform_name"`
	TenantName   string           `json:"tenant_name,omitempty"`
	Timezone     string           `json:"timezone,omitempty"`

	Raw json.RawMessage `json:"-"`
}

// PlatformFeatures are the PC01 features jlsync adapts to.
type PlatformFeatures struct {
	OrderTaxMode                   string           `json:"order_tax_mode"`
	MultiCurrency                  bool             `json:"multi_currency"`
	OperatorCSVDelimiter           string           `json:"operator_csv_delimiter"`
	LeadTimeToShipBySellersEnabled string           `json:"lead_time_to_ship_by_sellers_enabled"`
	OfferPricesDecimals            string           `json:"offer_prices_decimals"`
	OrderWorkflows                 OrderWorkflows   `json:"order_workflows"`
	Shipment                       ShipmentFeatures `json:"shipment"`
	Returns                        ReturnsFeatures  `json:"returns"`
}

// OrderWorkflows describe acceptance and payment workflows.
type OrderWorkflows struct {
	OrderAcceptance                           string `json:"order_acceptance"` // AUTOMATIC, NOT_AUTOMATIC, BOTH
	ShippingAndBillingDetailsBeforeAcceptance bool   `json:"shipping_and_billing_details_before_acceptance"`
	PayOnShipment                             bool   `json:"pay_on_shipment"`
	PayOnDueDate                              bool   `json:"pay_on_due_date"`
	NoCustomerPaymentConfirmation             bool   `json:"no_customer_payment_confirmation"`
	PauseDebitWorkflow                        bool   `json:"pause_debit_workflow"`
	SellersEditShippingOrigin                 bool   `json:"sellers_edit_shipping_origin"`
}

// ShipmentFeatures say whether the ST.. multi-shipment calls are enabled.
type ShipmentFeatures struct {
	MultiShipment         bool `json:"multi_shipment"`
	MultiPartItemShipment bool `json:"multi_part_item_shipment"`
}

// ReturnsFeatures say whether the RT.. returns calls are enabled.
type ReturnsFeatures struct {
	Marketplace bool `json:"marketplace"`
	DropShip    bool `json:"drop_ship"`
	OneCreditor bool `json:"one_creditor"`
}

func (p *PlatformConfig) setRaw(r json.RawMessage) { p.Raw = r }

// TaxMode is TAX_INCLUDED or TAX_EXCLUDED (default for OR11 amounts).
func (p PlatformConfig) TaxMode() string { return p.Features.OrderTaxMode }

// AcceptanceMode is AUTOMATIC, NOT_AUTOMATIC or BOTH.
func (p PlatformConfig) AcceptanceMode() string { return p.Features.OrderWorkflows.OrderAcceptance }

// ManualAcceptance reports whether the seller must accept orders (OR21).
func (p PlatformConfig) ManualAcceptance() bool { return p.AcceptanceMode() != "AUTOMATIC" }

// MultiShipment reports whether ST01/ST23/ST24 are available.
func (p PlatformConfig) MultiShipment() bool { return p.Features.Shipment.MultiShipment }

// Returns reports whether marketplace returns (RT11) are enabled.
func (p PlatformConfig) Returns() bool { return p.Features.Returns.Marketplace }

// CSVDelimiter is the operator's CSV separator (';' unless PC01 says COMMA).
func (p PlatformConfig) CSVDelimiter() rune {
	if p.Features.OperatorCSVDelimiter == "COMMA" {
		return ','
	}
	return ';'
}

// PlatformConfiguration calls PC01.
func (c *Client) PlatformConfiguration(ctx context.Context) (PlatformConfig, error) {
	return call(ctx, c, &request{op: OpPC01, method: http.MethodGet, path: "/api/platform/configuration", idempotent: true}, DecodePlatformConfig)
}

// DecodePlatformConfig reads a PC01 answer.
func DecodePlatformConfig(b []byte) (PlatformConfig, error) { return decodeObject[PlatformConfig](b) }
