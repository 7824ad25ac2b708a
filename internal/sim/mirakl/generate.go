package miraklsim

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// GenOptions drive GenerateOrders. The same options give the same orders.
type GenOptions struct {
	Seed     uint64
	Orders   int
	Start    time.Time     // creation time of the first order (default 2025-11-03 09:00 UTC)
	Spacing  time.Duration // between creations (default 7 minutes)
	Products []Product     // catalogue (default GenerateProducts(Seed, 40))
	State    string        // initial order state, default WAITING_ACCEPTANCE
	ShopID   string        // accepted for symmetry with Options; OR11 orders carry no shop id
	// FirstNumber numbers the first order (10000001 for 1, the default);
	// generating more orders later starts after the last one.
	FirstNumber int
}

const orderNumberBase = 10_000_000

// generatedNumber reads the sequence number back from a commercial id.
func generatedNumber(commercialID string) (int64, bool) {
	n, err := strconv.ParseInt(commercialID, 10, 64)
	if err != nil || n <= orderNumberBase {
		return 0, false
	}
	return n - orderNumberBase, true
}

var (
	firstNames = []string{"Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Ivy", "Charlie", "Grace", "Leo", "Freya", "Jacob", "Lily", "Freddie", "Florence", "Alfie", "Emily", "Arthur", "Sophie", "Thomas", "Poppy", "James", "Evie", "William", "Ella", "Henry", "Rosie", "Priya", "Aisha", "Mohammed", "Zara", "Callum", "Niamh", "Rhys", "Eilidh"}
	lastNames  = []string{"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Patel", "Khan", "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "Bennett", "Harris", "Lewis", "Campbell", "Murphy", "Kelly", "MacDonald", "O'Brien"}
	streets    = []string{"High", "Church", "Station", "Victoria", "Park", "Queen's", "King's", "Mill", "Manor", "Grange", "Orchard", "Chestnut", "Willow", "Elm", "Oak", "Meadow", "Windsor", "York", "Albert", "Beech"}
	streetKind = []string{"Road", "Street", "Lane", "Avenue", "Close", "Gardens", "Crescent", "Way", "Drive", "Terrace"}
	civilities = []string{"Mr", "Mrs", "Ms", "Miss", "Dr", ""}
	towns      = []struct{ city, outward, county string }{
		{"London", "SW1A", ""}, {"London", "N1", ""}, {"London", "SE10", ""}, {"London", "W4", ""},
		{"Manchester", "M20", "Greater Manchester"}, {"Birmingham", "B15", "West Midlands"}, {"Leeds", "LS6", "West Yorkshire"},
		{"Bristol", "BS8", ""}, {"Edinburgh", "EH3", ""}, {"Glasgow", "G12", ""}, {"Cardiff", "CF11", ""},
		{"Oxford", "OX2", "Oxfordshire"}, {"Cambridge", "CB4", "Cambridgeshire"}, {"Brighton", "BN2", "East Sussex"},
		{"York", "YO31", "North Yorkshire"}, {"Bath", "BA2", "Somerset"}, {"Norwich", "NR2", "Norfolk"},
		{"Reading", "RG4", "Berkshire"}, {"Southampton", "SO15", "Hampshire"}, {"Newcastle upon Tyne", "NE2", "Tyne and Wear"},
		{"Nottingham", "NG7", "Nottinghamshire"}, {"Sheffield", "S10", "South Yorkshire"}, {"Exeter", "EX4", "Devon"},
		{"Cheltenham", "GL50", "Gloucestershire"}, {"Harrogate", "HG1", "North Yorkshire"}, {"Guildford", "GU1", "Surrey"},
		{"Belfast", "BT9", ""}, {"Aberdeen", "AB10", ""}, {"Milton Keynes", "MK9", "Buckinghamshire"}, {"Solihull", "B91", "West Midlands"},
	}
)

// inwardLetters are the letters a UK postcode's inward code may use.
const inwardLetters = "ABDEFGHJLNPQRSTUWXYZ"

type gen struct{ rng *rand.Rand }

func (g gen) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// weighted returns i with probability weights[i]/sum.
func (g gen) weighted(weights ...int) int {
	sum := 0
	for _, w := range weights {
		sum += w
	}
	x := g.rng.IntN(sum)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (g gen) address(first, last, civility string) *mirakl.Address {
	t := towns[g.rng.IntN(len(towns))]
	postcode := fmt.Sprintf("%s %d%c%c", t.outward, g.rng.IntN(10), inwardLetters[g.rng.IntN(len(inwardLetters))], inwardLetters[g.rng.IntN(len(inwardLetters))])
	a := &mirakl.Address{
		Civility: civility, Firstname: first, Lastname: last,
		Street1: fmt.Sprintf("%d %s %s", 1+g.rng.IntN(180), g.pick(streets), g.pick(streetKind)),
		ZipCode: postcode, City: t.city, State: t.county, Country: "United Kingdom", CountryISOCode: "GBR",
		Phone: fmt.Sprintf("07700 900%03d", g.rng.IntN(1000)), // Ofcom's range reserved for fiction
	}
	if g.rng.IntN(5) == 0 {
		a.Street2 = fmt.Sprintf("Flat %d", 1+g.rng.IntN(30))
	}
	return a
}

// GenerateOrders returns realistic John Lewis orders: GBP, TAX_INCLUDED with
// the 20% VAT inside prices, UK customers, 1-4 lines, promotions on some
// lines, shipping on some orders, commission by category plus 20% VAT.
func GenerateOrders(opts GenOptions) []mirakl.Order {
	g := gen{rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5eed0f0d))}
	products := opts.Products
	if len(products) == 0 {
		products = GenerateProducts(opts.Seed, 40)
	}
	start := opts.Start
	if start.IsZero() {
		start = time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	}
	spacing := opts.Spacing
	if spacing <= 0 {
		spacing = 7 * time.Minute
	}
	state := opts.State
	if state == "" {
		state = mirakl.StateWaitingAcceptance
	}
	first := opts.FirstNumber
	if first <= 0 {
		first = 1
	}
	out := make([]mirakl.Order, 0, max(opts.Orders, 0))
	for i := 0; i < opts.Orders; i++ {
		created := start.Add(time.Duration(i) * spacing).UTC().Truncate(time.Millisecond)
		out = append(out, g.order(first+i, created, products, state))
	}
	return out
}

