package miraklsim

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// listOffers serves OF21 (offset paging, sort totalPrice|price|productTitle).
func (s *Server) listOffers(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	sortBy := q.Get("sort")
	if sortBy == "" {
		sortBy = "totalPrice"
	}
	if !oneOf(sortBy, "totalPrice", "price", "productTitle") {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid sort field : %s", sortBy))
		return
	}
	desc, page, aerr := listPaging(q)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	sku, product, states := q.Get("sku"), q.Get("product_id"), listParam(q, "offer_state_codes")
	var match []*mirakl.Offer
	for _, o := range s.st.offers {
		if (sku == "" || o.ShopSKU == sku) && (product == "" || o.ProductSKU == product) && inSet(states, o.StateCode) {
			match = append(match, o)
		}
	}
	sort.SliceStable(match, func(i, j int) bool {
		a, b := match[i], match[j]
		var less, eq bool
		switch sortBy {
		case "productTitle":
			less, eq = a.ProductTitle < b.ProductTitle, a.ProductTitle == b.ProductTitle
		case "price":
			less, eq = a.Price < b.Price, a.Price == b.Price
		}
		if sortBy == "totalPrice" || eq {
			less, eq = a.TotalPrice < b.TotalPrice, a.TotalPrice == b.TotalPrice
		}
		if eq {
			less = a.OfferID < b.OfferID
		}
		return less != desc
	})
	win := page.slice(len(match))
	now := s.now()
	items, err := emitEach(match[win[0]:win[1]], func(o *mirakl.Offer) (json.RawMessage, error) {
		// shipping_deadline is "if ordered now": computed at each listing.
		c := *o
		c.ShippingDeadline = now.Add(time.Duration(max(o.LeadtimeToShip, 0)) * 24 * time.Hour)
		return emit(&c, o.Raw)
	})
	if err != nil {
		writeAPIError(w, err)
		return
	}
	page.write(w, r, "offers", items, len(match))
}

// offerImport is one OF24 call and its progress (saved in the "sim" section).
type offerImport struct {
	ID       int64             `json:"import_id"`
	Created  time.Time         `json:"date_created"`
	BodyHash string            `json:"body_hash"`
	Offers   []json.RawMessage `json:"offers"`
	Applied  bool              `json:"applied"`
	Inserted int               `json:"inserted"`
	Updated  int               `json:"updated"`
	Deleted  int               `json:"deleted"`
	Errors   []string          `json:"errors,omitempty"`
}

func (im *offerImport) doneAt(s *Server) time.Time { return im.Created.Add(s.scaled(importRunning)) }

// upsertOffers serves OF24. As on Mirakl, the same body sent again while the
// first import is pending returns the first import's id.
func (s *Server) upsertOffers(w http.ResponseWriter, r *http.Request, _ []string) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 32<<20))
	if err != nil {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Unreadable body"))
		return
	}
	var body struct {
		Offers []json.RawMessage `json:"offers"`
	}
	if err := json.Unmarshal(raw, &body); err != nil || len(body.Offers) == 0 {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "A JSON body with a non-empty offers list is required"))
		return
	}
	for i, o := range body.Offers {
		if t := strings.TrimSpace(string(o)); !strings.HasPrefix(t, "{") {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Offer %d is not an object", i))
			return
		}
	}
	sum := sha256.Sum256(raw)
	hash := hex.EncodeToString(sum[:])
	for _, im := range s.st.offerImports {
		if !im.Applied && im.BodyHash == hash {
			writeJSON(w, http.StatusCreated, map[string]int64{"import_id": im.ID})
			return
		}
	}
	im := &offerImport{ID: 2000 + s.st.next("offer-import"), Created: s.now(), BodyHash: hash, Offers: body.Offers}
	s.st.offerImports = append(s.st.offerImports, im)
	w.Header().Set("Location", "/api/offers/imports/"+strconv.FormatInt(im.ID, 10))
	writeJSON(w, http.StatusCreated, map[string]int64{"import_id": im.ID})
}

