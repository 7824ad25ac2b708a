package store

import "time"

// Shipment states: how far a NetSuite Item Fulfilment has reached the
// marketplace.
const (
	ShipmentPending = "pending" // seen in NetSuite, marketplace not told yet
	ShipmentTracked = "tracked" // tracking sent (OR23); more units still to ship
	ShipmentShipped = "shipped" // the order was marked shipped (OR24)
)

// Shipment is one Item Fulfilment of a Sales Order jlsync created.
type Shipment struct {
	FulfilmentID string   `json:"fulfilment_id"`
	TranID       string   `json:"tran_id,omitempty"`
	SalesOrderID string   `json:"sales_order_id"`
	OrderID      string   `json:"order_id,omitempty"`
	ShipMethod   string   `json:"ship_method,omitempty"`
	Tracking     []string `json:"tracking,omitempty"`
	Units        int      `json:"units"`
	State        string   `json:"state"`
	// Seen fingerprints what NetSuite said (method, tracking, units), so a
	// re-read fulfilment that has not changed is not processed again.
	Seen      string    `json:"seen"`
	SeenAt    time.Time `json:"seen_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Shipments is the fulfilment repository.
type Shipments struct{ tx *Tx }

// Shipments returns the fulfilment repository of this transaction.
func (tx *Tx) Shipments() Shipments { return Shipments{tx} }

// Get returns one fulfilment's record or ErrNotFound.
func (r Shipments) Get(fulfilmentID string) (Shipment, error) {
	return getDoc[Shipment](r.tx, key(pShip, fulfilmentID))
}

// Put writes a fulfilment's record.
func (r Shipments) Put(s Shipment) error {
	if s.SeenAt.IsZero() {
		s.SeenAt = r.tx.Now()
	}
	s.UpdatedAt = r.tx.Now()
	// A fulfilment never moves to another Sales Order, so its index key
	// needs no clean-up.
	if err := r.tx.mark(key(pIdxShipSO, s.SalesOrderID, s.FulfilmentID)); err != nil {
		return err
	}
	return r.tx.put(key(pShip, s.FulfilmentID), s)
}

// ForSalesOrder returns every fulfilment recorded for a Sales Order.
func (r Shipments) ForSalesOrder(soID string) ([]Shipment, error) {
	var out []Shipment
	err := r.tx.scan(key(pIdxShipSO, soID, ""), false, false, func(k, _ []byte) error {
		s, err := r.Get(lastPart(k))
		if err != nil {
			return err
		}
		out = append(out, s)
		return nil
	})
	return out, err
}
