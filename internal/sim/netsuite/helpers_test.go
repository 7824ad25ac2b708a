package netsuitesim

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// open returns a simulator that accepts unauthenticated calls, for tests
// about records and queries rather than logins.
func open(t testing.TB) *Server {
	t.Helper()
	return New(Options{AccountID: "123456", Insecure: true})
}

type resp struct {
	*httptest.ResponseRecorder
	t testing.TB
}

func call(t testing.TB, h http.Handler, method, path string, body any, hdr ...string) resp {
	t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		j, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(j)
	}
	req := httptest.NewRequest(method, "http://ns.test"+path, rd)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return resp{w, t}
}

func (r resp) status(want int) resp {
	r.t.Helper()
	if r.Code != want {
		r.t.Fatalf("status %d, want %d; body %s", r.Code, want, r.Body.String())
	}
	return r
}

func (r resp) json() map[string]any {
	r.t.Helper()
	d := json.NewDecoder(bytes.NewReader(r.Body.Bytes()))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		r.t.Fatalf("body is not a JSON object: %v: %s", err, r.Body.String())
	}
	return m
}

// location is the id from the Location header.
func (r resp) location() string {
	r.t.Helper()
	loc := r.Header().Get("Location")
	if loc == "" {
		r.t.Fatalf("no Location header (status %d, body %s)", r.Code, r.Body.String())
	}
	return loc[strings.LastIndex(loc, "/")+1:]
}

// nsError asserts a NetSuite error body and returns its first detail.
func (r resp) nsError(status int, code string) map[string]any {
	r.t.Helper()
	r.status(status)
	m := r.json()
	details, _ := m["o:errorDetails"].([]any)
	if len(details) == 0 || m["type"] == nil || m["title"] == nil {
		r.t.Fatalf("not a NetSuite error body: %s", r.Body.String())
	}
	d := details[0].(map[string]any)
	if d["o:errorCode"] != code {
		r.t.Fatalf("error code %v, want %s: %s", d["o:errorCode"], code, r.Body.String())
	}
	return d
}

const rec1 = "/services/rest/record/v1/"

// fixture loads a small account: a location, two items with stock, a
// customer and two accounts.
func fixture(t testing.TB, s *Server) {
	t.Helper()
	err := s.Load([]byte(`{"records":{
	  "location":[{"id":"1","name":"Main"}],
	  "inventoryItem":[{"id":"10","itemId":"SKU-RED","upcCode":"500"},{"id":"11","itemId":"SKU-BLUE"}],
	  "customer":[{"id":"20","companyName":"JL Customers","externalId":"JL-CUST"}],
	  "account":[{"id":"30","acctName":"Clearing","acctNumber":"1200"},{"id":"31","acctName":"Sales","acctNumber":"4000"}]},
	 "inventory":[{"item":"10","location":"1","quantityAvailable":10,"quantityOnHand":10},{"item":"11","location":"1","quantityAvailable":3,"quantityOnHand":3}]}`))
	if err != nil {
		t.Fatal(err)
	}
}

func num(v any) string {
	if n, ok := v.(json.Number); ok {
		return n.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}
