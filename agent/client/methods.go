package client

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"github.com/jlsync/jlsync/agent/apitype"
)

// Health returns the agent's overall state (GET /v1/health).
func (c *Client) Health(ctx context.Context) (apitype.Health, error) {
	var h apitype.Health
	err := c.do(ctx, http.MethodGet, "health", nil, nil, &h)
	return h, err
}

// Flows returns every sync loop's health (GET /v1/flows).
func (c *Client) Flows(ctx context.Context) ([]apitype.FlowHealth, error) {
	var fs []apitype.FlowHealth
	err := c.do(ctx, http.MethodGet, "flows", nil, nil, &fs)
	return fs, err
}

// SyncFlow asks a flow to run now instead of waiting for its next poll
// (POST /v1/flows/{name}/sync). The agent accepts and returns at once.
func (c *Client) SyncFlow(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodPost, "flows/"+url.PathEscape(name)+"/sync", nil, nil, nil)
}

// ExceptionQuery filters GET /v1/exceptions. Empty fields are not sent, so
// the agent's defaults apply (open exceptions, its own page size).
type ExceptionQuery struct {
	Status string // open, resolved, ignored or all
	Type   string // an apitype.Exc* constant
	Flow   string // an apitype.Flow* constant
	Q      string // free text over subject, reason and details
	Limit  int
}

func (q ExceptionQuery) values() url.Values {
	v := url.Values{}
	set(v, "status", q.Status)
	set(v, "type", q.Type)
	set(v, "flow", q.Flow)
	set(v, "q", q.Q)
	setLimit(v, q.Limit)
	return v
}

// Exceptions lists exceptions (GET /v1/exceptions).
func (c *Client) Exceptions(ctx context.Context, q ExceptionQuery) (apitype.ExceptionList, error) {
	var l apitype.ExceptionList
	err := c.do(ctx, http.MethodGet, "exceptions", q.values(), nil, &l)
	return l, err
}

// Exception returns one exception (GET /v1/exceptions/{id}).
func (c *Client) Exception(ctx context.Context, id string) (apitype.Exception, error) {
	var e apitype.Exception
	err := c.do(ctx, http.MethodGet, "exceptions/"+url.PathEscape(id), nil, nil, &e)
	return e, err
}

// RetryException puts the exception's record back in its flow's queue.
func (c *Client) RetryException(ctx context.Context, id, note string) (apitype.Exception, error) {
	return c.exceptionAction(ctx, id, "retry", note)
}

// ResolveException closes the exception as fixed outside jlsync.
func (c *Client) ResolveException(ctx context.Context, id, note string) (apitype.Exception, error) {
	return c.exceptionAction(ctx, id, "resolve", note)
}

// IgnoreException closes the exception as not worth fixing.
func (c *Client) IgnoreException(ctx context.Context, id, note string) (apitype.Exception, error) {
	return c.exceptionAction(ctx, id, "ignore", note)
}

func (c *Client) exceptionAction(ctx context.Context, id, action, note string) (apitype.Exception, error) {
	var e apitype.Exception
	err := c.do(ctx, http.MethodPost, "exceptions/"+url.PathEscape(id)+"/"+action, nil,
		apitype.ExceptionAction{Note: note}, &e)
	return e, err
}

// Orders searches orders by marketplace order id, commercial id or NetSuite
// sales order id (GET /v1/orders). An empty q lists the most recent.
func (c *Client) Orders(ctx context.Context, q string, limit int) (apitype.OrderList, error) {
	v := url.Values{}
	set(v, "q", q)
	setLimit(v, limit)
	var l apitype.OrderList
	err := c.do(ctx, http.MethodGet, "orders", v, nil, &l)
	return l, err
}

// Order returns one order with its lines and timeline (GET /v1/orders/{id});
// id may be the marketplace order id, the commercial id or the SO id.
func (c *Client) Order(ctx context.Context, id string) (apitype.Order, error) {
	var o apitype.Order
	err := c.do(ctx, http.MethodGet, "orders/"+url.PathEscape(id), nil, nil, &o)
	return o, err
}

// SKUMap lists SKU mappings whose SKU or item id matches q (GET /v1/skumap).
func (c *Client) SKUMap(ctx context.Context, q string, limit int) ([]apitype.SKUMapping, error) {
	v := url.Values{}
	set(v, "q", q)
	setLimit(v, limit)
	var ms []apitype.SKUMapping
	err := c.do(ctx, http.MethodGet, "skumap", v, nil, &ms)
	return ms, err
}

// GetSKU returns the mapping of one offer SKU (GET /v1/skumap/{sku}).
func (c *Client) GetSKU(ctx context.Context, sku string) (apitype.SKUMapping, error) {
	var m apitype.SKUMapping
	err := c.do(ctx, http.MethodGet, skuPath(sku), nil, nil, &m)
	return m, err
}

// PutSKU creates or replaces the mapping of an offer SKU to a NetSuite item
// (PUT /v1/skumap/{sku}).
func (c *Client) PutSKU(ctx context.Context, sku, itemID string) (apitype.SKUMapping, error) {
	body := struct {
		ItemID string `json:"item_id"`
	}{itemID}
	var m apitype.SKUMapping
	err := c.do(ctx, http.MethodPut, skuPath(sku), nil, body, &m)
	return m, err
}

// DeleteSKU removes a mapping and returns what was removed, if the agent says
// (DELETE /v1/skumap/{sku}).
func (c *Client) DeleteSKU(ctx context.Context, sku string) (apitype.SKUMapping, error) {
	var m apitype.SKUMapping
	err := c.do(ctx, http.MethodDelete, skuPath(sku), nil, nil, &m)
	return m, err
}

// Audit returns the most recent operator actions (GET /v1/audit).
func (c *Client) Audit(ctx context.Context, limit int) ([]apitype.AuditEntry, error) {
	v := url.Values{}
	setLimit(v, limit)
	var es []apitype.AuditEntry
	err := c.do(ctx, http.MethodGet, "audit", v, nil, &es)
	return es, err
}

// skuPath escapes the SKU as one path segment: seller SKUs may contain "/",
// spaces or "%", and each must reach the server as part of the SKU.
func skuPath(sku string) string { return "skumap/" + url.PathEscape(sku) }

func set(v url.Values, k, s string) {
	if s != "" {
		v.Set(k, s)
	}
}

func setLimit(v url.Values, n int) {
	if n > 0 {
		v.Set("limit", strconv.Itoa(n))
	}
}

// Stock explains one SKU's published quantity (GET /v1/stock/{sku}).
func (c *Client) Stock(ctx context.Context, sku string) (apitype.StockView, error) {
	var v apitype.StockView
	err := c.do(ctx, http.MethodGet, "stock/"+url.PathEscape(sku), nil, nil, &v)
	return v, err
}

// StockResync asks the agent to publish every SKU once (POST /v1/stock/resync)
// and returns how many SKUs that covers.
func (c *Client) StockResync(ctx context.Context) (int, error) {
	var out struct {
		SKUs int `json:"skus"`
	}
	err := c.do(ctx, http.MethodPost, "stock/resync", nil, nil, &out)
	return out.SKUs, err
}
