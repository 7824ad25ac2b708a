package miraklsim

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/sim/faults"
)

const adminIndex = `jlsync Mirakl simulator: admin endpoints (no authentication)
GET  /_sim/state                         state in the scenario shape, with "observed"
POST /_sim/load                          body: a scenario (mirakl.json); replaces the state
GET  /_sim/faults                        current fault spec
POST /_sim/faults                        body: a SPEC such as latency=20ms,rate429=0.1 ("none" clears)
POST /_sim/advance                       {"duration":"30s"}: move the simulated clock
POST /_sim/events/order                  body: one OR11 order; it arrives now
POST /_sim/events/orders                 {"count":5,"seed":1,"state":"WAITING_ACCEPTANCE"}: generated orders
POST /_sim/events/refund                 {"order_line_id","amount","shipping_amount","quantity","reason_code"}
POST /_sim/events/cancel                 {"order_line_id","quantity","reason_code"}
POST /_sim/events/receive                {"order_id"}: SHIPPED -> RECEIVED
POST /_sim/events/close-order            {"order_id"}: -> CLOSED
POST /_sim/events/return                 {"order_id","lines":[{"order_line_id","quantity"}],"reason_code"}
POST /_sim/events/close-billing-cycle    {"unpaid":false}: SBC11 cycle + IV01 invoice + PAYMENT line
POST /_sim/events/pay-billing-cycle      {"id"}: TO_PAY -> PAID
`

func (s *Server) serveAdmin(w http.ResponseWriter, r *http.Request) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	get, post := r.Method == http.MethodGet, r.Method == http.MethodPost
	body := func() ([]byte, bool) {
		b, err := io.ReadAll(io.LimitReader(r.Body, 256<<20))
		if err != nil {
			writeError(w, http.StatusBadRequest, "", "unreadable body")
			return nil, false
		}
		return b, true
	}
	decode := func(v any) bool {
		b, ok := body()
		if !ok {
			return false
		}
		if len(strings.TrimSpace(string(b))) == 0 {
			b = []byte("{}")
		}
		if err := json.Unmarshal(b, v); err != nil {
			writeError(w, http.StatusBadRequest, "", "invalid JSON: "+err.Error())
			return false
		}
		return true
	}
	fail := func(err error) {
		status := http.StatusBadRequest
		if ae, ok := err.(*apiError); ok {
			status = ae.status
		}
		writeError(w, status, "", err.Error())
	}
	switch {
	case path == "/_sim" && get:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, adminIndex)
	case path == "/_sim/state" && get:
		b, err := s.State()
		if err != nil {
			writeError(w, http.StatusInternalServerError, "", err.Error())
			return
		}
		writeRawJSON(w, http.StatusOK, b)
	case path == "/_sim/load" && post:
		b, ok := body()
		if !ok {
			return
		}
		if err := s.Load(b); err != nil {
			fail(err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "/_sim/faults" && get:
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, s.Faults().String()+"\n")
	case path == "/_sim/faults" && post:
		b, ok := body()
		if !ok {
			return
		}
		spec, err := faults.Parse(strings.TrimSpace(string(b)))
		if err != nil {
			fail(err)
			return
		}
		s.SetFaults(spec)
		w.WriteHeader(http.StatusNoContent)
	case path == "/_sim/advance" && post:
		var v struct {
			Duration string `json:"duration"`
		}
		if !decode(&v) {
			return
		}
		d, err := time.ParseDuration(v.Duration)
		if err != nil || d < 0 {
			writeError(w, http.StatusBadRequest, "", "duration must be a positive Go duration such as 30s")
			return
		}
		writeJSON(w, http.StatusOK, map[string]time.Time{"now": s.Advance(d)})
	case path == "/_sim/events/order" && post:
		b, ok := body()
		if !ok {
			return
		}
		o, err := mirakl.DecodeOrder(b)
		if err != nil {
			fail(err)
			return
		}
		if err := s.AddOrder(o); err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string]string{"order_id": o.OrderID})
	case path == "/_sim/events/orders" && post:
		var ev GenerateEvent
		if !decode(&ev) {
			return
		}
		ids, err := s.GenerateOrdersNow(ev)
		if err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, map[string][]string{"order_ids": ids})
	case path == "/_sim/events/refund" && post:
		var ev RefundEvent
		if !decode(&ev) {
			return
		}
		rf, err := s.RefundLine(ev)
		if err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, rf)
	case path == "/_sim/events/cancel" && post:
		var ev CancelEvent
		if !decode(&ev) {
			return
		}
		c, err := s.CancelLine(ev)
		if err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, c)
	case (path == "/_sim/events/receive" || path == "/_sim/events/close-order") && post:
		var v struct {
			OrderID string `json:"order_id"`
		}
		if !decode(&v) {
			return
		}
		move := s.ReceiveOrder
		if strings.HasSuffix(path, "close-order") {
			move = s.CloseOrder
		}
		if err := move(v.OrderID); err != nil {
			fail(err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	case path == "/_sim/events/return" && post:
		var ev ReturnEvent
		if !decode(&ev) {
			return
		}
		rt, err := s.AddReturn(ev)
		if err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, rt)
	case path == "/_sim/events/close-billing-cycle" && post:
		var opts CloseOptions
		if !decode(&opts) {
			return
		}
		res, err := s.CloseBillingCycle(opts)
		if err != nil {
			fail(err)
			return
		}
		writeJSON(w, http.StatusCreated, res)
	case path == "/_sim/events/pay-billing-cycle" && post:
		var v struct {
			ID string `json:"id"`
		}
		if !decode(&v) {
			return
		}
		if err := s.PayBillingCycle(v.ID); err != nil {
			fail(err)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	default:
		writeError(w, http.StatusNotFound, "", "unknown admin endpoint; GET /_sim/ lists them")
	}
}
