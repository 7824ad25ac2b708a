// Package apitype holds the wire types of the agent's local API. The server
// (agent/localapi), the client (agent/client), the CLI and the console all use
// these, so a field added here reaches every side at once.
package apitype

import (
	"encoding/json"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Host is the fixed Host header of every local API request. The server refuses
// any other Host, and any request carrying Origin or Referer, so a browser page
// cannot reach the socket through DNS rebinding or CSRF.
const Host = "jlsync-agent.sock"

// Prefix is the path prefix of every route.
const Prefix = "/v1/"

// Flow names.
const (
	FlowOrders     = "orders"
	FlowInventory  = "inventory"
	FlowFulfilment = "fulfilment"
	FlowReturns    = "returns"
	FlowPayouts    = "payouts"
)

// Flow states.
const (
	FlowIdle     = "idle"     // caught up, waiting for the next poll
	FlowRunning  = "running"  // polling or working through its queue
	FlowBackoff  = "backoff"  // the last attempt failed; retrying later
	FlowDisabled = "disabled" // not configured or switched off
	FlowStopped  = "stopped"  // the agent is shutting down
)

// Health is the answer of GET /v1/health.
type Health struct {
	Version        string       `json:"version"`
	StartedAt      time.Time    `json:"started_at"`
	Now            time.Time    `json:"now"`
	DataDir        string       `json:"data_dir"`
	Marketplace    string       `json:"marketplace"` // base URL (never a key)
	ERP            string       `json:"erp"`         // base URL or account id (never a secret)
	Flows          []FlowHealth `json:"flows"`
	OpenExceptions int          `json:"open_exceptions"`
	Governance     *Governance  `json:"governance,omitempty"`
}

// Governance reports the NetSuite concurrency limiter.
type Governance struct {
	Limit     int   `json:"limit"`
	InFlight  int   `json:"in_flight"`
	Waited    int64 `json:"waited"`
	Throttled int64 `json:"throttled"`
}

// FlowHealth is one sync loop's state and counters.
type FlowHealth struct {
	Name          string     `json:"name"`
	State         string     `json:"state"`
	LastRunAt     *time.Time `json:"last_run_at,omitempty"`
	LastSuccessAt *time.Time `json:"last_success_at,omitempty"`
	NextRunAt     *time.Time `json:"next_run_at,omitempty"`
	LastError     string     `json:"last_error,omitempty"`
	Seen          int64      `json:"seen"`       // records read from the source
	Done          int64      `json:"done"`       // records written to the target
	Pending       int64      `json:"pending"`    // work items waiting or retrying
	Failed        int64      `json:"failed"`     // attempts that failed (retried or not)
	Exceptions    int64      `json:"exceptions"` // open exceptions owned by this flow
	Cursor        string     `json:"cursor,omitempty"`
	Lag           string     `json:"lag,omitempty"` // age of the oldest pending item
	// LastCompleteAt is when the flow last left its target fully up to date
	// (inventory: the last push after which no SKU differed).
	LastCompleteAt *time.Time `json:"last_complete_at,omitempty"`
}

// Exception statuses.
const (
	ExceptionOpen     = "open"
	ExceptionResolved = "resolved"
	ExceptionIgnored  = "ignored"
)

// Exception types (the reason family; the exact reason is in Reason).
const (
	ExcUnmappedSKU        = "unmapped_sku"
	ExcInactiveItem       = "inactive_item"
	ExcBadAddress         = "bad_address"
	ExcWrongCurrency      = "wrong_currency"
	ExcBadQuantity        = "bad_quantity"
	ExcOrderTotalMismatch = "order_total_mismatch"
	ExcNetSuiteRejected   = "netsuite_rejected"
	ExcMarketplaceError   = "marketplace_rejected"
	ExcRetriesExhausted   = "retries_exhausted"
	ExcBadPayload         = "bad_payload"
	ExcInsufficientStock  = "insufficient_stock"
	ExcStockRejected      = "stock_line_rejected"
	ExcUnknownSalesOrder  = "unknown_sales_order"
	ExcOverRefund         = "refund_exceeds_paid"
	ExcUnmappedFeeType    = "unmapped_fee_type"
	ExcPayoutTieOut       = "payout_does_not_tie_out"
	ExcCommissionChanged  = "commission_changed"
	ExcPayoutOrder        = "payout_order_not_in_netsuite"
	// The marketplace cancelled units NetSuite had already fulfilled.
	ExcCancelledAfterFulfilment = "cancelled_after_fulfilment"
	// The delivery address changed after NetSuite fulfilled part of the order.
	ExcAddressAfterFulfilment = "address_changed_after_fulfilment"
)

// Exception is one record that cannot flow, with why and how to fix it.
type Exception struct {
	ID        string            `json:"id"`
	Type      string            `json:"type"`
	Flow      string            `json:"flow"`
	Severity  string            `json:"severity"` // error | warning
	Owner     string            `json:"owner"`    // team that fixes it (config)
	Status    string            `json:"status"`
	Subject   string            `json:"subject"` // e.g. "order 1234-A"
	Reason    string            `json:"reason"`  // exact, human readable
	Field     string            `json:"field,omitempty"`
	Fix       string            `json:"fix,omitempty"` // how to fix it
	Blocks    []string          `json:"blocks,omitempty"`
	Details   map[string]string `json:"details,omitempty"`
	Payload   json.RawMessage   `json:"payload,omitempty"`
	Attempts  int               `json:"attempts,omitempty"`
	CreatedAt time.Time         `json:"created_at"`
	UpdatedAt time.Time         `json:"updated_at"`
	ClosedBy  string            `json:"closed_by,omitempty"`
	Note      string            `json:"note,omitempty"`
}

// ExceptionList is GET /v1/exceptions.
type ExceptionList struct {
	Items []Exception `json:"items"`
	Total int         `json:"total"`
}

// ExceptionAction is the body of POST /v1/exceptions/{id}/{retry|resolve|ignore}.
type ExceptionAction struct {
	Note string `json:"note,omitempty"`
}

// TimelineEvent is one step in an order's history.
type TimelineEvent struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"` // seen, accepted, waiting, exception, sales_order, fulfilled, refunded, paid_out ...
	Detail string    `json:"detail,omitempty"`
}

