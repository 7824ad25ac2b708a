package mirakl_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// env is what a suite case runs against: the simulator (sim != nil) or a
// real shop.
type env struct {
	c   *mirakl.Client
	sim *miraklsim.Server
	url string
}

func (e *env) live() bool { return e.sim == nil }

// exchange is one recorded HTTP call, for the contract check.
type exchange struct {
	Method, Path      string
	Status            int
	ReqType, RespType string
	ReqBody, RespBody []byte
}

// recorder is an http.RoundTripper that keeps every exchange.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	log  []exchange
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := r.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if rerr != nil {
		return resp, nil
	}
	r.mu.Lock()
	r.log = append(r.log, exchange{
		Method: req.Method, Path: req.URL.Path, Status: resp.StatusCode,
		ReqType: req.Header.Get("Content-Type"), RespType: resp.Header.Get("Content-Type"),
		ReqBody: reqBody, RespBody: body,
	})
	r.mu.Unlock()
	return resp, nil
}

func (r *recorder) exchanges() []exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]exchange(nil), r.log...)
}

const (
	testKey   = "sim-test-key-6f9d"
	testShop  = "2001"
	testScale = 100_000 // a day of ceilings becomes 0.86 s, the debit delay 0.2 ms
)

// newSimEnv starts a simulator on 127.0.0.1 loaded with scenario (built by
// defaultScenario when nil) and a client recording into rec.
func newSimEnv(t *testing.T, rec *recorder, scenario []byte) *env {
	t.Helper()
	sim := miraklsim.New(miraklsim.Options{APIKey: testKey, ShopID: testShop, TimeScale: testScale})
	if scenario == nil {
		scenario = defaultScenario(t)
	}
	if err := sim.Load(scenario); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	var rt http.RoundTripper = http.DefaultTransport
	if rec != nil {
		rec.next = rt
		rt = rec
	}
	c, err := mirakl.New(mirakl.Config{
		BaseURL: srv.URL, APIKey: testKey, ShopID: testShop, TimeScale: testScale,
		HTTPClient: &http.Client{Transport: rt, Timeout: 10 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &env{c: c, sim: sim, url: srv.URL}
}

// newLiveEnv points at a real shop when JLSYNC_MIRAKL_URL and
// JLSYNC_MIRAKL_API_KEY are set.
func newLiveEnv(t *testing.T) *env {
	t.Helper()
	u, key := os.Getenv("JLSYNC_MIRAKL_URL"), os.Getenv("JLSYNC_MIRAKL_API_KEY")
	if u == "" || key == "" {
		t.Skip("set JLSYNC_MIRAKL_URL and JLSYNC_MIRAKL_API_KEY (and optionally JLSYNC_MIRAKL_SHOP_ID) to run the suite against a real shop")
	}
	c, err := mirakl.New(mirakl.Config{BaseURL: u, APIKey: key, ShopID: os.Getenv("JLSYNC_MIRAKL_SHOP_ID")})
	if err != nil {
		t.Fatal(err)
	}
	return &env{c: c, url: u}
}

// defaultScenario: 12 offers with stock, 7 orders waiting for acceptance and
// 3 already in SHIPPING.
func defaultScenario(t *testing.T) []byte {
	t.Helper()
	products := miraklsim.GenerateProducts(7, 12)
	qty := map[string]int{}
	for i, p := range products {
		qty[p.SKU] = 5 + i
	}
	start := time.Now().UTC().Add(-2 * time.Hour)
	waiting := miraklsim.GenerateOrders(miraklsim.GenOptions{Seed: 7, Orders: 7, Start: start, Spacing: time.Minute, Products: products})
	shipping := miraklsim.GenerateOrders(miraklsim.GenOptions{Seed: 8, Orders: 3, Start: start.Add(10 * time.Minute), Spacing: time.Minute,
		Products: products, State: mirakl.StateShipping, FirstNumber: 100})
	b, err := json.Marshal(map[string]any{
		"orders": append(waiting, shipping...),
		"offers": miraklsim.OffersFor(products, qty),
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}
