package mirakl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// scripted answers each request with the next status of a script.
type scripted struct {
	mu      sync.Mutex
	answers []func(w http.ResponseWriter)
	reqs    []*http.Request
}

func (s *scripted) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Clone(context.Background()))
	var a func(http.ResponseWriter)
	if len(s.answers) > 0 {
		a, s.answers = s.answers[0], s.answers[1:]
	}
	s.mu.Unlock()
	if a == nil {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	a(w)
}

func status(code int, body string, headers ...string) func(http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(code)
		_, _ = w.Write([]byte(body))
	}
}

// testClient returns a client on a scripted server whose sleeps are
// recorded instead of slept.
func testClient(t *testing.T, s *scripted, mod func(*Config)) (*Client, *[]time.Duration) {
	t.Helper()
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	cfg := Config{BaseURL: srv.URL + "/api/", APIKey: "secret-key-123", ShopID: "2001", MaxRetries: 3}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var slept []time.Duration
	c.sleep = func(_ <-chan struct{}, d time.Duration) bool { slept = append(slept, d); return true }
	return c, &slept
}

func TestRequestShape(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(204, "")}}
	c, _ := testClient(t, s, nil)
	if err := c.ShipOrder(context.Background(), "JL-1/A"); err != nil {
		t.Fatal(err)
	}
	r := s.reqs[0]
	if got := r.Header.Get("Authorization"); got != "secret-key-123" {
		t.Errorf("Authorization %q: want the raw key, no Bearer", got)
	}
	if ua := r.Header.Get("User-Agent"); !strings.HasPrefix(ua, "jlsync/") {
		t.Errorf("User-Agent %q", ua)
	}
	if r.Method != http.MethodPut || r.URL.EscapedPath() != "/api/orders/JL-1%2FA/ship" || r.URL.Query().Get("shop_id") != "2001" {
		t.Errorf("request %s %s?%s", r.Method, r.URL.EscapedPath(), r.URL.RawQuery)
	}
}

func TestRetryPolicy(t *testing.T) {
	tests := []struct {
		name     string
		answers  []func(http.ResponseWriter)
		call     func(*Client) error
		calls    int
		wantErr  bool
		retry    bool // IsRetryable on the final error
		unknown  bool // IsOutcomeUnknown
		minSleep time.Duration
	}{
		{"read retried after 500", []func(http.ResponseWriter){status(500, `{"message":"boom"}`), status(200, `{"reasons":[]}`)},
			func(c *Client) error { _, err := c.ListReasons(context.Background()); return err }, 2, false, false, false, 0},
		{"429 honours Retry-After", []func(http.ResponseWriter){status(429, "", "Retry-After", "7"), status(200, `{"reasons":[]}`)},
			func(c *Client) error { _, err := c.ListReasons(context.Background()); return err }, 2, false, false, false, 7 * time.Second},
		{"400 not retried", []func(http.ResponseWriter){status(400, `{"status":400,"message":"The order status must be 'SHIPPING'","code":"ORDER_INVALID_STATE"}`)},
			func(c *Client) error { return c.ShipOrder(context.Background(), "A") }, 1, true, false, false, 0},
		{"refund not retried after 500", []func(http.ResponseWriter){status(500, "oops")},
			func(c *Client) error {
				_, err := c.Refund(context.Background(), []RefundRequest{{OrderLineID: "L", Amount: 1, ReasonCode: "15"}})
				return err
			}, 1, true, false, true, 0},
		{"refund retried after 503", []func(http.ResponseWriter){status(503, ""), status(200, `{"refunds":[]}`)},
			func(c *Client) error {
				_, err := c.Refund(context.Background(), []RefundRequest{{OrderLineID: "L", Amount: 1, ReasonCode: "15"}})
				return err
			}, 2, false, false, false, 0},
		{"gives up after MaxRetries", []func(http.ResponseWriter){status(502, ""), status(502, ""), status(502, ""), status(502, ""), status(502, "")},
			func(c *Client) error { _, err := c.ListReasons(context.Background()); return err }, 4, true, true, false, 0},
		{"Retry-After beyond MaxWait returned", []func(http.ResponseWriter){status(429, "", "Retry-After", "3600")},
			func(c *Client) error { _, err := c.ListReasons(context.Background()); return err }, 1, true, true, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &scripted{answers: tt.answers}
			c, slept := testClient(t, s, nil)
			err := tt.call(c)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if len(s.reqs) != tt.calls {
				t.Fatalf("%d calls, want %d", len(s.reqs), tt.calls)
			}
			if err != nil && (IsRetryable(err) != tt.retry || IsOutcomeUnknown(err) != tt.unknown) {
				t.Fatalf("retryable=%v unknown=%v for %v", IsRetryable(err), IsOutcomeUnknown(err), err)
			}
			if tt.minSleep > 0 && (len(*slept) == 0 || (*slept)[0] < tt.minSleep) {
				t.Fatalf("slept %v, want at least %v", *slept, tt.minSleep)
			}
		})
	}
}