// OrderLine is a line of an order as the console shows it.
type OrderLine struct {
	LineID   string       `json:"line_id"`
	OfferSKU string       `json:"offer_sku"`
	ItemID   string       `json:"item_id,omitempty"`
	Title    string       `json:"title,omitempty"`
	Quantity int          `json:"quantity"`
	Price    money.Amount `json:"price"`
	Shipping money.Amount `json:"shipping"`
	State    string       `json:"state"`
}

// Order is GET /v1/orders/{id}: the marketplace order, what jlsync did with it
// and its timeline.
type Order struct {
	OrderID         string          `json:"order_id"`
	CommercialID    string          `json:"commercial_id"`
	State           string          `json:"state"` // marketplace state
	Sync            string          `json:"sync"`  // jlsync state: waiting, pending, synced, blocked
	SalesOrderID    string          `json:"sales_order_id,omitempty"`
	SalesOrderExtID string          `json:"sales_order_external_id,omitempty"`
	CustomerName    string          `json:"customer_name,omitempty"`
	Currency        string          `json:"currency"`
	Total           money.Amount    `json:"total"`
	Shipping        money.Amount    `json:"shipping"`
	CreatedAt       time.Time       `json:"created_at"`
	UpdatedAt       time.Time       `json:"updated_at"`
	Lines           []OrderLine     `json:"lines"`
	Exceptions      []string        `json:"exceptions,omitempty"`
	Timeline        []TimelineEvent `json:"timeline"`
}