// offerResetKeys are the OF21 fields OF24 owns: sending an offer without one
// of them resets it, so a loaded offer's raw copy must not keep the old value.
var offerResetKeys = []string{
	"description", "internal_description", "price_additional_info", "min_quantity_alert", "leadtime_to_ship",
	"logistic_class", "min_order_quantity", "max_order_quantity", "package_quantity", "available_start_date",
	"available_end_date", "discount", "all_prices", "applicable_pricing", "offer_additional_fields", "product_tax_code",
	"allow_quote_requests", "eco_contributions", "msrp", "retail_prices", "price", "total_price", "quantity",
	"state_code", "warehouses", "active", "inactivity_reasons",
}

// applyOfferImport applies each offer of an OF24 call as Mirakl does: the
// fields sent replace the offer's, every field not sent goes back to its
// default (quantity 0, no description, no discount ...).
func (s *Server) applyOfferImport(im *offerImport) {
	im.Applied = true
	for i, raw := range im.Offers {
		if err := s.applyOfferUpdate(im, raw); err != nil {
			im.Errors = append(im.Errors, fmt.Sprintf("%d: %v", i+1, err))
		}
	}
}

func (s *Server) applyOfferUpdate(im *offerImport, raw json.RawMessage) error {
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(raw, &sent); err != nil {
		return err
	}
	var u mirakl.OfferUpdate
	if err := json.Unmarshal(raw, &u); err != nil {
		return fmt.Errorf("invalid value: %v", err)
	}
	for _, k := range []string{"shop_sku", "product_id", "product_id_type", "price", "state_code", "update_delete"} {
		if _, ok := sent[k]; !ok {
			return fmt.Errorf("the field %s is required", k)
		}
	}
	if !oneOf(u.UpdateDelete, "", "update", "delete") {
		return fmt.Errorf("invalid update_delete %q", u.UpdateDelete)
	}
	if u.Quantity < 0 || u.Price < 0 {
		return fmt.Errorf("price and quantity must not be negative")
	}
	existing := s.st.offerIdx[u.ShopSKU]
	if u.UpdateDelete == "delete" {
		if existing == nil {
			return fmt.Errorf("the offer %s does not exist", u.ShopSKU)
		}
		s.st.removeOffer(u.ShopSKU)
		im.Deleted++
		return nil
	}
	o := existing
	if o == nil {
		o = s.newOffer(u)
		s.st.addOffer(o)
		im.Inserted++
	} else {
		im.Updated++
		o.Raw = stripKeys(o.Raw, offerResetKeys)
	}
	resetOffer(o, s.leadTime())
	if _, ok := sent["quantity"]; ok {
		o.Quantity = u.Quantity
	}
	o.Price = u.Price
	o.StateCode = u.StateCode
	o.Description = u.Description
	o.InternalDescription = u.InternalDescription
	o.PriceAdditionalInfo = u.PriceAdditionalInfo
	setIf := func(dst *int, v *int) {
		if v != nil {
			*dst = *v
		}
	}
	setIf(&o.LeadtimeToShip, u.LeadtimeToShip)
	setIf(&o.MinQuantityAlert, u.MinQuantityAlert)
	setIf(&o.MinOrderQuantity, u.MinOrderQuantity)
	setIf(&o.MaxOrderQuantity, u.MaxOrderQuantity)
	setIf(&o.PackageQuantity, u.PackageQuantity)
	if u.LogisticClass != "" {
		o.LogisticClass = mirakl.LogisticClass{Code: u.LogisticClass, Label: u.LogisticClass}
	}
	if u.AllowQuoteRequests != nil {
		o.AllowQuoteRequests = *u.AllowQuoteRequests
	}
	o.ProductTaxCode = u.ProductTaxCode
	o.AdditionalFields = u.AdditionalFields
	unit := u.Price
	if discount := u.Discount; discount != nil && discount.Price != nil {
		d := *discount.Price
		origin := u.Price
		o.Discount = &mirakl.OfferDiscount{DiscountPrice: &d, OriginPrice: &origin, Ranges: discount.Ranges}
		unit = d
	}
	o.Price = unit
	o.AllPrices = []mirakl.OfferPrice{priceEntry(u.Price, unit)}
	o.TotalPrice = unit + o.MinShippingPrice
	setActive(o)
	return nil
}