func TestErrorCarriesMiraklDetails(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(400, `{"status":400,"message":"Order line X not found","code":"ORDER_LINE_NOT_FOUND"}`)}}
	c, _ := testClient(t, s, nil)
	err := c.AcceptOrder(context.Background(), "A", []LineAcceptance{{ID: "X", Accepted: true}})
	var me *Error
	if !errors.As(err, &me) || me.Op != OpOR21 || me.Status != 400 || me.Code != "ORDER_LINE_NOT_FOUND" || me.Message != "Order line X not found" {
		t.Fatalf("%#v", err)
	}
	if strings.Contains(err.Error(), "secret-key-123") {
		t.Fatal("key in error")
	}
}

func TestCeilingWaits(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){status(200, `{"orders":[],"total_count":0}`), status(200, `{"orders":[],"total_count":0}`)}}
	now := time.Date(2025, 11, 3, 9, 0, 0, 0, time.UTC)
	c, slept := testClient(t, s, func(cfg *Config) { cfg.TimeScale = 60; cfg.Now = func() time.Time { return now } })
	c.sleep = func(_ <-chan struct{}, d time.Duration) bool {
		*slept = append(*slept, d)
		now = now.Add(d)
		return true
	}
	for i := 0; i < 2; i++ {
		if _, err := c.ListOrders(context.Background(), OrdersQuery{}); err != nil {
			t.Fatal(err)
		}
	}
	// OR11 is once a minute; at time scale 60 that is one second.
	if len(*slept) != 1 || (*slept)[0] != time.Second {
		t.Fatalf("slept %v, want [1s]", *slept)
	}
	// A daily ceiling far beyond MaxWait fails fast instead of blocking.
	c2, _ := testClient(t, &scripted{answers: []func(http.ResponseWriter){status(200, `{"shop_id":1}`)}}, nil)
	if _, err := c2.Account(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, err := c2.Account(context.Background())
	var me *Error
	if !errors.As(err, &me) || !me.Throttled || me.RetryAfter < 23*time.Hour || !IsRetryable(err) {
		t.Fatalf("second A01 in a day: %v", err)
	}
}

