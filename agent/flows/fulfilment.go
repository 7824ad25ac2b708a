package flows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"encoding/json"
	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// FulfilmentReader reads NetSuite Item Fulfilments of jlsync's Sales Orders.
type FulfilmentReader interface {
	FulfilmentsSince(ctx context.Context, externalIDPrefix string, since time.Time) ([]netsuite.Fulfilment, error)
}

// Shipper tells the marketplace about a shipment (OR23 tracking, OR24 ship).
type Shipper interface {
	UpdateTracking(ctx context.Context, orderID string, t mirakl.Tracking) error
	ShipOrder(ctx context.Context, orderID string) error
}

// FulfilmentDeps wires the fulfilment flow.
type FulfilmentDeps struct {
	DB      *store.DB
	Reader  FulfilmentReader
	Shipper Shipper
	Config  config.Config
	Logger  *slog.Logger
}

// Fulfilment turns NetSuite Item Fulfilments into marketplace shipments: the
// tracking number with the carrier mapped from the NetSuite ship method, then
// the order marked shipped once every unit has left.
type Fulfilment struct {
	d    FulfilmentDeps
	flow *engine.Flow
	log  *slog.Logger
}

// fulfilmentOverlap re-reads a window before the cursor: NetSuite's
// lastmodifieddate is coarse, and a re-read fulfilment is recognised.
const fulfilmentOverlap = 2 * time.Minute

// NewFulfilment builds the fulfilment flow.
func NewFulfilment(d FulfilmentDeps) *Fulfilment {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	f := &Fulfilment{d: d, log: d.Logger.With("flow", apitype.FlowFulfilment)}
	c := d.Config
	f.flow = newFlow(d.DB, c, d.Logger, flowSpec{
		name: apitype.FlowFulfilment, interval: c.Fulfilment.Interval, workers: 2,
		backoff: 2 * time.Second, poll: f.poll, reconcile: f.reconcile, subject: "fulfilment",
	})
	return f
}

// Flow is the running loop.
func (f *Fulfilment) Flow() *engine.Flow { return f.flow }

func (f *Fulfilment) poll(ctx context.Context) ([]string, int, error) {
	cur, err := readCursor(ctx, f.d.DB, apitype.FlowFulfilment)
	if err != nil {
		return nil, 0, err
	}
	since := time.Time{}
	if !cur.Time.IsZero() {
		since = cur.Time.Add(-fulfilmentOverlap)
	}
	fs, err := f.d.Reader.FulfilmentsSince(ctx, "JL-", since)
	if err != nil {
		return nil, 0, fmt.Errorf("reading NetSuite item fulfilments (SuiteQL): %w", err)
	}
	var keys []string
	newest := cur.Time
	err = f.d.DB.Update(ctx, func(tx *store.Tx) error {
		keys = keys[:0]
		for _, ff := range fs {
			if ff.LastModified.After(newest) {
				newest = ff.LastModified
			}
			if !ff.Shipped() {
				continue // picked or packed: nothing has left the warehouse
			}
			units := 0
			for _, l := range ff.Lines {
				units += l.Quantity
			}
			seen := fmt.Sprintf("%s|%s|%d", ff.ShipMethod, strings.Join(ff.TrackingNumbers(), ","), units)
			sh, err := tx.Shipments().Get(ff.ID)
			if err == nil && sh.Seen == seen {
				continue // re-read by the overlap window: nothing new
			}
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return err
			}
			sh.Seen = seen
			if sh.State == "" {
				sh.State = store.ShipmentPending
			}
			sh.FulfilmentID, sh.TranID, sh.SalesOrderID = ff.ID, ff.TranID, ff.SalesOrderID
			sh.ShipMethod, sh.Tracking, sh.Units = ff.ShipMethod, ff.TrackingNumbers(), units
			if err := tx.Shipments().Put(sh); err != nil {
				return err
			}
			if _, err := tx.Work().Ensure(apitype.FlowFulfilment, ff.ID); err != nil {
				return err
			}
			keys = append(keys, ff.ID)
		}
		if newest.After(cur.Time) {
			return tx.Cursors().Set(apitype.FlowFulfilment, store.Cursor{Time: newest})
		}
		return nil
	})
	if err != nil {
		return nil, len(fs), err
	}
	return keys, len(fs), nil
}

// carrier maps a NetSuite ship method to the marketplace's carrier: a
// registered carrier code from fulfilment.carriers, else the ship method's
// own name as an unregistered carrier (OR23 accepts either).
func (f *Fulfilment) carrier(shipMethod string) mirakl.Tracking {
	for k, code := range f.d.Config.Fulfilment.Carriers {
		if strings.EqualFold(k, shipMethod) {
			return mirakl.Tracking{CarrierCode: code}
		}
	}
	name := shipMethod
	if name == "" {
		name = "Other"
	}
	return mirakl.Tracking{CarrierName: name}
}

