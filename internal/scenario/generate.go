package scenario

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// GenOptions shapes a generated world.
type GenOptions struct {
	Seed     uint64
	Orders   int       // marketplace orders (default 50)
	SKUs     int       // catalogue size (default 200)
	Unmapped int       // catalogue SKUs with no NetSuite item (default SKUs/50, at least 1)
	Start    time.Time // first order's creation time (default DefaultStart)
	Spacing  time.Duration
	// OrderState is the state orders are created in (default
	// WAITING_ACCEPTANCE: the agent accepts them and the marketplace takes
	// payment before they are due in NetSuite).
	OrderState string
}

// DefaultStart is the fixed clock origin of generated worlds, so the same
// seed always gives byte-identical scenario files.
var DefaultStart = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// Locations are the NetSuite stock locations of a generated world.
var Locations = []struct{ ID, Name string }{
	{"1", "Milton Keynes DC"},
	{"2", "Leeds Warehouse"},
	{"3", "Returns Bay"},
}

// Generated is a generated world and the facts tests check it against.
type Generated struct {
	Scenario
	Products []miraklsim.Product
	ItemIDs  map[string]string // SKU -> NetSuite internal id (mapped SKUs only)
	Unmapped []string          // SKUs the itemId rule does not find (NetSuite has them under a legacy code)
	Orders   []mirakl.Order
}

