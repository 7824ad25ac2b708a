package store

import "time"

// LocationStock is NetSuite's available quantity of an item at a location.
type LocationStock struct {
	Available  int       `json:"available"`
	OnHand     int       `json:"on_hand"`
	LastChange time.Time `json:"last_change"` // NetSuite's lastquantityavailablechange
	ReadAt     time.Time `json:"read_at"`
}

// Stock is what jlsync knows of one offer SKU's stock: the NetSuite figures
// per location, the available-to-sell computed from them, and what was last
// pushed to the marketplace.
type Stock struct {
	SKU       string                   `json:"sku"`
	ItemID    string                   `json:"item_id"`
	Locations map[string]LocationStock `json:"locations"`

	// Computed is the available-to-sell to publish; Explain says how it
	// was reached. Version grows with every recomputation, so a push can
	// tell whether what it sent is still current.
	Computed   int       `json:"computed"`
	Explain    Breakdown `json:"explain"`
	Version    int64     `json:"version"`
	ComputedAt time.Time `json:"computed_at"`
	// ChangedAt is when Computed last moved away from what the marketplace
	// shows: the start of the oversell window.
	ChangedAt time.Time `json:"changed_at"`

	Pushed        int       `json:"pushed"` // -1: never pushed, or a resend is due
	PushedVersion int64     `json:"pushed_version"`
	PushedAt      time.Time `json:"pushed_at"`
	PushedImport  string    `json:"pushed_import,omitempty"`
	Rejected      string    `json:"rejected,omitempty"` // the marketplace's reason for the last refused line
}

// Breakdown explains an available-to-sell figure.
type Breakdown struct {
	Total         int      `json:"total"`          // sum over the configured locations
	BufferUnits   int      `json:"buffer_units"`   // absolute buffer
	BufferPercent string   `json:"buffer_percent"` // percentage buffer, as configured
	BufferHeld    int      `json:"buffer_held"`    // units held back by the buffer in all
	BufferSource  string   `json:"buffer_source"`  // sku | rule <prefix> | default
	Pending       int      `json:"pending"`        // units in accepted orders not yet in NetSuite
	PendingOrders []string `json:"pending_orders,omitempty"`
	Floor         int      `json:"floor"`
	FloorApplied  bool     `json:"floor_applied"`
}

// Dirty reports whether the marketplace should be told about this SKU.
func (s Stock) Dirty() bool { return s.Pushed != s.Computed }

// StockRepo is the stock repository.
type StockRepo struct{ tx *Tx }

// Stock returns the stock repository of this transaction.
func (tx *Tx) Stock() StockRepo { return StockRepo{tx} }

// Get returns a SKU's stock or ErrNotFound.
func (r StockRepo) Get(sku string) (Stock, error) {
	return getDoc[Stock](r.tx, key(pStock, sku))
}

// Put writes a SKU's stock.
func (r StockRepo) Put(s Stock) error { return r.tx.put(key(pStock, s.SKU), s) }

// Each visits every SKU's stock in SKU order.
func (r StockRepo) Each(fn func(Stock) error) error {
	return scanDocs(r.tx, []byte(pStock), false, fn)
}
