package miraklsim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

var orderStates = []string{
	mirakl.StateStaging, mirakl.StateWaitingAcceptance, mirakl.StateWaitingDebit, mirakl.StateWaitingDebitPayment,
	mirakl.StateShipping, mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived, mirakl.StateClosed,
	mirakl.StateRefused, mirakl.StateCanceled,
}

// listOrders serves OR11: filters, the start_update_date safety delta,
// offset paging with total_count and Link headers.
func (s *Server) listOrders(w http.ResponseWriter, r *http.Request, _ []string) {
	q := r.URL.Query()
	ids := listParam(q, "order_ids")
	if err := capIDs("order_ids", ids); err != nil {
		writeAPIError(w, err)
		return
	}
	states := listParam(q, "order_state_codes")
	for _, st := range states {
		if !oneOf(st, orderStates...) {
			writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid order state code : %s", st))
			return
		}
	}
	channels := listParam(q, "channel_codes")
	if err := capIDs("channel_codes", channels); err != nil {
		writeAPIError(w, err)
		return
	}
	bounds, aerr := timeParams(q, "start_date", "end_date", "start_update_date", "end_update_date")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	if !bounds[2].IsZero() {
		bounds[2] = bounds[2].Add(-mirakl.UpdateDateSafetyDelta)
	}
	debited, aerr := boolParam(q, "customer_debited")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	incident, aerr := boolParam(q, "has_incident")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	onlyNullChannel, aerr := boolParam(q, "only_null_channel")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	taxMode := q.Get("order_tax_mode")
	if taxMode != "" && !oneOf(taxMode, mirakl.TaxIncluded, mirakl.TaxExcluded) {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : order_tax_mode"))
		return
	}
	if sortBy := q.Get("sort"); sortBy != "" && sortBy != "dateCreated" {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Invalid sort field : %s", sortBy))
		return
	}
	desc, page, aerr := listPaging(q)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	workflow := q.Get("payment_workflow")

	var match []*mirakl.Order
	for _, o := range s.st.orders {
		switch {
		case len(ids) > 0 && !oneOf(o.OrderID, ids...):
		case !inSet(states, o.State):
		case !inTime(o.CreatedDate, bounds[0], bounds[1]):
		case !inTime(o.LastUpdatedDate, bounds[2], bounds[3]):
		case debited != nil && *debited != (o.CustomerDebitedDate != nil):
		case incident != nil && *incident != o.HasIncident:
		case workflow != "" && o.PaymentWorkflow != workflow:
		case onlyNullChannel != nil && *onlyNullChannel && o.Channel != nil:
		case (onlyNullChannel == nil || !*onlyNullChannel) && len(channels) > 0 && (o.Channel == nil || !oneOf(o.Channel.Code, channels...)):
		default:
			match = append(match, o)
		}
	}
	sort.SliceStable(match, func(i, j int) bool {
		a, b := match[i], match[j]
		if !a.CreatedDate.Equal(b.CreatedDate) {
			return a.CreatedDate.Before(b.CreatedDate) != desc
		}
		return (a.OrderID < b.OrderID) != desc
	})
	total := len(match)
	window := page.slice(total)
	items, err := emitEach(match[window[0]:window[1]], func(o *mirakl.Order) (json.RawMessage, error) { return emitOrder(o, taxMode) })
	if err != nil {
		writeAPIError(w, err)
		return
	}
	page.write(w, r, "orders", items, total)
}

func inTime(t, from, to time.Time) bool {
	if !from.IsZero() && t.Before(from) {
		return false
	}
	if !to.IsZero() && t.After(to) {
		return false
	}
	return true
}

// emitOrder renders an order, converted to the requested tax mode.
func emitOrder(o *mirakl.Order, taxMode string) (json.RawMessage, error) {
	if taxMode == "" || taxMode == o.TaxMode {
		return emit(o, o.Raw)
	}
	c := convertTaxMode(*o, taxMode)
	return emit(&c, o.Raw)
}

