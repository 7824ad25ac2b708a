package miraklsim

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// Product is one item of a generated John Lewis-like catalogue.
type Product struct {
	SKU       string
	Title     string
	Category  string       // category code, a key of CommissionRates
	UnitPrice money.Amount // VAT-inclusive
}

type category struct {
	code, label, skuPart string
	rate                 money.Rate
	items                []string
	prices               []string // VAT-inclusive unit prices to pick from
}

// categories are John Lewis-like departments with commission rates. The
// rates are UNCERTAIN (no public John Lewis rate card); they sit in the
// range marketplaces charge per department.
var categories = []category{
	{"HOMEWARE", "Homeware", "HOME", money.Percent(12), []string{"Linen Cushion Cover, 45 x 45cm", "Stoneware Dinner Plate, Set of 4", "Egyptian Cotton Bath Towel", "Glass Table Lamp", "Wool Throw, 130 x 180cm", "Scented Candle, 200g", "Cast Iron Casserole, 24cm", "Bamboo Chopping Board"}, []string{"12.00", "15.00", "19.99", "24.99", "29.99", "35.00", "45.00", "59.99", "79.00", "129.00"}},
	{"ELECTRICALS", "Electricals", "ELEC", money.Percent(8), []string{"Bluetooth Portable Speaker", "Cordless Stick Vacuum Cleaner", "Digital Air Fryer, 5.5L", "Bean-to-Cup Coffee Machine", "Noise Cancelling Headphones", "Smart LED Light Bulb, 2 Pack", "Electric Toothbrush", "4-Slice Toaster"}, []string{"19.99", "29.99", "39.99", "49.99", "89.00", "129.99", "199.00", "249.00", "349.00", "499.00"}},
	{"FASHION", "Fashion", "FASH", money.Percent(15), []string{"Merino Wool Crew Neck Jumper", "Organic Cotton T-Shirt", "Leather Chelsea Boots", "Cashmere Scarf", "Linen Shirt", "Quilted Gilet", "Slim Fit Chinos", "Silk Blend Midi Dress"}, []string{"15.00", "25.00", "35.00", "45.00", "55.00", "69.00", "89.00", "119.00", "149.00"}},
	{"BEAUTY", "Beauty", "BEAU", money.Rate(135_000), []string{"Hydrating Day Cream, 50ml", "Eau de Parfum, 100ml", "Vitamin C Serum, 30ml", "Hair Dryer Diffuser Set", "Lip Balm Trio", "Shower Gel, 250ml"}, []string{"8.50", "12.00", "18.00", "24.00", "32.00", "48.00", "65.00", "95.00"}},
	{"GARDEN", "Garden", "GARD", money.Percent(12), []string{"Rattan Garden Chair", "Solar Festoon Lights, 10m", "Galvanised Watering Can, 9L", "Terracotta Planter, 30cm", "Hardwood Bench"}, []string{"14.99", "22.00", "35.00", "49.00", "89.00", "149.00", "299.00"}},
	{"TOYS", "Toys & Games", "TOYS", money.Percent(11), []string{"Wooden Train Set", "Family Board Game", "Plush Teddy Bear, 30cm", "Building Blocks, 500 Pieces", "Kids' Art Easel"}, []string{"9.99", "14.99", "19.99", "24.99", "34.99", "49.99"}},
	{"FURNITURE", "Furniture & Lights", "FURN", money.Percent(10), []string{"Oak Side Table", "Velvet Armchair", "Bookcase, 5 Shelves", "Upholstered Headboard, King", "Dining Chair, Pair"}, []string{"129.00", "199.00", "249.00", "349.00", "499.00", "699.00", "899.00"}},
	{"SPORT", "Sport & Leisure", "SPRT", money.Percent(12), []string{"Yoga Mat, 6mm", "Insulated Water Bottle, 750ml", "Running Jacket", "Adjustable Dumbbells", "Tennis Racket"}, []string{"12.00", "18.00", "25.00", "39.00", "59.00", "89.00", "149.00"}},
}

var colours = []string{"Natural", "Charcoal", "Sage", "Navy", "Oatmeal", "Ochre", "White", "Black", "Duck Egg", "Terracotta"}

