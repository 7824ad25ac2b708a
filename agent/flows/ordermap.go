package flows

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // the UK trading date must not depend on the host's zoneinfo

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
	"github.com/jlsync/jlsync/internal/netsuite"
)

// OrderMapping is the part of the configuration that shapes a Sales Order.
type OrderMapping struct {
	Customer          string // per_customer | single
	SingleCustomerID  string
	ShippingItem      string // NetSuite item id; empty = shippingCost
	TaxMode           string // gross | net
	CommercialIDField string // custom body field for the commercial id; empty = memo
	Subsidiary        string
	Location          string
	Currency          string // NetSuite currency id
	Department        string
	Class             string
	ExpectedCurrency  string // marketplace currency the seller trades in (GBP)
}

// Resolution is how one offer SKU maps to a NetSuite item.
type Resolution struct {
	ItemID     string // NetSuite internal id; empty when unmapped
	ItemName   string
	Inactive   bool
	Source     string // operator | config | rule
	Suggestion string // a likely item when unmapped ("123 (itemId JLM-1)")
}

// Problem is one reason an order cannot become a Sales Order as it stands.
type Problem struct {
	Type    string
	Reason  string
	Field   string
	Fix     string
	Causes  []string
	Details map[string]string
}

// Mapped is a marketplace order translated for NetSuite.
type Mapped struct {
	CustomerExtID string
	Customer      *netsuite.Customer // nil in single-customer mode
	SalesOrder    netsuite.SalesOrder
	SOExtID       string
	Total         money.Amount // what the Sales Order will total
	// LineIDs names the marketplace order line behind each Sales Order item
	// line, in the same order ("shipping" for a shipping item line).
	LineIDs []string
}

// ShippingLineID stands for the shipping item line in Mapped.LineIDs.
const ShippingLineID = "shipping"

var ukPostcode = regexp.MustCompile(`^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$`)

var london = func() *time.Location {
	l, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return l
}()

// SalesOrderExternalID is the externalId of the Sales Order for an order.
func SalesOrderExternalID(orderID string) string {
	return "JL-" + netsuite.NormalizeExternalID(orderID)
}

// CustomerExternalID is the externalId of a marketplace customer.
func CustomerExternalID(customerID string) string {
	return "JL-CUST-" + netsuite.NormalizeExternalID(customerID)
}

// activeLine is an order line after its cancellations are taken off.
type activeLine struct {
	mirakl.OrderLine
	qty      int
	price    money.Amount // goods, as the marketplace reports (gross in TAX_INCLUDED)
	shipping money.Amount
	tax      money.Amount // VAT on goods reported by the marketplace
	shipTax  money.Amount
}

func sumTaxes(ts []mirakl.Tax) money.Amount {
	var s money.Amount
	for _, t := range ts {
		s += t.Amount
	}
	return s
}

// effectiveLines drops refused and cancelled quantities so the Sales Order
// carries only what the customer is still buying.
func effectiveLines(o mirakl.Order) []activeLine {
	var out []activeLine
	for _, l := range o.Lines {
		if l.State == mirakl.StateRefused || l.State == mirakl.StateCanceled {
			continue
		}
		al := activeLine{OrderLine: l, qty: l.Quantity, price: l.Price, shipping: l.ShippingPrice,
			tax: sumTaxes(l.Taxes), shipTax: sumTaxes(l.ShippingTaxes)}
		for _, c := range l.Cancelations {
			al.qty -= c.Quantity
			al.price -= c.Amount
			al.shipping -= c.ShippingAmount
			al.tax -= sumTaxes(c.Taxes)
			al.shipTax -= sumTaxes(c.ShippingTaxes)
		}
		if al.qty <= 0 && len(l.Cancelations) > 0 {
			continue
		}
		out = append(out, al)
	}
	return out
}