// convertTaxMode restates an order's prices in the other tax mode using the
// taxes it carries; without taxes both modes show the same amounts.
func convertTaxMode(o mirakl.Order, mode string) mirakl.Order {
	sign := money.Amount(-1) // included -> excluded removes the tax
	if mode == mirakl.TaxIncluded {
		sign = 1
	}
	sum := func(ts []mirakl.Tax) money.Amount {
		var t money.Amount
		for _, x := range ts {
			t += x.Amount
		}
		return t
	}
	lines := make([]mirakl.OrderLine, len(o.Lines))
	var price, ship money.Amount
	for i, l := range o.Lines {
		goodsTax, shipTax := sum(l.Taxes), sum(l.ShippingTaxes)
		if l.Quantity > 0 && goodsTax != 0 {
			l.PriceUnit += sign * money.Amount(int64(goodsTax)/int64(l.Quantity))
		}
		l.Price += sign * goodsTax
		l.ShippingPrice += sign * shipTax
		l.TotalPrice = l.Price + l.ShippingPrice
		price += l.Price
		ship += l.ShippingPrice
		lines[i] = l
	}
	o.Lines = lines
	o.Price, o.ShippingPrice = price, ship
	o.TotalPrice = price + ship
	o.TaxMode = mode
	return o
}

// offsetPage is a parsed max/offset/paginate request.
type offsetPage struct {
	max, offset int
	all         bool
}

func offsetPaging(q url.Values) (offsetPage, *apiError) {
	p := offsetPage{}
	if v := q.Get("paginate"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return p, badRequest("VALIDATION_ERROR", "Invalid boolean for the parameter : paginate")
		}
		p.all = !b
	}
	var err *apiError
	if p.max, err = intParam(q, "max", 10, 1, mirakl.MaxOffsetPageSize); err != nil {
		return p, err
	}
	if p.offset, err = intParam(q, "offset", 0, 0, 0); err != nil {
		return p, err
	}
	return p, nil
}

func (p offsetPage) slice(total int) [2]int {
	if p.all {
		return [2]int{0, total}
	}
	from := min(p.offset, total)
	return [2]int{from, min(from+p.max, total)}
}

// setLinks adds Link rel="next"/"prev" for the neighbouring pages.
func (p offsetPage) setLinks(w http.ResponseWriter, r *http.Request, total int) {
	if p.all {
		return
	}
	var links []string
	mk := func(offset int, rel string) {
		u := url.URL{Scheme: "http", Host: r.Host, Path: r.URL.Path}
		if r.TLS != nil {
			u.Scheme = "https"
		}
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset))
		q.Set("max", strconv.Itoa(p.max))
		u.RawQuery = q.Encode()
		links = append(links, "<"+u.String()+`>; rel="`+rel+`"`)
	}
	if p.offset+p.max < total {
		mk(p.offset+p.max, "next")
	}
	if p.offset > 0 {
		mk(max(p.offset-p.max, 0), "prev")
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
}

// listPaging reads the order and max/offset/paginate parameters every
// offset-paged listing takes.
func listPaging(q url.Values) (bool, offsetPage, *apiError) {
	desc, aerr := orderParam(q)
	if aerr != nil {
		return false, offsetPage{}, aerr
	}
	page, aerr := offsetPaging(q)
	return desc, page, aerr
}

// write writes one page of an offset-paged listing with its total_count and
// Link headers.
func (p offsetPage) write(w http.ResponseWriter, r *http.Request, key string, items []json.RawMessage, total int) {
	writeList(w, key, items, map[string]any{"total_count": total}, func() { p.setLinks(w, r, total) })
}

// orderParam reads order=asc|desc (default asc).
func orderParam(q url.Values) (bool, *apiError) {
	switch strings.ToLower(q.Get("order")) {
	case "", "asc":
		return false, nil
	case "desc":
		return true, nil
	}
	return false, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : order")
}
