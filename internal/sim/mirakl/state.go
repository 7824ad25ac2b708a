package miraklsim

import (
	"encoding/json"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// state is everything the simulated marketplace holds. Objects are kept as
// the client's types; each one's Raw is the JSON it was loaded from, which
// emit merges back so unmodelled fields survive.
type state struct {
	account  json.RawMessage // A01 document
	platform json.RawMessage // PC01 document
	pc       mirakl.PlatformConfig
	reasons  []*mirakl.Reason
	carriers []*mirakl.Carrier

	orders    []*mirakl.Order
	orderIdx  map[string]*mirakl.Order
	offers    []*mirakl.Offer
	offerIdx  map[string]*mirakl.Offer // by shop_sku
	cycles    []*mirakl.BillingCycle
	txns      []*mirakl.TransactionLine
	docs      []*mirakl.AccountingDocument
	returns   []*mirakl.Return
	shipments []*mirakl.Shipment

	stockImports []*stockImport
	offerImports []*offerImport

	counters    map[string]int64
	clockOffset time.Duration
	balance     money.Amount // running TL02 balance
}

func newState() *state {
	st := &state{
		orderIdx: map[string]*mirakl.Order{},
		offerIdx: map[string]*mirakl.Offer{},
		counters: map[string]int64{},
	}
	st.account = append(json.RawMessage(nil), defaultAccount...)
	st.platform = append(json.RawMessage(nil), defaultPlatform...)
	st.pc, _ = mirakl.DecodePlatformConfig(st.platform)
	st.reasons = defaultReasons()
	st.carriers = defaultCarriers()
	return st
}

func (st *state) addOrder(o *mirakl.Order) {
	o.Normalize()
	st.orders = append(st.orders, o)
	st.orderIdx[o.OrderID] = o
}

func (st *state) addOffer(o *mirakl.Offer) {
	st.offers = append(st.offers, o)
	st.offerIdx[o.ShopSKU] = o
}

func (st *state) removeOffer(sku string) {
	delete(st.offerIdx, sku)
	for i, o := range st.offers {
		if o.ShopSKU == sku {
			st.offers = append(st.offers[:i], st.offers[i+1:]...)
			return
		}
	}
}

// findLine returns the order and line holding an order line id.
func (st *state) findLine(lineID string) (*mirakl.Order, *mirakl.OrderLine) {
	for _, o := range st.orders {
		for i := range o.Lines {
			if o.Lines[i].ID == lineID {
				return o, &o.Lines[i]
			}
		}
	}
	return nil, nil
}

func (st *state) reason(code, typ string) bool {
	for _, r := range st.reasons {
		if r.Code == code && r.Type == typ {
			return true
		}
	}
	return false
}

func (st *state) carrier(code string) *mirakl.Carrier {
	for _, c := range st.carriers {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// advance applies every time-driven change due by now: debits, refund
// payments, and imports completing. Handlers call it first, so nothing
// depends on background goroutines and a run is repeatable.
func (s *Server) advance(now time.Time) {
	st := s.st
	debit := s.scaled(DebitDelay)
	for _, o := range st.orders {
		if o.State != mirakl.StateWaitingDebit {
			continue
		}
		start := o.LastUpdatedDate
		if o.AcceptanceDecisionDate != nil {
			start = *o.AcceptanceDecisionDate
		}
		if due := start.Add(debit); !due.After(now) {
			s.debitOrder(o, due)
		}
	}
	refunded := s.scaled(refundDelay)
	for _, o := range st.orders {
		for i := range o.Lines {
			for j := range o.Lines[i].Refunds {
				rf := &o.Lines[i].Refunds[j]
				if rf.RefundState != "WAITING_REFUND" {
					continue
				}
				if due := rf.CreatedDate.Add(refunded); !due.After(now) {
					rf.RefundState, rf.State = "REFUNDED", "REFUNDED"
					t := due
					rf.TransactionDate = &t
					rf.TransactionNumber = "TRX-" + rf.ID
					touch(o, due)
				}
			}
		}
	}
	for _, im := range st.stockImports {
		if !im.Applied && !im.doneAt(s).After(now) {
			s.applyStockImport(im)
		}
	}
	for _, im := range st.offerImports {
		if !im.Applied && !im.doneAt(s).After(now) {
			s.applyOfferImport(im)
		}
	}
}

// touch records a change so OR11's start_update_date sees it.
func touch(o *mirakl.Order, at time.Time) {
	if at.After(o.LastUpdatedDate) {
		o.LastUpdatedDate = at
	}
}

func touchLine(o *mirakl.Order, l *mirakl.OrderLine, at time.Time) {
	if at.After(l.LastUpdatedDate) {
		l.LastUpdatedDate = at
	}
	touch(o, at)
}
