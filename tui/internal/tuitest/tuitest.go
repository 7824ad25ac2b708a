// Package tuitest holds what the console's tests share: a fake agent that
// satisfies common.API, a fixed clock, a ready Common, pages set up on the
// sample agent, key presses and golden files.
// Nothing outside tests imports it.
package tuitest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/keys"
	"github.com/jlsync/jlsync/tui/styles"
)

// Now is the tests' fixed clock.
var Now = time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC)

// Clock returns Now.
func Clock() time.Time { return Now }

// Ago returns a pointer to Now minus d.
func Ago(d time.Duration) *time.Time {
	t := Now.Add(-d)
	return &t
}

// Golden compares got with testdata/<test name>.golden; run the tests with
// -update to rewrite the files.
func Golden(t *testing.T, got string) {
	t.Helper()
	golden.RequireEqual(t, []byte(got))
}

// Common returns a page context around api with the fixed clock.
func Common(t *testing.T, api common.API) *common.Common {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	return &common.Common{Ctx: ctx, API: api, Styles: styles.Default(), Keys: keys.Default(), Now: Clock}
}

// API is a fake agent. Its fields are what it answers; Calls records every
// write request as "Method arg arg".
type API struct {
	mu sync.Mutex

	Snapshot   apitype.Health
	Excs       []apitype.Exception
	OrderRows  []apitype.OrderSummary
	OrderByID  map[string]apitype.Order
	Mappings   []apitype.SKUMapping
	PayoutList []apitype.Payout // newest first, as the agent lists them
	WatchErr   error            // Watch fails with this when set
	ActionErr  error            // retry/resolve/ignore fail with this when set
	PostErr    error            // PostPayout fails with this when set
	calls      []string
	stream     *io.PipeWriter
	streamOpen chan struct{}
}

var _ common.API = (*API)(nil)

func (a *API) record(format string, args ...any) {
	a.mu.Lock()
	a.calls = append(a.calls, fmt.Sprintf(format, args...))
	a.mu.Unlock()
}

// Calls returns the recorded write requests.
func (a *API) Calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.calls...)
}

// Locked runs fn with the fake's lock held, for changing its answers while
// the console runs.
func (a *API) Locked(fn func()) {
	a.mu.Lock()
	defer a.mu.Unlock()
	fn()
}

// SetWatchErr changes what Watch does from now on.
func (a *API) SetWatchErr(err error) {
	a.mu.Lock()
	a.WatchErr = err
	a.mu.Unlock()
}

// Watch opens a stream whose first message is the snapshot; Push sends more.
func (a *API) Watch(ctx context.Context) (*client.Watcher, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.WatchErr != nil {
		return nil, a.WatchErr
	}
	pr, pw := io.Pipe()
	a.stream = pw
	snap := a.Snapshot
	go writeNotify(pw, apitype.Notify{Seq: 1, Health: &snap})
	return client.NewWatcher(ctx, pr), nil
}

// Push sends one message on the open stream; it returns once the console
// has read it.
func (a *API) Push(n apitype.Notify) error {
	a.mu.Lock()
	pw := a.stream
	a.mu.Unlock()
	if pw == nil {
		return fmt.Errorf("no stream open")
	}
	return writeNotify(pw, n)
}

// EndStream closes the open stream, as an agent that stops would.
func (a *API) EndStream() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.stream != nil {
		a.stream.Close()
		a.stream = nil
	}
}