// resetOffer puts every OF24-owned field back to its default.
func resetOffer(o *mirakl.Offer, leadTime int) {
	o.Quantity = 0
	o.Warehouses = nil
	o.Description, o.InternalDescription, o.PriceAdditionalInfo = "", "", ""
	o.LeadtimeToShip = leadTime
	o.MinQuantityAlert, o.MinOrderQuantity, o.MaxOrderQuantity, o.PackageQuantity = 0, 1, 0, 1
	o.LogisticClass = mirakl.LogisticClass{Code: "STANDARD", Label: "Standard"}
	o.Discount, o.ApplicablePricing = nil, nil
	o.AvailableStartDate, o.AvailableEndDate = nil, nil
	o.AllowQuoteRequests = false
	o.ProductTaxCode = ""
	o.AdditionalFields = nil
}

func (s *Server) leadTime() int {
	a, err := mirakl.DecodeAccount(s.st.account)
	if err != nil || a.Shipping.LeadTimeToShip == 0 {
		return 2
	}
	return a.Shipping.LeadTimeToShip
}

// newOffer creates an offer for a SKU the shop did not list yet.
func (s *Server) newOffer(u mirakl.OfferUpdate) *mirakl.Offer {
	var maxID int64 = 100000
	for _, o := range s.st.offers {
		maxID = max(maxID, o.OfferID)
	}
	return &mirakl.Offer{
		OfferID: maxID + 1, ShopSKU: u.ShopSKU, ProductSKU: u.ProductID, ProductTitle: u.ShopSKU,
		CategoryCode: "UNCATEGORISED", CategoryLabel: "Uncategorised", Currency: "GBP", Channels: []string{},
		ProductReferences: []mirakl.ProductReference{{Reference: u.ProductID, ReferenceType: u.ProductIDType}},
		Fulfillment:       mirakl.Fulfillment{Center: mirakl.FulfillmentCenter{Code: "DEFAULT"}},
		MinShippingType:   "STD", MinShippingZone: "GB", ShippingDeadline: s.now().Add(48 * time.Hour),
	}
}

func priceEntry(origin, unit money.Amount) mirakl.OfferPrice {
	d := unit
	return mirakl.OfferPrice{
		Price: unit, UnitOriginPrice: origin, UnitDiscountPrice: &d,
		VolumePrices: []mirakl.VolumePrice{{Price: unit, QuantityThreshold: 1, UnitDiscountPrice: unit, UnitOriginPrice: origin}},
	}
}

// stripKeys removes keys from a raw JSON object.
func stripKeys(raw json.RawMessage, keys []string) json.RawMessage {
	if len(raw) == 0 {
		return raw
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	for _, k := range keys {
		delete(m, k)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil
	}
	return b
}

func (s *Server) offerImport(id string) *offerImport {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil
	}
	for _, im := range s.st.offerImports {
		if im.ID == n {
			return im
		}
	}
	return nil
}

// offerImportStatus serves OF02.
func (s *Server) offerImportStatus(w http.ResponseWriter, _ *http.Request, p []string) {
	im := s.offerImport(p[0])
	if im == nil {
		writeAPIError(w, notFound("IMPORT_NOT_FOUND", "Offer import '%s' not found", p[0]))
		return
	}
	now := s.now()
	st := mirakl.ImportComplete
	switch {
	case now.Before(im.Created.Add(s.scaled(importWaiting))):
		st = mirakl.ImportWaiting
	case now.Before(im.doneAt(s)):
		st = mirakl.ImportRunning
	}
	out := mirakl.OfferImport{ImportID: im.ID, Status: st, Mode: "NORMAL", Type: "AUTO", DateCreated: im.Created, LinesRead: len(im.Offers)}
	if st == mirakl.ImportComplete {
		out.LinesInError = len(im.Errors)
		out.LinesInSuccess = len(im.Offers) - len(im.Errors)
		out.OfferInserted, out.OfferUpdated, out.OfferDeleted = im.Inserted, im.Updated, im.Deleted
		out.HasErrorReport = len(im.Errors) > 0
	} else {
		out.LinesInPending = len(im.Offers)
	}
	b, err := json.Marshal(out)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	// reason_status is required by the schema even when empty.
	b, _ = mergeJSON(b, []byte(`{"reason_status":""}`))
	writeRawJSON(w, http.StatusOK, b)
}
