package store

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Order sync states: what jlsync has done with a marketplace order.
const (
	SyncWaiting   = "waiting"   // seen, not yet in a trigger state
	SyncPending   = "pending"   // due to be written to NetSuite
	SyncSynced    = "synced"    // the Sales Order exists and matches
	SyncBlocked   = "blocked"   // an open exception stops it
	SyncCancelled = "cancelled" // cancelled or refused before it reached NetSuite
)

// Event is one entry of an order's timeline.
type Event struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`
	Detail string    `json:"detail,omitempty"`
}

// Order is jlsync's record of one marketplace order.
type Order struct {
	OrderID         string          `json:"order_id"`
	CommercialID    string          `json:"commercial_id"`
	State           string          `json:"state"`
	Sync            string          `json:"sync"`
	Currency        string          `json:"currency"`
	Total           money.Amount    `json:"total"`
	CustomerName    string          `json:"customer_name,omitempty"`
	SourceUpdated   time.Time       `json:"source_updated"` // marketplace last_updated_date
	Source          json.RawMessage `json:"source"`         // the order exactly as last received
	SalesOrderID    string          `json:"sales_order_id,omitempty"`
	SalesOrderExtID string          `json:"sales_order_external_id,omitempty"`
	CustomerID      string          `json:"customer_id,omitempty"`
	Accepted        bool            `json:"accepted,omitempty"`
	Applied         string          `json:"applied,omitempty"` // hash of the records last written to NetSuite
	AppliedAddress  string          `json:"applied_address,omitempty"`
	SOLines         []string        `json:"so_lines,omitempty"` // order line behind each Sales Order item line
	Exceptions      []string        `json:"exceptions,omitempty"`
	Timeline        []Event         `json:"timeline"`
	FirstSeen       time.Time       `json:"first_seen"`
	UpdatedAt       time.Time       `json:"updated_at"`
}

// AddEvent appends to the timeline, skipping an exact repeat of the last entry
// so a re-polled order does not grow its history.
func (o *Order) AddEvent(at time.Time, kind, detail string) {
	if n := len(o.Timeline); n > 0 && o.Timeline[n-1].Kind == kind && o.Timeline[n-1].Detail == detail {
		return
	}
	o.Timeline = append(o.Timeline, Event{At: at, Kind: kind, Detail: detail})
}

// Orders is the order repository.
type Orders struct{ tx *Tx }

// Orders returns the order repository of this transaction.
func (tx *Tx) Orders() Orders { return Orders{tx} }

// Get returns the order or ErrNotFound.
func (r Orders) Get(orderID string) (Order, error) {
	return getDoc[Order](r.tx, key(pOrder, orderID))
}

// Put writes the order and keeps its indexes in step with it.
func (r Orders) Put(o Order) error {
	old, err := r.Get(o.OrderID)
	exists := err == nil
	if err != nil && err != ErrNotFound {
		return err
	}
	now := r.tx.Now()
	if o.FirstSeen.IsZero() {
		o.FirstSeen = now
	}
	o.UpdatedAt = now
	if exists {
		if old.CommercialID != o.CommercialID {
			if err := r.tx.del(key(pIdxOrderCID, old.CommercialID, old.OrderID)); err != nil {
				return err
			}
		}
		if old.SalesOrderID != "" && old.SalesOrderID != o.SalesOrderID {
			if err := r.tx.del(key(pIdxOrderSO, old.SalesOrderID, old.OrderID)); err != nil {
				return err
			}
		}
		if err := r.tx.del(key(pIdxOrderUpd, timePart(old.UpdatedAt), old.OrderID)); err != nil {
			return err
		}
	}
	if o.CommercialID != "" {
		if err := r.tx.mark(key(pIdxOrderCID, o.CommercialID, o.OrderID)); err != nil {
			return err
		}
	}
	if o.SalesOrderID != "" {
		if err := r.tx.mark(key(pIdxOrderSO, o.SalesOrderID, o.OrderID)); err != nil {
			return err
		}
	}
	if err := r.tx.mark(key(pIdxOrderUpd, timePart(o.UpdatedAt), o.OrderID)); err != nil {
		return err
	}
	switch {
	case o.Promised():
		if err := r.tx.mark(key(pIdxPromised, o.OrderID)); err != nil {
			return err
		}
	case exists && old.Promised():
		if err := r.tx.del(key(pIdxPromised, o.OrderID)); err != nil {
			return err
		}
	}
	return r.tx.put(key(pOrder, o.OrderID), o)
}

// Promised reports an order jlsync accepted that has no Sales Order yet:
// its units are sold but NetSuite's stock does not know it.
func (o Order) Promised() bool {
	return o.Accepted && o.SalesOrderID == "" && o.Sync != SyncCancelled
}

// EachPromised visits the promised orders (see Order.Promised) without
// reading any other order.
func (r Orders) EachPromised(fn func(Order) error) error {
	return r.tx.scan([]byte(pIdxPromised), false, false, func(k, _ []byte) error {
		o, err := r.Get(lastPart(k))
		if err != nil {
			return err
		}
		return fn(o)
	})
}

// Find resolves a marketplace order id, a commercial id or a NetSuite Sales
// Order id (internal id or JL- external id) to an order.
func (r Orders) Find(id string) (Order, error) {
	id = strings.TrimSpace(id)
	if o, err := r.Get(id); err != ErrNotFound {
		return o, err
	}
	for _, p := range []string{pIdxOrderCID, pIdxOrderSO} {
		var found string
		err := r.tx.scan(key(p, id, ""), false, false, func(k, _ []byte) error {
			found = lastPart(k)
			return errStop
		})
		if err != nil {
			return Order{}, err
		}
		if found != "" {
			return r.Get(found)
		}
	}
	if rest, ok := strings.CutPrefix(id, "JL-"); ok {
		return r.Get(rest)
	}
	return Order{}, ErrNotFound
}

// List returns orders, most recently updated first. A non-empty q keeps orders
// whose order id or commercial id contains it (case-insensitive).
func (r Orders) List(q string, limit int) ([]Order, int, error) {
	q = strings.ToLower(strings.TrimSpace(q))
	var out []Order
	total := 0
	err := r.tx.scan([]byte(pIdxOrderUpd), true, false, func(k, _ []byte) error {
		id := lastPart(k)
		o, err := r.Get(id)
		if err != nil {
			return err
		}
		if q != "" && !strings.Contains(strings.ToLower(o.OrderID), q) &&
			!strings.Contains(strings.ToLower(o.CommercialID), q) &&
			!strings.Contains(strings.ToLower(o.SalesOrderID), q) {
			return nil
		}
		total++
		if limit <= 0 || len(out) < limit {
			out = append(out, o)
		}
		return nil
	})
	return out, total, err
}

// Each visits every order in id order.
func (r Orders) Each(fn func(Order) error) error {
	return scanDocs(r.tx, []byte(pOrder), false, fn)
}