func (f *Fulfilment) reconcile(ctx context.Context, fid string) error {
	var sh store.Shipment
	var order store.Order
	var all []store.Shipment
	err := f.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		if sh, err = tx.Shipments().Get(fid); err != nil {
			return err
		}
		if order, err = tx.Orders().Find(sh.SalesOrderID); err != nil {
			return err
		}
		all, err = tx.Shipments().ForSalesOrder(sh.SalesOrderID)
		return err
	})
	if errors.Is(err, store.ErrNotFound) && sh.FulfilmentID != "" {
		return f.blockShipment(ctx, sh, []Problem{{Type: apitype.ExcUnknownSalesOrder,
			Reason: fmt.Sprintf("Item Fulfilment %s ships Sales Order %s, which jlsync has no marketplace order for", sh.TranID, sh.SalesOrderID),
			Field:  "createdFrom",
			Fix:    "The Sales Order carries a JL- external id but did not come from jlsync: check it in NetSuite, then ignore this exception."}})
	}
	if err != nil {
		return err
	}
	var mo mirakl.Order
	if err := json.Unmarshal(order.Source, &mo); err != nil {
		return err
	}
	switch mo.State {
	case mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived, mirakl.StateClosed:
		return f.finish(ctx, sh, order.OrderID, store.ShipmentShipped, "") // told already (or by hand)
	case mirakl.StateShipping:
	default:
		// The marketplace has not taken payment yet, or cancelled the order:
		// either way OR23/OR24 would be refused. Wait for the orders flow.
		return fmt.Errorf("order %s is %s on the marketplace; waiting for SHIPPING before shipping it", order.OrderID, mo.State)
	}

	// Tracking first, as the marketplace asks; then ship once every unit of
	// the order has left (without multi-shipment, OR24 ships the whole order).
	tr := f.carrier(sh.ShipMethod)
	if len(sh.Tracking) > 0 {
		tr.TrackingNumber = sh.Tracking[0]
		if err := f.d.Shipper.UpdateTracking(ctx, order.OrderID, tr); err != nil {
			return f.marketFailed(ctx, sh, order.OrderID, "tracking (OR23)", err)
		}
	}
	shipped, ordered := 0, 0
	for _, s := range all {
		shipped += s.Units
	}
	for _, l := range effectiveLines(mo) {
		ordered += l.qty
	}
	if shipped < ordered {
		return f.finish(ctx, sh, order.OrderID, store.ShipmentTracked,
			fmt.Sprintf("Item Fulfilment %s: %d of %d units, tracking %s sent; the order ships when the rest leaves", sh.TranID, shipped, ordered, strings.Join(sh.Tracking, ", ")))
	}
	if err := f.d.Shipper.ShipOrder(ctx, order.OrderID); err != nil {
		var me *mirakl.Error
		if errors.As(err, &me) && me.Status == 400 && strings.Contains(strings.ToLower(me.Message+me.Code), "state") {
			return f.finish(ctx, sh, order.OrderID, store.ShipmentShipped, "the marketplace already shows the order shipped")
		}
		return f.marketFailed(ctx, sh, order.OrderID, "ship (OR24)", err)
	}
	carrier := tr.CarrierCode
	if carrier == "" {
		carrier = tr.CarrierName
	}
	return f.finish(ctx, sh, order.OrderID, store.ShipmentShipped,
		fmt.Sprintf("shipped with Item Fulfilment %s, %s tracking %s (OR23, OR24)", sh.TranID, carrier, strings.Join(sh.Tracking, ", ")))
}

func (f *Fulfilment) marketFailed(ctx context.Context, sh store.Shipment, orderID, what string, err error) error {
	if mirakl.IsRetryable(err) || ctx.Err() != nil {
		var me *mirakl.Error
		if errors.As(err, &me) && me.RetryAfter > 0 {
			return engine.RetryAfter(err, me.RetryAfter)
		}
		return err
	}
	fix := "Check the order in the Mirakl back office; fix it there or in NetSuite, then retry."
	var me *mirakl.Error
	if errors.As(err, &me) && strings.Contains(strings.ToUpper(me.Code+me.Message), "CARRIER") {
		fix = fmt.Sprintf("Map the NetSuite ship method %q to a carrier code the marketplace knows (fulfilment.carriers in the config; the codes are the marketplace's carrier list, SH21), restart the agent, then retry.", sh.ShipMethod)
	}
	return f.blockShipment(ctx, sh, []Problem{{Type: apitype.ExcMarketplaceError,
		Reason: fmt.Sprintf("the marketplace refused the %s for order %s: %v", what, orderID, err),
		Field:  "tracking", Fix: fix,
		Details: map[string]string{"ship_method": sh.ShipMethod, "tracking": strings.Join(sh.Tracking, ", "), "order": orderID}}})
}

// finish records the outcome on the shipment and the order's timeline, and
// removes the work item.
func (f *Fulfilment) finish(ctx context.Context, sh store.Shipment, orderID, state, event string) error {
	return f.d.DB.Update(ctx, func(tx *store.Tx) error {
		cur, err := tx.Shipments().Get(sh.FulfilmentID)
		if err != nil {
			return err
		}
		cur.State, cur.OrderID = state, orderID
		if err := tx.Shipments().Put(cur); err != nil {
			return err
		}
		if event != "" {
			if o, err := tx.Orders().Get(orderID); err == nil {
				kind := "fulfilled"
				if state == store.ShipmentShipped {
					kind = "shipped"
				}
				o.AddEvent(tx.Now(), kind, event)
				if err := tx.Orders().Put(o); err != nil {
					return err
				}
			}
		}
		if err := closeOpen(tx, "fulfilment:"+sh.FulfilmentID, "the shipment went through"); err != nil {
			return err
		}
		return tx.Work().Done(apitype.FlowFulfilment, sh.FulfilmentID)
	})
}

func (f *Fulfilment) blockShipment(ctx context.Context, sh store.Shipment, problems []Problem) error {
	return raiseAndBlock(ctx, f.d.DB, f.d.Config, subject{flow: apitype.FlowFulfilment, key: sh.FulfilmentID,
		ref: "fulfilment:" + sh.FulfilmentID, text: fmt.Sprintf("Item Fulfilment %s (Sales Order %s)", sh.TranID, sh.SalesOrderID)}, problems...)
}