// CommissionRates returns the commission rate per category code.
func CommissionRates() map[string]money.Rate {
	out := make(map[string]money.Rate, len(categories))
	for _, c := range categories {
		out[c.code] = c.rate
	}
	return out
}

// defaultCommissionRate applies to categories missing from the table.
var defaultCommissionRate = money.Percent(12)

func categoryOf(code string) category {
	for _, c := range categories {
		if c.code == code {
			return c
		}
	}
	return category{code: code, label: code, skuPart: "MISC", rate: defaultCommissionRate}
}

// GenerateProducts returns n products, the same for the same seed, with
// SKUs like JLM-HOME-000123.
func GenerateProducts(seed uint64, n int) []Product {
	rng := rand.New(rand.NewPCG(seed, seed^0x70d0c7))
	perCat := map[string]int{}
	out := make([]Product, 0, max(n, 0))
	for i := 0; i < n; i++ {
		c := categories[rng.IntN(len(categories))]
		perCat[c.code]++
		title := c.items[rng.IntN(len(c.items))]
		if c.code != "ELECTRICALS" && c.code != "TOYS" {
			title += ", " + colours[rng.IntN(len(colours))]
		}
		out = append(out, Product{
			SKU:       fmt.Sprintf("JLM-%s-%06d", c.skuPart, 100+perCat[c.code]*7+rng.IntN(7)),
			Title:     title,
			Category:  c.code,
			UnitPrice: money.MustParse(c.prices[rng.IntN(len(c.prices))]),
		})
	}
	return out
}

// offerIDFor derives a stable offer id from a SKU, so orders and offers
// generated separately agree.
func offerIDFor(sku string) int64 {
	h := fnv.New32a()
	_, _ = h.Write([]byte(sku))
	return 1_000_000 + int64(h.Sum32()%8_999_999)
}

// productSKUFor is the operator's product SKU for a shop SKU.
func productSKUFor(sku string) string {
	return "JLP" + strconv.FormatInt(offerIDFor(sku)*7%100_000_000+10_000_000, 10)
}

// eanFor builds a valid EAN-13 for a SKU (prefix 50: UK).
func eanFor(sku string) string {
	h := fnv.New64a()
	_, _ = h.Write([]byte(sku))
	digits := fmt.Sprintf("50%010d", h.Sum64()%10_000_000_000)
	sum := 0
	for i, r := range digits {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return digits + strconv.Itoa((10-sum%10)%10)
}

// OffersFor returns an OF21 offer per product with the given quantities
// (missing SKUs get 0).
func OffersFor(products []Product, quantities map[string]int) []mirakl.Offer {
	out := make([]mirakl.Offer, 0, len(products))
	ship := money.MustParse("4.50")
	for _, p := range products {
		c := categoryOf(p.Category)
		q := quantities[p.SKU]
		o := mirakl.Offer{
			OfferID: offerIDFor(p.SKU), ShopSKU: p.SKU, ProductSKU: productSKUFor(p.SKU), ProductTitle: p.Title,
			CategoryCode: c.code, CategoryLabel: c.label, Description: p.Title,
			Quantity: q, Price: p.UnitPrice, TotalPrice: p.UnitPrice + ship,
			StateCode: "11", Currency: "GBP", LeadtimeToShip: 2,
			MinOrderQuantity: 1, PackageQuantity: 1,
			LogisticClass:     mirakl.LogisticClass{Code: "STANDARD", Label: "Standard"},
			AllPrices:         []mirakl.OfferPrice{priceEntry(p.UnitPrice, p.UnitPrice)},
			Channels:          []string{"JL"},
			ProductReferences: []mirakl.ProductReference{{Reference: eanFor(p.SKU), ReferenceType: "EAN"}},
			Fulfillment:       mirakl.Fulfillment{Center: mirakl.FulfillmentCenter{Code: "DEFAULT"}},
			MinShippingPrice:  ship, MinShippingType: "STD", MinShippingZone: "GB",
			ShippingDeadline: time.Date(2025, 11, 5, 17, 0, 0, 0, time.UTC),
		}
		setActive(&o)
		out = append(out, o)
	}
	return out
}