func writeNotify(w io.Writer, n apitype.Notify) error {
	b, err := json.Marshal(n)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func (a *API) Health(context.Context) (apitype.Health, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.Snapshot, nil
}

func (a *API) SyncFlow(_ context.Context, name string) error {
	a.record("SyncFlow %s", name)
	return nil
}

func (a *API) Exceptions(_ context.Context, q client.ExceptionQuery) (apitype.ExceptionList, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []apitype.Exception
	for _, x := range a.Excs {
		if q.Status == "" || q.Status == "all" || x.Status == q.Status {
			out = append(out, x)
		}
	}
	return apitype.ExceptionList{Items: out, Total: len(out)}, nil
}

func (a *API) Exception(_ context.Context, id string) (apitype.Exception, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, x := range a.Excs {
		if x.ID == id {
			return x, nil
		}
	}
	return apitype.Exception{}, &client.APIError{Status: 404, Code: "not_found", Message: "no exception " + id}
}

func (a *API) act(name, id, note, status string) (apitype.Exception, error) {
	a.record("%s %s %q", name, id, note)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ActionErr != nil {
		return apitype.Exception{}, a.ActionErr
	}
	for i, x := range a.Excs {
		if x.ID == id {
			x.Status, x.Note = status, note
			x.Attempts++
			a.Excs[i] = x
			return x, nil
		}
	}
	return apitype.Exception{}, &client.APIError{Status: 404, Code: "not_found", Message: "no exception " + id}
}

func (a *API) RetryException(_ context.Context, id, note string) (apitype.Exception, error) {
	return a.act("RetryException", id, note, apitype.ExceptionOpen)
}

func (a *API) ResolveException(_ context.Context, id, note string) (apitype.Exception, error) {
	return a.act("ResolveException", id, note, apitype.ExceptionResolved)
}

func (a *API) IgnoreException(_ context.Context, id, note string) (apitype.Exception, error) {
	return a.act("IgnoreException", id, note, apitype.ExceptionIgnored)
}

func (a *API) Orders(_ context.Context, q string, limit int) (apitype.OrderList, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []apitype.OrderSummary
	for _, o := range a.OrderRows {
		if q == "" || strings.Contains(o.OrderID+" "+o.CommercialID+" "+o.SalesOrderID, q) {
			out = append(out, o)
		}
	}
	return apitype.OrderList{Items: out, Total: len(out)}, nil
}

func (a *API) Order(_ context.Context, id string) (apitype.Order, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if o, ok := a.OrderByID[id]; ok {
		return o, nil
	}
	return apitype.Order{}, &client.APIError{Status: 404, Code: "not_found", Message: "no order " + id}
}

func (a *API) SKUMap(_ context.Context, q string, limit int) ([]apitype.SKUMapping, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []apitype.SKUMapping
	for _, m := range a.Mappings {
		if strings.Contains(m.OfferSKU+" "+m.ItemID, q) {
			out = append(out, m)
		}
	}
	return out, nil
}

func (a *API) PutSKU(_ context.Context, sku, itemID string) (apitype.SKUMapping, error) {
	a.record("PutSKU %s %s", sku, itemID)
	m := apitype.SKUMapping{OfferSKU: sku, ItemID: itemID, Source: "operator", UpdatedBy: "tester", UpdatedAt: Now}
	a.mu.Lock()
	defer a.mu.Unlock()
	for i := range a.Mappings {
		if a.Mappings[i].OfferSKU == sku {
			a.Mappings[i] = m
			return m, nil
		}
	}
	a.Mappings = append(a.Mappings, m)
	return m, nil
}

func (a *API) DeleteSKU(_ context.Context, sku string) (apitype.SKUMapping, error) {
	a.record("DeleteSKU %s", sku)
	a.mu.Lock()
	defer a.mu.Unlock()
	for i, m := range a.Mappings {
		if m.OfferSKU == sku {
			a.Mappings = append(a.Mappings[:i], a.Mappings[i+1:]...)
			return m, nil
		}
	}
	return apitype.SKUMapping{}, &client.APIError{Status: 404, Code: "not_found", Message: "no mapping for " + sku}
}

// Sample returns a fake agent with a realistic small state: five flows (one
// backing off), governance, two open exceptions, orders, mappings and three
// payouts (see SamplePayouts).
//
// Amounts are in minor units (pence), as apitype carries them.
func Sample() *API {
	return &API{
		Snapshot: apitype.Health{
			Version:        "0.9.0",
			StartedAt:      Now.Add(-3 * time.Hour),
			Now:            Now,
			Marketplace:    "https://johnlewis-prod.mirakl.net",
			ERP:            "1234567_SB1",
			OpenExceptions: 2,
			Governance:     &apitype.Governance{Limit: 5, InFlight: 2, Waited: 14, Throttled: 3},
			Flows: []apitype.FlowHealth{
				{Name: apitype.FlowOrders, State: apitype.FlowIdle, LastRunAt: Ago(12 * time.Second), LastSuccessAt: Ago(12 * time.Second), NextRunAt: Ago(-48 * time.Second), Seen: 1520, Done: 1498, Pending: 3, Failed: 7, Exceptions: 2, Lag: "40s"},
				{Name: apitype.FlowInventory, State: apitype.FlowRunning, LastRunAt: Ago(2 * time.Second), Seen: 48210, Done: 48200, Pending: 10},
				{Name: apitype.FlowFulfilment, State: apitype.FlowBackoff, LastRunAt: Ago(5 * time.Minute), LastSuccessAt: Ago(2 * time.Hour), Failed: 4, LastError: "NetSuite 429: concurrency limit exceeded\n(retrying)"},
				{Name: apitype.FlowReturns, State: apitype.FlowIdle, LastRunAt: Ago(3 * time.Minute), Seen: 12, Done: 12},
				{Name: apitype.FlowPayouts, State: apitype.FlowDisabled},
			},
		},
		Excs: []apitype.Exception{
			{
				ID: "x-101", Type: apitype.ExcUnmappedSKU, Flow: apitype.FlowOrders, Severity: "error", Owner: "merch",
				Status: apitype.ExceptionOpen, Subject: "order 1234-A", Reason: "offer SKU JL-RED-42 has no NetSuite item",
				Field: "order_lines[0].offer_sku", Fix: "Map the SKU to a NetSuite item on the SKU map tab, then retry.",
				Blocks: []string{"order 1234-A"}, Details: map[string]string{"sku": "JL-RED-42", "line": "1234-A-1"},
				Payload:   []byte(`{"order_id":"1234-A","offer_sku":"JL-RED-42","quantity":2}`),
				CreatedAt: Now.Add(-40 * time.Minute), UpdatedAt: Now.Add(-10 * time.Minute), Attempts: 2,
			},
			{
				ID: "x-102", Type: apitype.ExcBadAddress, Flow: apitype.FlowOrders, Severity: "error", Owner: "customer-care",
				Status: apitype.ExceptionOpen, Subject: "order 1250-B", Reason: "shipping postcode is empty",
				CreatedAt: Now.Add(-5 * time.Minute), UpdatedAt: Now.Add(-5 * time.Minute),
			},
		},
		OrderRows: []apitype.OrderSummary{
			{OrderID: "1234-A", CommercialID: "C-88001", State: "WAITING_ACCEPTANCE", Sync: "blocked", Total: 5998, UpdatedAt: Now.Add(-10 * time.Minute)},
			{OrderID: "1199-C", CommercialID: "C-87950", State: "SHIPPING", Sync: "synced", SalesOrderID: "SO-5521", Total: 120450, UpdatedAt: Now.Add(-2 * time.Hour)},
		},
		OrderByID: map[string]apitype.Order{
			"1199-C": {
				OrderID: "1199-C", CommercialID: "C-87950", State: "SHIPPING", Sync: "synced",
				SalesOrderID: "SO-5521", SalesOrderExtID: "JL-1199-C", CustomerName: "A. Customer", Currency: "GBP",
				Total: 120450, Shipping: 450,
				CreatedAt: Now.Add(-26 * time.Hour), UpdatedAt: Now.Add(-2 * time.Hour),
				Lines: []apitype.OrderLine{
					{LineID: "1199-C-1", OfferSKU: "JL-SOFA-3", ItemID: "8812", Title: "Three-seat sofa", Quantity: 1, Price: 120000, Shipping: 450, State: "SHIPPING"},
				},
				Timeline: []apitype.TimelineEvent{
					{At: Now.Add(-26 * time.Hour), Kind: "seen"},
					{At: Now.Add(-26*time.Hour + time.Minute), Kind: "accepted"},
					{At: Now.Add(-25 * time.Hour), Kind: "sales_order", Detail: "SO-5521 created"},
				},
			},
		},
		Mappings: []apitype.SKUMapping{
			{OfferSKU: "JL-SOFA-3", ItemID: "8812", Source: "operator", UpdatedBy: "sam", UpdatedAt: Now.Add(-72 * time.Hour)},
			{OfferSKU: "JL-LAMP-1", ItemID: "9001", Source: "config", UpdatedAt: Now.Add(-30 * 24 * time.Hour)},
		},
		PayoutList: SamplePayouts(),
	}
}
