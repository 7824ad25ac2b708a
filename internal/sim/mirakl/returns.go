package miraklsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// listReturns serves RT11 (seek paging) when PC01 enables returns.
func (s *Server) listReturns(w http.ResponseWriter, r *http.Request, _ []string) {
	if !s.st.pc.Returns() {
		writeError(w, disabledFeatureStatus, "FEATURE_DISABLED", "Returns are not enabled on this platform")
		return
	}
	sr, aerr := parseSeek(r, defaultSeekLimit, 0)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	q := sr.q
	_, desc, aerr := sortParam(q, []string{"date_created"}, "date_created", false)
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	bounds, aerr := timeParams(q, "return_creation_date_from", "return_creation_date_to", "return_last_updated_from", "return_last_updated_to")
	if aerr != nil {
		writeAPIError(w, aerr)
		return
	}
	ids, states, commercial := listParam(q, "return_id"), listParam(q, "return_state"), listParam(q, "order_commercial_id")
	lineIDs, rmas := listParam(q, "order_line_id"), listParam(q, "return_rma")
	var match []*mirakl.Return
	for _, rt := range s.st.returns {
		hasLine := len(lineIDs) == 0
		for _, l := range rt.Lines {
			if oneOf(l.OrderLineID, lineIDs...) {
				hasLine = true
			}
		}
		if hasLine && inSet(ids, rt.ID) && inSet(states, rt.State) && inSet(commercial, rt.OrderCommercialID) &&
			inSet(rmas, rt.RMA) && inTime(rt.DateCreated, bounds[0], bounds[1]) && inTime(rt.LastUpdated, bounds[2], bounds[3]) {
			match = append(match, rt)
		}
	}
	writeSeekPage(w, match, func(r *mirakl.Return) (time.Time, string) { return r.DateCreated, r.ID },
		func(r *mirakl.Return) json.RawMessage { return r.Raw }, desc, sr)
}

// ReturnEvent opens a return on shipped order lines (a customer request).
type ReturnEvent struct {
	OrderID    string            `json:"order_id"`
	Lines      []ReturnEventLine `json:"lines"`       // default: every shipped line in full
	ReasonCode string            `json:"reason_code"` // e.g. RETURN_CHANGED_MIND
	MethodCode string            `json:"method_code"` // default RETURN_METHOD_BY_MAIL
}

// ReturnEventLine is a quantity of one order line to return.
type ReturnEventLine struct {
	OrderLineID string `json:"order_line_id"`
	Quantity    int    `json:"quantity"`
}

func (s *Server) addReturn(ev ReturnEvent, now time.Time) (mirakl.Return, error) {
	o := s.st.orderIdx[ev.OrderID]
	if o == nil {
		return mirakl.Return{}, fmt.Errorf("order %s not found", ev.OrderID)
	}
	if !oneOf(o.State, mirakl.StateShipped, mirakl.StateToCollect, mirakl.StateReceived) {
		return mirakl.Return{}, fmt.Errorf("order %s is %s: only shipped orders can be returned", o.OrderID, o.State)
	}
	if ev.ReasonCode == "" {
		ev.ReasonCode = "RETURN_CHANGED_MIND"
	}
	if ev.MethodCode == "" {
		ev.MethodCode = "RETURN_METHOD_BY_MAIL"
	}
	lines := ev.Lines
	if len(lines) == 0 {
		for _, l := range o.Lines {
			if l.State == mirakl.StateShipped {
				lines = append(lines, ReturnEventLine{OrderLineID: l.ID, Quantity: l.Quantity - l.CanceledQuantity()})
			}
		}
	}
	rt := &mirakl.Return{
		ID: s.st.newUUID("return"), RMA: fmt.Sprintf("RMA-%06d", s.st.counters["return"]),
		OrderID: o.OrderID, OrderCommercialID: o.CommercialID, State: "WAITING_ACCEPTANCE",
		MethodCode: ev.MethodCode, ReasonCode: ev.ReasonCode, DateCreated: now, LastUpdated: now,
		ReturnAddress: mirakl.ReturnAddress{Street1: "Unit 4, Gateway Park", ZipCode: "LS11 0BQ", City: "Leeds", CountryISOCode: "GBR"},
	}
	for _, rl := range lines {
		l, ok := o.Line(rl.OrderLineID)
		if !ok {
			return mirakl.Return{}, fmt.Errorf("order line %s is not in order %s", rl.OrderLineID, o.OrderID)
		}
		if rl.Quantity < 1 || rl.Quantity > l.Quantity {
			return mirakl.Return{}, fmt.Errorf("return quantity %d is outside 1..%d for line %s", rl.Quantity, l.Quantity, l.ID)
		}
		rt.Lines = append(rt.Lines, mirakl.ReturnLine{OrderLineID: l.ID, Quantity: rl.Quantity, ReasonCode: ev.ReasonCode})
	}
	if len(rt.Lines) == 0 {
		return mirakl.Return{}, fmt.Errorf("order %s has no shipped line to return", o.OrderID)
	}
	s.st.returns = append(s.st.returns, rt)
	return *rt, nil
}