// MarketplaceTotal is what the customer pays for the lines still active.
func MarketplaceTotal(o mirakl.Order) money.Amount {
	changed := false
	for _, l := range o.Lines {
		if l.State == mirakl.StateRefused || l.State == mirakl.StateCanceled || len(l.Cancelations) > 0 {
			changed = true
		}
	}
	if !changed {
		if o.TaxMode == mirakl.TaxExcluded {
			var tax money.Amount
			for _, l := range o.Lines {
				tax += sumTaxes(l.Taxes) + sumTaxes(l.ShippingTaxes)
			}
			return o.TotalPrice + tax
		}
		return o.TotalPrice
	}
	var t money.Amount
	for _, l := range effectiveLines(o) {
		t += l.price + l.shipping
		if o.TaxMode == mirakl.TaxExcluded {
			t += l.tax + l.shipTax
		}
	}
	return t
}

// ValidateOrder checks what can be checked without NetSuite: currency,
// quantities and the UK delivery address.
func ValidateOrder(o mirakl.Order, expectedCurrency string) []Problem {
	var ps []Problem
	if expectedCurrency == "" {
		expectedCurrency = "GBP"
	}
	if o.Currency != expectedCurrency {
		ps = append(ps, Problem{
			Type:   apitype.ExcWrongCurrency,
			Reason: fmt.Sprintf("order %s is in %q; this shop trades in %s", o.OrderID, o.Currency, expectedCurrency),
			Field:  "currency_iso_code",
			Fix:    "Ask the marketplace operator why the order is not in " + expectedCurrency + "; resolve the exception once handled by hand.",
		})
	}
	for i, l := range o.Lines {
		if l.Quantity <= 0 {
			ps = append(ps, Problem{
				Type:   apitype.ExcBadQuantity,
				Reason: fmt.Sprintf("line %s (SKU %s) has quantity %d; it must be at least 1", l.ID, l.OfferSKU, l.Quantity),
				Field:  fmt.Sprintf("order_lines[%d].quantity", i),
				Fix:    "The marketplace sent an impossible quantity: check the order in the Mirakl back office, then retry or ignore.",
			})
		}
	}
	ps = append(ps, validateAddress(o)...)
	return ps
}

func validateAddress(o mirakl.Order) []Problem {
	const fix = "Correct the delivery address in the marketplace back office (or ask the customer), then retry."
	a := o.Customer.ShippingAddress
	if a == nil {
		return []Problem{{Type: apitype.ExcBadAddress, Field: "customer.shipping_address",
			Reason: fmt.Sprintf("order %s has no shipping address", o.OrderID), Fix: fix}}
	}
	var ps []Problem
	if a.CountryISOCode != "GBR" {
		ps = append(ps, Problem{Type: apitype.ExcBadAddress, Field: "customer.shipping_address.country_iso_code",
			Reason: fmt.Sprintf("shipping country %q is not the United Kingdom (GBR)", a.CountryISOCode), Fix: fix})
	}
	if strings.TrimSpace(a.Street1) == "" {
		ps = append(ps, Problem{Type: apitype.ExcBadAddress, Field: "customer.shipping_address.street_1",
			Reason: "shipping address has no street line", Fix: fix})
	}
	if strings.TrimSpace(a.City) == "" {
		ps = append(ps, Problem{Type: apitype.ExcBadAddress, Field: "customer.shipping_address.city",
			Reason: "shipping address has no town or city", Fix: fix})
	}
	if pc := strings.ToUpper(strings.TrimSpace(a.ZipCode)); !ukPostcode.MatchString(pc) {
		reason := fmt.Sprintf("postcode %q is not a valid UK postcode", a.ZipCode)
		if pc == "" {
			reason = "shipping address has no postcode"
		}
		ps = append(ps, Problem{Type: apitype.ExcBadAddress, Field: "customer.shipping_address.zip_code", Reason: reason, Fix: fix})
	}
	return mergeProblems(ps)
}

// mergeProblems folds problems of one type into one, since an order carries at
// most one open exception per type; the reasons are joined.
func mergeProblems(ps []Problem) []Problem {
	var out []Problem
	idx := map[string]int{}
	for _, p := range ps {
		if i, ok := idx[p.Type]; ok {
			out[i].Reason += "; " + p.Reason
			out[i].Field += ", " + p.Field
			out[i].Causes = append(out[i].Causes, p.Causes...)
			for k, v := range p.Details {
				if out[i].Details == nil {
					out[i].Details = map[string]string{}
				}
				out[i].Details[k] = v
			}
			continue
		}
		idx[p.Type] = len(out)
		out = append(out, p)
	}
	return out
}

