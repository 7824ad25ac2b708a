package miraklsim

import (
	"encoding/json"
	"net/http"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// defaultAccount is the simulated shop's A01 document. Counters, balances and
// the shop id are filled in when it is served.
var defaultAccount = []byte(`{
  "applicable_taxes": [{"code": "TAXDEFAULT", "label": "UK VAT 20%", "fee_types": ["COMMISSION", "SUBSCRIPTION"]}],
  "approval_delay": 0,
  "approval_rate": 1,
  "billing_info": {"bank_city": "London", "bank_name": "Barclays", "bank_street": "1 Churchill Place", "owner": "Hartwell Home Ltd", "zip_code": "E14 5HP"},
  "channels": ["JL"],
  "contact_informations": {"city": "Leeds", "civility": "Ms", "country": "GBR", "email": "orders@hartwellhome.example", "firstname": "Alice", "lastname": "Hartwell", "phone": "0113 496 0000", "street1": "12 Wellington Street", "zip_code": "LS1 4DL"},
  "currency_iso_code": "GBP",
  "date_created": "2025-09-01T09:00:00Z",
  "default_billing_information": {"default_language": "en_GB", "id": "6f1c2d3e-0000-4000-8000-000000002001", "corporate_information": {"company_registration_name": "Hartwell Home Ltd", "company_registration_number": "09876543"}, "fiscal_information": {"tax_identification_country": "GBR", "tax_identification_number": "GB123456789"}, "registration_address": {"city": "Leeds", "country_iso_code": "GBR", "street_1": "12 Wellington Street", "zip_code": "LS1 4DL"}},
  "description": "Homeware, electricals and gifts",
  "domains": ["PRODUCT"],
  "evaluations_count": 0,
  "free_shipping": false,
  "grade": 0,
  "is_professional": true,
  "last_updated_date": "2025-10-17T09:00:00Z",
  "model": "MARKETPLACE",
  "offers_count": 0,
  "orders_count": 0,
  "payment_details": {"paid_balance": 0, "payable_balance": 0, "pending_balance": 0},
  "payment_method_mandatory": true,
  "premium": false,
  "pro_details": {"VAT_number": "GB123456789", "corporate_name": "Hartwell Home Ltd", "identification_number": "09876543"},
  "shipping": {"lead_time_to_ship": 2},
  "shipping_country": "GBR",
  "shipping_types": ["STD", "NXT"],
  "shipping_zones": ["GB"],
  "shop_additional_fields": [],
  "shop_id": 2001,
  "shop_name": "Hartwell Home",
  "shop_state": "OPEN"
}`)

// defaultPlatform is the PC01 document: tax-inclusive GBP, manual acceptance,
// multi-shipment and returns enabled (UNCERTAIN for John Lewis: a scenario's
// "platform_configuration" overrides any of it).
var defaultPlatform = []byte(`{
  "features": {
    "catalog": {"allow_shop_contribution_to_all_channels": false, "exclude_invalid_products": true, "list_of_multiple_values_separator": "|", "product_acceptance_by_channel": false, "product_data_validation_by_channel": false, "product_import_only_on_leaf": true},
    "circular_economy_data_collection": false,
    "competitive_pricing_tool": false,
    "direct_payment_customer_store": {"activated": false, "refund_cancel_authorized": false},
    "disable_seller_alternative_carrier": false,
    "dropship": {"retail_pricing_enabled": false},
    "kyc_status_per_seller": false,
    "lead_time_to_ship_by_sellers_enabled": "YES",
    "multi_currency": false,
    "multi_payout_psp_per_seller": false,
    "no_reply_needed": true,
    "offer_prices_decimals": "2",
    "operator_csv_delimiter": "SEMICOLON",
    "order_conditions": {"lead_time_to_ship": true, "maximum_order_quantity": false, "minimum_order_quantity": false, "package_order_quantity": false},
    "order_tax_mode": "TAX_INCLUDED",
    "order_workflows": {"no_customer_payment_confirmation": false, "order_acceptance": "NOT_AUTOMATIC", "pause_debit_workflow": false, "pay_on_due_date": false, "pay_on_shipment": false, "sellers_edit_shipping_origin": false, "shipping_and_billing_details_before_acceptance": true},
    "payment_confirmation": true,
    "pricing": {"channel_pricing": "DISABLED", "discount_period_required": false, "discount_price_creation_in_the_past_blocked": true, "scheduled_pricing": false, "volume_discount": false, "volume_pricing": false},
    "product_data_validation_by_channel": false,
    "promotion": {"cart_promotion_campaign": true, "discount_campaign": false, "seller_promotion": true},
    "returns": {"drop_ship": false, "marketplace": true, "one_creditor": false},
    "shipment": {"multi_part_item_shipment": false, "multi_shipment": true},
    "shop_tax_options": {"local_tax_number": {"mandatory": false}, "tax_identification_number": {"mandatory": true}},
    "tax_collection": {"activated": "NO", "product_tax_code_mandatory": false, "tax_collection_by_operator": false},
    "tax_id_number": {"mandatory": false},
    "warehouses": {"geolocation": false, "restricted_countries": ["GBR"]}
  },
  "modules": {"mirakl_catalog_integrator": false, "mirakl_catalog_manager": true, "mirakl_catalog_transformer": false, "mirakl_platform_services": false, "offer_management": true, "order_management": true, "promotions": true, "quotes": false, "tax_manager": {"activated": false, "tax_provider": {"avalara": false, "vertex": false}}},
  "platform_configuration": {"customer_model": {"b2b": false, "b2c": true}, "enhanced_seller_invoicing": {"enabled": false}, "platform_model": {"drop_ship": false, "marketplace": true, "one_creditor": false}},
  "platform_name": "John Lewis Marketplace (simulated)",
  "tenant_name": "johnlewis-sim",
  "timezone": "Europe/London"
}`)

// Reason codes the simulator accepts. Operator-defined and UNCERTAIN for
// John Lewis; numeric codes as in Mirakl's examples.
const (
	ReasonOutOfStock        = "15" // REFUND: Out of stock
	ReasonReturnReceived    = "17" // REFUND: Goods returned by the customer
	ReasonDamaged           = "18" // REFUND: Item damaged or faulty
	ReasonGoodwill          = "19" // REFUND: Goodwill gesture
	ReasonCustomerCancelled = "34" // CANCELATION: Cancelled by the customer before shipping
	ReasonSellerCannotShip  = "35" // CANCELATION: Seller cannot ship
	ReasonNotReceived       = "1"  // INCIDENT_OPEN
	ReasonResolved          = "10" // INCIDENT_CLOSE
)

func defaultReasons() []*mirakl.Reason {
	rs := []mirakl.Reason{
		{Code: ReasonNotReceived, Label: "Item not received", Type: "INCIDENT_OPEN"},
		{Code: ReasonResolved, Label: "Issue resolved", Type: "INCIDENT_CLOSE"},
		{Code: ReasonOutOfStock, Label: "Out of stock", Type: mirakl.ReasonRefund, IsShopRight: true},
		{Code: ReasonReturnReceived, Label: "Goods returned by the customer", Type: mirakl.ReasonRefund, IsShopRight: true},
		{Code: ReasonDamaged, Label: "Item damaged or faulty", Type: mirakl.ReasonRefund, IsShopRight: true},
		{Code: ReasonGoodwill, Label: "Goodwill gesture", Type: mirakl.ReasonRefund, IsShopRight: true},
		{Code: ReasonCustomerCancelled, Label: "Cancelled by the customer before shipping", Type: mirakl.ReasonCancelation, IsShopRight: false},
		{Code: ReasonSellerCannotShip, Label: "Seller cannot ship", Type: mirakl.ReasonCancelation, IsShopRight: true},
	}
	out := make([]*mirakl.Reason, len(rs))
	for i := range rs {
		out[i] = &rs[i]
	}
	return out
}

// defaultCarriers are UK carriers, sorted by label as SH21 returns them.
// Codes are UNCERTAIN (John Lewis supplies its own list).
func defaultCarriers() []*mirakl.Carrier {
	cs := []mirakl.Carrier{
		{Code: "DHL", Label: "DHL Parcel UK", StandardCode: "DHL", TrackingURL: "https://track.dhlparcel.co.uk/?con={trackingId}"},
		{Code: "DPD", Label: "DPD UK", StandardCode: "DPD", TrackingURL: "https://track.dpd.co.uk/parcels/{trackingId}"},
		{Code: "EVRI", Label: "Evri", StandardCode: "EVRI", TrackingURL: "https://www.evri.com/track/parcel/{trackingId}"},
		{Code: "PARCELFORCE", Label: "Parcelforce Worldwide", StandardCode: "PARCELFORCE", TrackingURL: "https://www.parcelforce.com/track-trace?trackNumber={trackingId}"},
		{Code: "ROYAL_MAIL", Label: "Royal Mail", StandardCode: "ROYAL_MAIL", TrackingURL: "https://www.royalmail.com/track-your-item#/tracking-results/{trackingId}"},
		{Code: "UPS", Label: "UPS", StandardCode: "UPS", TrackingURL: "https://www.ups.com/track?tracknum={trackingId}"},
		{Code: "YODEL", Label: "Yodel", StandardCode: "YODEL", TrackingURL: "https://www.yodel.co.uk/tracking/{trackingId}"},
	}
	out := make([]*mirakl.Carrier, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out
}

func (s *Server) getVersion(w http.ResponseWriter, _ *http.Request, _ []string) {
	writeJSON(w, http.StatusOK, map[string]string{"version": "jlsync-sim"})
}

// getAccount serves A01: the stored document with live counters and balances.
func (s *Server) getAccount(w http.ResponseWriter, _ *http.Request, _ []string) {
	st := s.st
	var pending, payable, paid money.Amount
	for _, t := range st.txns {
		switch {
		case t.Type == "PAYMENT":
		case t.PaymentState == "PAID":
			paid += t.Amount
		case t.PaymentState == "PAYABLE":
			payable += t.Amount
		case t.PaymentState == "PENDING":
			pending += t.Amount
		}
	}
	live := map[string]any{
		"shop_id":      s.shopN,
		"orders_count": len(st.orders),
		"offers_count": len(st.offers),
		"payment_details": map[string]any{
			"paid_balance": paid, "payable_balance": payable, "pending_balance": pending,
		},
	}
	top, err := json.Marshal(live)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	b, err := mergeJSON(st.account, top)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeRawJSON(w, http.StatusOK, b)
}

func (s *Server) getPlatform(w http.ResponseWriter, _ *http.Request, _ []string) {
	writeRawJSON(w, http.StatusOK, s.st.platform)
}

func (s *Server) listReasons(w http.ResponseWriter, _ *http.Request, _ []string) {
	items, err := emitAll(s.st.reasons, func(r *mirakl.Reason) json.RawMessage { return r.Raw })
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeList(w, "reasons", items, map[string]any{"total_count": len(items)}, nil)
}

func (s *Server) listCarriers(w http.ResponseWriter, _ *http.Request, _ []string) {
	items, err := emitAll(s.st.carriers, func(c *mirakl.Carrier) json.RawMessage { return c.Raw })
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeList(w, "carriers", items, nil, nil)
}
