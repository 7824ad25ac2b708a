package miraklsim

import (
	"encoding/json"
	"reflect"
	"regexp"
	"testing"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

var (
	ukPostcode = regexp.MustCompile(`^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}$`)
	skuPattern = regexp.MustCompile(`^JLM-[A-Z]{4}-[0-9]{6}$`)
	orderIDPat = regexp.MustCompile(`^[0-9]{8}-A$`)
)

func TestGeneratorDeterministic(t *testing.T) {
	a := GenerateOrders(GenOptions{Seed: 11, Orders: 30})
	b := GenerateOrders(GenOptions{Seed: 11, Orders: 30})
	c := GenerateOrders(GenOptions{Seed: 12, Orders: 30})
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	jc, _ := json.Marshal(c)
	if string(ja) != string(jb) {
		t.Fatal("same seed, different orders")
	}
	if string(ja) == string(jc) {
		t.Fatal("different seeds, same orders")
	}
	if !reflect.DeepEqual(GenerateProducts(5, 20), GenerateProducts(5, 20)) {
		t.Fatal("products not deterministic")
	}
}

func TestGeneratedOrdersAreRealistic(t *testing.T) {
	products := GenerateProducts(21, 60)
	skus := map[string]bool{}
	for _, p := range products {
		if !skuPattern.MatchString(p.SKU) || skus[p.SKU] || p.UnitPrice <= 0 || p.Title == "" {
			t.Fatalf("product %+v", p)
		}
		skus[p.SKU] = true
		if _, ok := CommissionRates()[p.Category]; !ok {
			t.Fatalf("category %s has no commission rate", p.Category)
		}
	}
	orders := GenerateOrders(GenOptions{Seed: 21, Orders: 300, Products: products})
	var promos, oddUnit, shippingOrders, multi int
	for _, o := range orders {
		if !orderIDPat.MatchString(o.OrderID) || o.CommercialID+"-A" != o.OrderID || o.Currency != "GBP" || o.TaxMode != mirakl.TaxIncluded {
			t.Fatalf("order ids/currency %s %s %s", o.OrderID, o.CommercialID, o.Currency)
		}
		for _, a := range []*mirakl.Address{o.Customer.ShippingAddress, o.Customer.BillingAddress} {
			if a == nil || !ukPostcode.MatchString(a.ZipCode) || a.CountryISOCode != "GBR" || a.Street1 == "" || a.City == "" {
				t.Fatalf("address %+v", a)
			}
		}
		if n := len(o.Lines); n < 1 || n > 4 {
			t.Fatalf("%d lines", n)
		} else if n > 1 {
			multi++
		}
		if o.ShippingPrice > 0 {
			shippingOrders++
		}
		var price, ship, comm money.Amount
		for i, l := range o.Lines {
			if l.ID != o.OrderID+"-"+string(rune('1'+i)) || l.Index != i+1 || l.OfferID != offerIDFor(l.OfferSKU) {
				t.Fatalf("line ids %s %d", l.ID, l.Index)
			}
			gross := l.PriceUnit.Mul(int64(l.Quantity))
			if l.Price > gross || l.Price <= 0 {
				t.Fatalf("line price %s vs %s x %d", l.Price, l.PriceUnit, l.Quantity)
			}
			if l.Price < gross {
				promos++
				if len(l.Promotions) != 1 {
					t.Fatal("discounted line without its promotion")
				}
				var p struct {
					Deduced money.Amount `json:"deduced_amount"`
				}
				_ = json.Unmarshal(l.Promotions[0], &p)
				if p.Deduced != gross-l.Price {
					t.Fatalf("promotion %s, discount %s", p.Deduced, gross-l.Price)
				}
				if int64(l.Price)%int64(l.Quantity) != 0 {
					oddUnit++
				}
			}
			if l.Taxes[0].Amount != money.TaxFromGross(l.Price, money.Percent(20)) || *l.Taxes[0].Rate != money.Percent(20) {
				t.Fatalf("VAT %s on %s", l.Taxes[0].Amount, l.Price)
			}
			rate := CommissionRates()[l.CategoryCode]
			if l.CommissionFee != rate.Apply(l.Price) || l.CommissionVAT != money.Percent(20).Apply(l.CommissionFee) || l.TotalCommission != l.CommissionFee+l.CommissionVAT {
				t.Fatalf("commission %s/%s on %s at %s", l.CommissionFee, l.CommissionVAT, l.Price, rate)
			}
			if l.ShippingPrice > 0 && (len(l.ShippingTaxes) != 1 || l.ShippingTaxes[0].Amount != money.TaxFromGross(l.ShippingPrice, money.Percent(20))) {
				t.Fatal("shipping VAT")
			}
			if l.TotalPrice != l.Price+l.ShippingPrice {
				t.Fatal("line total")
			}
			price += l.Price
			ship += l.ShippingPrice
			comm += l.TotalCommission
		}
		if o.Price != price || o.ShippingPrice != ship || o.TotalPrice != price+ship || o.TotalCommission != comm {
			t.Fatalf("order totals %s", o.OrderID)
		}
	}
	if promos == 0 || oddUnit == 0 || shippingOrders == 0 || multi == 0 {
		t.Fatalf("variety: promos %d, non-whole-penny units %d, shipping %d, multi-line %d", promos, oddUnit, shippingOrders, multi)
	}
}

func TestGeneratedStates(t *testing.T) {
	for _, st := range []string{mirakl.StateWaitingAcceptance, mirakl.StateWaitingDebit, mirakl.StateShipping, mirakl.StateShipped, mirakl.StateReceived, mirakl.StateClosed} {
		o := GenerateOrders(GenOptions{Seed: 1, Orders: 1, State: st})[0]
		if o.State != st || o.Lines[0].State != st {
			t.Fatalf("%s: %s/%s", st, o.State, o.Lines[0].State)
		}
		debited := st != mirakl.StateWaitingAcceptance && st != mirakl.StateWaitingDebit
		if (o.CustomerDebitedDate != nil) != debited || (o.Lines[0].ShippedDate != nil) != (debited && st != mirakl.StateShipping) {
			t.Fatalf("%s: dates %v %v", st, o.CustomerDebitedDate, o.Lines[0].ShippedDate)
		}
	}
}

func TestOffersFor(t *testing.T) {
	ps := GenerateProducts(2, 5)
	os := OffersFor(ps, map[string]int{ps[0].SKU: 4})
	if len(os) != 5 || os[0].Quantity != 4 || !os[0].Active || os[1].Quantity != 0 || os[1].Active || os[0].Price != ps[0].UnitPrice {
		t.Fatalf("%+v", os[0])
	}
	ean := os[0].ProductReferences[0].Reference
	sum := 0
	for i, r := range ean {
		d := int(r - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	if len(ean) != 13 || sum%10 != 0 {
		t.Fatalf("EAN %s invalid", ean)
	}
}
