package store

import "time"

// Refund states.
const (
	RefundPending  = "pending"  // seen on the marketplace, no Credit Memo yet
	RefundCredited = "credited" // the Credit Memo exists
)

// Refund is one marketplace refund of an order line and the Credit Memo
// jlsync made for it.
type Refund struct {
	RefundID     string    `json:"refund_id"`
	OrderID      string    `json:"order_id"`
	LineID       string    `json:"line_id"`
	State        string    `json:"state"`
	CreditMemoID string    `json:"credit_memo_id,omitempty"`
	SeenAt       time.Time `json:"seen_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// Refunds is the refund repository.
type Refunds struct{ tx *Tx }

// Refunds returns the refund repository of this transaction.
func (tx *Tx) Refunds() Refunds { return Refunds{tx} }

// Get returns one refund or ErrNotFound.
func (r Refunds) Get(id string) (Refund, error) { return getDoc[Refund](r.tx, key(pRefund, id)) }

// Put writes a refund.
func (r Refunds) Put(f Refund) error {
	if f.SeenAt.IsZero() {
		f.SeenAt = r.tx.Now()
	}
	f.UpdatedAt = r.tx.Now()
	return r.tx.put(key(pRefund, f.RefundID), f)
}

// UpdatedSince visits the orders written at or after t, oldest first.
func (r Orders) UpdatedSince(t time.Time, fn func(Order) error) error {
	start := key(pIdxOrderUpd, timePart(t))
	return r.tx.scanFrom([]byte(pIdxOrderUpd), start, func(k []byte) error {
		o, err := r.Get(lastPart(k))
		if err != nil {
			return err
		}
		return fn(o)
	})
}