var vat20 = money.Percent(20)

func (g gen) order(n int, created time.Time, products []Product, state string) mirakl.Order {
	// Plain numbers, as the marketplace's own order numbers are: jlsync adds
	// its "JL-" prefix when it writes the Sales Order.
	commercial := fmt.Sprintf("%d", orderNumberBase+n)
	orderID := commercial + "-A"
	first, last, civ := g.pick(firstNames), g.pick(lastNames), g.pick(civilities)
	ship := g.address(first, last, civ)
	bill := ship
	if g.rng.IntN(5) == 0 {
		bill = g.address(first, last, civ)
	}
	bill2 := *bill
	bill2.Phone = ""
	o := mirakl.Order{
		OrderID: orderID, CommercialID: commercial, State: state, CreatedDate: created, LastUpdatedDate: created,
		LeadtimeToShip: 2, Currency: "GBP", TaxMode: mirakl.TaxIncluded,
		PaymentWorkflow: "PAY_ON_ACCEPTANCE", PaymentType: "CREDIT_CARD", PaymentTypeDeprecated: "CREDIT_CARD",
		ShippingZoneCode: "GB", ShippingZoneLabel: "United Kingdom",
		Channel:      &mirakl.Channel{Code: "JL", Label: "John Lewis"},
		Fulfillment:  &mirakl.Fulfillment{Center: mirakl.FulfillmentCenter{Code: "DEFAULT"}},
		DeliveryDate: &mirakl.DeliveryDate{Earliest: created.Add(72 * time.Hour), Latest: created.Add(120 * time.Hour)},
		Customer: mirakl.Customer{
			CustomerID: fmt.Sprintf("CUST-%07d", g.rng.IntN(10_000_000)), Civility: civ, Firstname: first, Lastname: last,
			Locale: "en_GB", BillingAddress: &bill2, ShippingAddress: ship,
		},
	}
	nLines := 1 + g.weighted(50, 30, 15, 5)
	used := map[int]bool{}
	var applied []json.RawMessage
	var deduced money.Amount
	for li := 0; li < nLines && len(used) < len(products); li++ {
		pi := g.rng.IntN(len(products))
		for used[pi] {
			pi = (pi + 1) % len(products)
		}
		used[pi] = true
		l, promo, off := g.line(orderID, li+1, products[pi], created, state)
		if promo != nil {
			applied = append(applied, promo)
			deduced += off
		}
		o.Lines = append(o.Lines, l)
	}
	// Shipping: free over £50 on standard delivery, some next-day orders.
	var goods money.Amount
	weights := make([]int64, len(o.Lines))
	for i, l := range o.Lines {
		goods += l.Price
		weights[i] = int64(l.Price)
	}
	o.ShippingTypeCode, o.ShippingTypeLabel = "STD", "Standard Delivery"
	var shipping money.Amount
	switch {
	case g.rng.IntN(10) == 0:
		o.ShippingTypeCode, o.ShippingTypeLabel = "NXT", "Next Day Delivery"
		shipping = money.MustParse("6.95")
	case goods < money.MustParse("50.00"):
		shipping = money.MustParse("4.50")
	}
	for i, part := range money.Allocate(shipping, weights) {
		l := &o.Lines[i]
		l.ShippingPrice = part
		if part > 0 {
			r := vat20
			l.ShippingTaxes = []mirakl.Tax{{Code: vatTaxCode, Amount: money.TaxFromGross(part, r), Rate: &r, TaxCalculationRule: taxRule}}
		}
		l.TotalPrice = l.Price + l.ShippingPrice
		o.Price += l.Price
		o.ShippingPrice += l.ShippingPrice
		o.TotalCommission += l.TotalCommission
	}
	o.TotalPrice = o.Price + o.ShippingPrice
	if len(applied) > 0 {
		o.Promotions = &mirakl.Promotions{AppliedPromotions: applied, TotalDeducedAmount: deduced}
	}
	g.applyState(&o, state)
	o.Normalize()
	return o
}