// OrderSummary is one row of GET /v1/orders and the order part of a Notify.
type OrderSummary struct {
	OrderID      string       `json:"order_id"`
	CommercialID string       `json:"commercial_id"`
	State        string       `json:"state"`
	Sync         string       `json:"sync"`
	SalesOrderID string       `json:"sales_order_id,omitempty"`
	Total        money.Amount `json:"total"`
	Currency     string       `json:"currency,omitempty"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

// OrderList is GET /v1/orders.
type OrderList struct {
	Items []OrderSummary `json:"items"`
	Total int            `json:"total"`
}

// SKUMapping maps a marketplace offer SKU to a NetSuite item.
type SKUMapping struct {
	OfferSKU  string    `json:"offer_sku"`
	ItemID    string    `json:"item_id"`
	Source    string    `json:"source"` // operator | config | rule
	UpdatedBy string    `json:"updated_by,omitempty"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AuditEntry records one operator action.
type AuditEntry struct {
	At     time.Time       `json:"at"`
	Actor  string          `json:"actor"`
	Action string          `json:"action"`
	Target string          `json:"target"`
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
}

// Notify is one message of GET /v1/events (NDJSON). Every field is optional:
// nil means "no change". The first message of a stream is a snapshot carrying
// Health; later ones carry deltas.
type Notify struct {
	Seq       uint64        `json:"seq"`
	At        time.Time     `json:"at"`
	Health    *Health       `json:"health,omitempty"`
	Flow      *FlowHealth   `json:"flow,omitempty"`
	Exception *Exception    `json:"exception,omitempty"`
	Order     *OrderSummary `json:"order,omitempty"`
	SKU       *SKUMapping   `json:"sku,omitempty"`
	Err       string        `json:"err,omitempty"` // the stream is ending: why
}

// Error is the body of every non-2xx answer.
type Error struct {
	Error string `json:"error"`
	Code  string `json:"code,omitempty"` // not_found, bad_request, forbidden, conflict, internal
}

// StockLocation is one location's figure in a StockView.
type StockLocation struct {
	Location   string    `json:"location"`
	Available  int       `json:"available"`
	OnHand     int       `json:"on_hand"`
	LastChange time.Time `json:"last_change,omitempty"`
	Counted    bool      `json:"counted"` // in inventory.locations
}

// StockView is GET /v1/stock/{sku}: a SKU's published quantity and how it
// was reached.
type StockView struct {
	SKU           string          `json:"sku"`
	ItemID        string          `json:"item_id"`
	Locations     []StockLocation `json:"locations"`
	Total         int             `json:"total"`
	BufferSource  string          `json:"buffer_source"`
	BufferUnits   int             `json:"buffer_units"`
	BufferPercent string          `json:"buffer_percent"`
	BufferHeld    int             `json:"buffer_held"`
	Pending       int             `json:"pending"`
	PendingOrders []string        `json:"pending_orders,omitempty"`
	Floor         int             `json:"floor"`
	FloorApplied  bool            `json:"floor_applied"`
	Available     int             `json:"available"` // what jlsync publishes
	ComputedAt    time.Time       `json:"computed_at"`
	Pushed        int             `json:"pushed"` // -1 = not yet pushed
	PushedAt      *time.Time      `json:"pushed_at,omitempty"`
	PushedImport  string          `json:"pushed_import,omitempty"`
	Rejected      string          `json:"rejected,omitempty"`
	InSync        bool            `json:"in_sync"`
}

// Payout statuses: what jlsync has done with a billing cycle's payout.
const (
	PayoutPreview = "preview" // journal built and balanced; waiting to be posted
	PayoutBlocked = "blocked" // exceptions stop posting (unknown fee type, drift, no tie-out)
	PayoutPosted  = "posted"  // the Journal Entry is in NetSuite
)

// JournalLine is one line of a payout's Journal Entry.
type JournalLine struct {
	Account string       `json:"account"`         // NetSuite account id
	Debit   money.Amount `json:"debit,omitempty"` // one of Debit and Credit is zero
	Credit  money.Amount `json:"credit,omitempty"`
	Memo    string       `json:"memo"`
	Type    string       `json:"type,omitempty"` // the marketplace transaction type it sums
}

// PayoutTotal sums one marketplace transaction type in a payout.
type PayoutTotal struct {
	Type   string       `json:"type"`
	Count  int          `json:"count"`
	Amount money.Amount `json:"amount"` // credited to the seller (+) or debited (-)
}

// Payout is one billing cycle's payout and its Journal Entry: a preview until
// it is posted. GET /v1/payouts lists them, GET /v1/payouts/{id} returns
// one, POST /v1/payouts/{id}/post posts it.
type Payout struct {
	ID           string        `json:"id"` // billing cycle id
	Date         time.Time     `json:"date"`
	Currency     string        `json:"currency"`
	PayoutState  string        `json:"payout_state"`         // marketplace: TO_PAY, PAID, FAILED
	Reference    string        `json:"reference,omitempty"`  // bank reference when PAID
	Transferred  money.Amount  `json:"transferred"`          // amount_transferred_to_seller
	Status       string        `json:"status"`               // preview, blocked, posted
	Totals       []PayoutTotal `json:"totals"`               // per transaction type
	Journal      []JournalLine `json:"journal"`              // the entry as it will be (or was) posted
	TotalDebit   money.Amount  `json:"total_debit"`          // equals TotalCredit, or the payout is blocked
	TotalCredit  money.Amount  `json:"total_credit"`         //
	Orders       int           `json:"orders"`               // orders the payout covers
	Exceptions   []string      `json:"exceptions,omitempty"` // open exceptions blocking it
	JournalID    string        `json:"journal_id,omitempty"` // NetSuite id once posted
	JournalExtID string        `json:"journal_external_id"`  // JL-PAY-<id>
	PostedAt     *time.Time    `json:"posted_at,omitempty"`  //
	PostedBy     string        `json:"posted_by,omitempty"`  //
	UpdatedAt    time.Time     `json:"updated_at"`           //
}