// SKUProblems reports unmapped SKUs and inactive items for the order's lines.
func SKUProblems(o mirakl.Order, res map[string]Resolution) []Problem {
	var ps []Problem
	seen := map[string]bool{}
	for _, l := range effectiveLines(o) {
		if seen[l.OfferSKU] {
			continue
		}
		seen[l.OfferSKU] = true
		r := res[l.OfferSKU]
		switch {
		case r.ItemID == "":
			reason := fmt.Sprintf("offer SKU %q on order %s has no NetSuite item", l.OfferSKU, o.OrderID)
			fix := fmt.Sprintf("Map SKU %s to a NetSuite item (console SKU map tab, or `jlsync skumap set %s ITEM_ID`); the order is re-queued automatically.", l.OfferSKU, l.OfferSKU)
			details := map[string]string{"sku": l.OfferSKU, "line": l.ID}
			if r.Suggestion != "" {
				reason += "; suggested item: " + r.Suggestion
				details["suggested_item"] = r.Suggestion
			}
			ps = append(ps, Problem{Type: apitype.ExcUnmappedSKU, Reason: reason, Field: "order_lines.offer_sku",
				Fix: fix, Causes: []string{"sku:" + l.OfferSKU}, Details: details})
		case r.Inactive:
			ps = append(ps, Problem{Type: apitype.ExcInactiveItem,
				Reason: fmt.Sprintf("offer SKU %q maps to NetSuite item %s (%s), which is inactive", l.OfferSKU, r.ItemID, r.ItemName),
				Field:  "order_lines.offer_sku",
				Fix:    "Reactivate the item in NetSuite or map the SKU to an active item, then retry.",
				Causes: []string{"sku:" + l.OfferSKU, "item:" + r.ItemID}, Details: map[string]string{"sku": l.OfferSKU, "item": r.ItemID}})
		}
	}
	return mergeProblems(ps)
}

func address(a *mirakl.Address, fallbackName string) *netsuite.Address {
	if a == nil {
		return nil
	}
	name := strings.TrimSpace(a.Firstname + " " + a.Lastname)
	if name == "" {
		name = fallbackName
	}
	country := ""
	if a.CountryISOCode == "GBR" {
		country = "GB"
	} else if len(a.CountryISOCode) == 2 {
		country = a.CountryISOCode
	}
	out := &netsuite.Address{
		Addressee: name,
		Attention: a.Company,
		Addr1:     a.Street1,
		Addr2:     a.Street2,
		City:      a.City,
		State:     a.State,
		Zip:       strings.ToUpper(strings.TrimSpace(a.ZipCode)),
		AddrPhone: a.Phone,
	}
	if country != "" {
		out.Country = &netsuite.Ref{ID: country}
	}
	return out
}