func TestOffsetPagingFollowsLinks(t *testing.T) {
	var srvURL string
	s := &scripted{}
	s.answers = []func(http.ResponseWriter){
		func(w http.ResponseWriter) {
			w.Header().Set("Link", "<"+srvURL+`/api/orders?max=1&offset=1>; rel="next"`)
			status(200, `{"orders":[{"order_id":"A"}],"total_count":3}`)(w)
		},
		// A link to another host must be ignored: the offset continues instead.
		func(w http.ResponseWriter) {
			w.Header().Set("Link", `<https://evil.example/api/orders?offset=2>; rel="next"`)
			status(200, `{"orders":[{"order_id":"B"}],"total_count":3}`)(w)
		},
		status(200, `{"orders":[{"order_id":"C"},{"order_id":"A","last_updated_date":"2030-01-01T00:00:00Z"}],"total_count":3}`),
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	srvURL = srv.URL
	c, err := New(Config{BaseURL: srv.URL, APIKey: "k"})
	if err != nil {
		t.Fatal(err)
	}
	orders, err := c.ListOrders(context.Background(), OrdersQuery{PageSize: 1, UpdatedSince: time.Date(2025, 11, 3, 10, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if len(orders) != 3 || orders[0].LastUpdatedDate.Year() != 2030 {
		t.Fatalf("orders %+v", orders)
	}
	if got := s.reqs[0].URL.Query().Get("start_update_date"); got != "2025-11-03T09:58:00Z" {
		t.Errorf("start_update_date %q: want the cursor minus the client overlap", got)
	}
	if s.reqs[2].URL.Query().Get("offset") != "2" || s.reqs[2].Host != s.reqs[0].Host {
		t.Errorf("third page %s", s.reqs[2].URL)
	}
}

func TestSeekPagingSendsOnlyToken(t *testing.T) {
	s := &scripted{answers: []func(http.ResponseWriter){
		status(200, `{"data":[{"id":"1","type":"PAYMENT","amount":0,"date_created":"2025-01-01T00:00:00Z","last_updated":"2025-01-01T00:00:00Z"}],"next_page_token":"tok"}`),
		status(200, `{"data":[{"id":"2","type":"PAYMENT","amount":0,"date_created":"2025-01-01T00:00:00Z","last_updated":"2025-01-01T00:00:00Z"}]}`),
	}}
	c, _ := testClient(t, s, nil)
	ls, err := c.ListTransactionLines(context.Background(), TransactionsQuery{Types: []string{"PAYMENT"}, Limit: 1})
	if err != nil || len(ls) != 2 {
		t.Fatalf("%v %v", ls, err)
	}
	q := s.reqs[1].URL.Query()
	if q.Get("page_token") != "tok" || q.Get("transaction_type") != "" || q.Get("limit") != "1" {
		t.Fatalf("second page query %v", q)
	}
}

func TestNewValidates(t *testing.T) {
	tests := []struct {
		cfg Config
		err string
	}{
		{Config{APIKey: "k"}, "BaseURL is required"},
		{Config{BaseURL: "jl.mirakl.net", APIKey: "k"}, "absolute URL"},
		{Config{BaseURL: "http://jl.mirakl.net", APIKey: "k"}, "plain http"},
		{Config{BaseURL: "ftp://jl.mirakl.net", APIKey: "k"}, "http(s)"},
		{Config{BaseURL: "https://jl.mirakl.net"}, "APIKey is required"},
		{Config{BaseURL: "https://jl.mirakl.net", APIKey: "k", ShopID: "shop"}, "not a number"},
		{Config{BaseURL: "https://u:p@jl.mirakl.net", APIKey: "k"}, "credentials"},
		{Config{BaseURL: "https://jl.mirakl.net/api", APIKey: "k"}, ""},
		{Config{BaseURL: "http://127.0.0.1:8080", APIKey: "k"}, ""},
		{Config{BaseURL: "http://sim:8080", APIKey: "k", AllowInsecureHTTP: true}, ""},
	}
	for _, tt := range tests {
		c, err := New(tt.cfg)
		if tt.err == "" {
			if err != nil {
				t.Errorf("%+v: %v", tt.cfg, err)
			} else if strings.HasSuffix(c.BaseURL(), "/api") {
				t.Errorf("base %s keeps /api", c.BaseURL())
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%+v: err %v, want %q", tt.cfg, err, tt.err)
		}
		if err != nil && strings.Contains(err.Error(), "u:p") {
			t.Errorf("credentials echoed: %v", err)
		}
	}
}

func TestParseErrorBody(t *testing.T) {
	tests := []struct{ body, msg, code string }{
		{`{"status":400,"message":"Bad","code":"ORDER_INVALID_STATE"}`, "Bad", "ORDER_INVALID_STATE"},
		{`{"errors":[{"code":"E1","message":"m1","field":"f"},{"message":"m2"}]}`, "f: m1; m2", "E1"},
		{`{"error":"nope","error_code":"X"}`, "nope", "X"},
		{`{"detail":"d","title":"t"}`, "d", ""},
		{`{"code":12}`, "", "12"},
		{"<html>Bad Gateway</html>", "<html>Bad Gateway</html>", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		msg, code := parseErrorBody([]byte(tt.body))
		if msg != tt.msg || code != tt.code {
			t.Errorf("%s: %q %q", tt.body, msg, code)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2015, 10, 21, 7, 28, 0, 0, time.UTC)
	tests := []struct {
		v  string
		d  time.Duration
		ok bool
	}{
		{"120", 2 * time.Minute, true},
		{"0.250", 250 * time.Millisecond, true},
		{"Wed, 21 Oct 2015 07:29:00 GMT", time.Minute, true},
		{"", 0, false},
		{"-3", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		d, ok := parseRetryAfter(tt.v, now)
		if d != tt.d || ok != tt.ok {
			t.Errorf("%q: %v %v", tt.v, d, ok)
		}
	}
}

func TestLinkNext(t *testing.T) {
	tests := []struct{ h, want string }{
		{`<https://x/api/orders?offset=10>; rel="next", <https://x/api/orders?offset=0>; rel="prev"`, "https://x/api/orders?offset=10"},
		{`<https://x/p>; rel="prev", <https://x/n>; rel="next"`, "https://x/n"},
		{`<https://x/n>; title="a, b"; rel=next`, "https://x/n"},
		{`<https://x/p>; rel="prev"`, ""},
		{`garbage`, ""},
	}
	for _, tt := range tests {
		if got := linkNext(tt.h); got != tt.want {
			t.Errorf("%s: %q", tt.h, got)
		}
	}
}

func TestWindowLimiter(t *testing.T) {
	l := NewWindowLimiter([]Window{{20, time.Minute}, {60, time.Hour}})
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 20; i++ {
		if w := l.Reserve(t0); w != 0 {
			t.Fatalf("call %d waited %v", i, w)
		}
	}
	if w := l.Reserve(t0.Add(time.Second)); w != 59*time.Second {
		t.Fatalf("21st call in a minute: wait %v", w)
	}
	now := t0
	for i := 20; i < 60; i++ {
		for l.Reserve(now) != 0 {
			now = now.Add(time.Second)
		}
	}
	if w := l.Reserve(now.Add(time.Minute)); w <= 0 || w > time.Hour {
		t.Fatalf("61st call in an hour: wait %v", w)
	}
}