func (g gen) line(orderID string, idx int, p Product, created time.Time, state string) (mirakl.OrderLine, json.RawMessage, money.Amount) {
	c := categoryOf(p.Category)
	qty := 1 + g.weighted(70, 22, 8)
	gross := p.UnitPrice.Mul(int64(qty))
	price := gross
	var promo json.RawMessage
	var off money.Amount
	if g.rng.IntN(4) == 0 {
		var cfg map[string]any
		if g.rng.IntN(2) == 0 {
			pct := []int64{10, 15, 20, 25}[g.rng.IntN(4)]
			off = money.Percent(pct).Apply(gross)
			cfg = map[string]any{"type": "PERCENTAGE_OFF", "percentage_off": pct, "internal_description": fmt.Sprintf("%d%% off %s", pct, strings.ToLower(c.label))}
		} else {
			off = money.MustParse([]string{"3.00", "5.00", "7.50"}[g.rng.IntN(3)])
			if off >= gross {
				off = gross / 10
			}
			cfg = map[string]any{"type": "AMOUNT_OFF", "amount_off": off, "internal_description": fmt.Sprintf("%s off %s", off.Format("GBP"), strings.ToLower(c.label))}
		}
		price = gross - off
		promo, _ = json.Marshal(map[string]any{
			"apportioned": false, "configuration": cfg, "deduced_amount": off,
			"id": fmt.Sprintf("PROMO-%s-%d", c.skuPart, 100+g.rng.IntN(900)),
		})
	}
	r := vat20
	unit := p.UnitPrice
	fee := c.rate.Apply(price)
	vat := commissionVAT.Apply(fee)
	cr := commissionVAT
	l := mirakl.OrderLine{
		ID: fmt.Sprintf("%s-%d", orderID, idx), Index: idx, State: state,
		OfferID: offerIDFor(p.SKU), OfferSKU: p.SKU, OfferStateCode: "11", ProductSKU: productSKUFor(p.SKU),
		ProductTitle: p.Title, CategoryCode: c.code, CategoryLabel: c.label, Quantity: qty,
		PriceUnit: unit, OriginUnitPrice: &unit, Price: price,
		Taxes:             []mirakl.Tax{{Code: vatTaxCode, Amount: money.TaxFromGross(price, r), Rate: &r, TaxCalculationRule: taxRule}},
		CommissionFee:     fee,
		CommissionVAT:     vat,
		CommissionRateVAT: commissionVAT,
		TotalCommission:   fee + vat,
		CommissionTaxes:   []mirakl.Tax{{Code: commissionTaxCode, Amount: vat, Rate: &cr}},
		CreatedDate:       created, LastUpdatedDate: created,
		ProductMedias: []mirakl.ProductMedia{{MediaURL: "/media/product/image/" + strings.ToLower(p.SKU) + ".jpg", MimeType: "JPEG", Type: "MEDIUM"}},
	}
	if promo != nil {
		l.Promotions = []json.RawMessage{promo}
	}
	return l, promo, off
}

// applyState fills the dates and flags an order in a later state would have.
func (g gen) applyState(o *mirakl.Order, state string) {
	accepted := o.CreatedDate.Add(time.Duration(20+g.rng.IntN(90)) * time.Minute)
	debited := accepted.Add(DebitDelay)
	shipped := debited.Add(time.Duration(20+g.rng.IntN(28)) * time.Hour)
	set := func(t time.Time) *time.Time { return &t }
	switch state {
	case mirakl.StateWaitingAcceptance, mirakl.StateStaging:
		return
	case mirakl.StateRefused:
		o.AcceptanceDecisionDate = set(accepted)
		o.LastUpdatedDate = accepted
		return
	case mirakl.StateWaitingDebit, mirakl.StateWaitingDebitPayment:
		o.AcceptanceDecisionDate = set(accepted)
		o.LastUpdatedDate = accepted
		return
	}
	o.AcceptanceDecisionDate = set(accepted)
	o.CustomerDebitedDate = set(debited)
	o.ShippingDeadline = set(debited.Add(time.Duration(o.LeadtimeToShip) * 24 * time.Hour))
	o.LastUpdatedDate = debited
	o.CanCancel, o.CanShopShip = true, true
	for i := range o.Lines {
		o.Lines[i].DebitedDate = set(debited)
		o.Lines[i].LastUpdatedDate = debited
	}
	if state == mirakl.StateShipping || state == mirakl.StateCanceled {
		return
	}
	o.CanCancel, o.CanShopShip = false, false
	o.LastUpdatedDate = shipped
	for i := range o.Lines {
		o.Lines[i].ShippedDate = set(shipped)
		o.Lines[i].LastUpdatedDate = shipped
		o.Lines[i].CanRefund = state != mirakl.StateClosed
	}
	if state == mirakl.StateReceived || state == mirakl.StateClosed {
		received := shipped.Add(48 * time.Hour)
		o.LastUpdatedDate = received
		for i := range o.Lines {
			o.Lines[i].ReceivedDate = set(received)
			o.Lines[i].LastUpdatedDate = received
		}
	}
}