// MapOrder builds the customer and Sales Order for o. res must resolve every
// active line's SKU to an active item (check SKUProblems first).
func MapOrder(o mirakl.Order, res map[string]Resolution, m OrderMapping) (Mapped, []Problem) {
	var out Mapped
	out.SOExtID = SalesOrderExternalID(o.OrderID)
	fullName := strings.TrimSpace(o.Customer.Firstname + " " + o.Customer.Lastname)
	ship := address(o.Customer.ShippingAddress, fullName)
	bill := address(o.Customer.BillingAddress, fullName)
	if bill == nil {
		bill = ship
	}

	var entity *netsuite.Ref
	if m.Customer == "single" {
		entity = &netsuite.Ref{ID: m.SingleCustomerID}
	} else {
		out.CustomerExtID = CustomerExternalID(o.Customer.CustomerID)
		yes := true
		c := netsuite.Customer{
			ExternalID: out.CustomerExtID,
			IsPerson:   &yes,
			FirstName:  o.Customer.Firstname,
			LastName:   o.Customer.Lastname,
			Subsidiary: netsuite.NewRef(m.Subsidiary),
			Currency:   netsuite.NewRef(m.Currency),
		}
		var book []netsuite.AddressbookEntry
		if ship != nil {
			book = append(book, netsuite.AddressbookEntry{Label: "Delivery", DefaultShipping: &yes, AddressbookAddress: ship})
		}
		if bill != nil && bill != ship {
			no := false
			book = append(book, netsuite.AddressbookEntry{Label: "Billing", DefaultShipping: &no, DefaultBilling: &yes, AddressbookAddress: bill})
		} else if len(book) > 0 {
			book[0].DefaultBilling = &yes
		}
		if len(book) > 0 {
			c.Addressbook = &netsuite.AddressbookSublist{Items: book}
		}
		out.Customer = &c
		entity = &netsuite.Ref{ExternalID: out.CustomerExtID}
	}

	net := m.TaxMode == "net" || o.TaxMode == mirakl.TaxExcluded
	so := netsuite.SalesOrder{
		ExternalID:      out.SOExtID,
		TranDate:        o.CreatedDate.In(london).Format("2006-01-02"),
		Entity:          entity,
		OtherRefNum:     o.OrderID,
		Subsidiary:      netsuite.NewRef(m.Subsidiary),
		Currency:        netsuite.NewRef(m.Currency),
		Location:        netsuite.NewRef(m.Location),
		Department:      netsuite.NewRef(m.Department),
		Class:           netsuite.NewRef(m.Class),
		ShippingAddress: ship,
		BillingAddress:  bill,
		Item:            &netsuite.SalesOrderItems{},
		// Pending Fulfilment: the marketplace already took payment, so the
		// order must not wait for approval (many accounts default to A).
		OrderStatus: &netsuite.Ref{ID: "B"},
	}
	if m.CommercialIDField != "" {
		so.Memo = "John Lewis Marketplace"
		so.CustomFields = map[string]string{m.CommercialIDField: o.CommercialID}
	} else {
		so.Memo = "John Lewis Marketplace order " + o.CommercialID
	}

	var total, shipGross, shipTax money.Amount
	for _, l := range effectiveLines(o) {
		r := res[l.OfferSKU]
		gross, tax := l.price, l.tax
		if o.TaxMode == mirakl.TaxExcluded {
			gross = l.price + l.tax
		}
		item := netsuite.SalesOrderItem{
			Item:        &netsuite.Ref{ID: r.ItemID},
			Description: l.ProductTitle,
			Quantity:    l.qty,
		}
		amount := gross
		if net {
			amount = gross - tax
			t := tax
			item.TaxAmount = &t
		}
		item.Amount = amount
		// A rate is only sent when it is a whole penny; otherwise NetSuite
		// would round rate*quantity away from what the customer paid.
		if l.qty > 0 && int64(amount)%int64(l.qty) == 0 {
			rate := amount / money.Amount(l.qty)
			item.Rate = &rate
		}
		so.Item.Items = append(so.Item.Items, item)
		out.LineIDs = append(out.LineIDs, l.ID)
		total += gross
		shipGross += l.shipping
		shipTax += l.shipTax
		if o.TaxMode == mirakl.TaxExcluded {
			shipGross += l.shipTax
		}
	}
	if shipGross != 0 {
		if m.ShippingItem != "" {
			item := netsuite.SalesOrderItem{Item: &netsuite.Ref{ID: m.ShippingItem}, Description: "Delivery: " + o.ShippingTypeLabel, Quantity: 1}
			amount := shipGross
			if net {
				amount = shipGross - shipTax
				t := shipTax
				item.TaxAmount = &t
			}
			item.Amount = amount
			rate := amount
			item.Rate = &rate
			so.Item.Items = append(so.Item.Items, item)
			out.LineIDs = append(out.LineIDs, ShippingLineID)
		} else {
			c := shipGross
			so.ShippingCost = &c
		}
		total += shipGross
	}
	out.SalesOrder = so
	out.Total = total

	var ps []Problem
	if want := MarketplaceTotal(o); want != total {
		ps = append(ps, totalMismatch(o, total, want))
	}
	return out, ps
}

