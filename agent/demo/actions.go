package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jlsync/jlsync/internal/money"
	miraklsim "github.com/jlsync/jlsync/internal/sim/mirakl"
)

// Action is one timed event of actions.json: something a person or the
// marketplace does to the simulated world while the agent runs.
type Action struct {
	// After is how long after the start the action happens, in simulated
	// time: with a time scale of 600, "10m" fires after one real second.
	After string `json:"after"`
	Do    string `json:"do"`

	Item      string `json:"item,omitempty"`     // set_stock: NetSuite item id
	Location  string `json:"location,omitempty"` // set_stock: NetSuite location id
	Available *int   `json:"available,omitempty"`
	OnHand    *int   `json:"on_hand,omitempty"`

	SalesOrder string         `json:"sales_order,omitempty"` // fulfil: internal id or externalId (JL-...)
	Lines      map[string]int `json:"lines,omitempty"`       // fulfil: Sales Order line -> quantity; empty ships everything open
	Tracking   []string       `json:"tracking,omitempty"`
	ShipMethod string         `json:"ship_method,omitempty"`

	OrderID        string        `json:"order_id,omitempty"`      // return
	OrderLineID    string        `json:"order_line_id,omitempty"` // cancel_line, refund_line
	Quantity       int           `json:"quantity,omitempty"`
	Amount         *money.Amount `json:"amount,omitempty"`
	ShippingAmount *money.Amount `json:"shipping_amount,omitempty"`
	ReasonCode     string        `json:"reason_code,omitempty"`

	Count int    `json:"count,omitempty"` // new_orders
	Seed  uint64 `json:"seed,omitempty"`

	Unpaid bool `json:"unpaid,omitempty"` // close_billing_cycle
}

// ActionKinds lists the vocabulary of actions.json.
var ActionKinds = []string{"set_stock", "fulfil", "new_orders", "cancel_line", "refund_line", "return", "close_billing_cycle"}

type actionsFile struct {
	Actions []Action `json:"actions"`
}

type timedAction struct {
	Action
	at time.Duration
}

// ParseActions reads and checks actions.json.
func ParseActions(raw []byte) ([]timedAction, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var f actionsFile
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("actions.json: %w", err)
	}
	out := make([]timedAction, 0, len(f.Actions))
	for i, a := range f.Actions {
		d := time.Duration(0)
		if a.After != "" {
			var err error
			if d, err = time.ParseDuration(a.After); err != nil || d < 0 {
				return nil, fmt.Errorf("actions.json: action %d: after %q is not a duration like 90s or 5m", i+1, a.After)
			}
		}
		known := false
		for _, k := range ActionKinds {
			known = known || a.Do == k
		}
		if !known {
			return nil, fmt.Errorf("actions.json: action %d: unknown do %q (one of %s)", i+1, a.Do, strings.Join(ActionKinds, ", "))
		}
		out = append(out, timedAction{a, d})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].at < out[j].at })
	return out, nil
}

// actionRunner fires a scenario's actions on the world at their times.
type actionRunner struct {
	w       *World
	actions []timedAction
	scale   float64
	log     *slog.Logger
	left    atomic.Int64
	failed  atomic.Int64
}

func newActionRunner(w *World, actions []timedAction, scale float64, log *slog.Logger) *actionRunner {
	if scale < 1 {
		scale = 1
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r := &actionRunner{w: w, actions: actions, scale: scale, log: log}
	r.left.Store(int64(len(actions)))
	return r
}

// Pending is how many actions have not fired yet.
func (r *actionRunner) Pending() int { return int(r.left.Load()) }

func (r *actionRunner) run(ctx context.Context) {
	start := time.Now()
	for _, a := range r.actions {
		wait := time.Until(start.Add(time.Duration(float64(a.at) / r.scale)))
		select {
		case <-ctx.Done():
			return
		case <-time.After(max(wait, 0)):
		}
		// What an action needs may lag behind its time (a Sales Order the
		// agent is still writing): try again briefly before calling it failed.
		err := r.apply(a.Action)
		for try := 0; err != nil && try < 40; try++ {
			select {
			case <-ctx.Done():
				return
			case <-time.After(50 * time.Millisecond):
			}
			err = r.apply(a.Action)
		}
		if err != nil {
			r.failed.Add(1)
			r.log.Warn("demo action failed", "do", a.Do, "after", a.After, "err", err)
		} else {
			r.log.Info("demo action", "do", a.Do, "after", a.After)
		}
		r.left.Add(-1)
	}
}

func (r *actionRunner) apply(a Action) error {
	w := r.w
	switch a.Do {
	case "set_stock":
		if a.Item == "" || a.Location == "" || a.Available == nil {
			return fmt.Errorf("set_stock needs item, location and available")
		}
		onHand := *a.Available
		if a.OnHand != nil {
			onHand = *a.OnHand
		}
		return w.NetSuite.SetStock(a.Item, a.Location, *a.Available, onHand)
	case "fulfil":
		id := a.SalesOrder
		for _, so := range w.NetSuite.Records("salesOrder") {
			if ext, _ := so["externalId"].(string); ext == a.SalesOrder {
				id, _ = so["id"].(string)
			}
		}
		if id == "" {
			return fmt.Errorf("fulfil needs sales_order")
		}
		var lines map[int]int
		for l, q := range a.Lines {
			n, err := strconv.Atoi(l)
			if err != nil {
				return fmt.Errorf("fulfil: line %q is not a number", l)
			}
			if lines == nil {
				lines = map[int]int{}
			}
			lines[n] = q
		}
		_, err := w.NetSuite.FulfilSalesOrder(id, lines, a.Tracking, a.ShipMethod)
		return err
	case "new_orders":
		_, err := w.Mirakl.GenerateOrdersNow(miraklsim.GenerateEvent{Count: max(a.Count, 1), Seed: a.Seed})
		return err
	case "cancel_line":
		_, err := w.Mirakl.CancelLine(miraklsim.CancelEvent{OrderLineID: a.OrderLineID, Quantity: a.Quantity,
			Amount: a.Amount, ShippingAmount: a.ShippingAmount, ReasonCode: a.ReasonCode})
		return err
	case "refund_line":
		ev := miraklsim.RefundEvent{OrderLineID: a.OrderLineID, Quantity: a.Quantity, ReasonCode: a.ReasonCode}
		if a.Amount != nil {
			ev.Amount = *a.Amount
		}
		if a.ShippingAmount != nil {
			ev.ShippingAmount = *a.ShippingAmount
		}
		_, err := w.Mirakl.RefundLine(ev)
		return err
	case "return":
		_, err := w.Mirakl.AddReturn(miraklsim.ReturnEvent{OrderID: a.OrderID, ReasonCode: a.ReasonCode})
		return err
	case "close_billing_cycle":
		_, err := w.Mirakl.CloseBillingCycle(miraklsim.CloseOptions{Unpaid: a.Unpaid})
		return err
	}
	return fmt.Errorf("unknown action %q", a.Do)
}