// Generate builds a deterministic world for a seed: a John Lewis-like
// catalogue, NetSuite items and stock, offers, and orders. A few SKUs are
// unmapped (NetSuite holds them under another item code), and some orders use
// them.
func Generate(o GenOptions) (Generated, error) {
	if o.Orders < 0 || o.SKUs < 0 {
		return Generated{}, fmt.Errorf("scenario: orders and skus must not be negative")
	}
	if o.SKUs == 0 {
		o.SKUs = 200
	}
	if o.Unmapped == 0 {
		o.Unmapped = max(1, o.SKUs/50)
	}
	if o.Unmapped >= o.SKUs {
		return Generated{}, fmt.Errorf("scenario: %d unmapped SKUs leaves none mapped out of %d", o.Unmapped, o.SKUs)
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	if o.Spacing == 0 {
		o.Spacing = 3 * time.Minute
	}
	if o.OrderState == "" {
		o.OrderState = mirakl.StateWaitingAcceptance
	}
	rng := rand.New(rand.NewPCG(o.Seed, o.Seed^0x6a6c73796e63))
	g := Generated{Products: miraklsim.GenerateProducts(o.Seed, o.SKUs), ItemIDs: map[string]string{}}

	// Which SKUs NetSuite lacks: a deterministic pick across the catalogue.
	perm := rng.Perm(len(g.Products))
	unmapped := map[string]bool{}
	for _, i := range perm[:o.Unmapped] {
		unmapped[g.Products[i].SKU] = true
		g.Unmapped = append(g.Unmapped, g.Products[i].SKU)
	}
	sort.Strings(g.Unmapped)

	var items []map[string]any
	var inventory []map[string]any
	quantities := map[string]int{}
	for i, p := range g.Products {
		if unmapped[p.SKU] {
			// NetSuite knows the product under a legacy item code, with the
			// marketplace SKU only in its externalId: the SKU rule (itemId)
			// misses it, and jlsync suggests the item for an operator to map.
			quantities[p.SKU] = 5 + rng.IntN(20)
			items = append(items, map[string]any{
				"id": fmt.Sprint(1000 + i), "itemId": fmt.Sprintf("LEGACY-%05d", 10000+i), "displayName": p.Title,
				"upcCode": ean13(rng), "externalId": p.SKU, "isInactive": false, "itemType": "InvtPart",
			})
			continue
		}
		id := fmt.Sprint(1000 + i)
		g.ItemIDs[p.SKU] = id
		items = append(items, map[string]any{
			"id": id, "itemId": p.SKU, "displayName": p.Title, "upcCode": ean13(rng),
			"isInactive": false, "itemType": "InvtPart",
		})
		total := 0
		for _, loc := range Locations[:2] {
			// Enough that a generated run is about mapping, not about stock-outs:
			// acceptance holds for short stock are exercised by the scenarios.
			q := 15 + rng.IntN(40)
			total += q
			inventory = append(inventory, map[string]any{"item": id, "location": loc.ID, "quantityAvailable": q, "quantityOnHand": q + rng.IntN(3)})
		}
		quantities[p.SKU] = total
	}
	var locs []map[string]any
	for _, l := range Locations {
		locs = append(locs, map[string]any{"id": l.ID, "name": l.Name, "isInactive": false})
	}
	ns := map[string]any{
		"records": map[string]any{
			"inventoryItem": items,
			"location":      locs,
			"subsidiary":    []map[string]any{{"id": "1", "name": "Retailer Ltd (UK)"}},
			"currency":      []map[string]any{{"id": "1", "name": "GBP", "symbol": "GBP"}},
			"account":       demoAccounts(),
		},
		"inventory": inventory,
	}

	g.Orders = miraklsim.GenerateOrders(miraklsim.GenOptions{
		Seed: o.Seed, Orders: o.Orders, Start: o.Start, Spacing: o.Spacing,
		Products: g.Products, State: o.OrderState,
	})
	ensureUnmappedOrders(g.Orders, g.Unmapped, g.Products, rng)

	var err error
	if g.NetSuite, err = json.MarshalIndent(ns, "", "  "); err != nil {
		return g, err
	}
	mk := map[string]any{"orders": g.Orders, "offers": miraklsim.OffersFor(g.Products, quantities)}
	if g.Mirakl, err = json.MarshalIndent(mk, "", "  "); err != nil {
		return g, err
	}
	return g, nil
}

// ensureUnmappedOrders makes sure roughly one order in twelve (at least one)
// sells an unmapped SKU, so every generated world exercises that exception.
// Only the SKU-identifying fields of a line change; its money stays as it was.
func ensureUnmappedOrders(orders []mirakl.Order, unmapped []string, products []miraklsim.Product, rng *rand.Rand) {
	if len(orders) == 0 || len(unmapped) == 0 {
		return
	}
	bySKU := map[string]miraklsim.Product{}
	for _, p := range products {
		bySKU[p.SKU] = p
	}
	isUnmapped := map[string]bool{}
	for _, s := range unmapped {
		isUnmapped[s] = true
	}
	have := 0
	for _, o := range orders {
		for _, l := range o.Lines {
			if isUnmapped[l.OfferSKU] {
				have++
				break
			}
		}
	}
	want := max(1, len(orders)/12)
	for i := 0; have < want && i < len(orders); i += max(1, len(orders)/want) {
		o := &orders[i]
		already := false
		for _, l := range o.Lines {
			already = already || isUnmapped[l.OfferSKU]
		}
		if already || len(o.Lines) == 0 {
			continue
		}
		sku := unmapped[rng.IntN(len(unmapped))]
		p := bySKU[sku]
		l := &o.Lines[len(o.Lines)-1]
		l.OfferSKU, l.ProductSKU, l.ProductTitle = p.SKU, "PRD-"+p.SKU, p.Title
		have++
	}
}

// ean13 returns a valid EAN-13 barcode starting with the UK prefix 50.
func ean13(rng *rand.Rand) string {
	d := make([]int, 13)
	d[0], d[1] = 5, 0
	for i := 2; i < 12; i++ {
		d[i] = rng.IntN(10)
	}
	sum := 0
	for i := 0; i < 12; i++ {
		if i%2 == 0 {
			sum += d[i]
		} else {
			sum += 3 * d[i]
		}
	}
	d[12] = (10 - sum%10) % 10
	b := make([]byte, 13)
	for i, v := range d {
		b[i] = byte('0' + v)
	}
	return string(b)
}

// Accounts of a generated world's chart: where the demo posts payouts.
var (
	BankAccount     = "1010"
	ClearingAccount = "1210"
	FeeAccounts     = map[string]string{
		"COMMISSION_FEE": "6100", "REFUND_COMMISSION_FEE": "6100",
		"COMMISSION_VAT": "2201", "REFUND_COMMISSION_VAT": "2201",
		"SUBSCRIPTION_FEE": "6110", "SUBSCRIPTION_VAT": "2201",
	}
)

func demoAccounts() []map[string]any {
	return []map[string]any{
		{"id": BankAccount, "acctNumber": BankAccount, "acctName": "Bank: business current account", "acctType": "Bank"},
		{"id": ClearingAccount, "acctNumber": ClearingAccount, "acctName": "John Lewis Marketplace clearing", "acctType": "AcctRec"},
		{"id": "2201", "acctNumber": "2201", "acctName": "VAT on purchases", "acctType": "OthCurrLiab"},
		{"id": "6100", "acctNumber": "6100", "acctName": "Marketplace commission", "acctType": "Expense"},
		{"id": "6110", "acctNumber": "6110", "acctName": "Marketplace subscription", "acctType": "Expense"},
	}
}