func totalMismatch(o mirakl.Order, got, want money.Amount) Problem {
	var diffs []string
	for _, l := range o.Lines {
		if l.Price+l.ShippingPrice != l.TotalPrice {
			diffs = append(diffs, fmt.Sprintf("line %s: price %s + shipping %s != line total %s", l.ID, l.Price, l.ShippingPrice, l.TotalPrice))
		}
	}
	sort.Strings(diffs)
	details := map[string]string{"sales_order_total": got.String(), "marketplace_total": want.String()}
	for i, d := range diffs {
		details[fmt.Sprintf("line_%d", i+1)] = d
	}
	reason := fmt.Sprintf("the Sales Order would total %s but the marketplace total is %s (difference %s)", got, want, (got - want).Abs())
	if len(diffs) > 0 {
		reason += "; " + strings.Join(diffs, "; ")
	}
	return Problem{Type: apitype.ExcOrderTotalMismatch, Reason: reason, Field: "total_price",
		Fix: "Compare the order in the Mirakl back office with the lines above; fix the cause (fees, promotions) and retry, or ignore and enter the order by hand.", Details: details}
}

// orderSKUs lists the distinct SKUs of the active lines.
func orderSKUs(o mirakl.Order) []string {
	var out []string
	for _, l := range effectiveLines(o) {
		if !slices.Contains(out, l.OfferSKU) {
			out = append(out, l.OfferSKU)
		}
	}
	return out
}

// AddressKey fingerprints the delivery address, to notice a change after the
// Sales Order exists.
func AddressKey(o mirakl.Order) string {
	return hashOf(o.Customer.ShippingAddress)
}

// MergeWithExisting lays the new item lines over the Sales Order NetSuite
// already holds. prevIDs are the order lines behind the existing item lines,
// in order. A line still on the order keeps its NetSuite line number; a line
// the marketplace cancelled since is kept but closed, as NetSuite keeps closed
// lines for the record; new lines are appended. It returns the merged lines
// and their ids, and a problem for each cancelled line NetSuite already
// fulfilled (it cannot be closed any more).
func MergeWithExisting(m Mapped, existing []netsuite.SalesOrderItem, prevIDs []string) ([]netsuite.SalesOrderItem, []string, []Problem) {
	newIdx := map[string]int{}
	for i, id := range m.LineIDs {
		newIdx[id] = i
	}
	var items []netsuite.SalesOrderItem
	var ids []string
	var ps []Problem
	used := map[string]bool{}
	for i, id := range prevIDs {
		var cur netsuite.SalesOrderItem
		if i < len(existing) {
			cur = existing[i]
		}
		if j, ok := newIdx[id]; ok {
			it := m.SalesOrder.Item.Items[j]
			it.Line = cur.Line
			if cur.QuantityFulfilled > it.Quantity {
				ps = append(ps, Problem{Type: apitype.ExcCancelledAfterFulfilment,
					Reason:  fmt.Sprintf("line %s now has %d unit(s) on the marketplace but NetSuite already fulfilled %d", id, it.Quantity, cur.QuantityFulfilled),
					Field:   "order_lines.cancelations",
					Fix:     "The marketplace cancelled units that were already shipped: handle the return or refund by hand, then ignore this exception.",
					Details: map[string]string{"line": id}})
			}
			items = append(items, it)
			used[id] = true
		} else {
			if cur.QuantityFulfilled > 0 {
				ps = append(ps, Problem{Type: apitype.ExcCancelledAfterFulfilment,
					Reason:  fmt.Sprintf("line %s was cancelled on the marketplace after NetSuite fulfilled %d unit(s)", id, cur.QuantityFulfilled),
					Field:   "order_lines.state",
					Fix:     "The cancelled line was already shipped: handle the return or refund by hand, then ignore this exception.",
					Details: map[string]string{"line": id}})
			}
			closed := cur
			yes := true
			closed.IsClosed = &yes
			closed.QuantityFulfilled, closed.QuantityBilled = 0, 0
			items = append(items, closed)
		}
		ids = append(ids, id)
	}
	for j, id := range m.LineIDs {
		if !used[id] {
			items = append(items, m.SalesOrder.Item.Items[j])
			ids = append(ids, id)
		}
	}
	return items, ids, mergeProblems(ps)
}
