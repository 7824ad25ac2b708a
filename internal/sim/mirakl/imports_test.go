package miraklsim

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

func offersBySKU(t *testing.T, s *Server) map[string]mirakl.Offer {
	t.Helper()
	w := call(t, s, "GET", "/api/offers?max=100", nil)
	mustStatus(t, w, 200)
	os, _, err := mirakl.DecodeOffers(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]mirakl.Offer{}
	for _, o := range os {
		out[o.ShopSKU] = o
	}
	return out
}

func stockStatus(t *testing.T, s *Server, id string) mirakl.StockImport {
	t.Helper()
	resetCeilings(s)
	w := call(t, s, "GET", "/api/offers/stock/imports/"+id+"/status", nil)
	mustStatus(t, w, 200)
	st, err := mirakl.DecodeStockImport(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestStockImportLifecycle(t *testing.T) {
	s, clk := newSim(t, 1, 0, 0)
	before := offersBySKU(t, s)
	var skus []string
	for sku := range before {
		skus = append(skus, sku)
	}
	csv := strings.Join([]string{
		`"offer-sku";"quantity";"warehouse-code";"update-delete"`,
		`"` + skus[0] + `";"25";"";"update"`,  // line 2: ok
		`"JLM-NOPE-000001";"3";"";"update"`,   // line 3: unknown SKU
		`"` + skus[1] + `";"-4";"";"update"`,  // line 4: bad quantity
		`"` + skus[2] + `";"two";"";"update"`, // line 5: bad quantity
		`"` + skus[3] + `";"6";"";"replace"`,  // line 6: bad update-delete
		`"` + skus[4] + `";"8";"LEEDS";""`,    // line 7: warehouse
		`"` + skus[4] + `";"2";"BATH";""`,     // line 8: second warehouse
		`"` + skus[0] + `";"1";"";"update"`,   // line 9: duplicate
	}, "\n")
	w := stockFile(t, s, csv)
	mustStatus(t, w, 201)
	var created struct {
		ImportID string `json:"import_id"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &created); err != nil || created.ImportID == "" || w.Header().Get("Location") == "" {
		t.Fatalf("STO01 answer %s", w.Body.String())
	}
	if st := stockStatus(t, s, created.ImportID); st.Status != mirakl.ImportWaiting || st.ShopID != 2001 {
		t.Fatalf("right after: %+v", st)
	}
	clk.Advance(importWaiting)
	if st := stockStatus(t, s, created.ImportID); st.Status != mirakl.ImportRunning {
		t.Fatalf("after %v: %s", importWaiting, st.Status)
	}
	// The error report does not exist until the import completes.
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/offers/stock/imports/"+created.ImportID+"/error_report", nil), 404)
	clk.Advance(importRunning)
	st := stockStatus(t, s, created.ImportID)
	if st.Status != mirakl.ImportComplete || st.LinesInSuccess != 3 || st.LinesInError != 5 || !st.HasErrorReport {
		t.Fatalf("complete: %+v", st)
	}
	resetCeilings(s)
	w = call(t, s, "GET", "/api/offers/stock/imports/"+created.ImportID+"/error_report", nil)
	mustStatus(t, w, 200)
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("content type %q", ct)
	}
	errs, err := mirakl.DecodeStockErrorReport(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	lines := map[int]string{}
	for _, e := range errs {
		lines[e.Line] = e.Message
	}
	for _, n := range []int{3, 4, 5, 6, 9} {
		if lines[n] == "" {
			t.Errorf("line %d not reported: %v", n, lines)
		}
	}
	if !strings.Contains(lines[3], "does not exist") || !strings.Contains(lines[4], "quantity") {
		t.Errorf("reasons %v", lines)
	}
	after := offersBySKU(t, s)
	if after[skus[0]].Quantity != 25 || after[skus[1]].Quantity != before[skus[1]].Quantity || after[skus[4]].Quantity != 10 || len(after[skus[4]].Warehouses) != 2 {
		t.Fatalf("quantities: %d %d %d %v", after[skus[0]].Quantity, after[skus[1]].Quantity, after[skus[4]].Quantity, after[skus[4]].Warehouses)
	}
	// The observed section lists the lines received.
	b, _ := s.State()
	var st2 struct {
		Observed observedDoc `json:"observed"`
	}
	_ = json.Unmarshal(b, &st2)
	if len(st2.Observed.StockImports) != 1 || len(st2.Observed.StockImports[0].Lines) != 8 || st2.Observed.Calls[mirakl.OpSTO01] != 1 {
		t.Fatalf("observed %+v", st2.Observed)
	}
}

func TestStockImportRefusesBadFiles(t *testing.T) {
	s, clk := newSim(t, 1, 0, 0)
	mustStatus(t, call(t, s, "POST", "/api/offers/stock/imports", "not multipart"), 400)
	resetCeilings(s)
	w := stockFile(t, s, "sku,qty\nA,1\n")
	mustStatus(t, w, 201)
	var created struct {
		ImportID string `json:"import_id"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &created)
	clk.Advance(time.Minute)
	if st := stockStatus(t, s, created.ImportID); st.Status != mirakl.ImportFailed {
		t.Fatalf("bad header: %s", st.Status)
	}
	resetCeilings(s)
	mustStatus(t, call(t, s, "GET", "/api/offers/stock/imports/nope/status", nil), 404)
}

func TestOF24ResetsOmittedFields(t *testing.T) {
	s, clk := newSim(t, 1, 0, 0)
	before := offersBySKU(t, s)
	var o mirakl.Offer
	for _, x := range before {
		o = x
		break
	}
	// A "stock only" OF24: the trap the reference warns about.
	body := `{"offers":[{"shop_sku":"` + o.ShopSKU + `","product_id":"` + o.ProductSKU + `","product_id_type":"SKU","price":` + o.Price.String() + `,"state_code":"11","update_delete":"update","description":"new"}]}`
	w := call(t, s, "POST", "/api/offers", body)
	mustStatus(t, w, 201)
	var created struct {
		ImportID int64 `json:"import_id"`
	}
	_ = json.Unmarshal(w.Body.Bytes(), &created)
	// The same body again while pending: the same import.
	resetCeilings(s)
	w2 := call(t, s, "POST", "/api/offers", body)
	mustStatus(t, w2, 201)
	if w2.Body.String() != w.Body.String() {
		t.Fatalf("duplicate import: %s vs %s", w2.Body, w.Body)
	}
	if got := offersBySKU(t, s)[o.ShopSKU]; got.Quantity != o.Quantity {
		t.Fatal("applied before the import completed")
	}
	clk.Advance(importRunning)
	got := offersBySKU(t, s)[o.ShopSKU]
	if got.Quantity != 0 || got.Active || got.Description != "new" || got.LeadtimeToShip != 2 || got.OfferID != o.OfferID || got.ProductTitle != o.ProductTitle {
		t.Fatalf("after a partial OF24: %+v", got)
	}
	resetCeilings(s)
	w = call(t, s, "GET", "/api/offers/imports/"+jsonNumber(created.ImportID), nil)
	mustStatus(t, w, 200)
	imp, err := mirakl.DecodeOfferImport(w.Body.Bytes())
	if err != nil || imp.Status != mirakl.ImportComplete || imp.OfferUpdated != 1 {
		t.Fatalf("OF02 %+v %v", imp, err)
	}
	// Missing required fields fail the line; delete removes the offer.
	resetCeilings(s)
	mustStatus(t, call(t, s, "POST", "/api/offers", `{"offers":[{"shop_sku":"X"},{"shop_sku":"`+o.ShopSKU+`","product_id":"P","product_id_type":"SKU","price":1,"state_code":"11","update_delete":"delete"}]}`), 201)
	clk.Advance(importRunning)
	if _, ok := offersBySKU(t, s)[o.ShopSKU]; ok {
		t.Fatal("delete did not remove the offer")
	}
	resetCeilings(s)
	mustStatus(t, call(t, s, "POST", "/api/offers", `{"offers":[]}`), 400)
}

func jsonNumber(n int64) string { b, _ := json.Marshal(n); return string(b) }

// An offer loaded out of stock must not keep its old inactivity reason once
// restocked (the loaded raw copy is merged into what is served).
func TestRestockClearsInactivity(t *testing.T) {
	ps := GenerateProducts(8, 1)
	clk := &fakeClock{t: t0}
	s := New(Options{APIKey: key, Now: clk.Now})
	b, _ := json.Marshal(map[string]any{"offers": OffersFor(ps, nil)})
	if err := s.Load(b); err != nil {
		t.Fatal(err)
	}
	mustStatus(t, stockFile(t, s, "offer-sku;quantity\n"+ps[0].SKU+";5\n"), 201)
	clk.Advance(time.Minute)
	w := call(t, s, "GET", "/api/offers", nil)
	if strings.Contains(w.Body.String(), "inactivity_reasons") || !strings.Contains(w.Body.String(), `"active":true`) {
		t.Fatalf("restocked offer: %s", w.Body.String())
	}
}
