package miraklsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/money"
)

// scenarioDoc is the mirakl.json scenario and state-out shape: the API's own
// objects under the design's keys, plus optional reference documents and a
// "sim" section with what only the simulator needs to resume exactly.
type scenarioDoc struct {
	Orders                []json.RawMessage `json:"orders"`
	Offers                []json.RawMessage `json:"offers"`
	BillingCycles         []json.RawMessage `json:"billing_cycles"`
	Transactions          []json.RawMessage `json:"transactions"`
	AccountingDocuments   []json.RawMessage `json:"accounting_documents"`
	Returns               []json.RawMessage `json:"returns"`
	Shipments             []json.RawMessage `json:"shipments,omitempty"`
	Account               json.RawMessage   `json:"account,omitempty"`
	PlatformConfiguration json.RawMessage   `json:"platform_configuration,omitempty"`
	Reasons               []json.RawMessage `json:"reasons,omitempty"`
	Carriers              []json.RawMessage `json:"carriers,omitempty"`
	Sim                   *simSection       `json:"sim,omitempty"`
	Observed              json.RawMessage   `json:"observed,omitempty"`
}

type simSection struct {
	Counters      map[string]int64 `json:"counters"`
	ClockOffsetMS int64            `json:"clock_offset_ms"`
	Balance       money.Amount     `json:"balance"`
	StockImports  []*stockImport   `json:"stock_imports"`
	OfferImports  []*offerImport   `json:"offer_imports"`
}

type observedDoc struct {
	Calls        map[string]int        `json:"calls"`
	Throttled    int                   `json:"throttled"`
	MaxInFlight  int64                 `json:"max_in_flight"`
	StockImports []observedStockImport `json:"stock_imports"`
}

type observedStockImport struct {
	ImportID string              `json:"import_id"`
	Lines    []observedStockLine `json:"lines"`
}

type observedStockLine struct {
	OfferSKU      string `json:"offer_sku"`
	Quantity      int    `json:"quantity"`
	WarehouseCode string `json:"warehouse_code"`
	Error         string `json:"error,omitempty"`
}

var scenarioKeys = map[string]bool{
	"orders": true, "offers": true, "billing_cycles": true, "transactions": true,
	"accounting_documents": true, "returns": true, "shipments": true, "account": true,
	"platform_configuration": true, "reasons": true, "carriers": true, "sim": true, "observed": true,
}

// Load replaces the simulator's state with a scenario (mirakl.json). Every
// key is optional; "observed" is ignored; unknown keys are refused so a typo
// does not silently load an empty shop. Observations and ceilings restart.
func (s *Server) Load(scenarioJSON []byte) error {
	st, err := parseScenario(scenarioJSON)
	if err != nil {
		return fmt.Errorf("miraklsim: load: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st = st
	s.resetObservations()
	return nil
}

func parseScenario(b []byte) (*state, error) {
	b = bytes.TrimSpace(b)
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(b, &keys); err != nil {
		return nil, fmt.Errorf("scenario is not a JSON object: %w", err)
	}
	var unknown []string
	for k := range keys {
		if !scenarioKeys[k] {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, fmt.Errorf("unknown keys %s", strings.Join(unknown, ", "))
	}
	var doc scenarioDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, err
	}
	st := newState()
	if len(doc.Account) > 0 && !isNullJSON(doc.Account) {
		if _, err := mirakl.DecodeAccount(doc.Account); err != nil {
			return nil, fmt.Errorf("account: %w", err)
		}
		merged, err := mergeJSON(st.account, doc.Account)
		if err != nil {
			return nil, fmt.Errorf("account: %w", err)
		}
		st.account = merged
	}
	if len(doc.PlatformConfiguration) > 0 && !isNullJSON(doc.PlatformConfiguration) {
		merged, err := mergeJSON(st.platform, doc.PlatformConfiguration)
		if err != nil {
			return nil, fmt.Errorf("platform_configuration: %w", err)
		}
		pc, err := mirakl.DecodePlatformConfig(merged)
		if err != nil {
			return nil, fmt.Errorf("platform_configuration: %w", err)
		}
		st.platform, st.pc = merged, pc
	}
	if doc.Reasons != nil {
		rs, err := decodeEach(doc.Reasons, "reason", func(b []byte) (mirakl.Reason, error) {
			rs, err := mirakl.DecodeReasons(wrapList("reasons", b))
			return one(rs, err)
		})
		if err != nil {
			return nil, err
		}
		st.reasons = rs
	}
	if doc.Carriers != nil {
		cs, err := decodeEach(doc.Carriers, "carrier", func(b []byte) (mirakl.Carrier, error) {
			cs, err := mirakl.DecodeCarriers(wrapList("carriers", b))
			return one(cs, err)
		})
		if err != nil {
			return nil, err
		}
		st.carriers = cs
	}

	orders, err := decodeEach(doc.Orders, "order", mirakl.DecodeOrder)
	if err != nil {
		return nil, err
	}
	lineIDs := map[string]bool{}
	for _, o := range orders {
		if st.orderIdx[o.OrderID] != nil {
			return nil, fmt.Errorf("order %s appears twice", o.OrderID)
		}
		for _, l := range o.Lines {
			if lineIDs[l.ID] {
				return nil, fmt.Errorf("order line %s appears twice", l.ID)
			}
			lineIDs[l.ID] = true
		}
		st.addOrder(o)
	}
	offers, err := decodeEach(doc.Offers, "offer", func(b []byte) (mirakl.Offer, error) {
		os, _, err := mirakl.DecodeOffers(wrapList("offers", b))
		return one(os, err)
	})
	if err != nil {
		return nil, err
	}
	for _, o := range offers {
		if o.ShopSKU == "" {
			return nil, fmt.Errorf("offer %d has no shop_sku", o.OfferID)
		}
		if st.offerIdx[o.ShopSKU] != nil {
			return nil, fmt.Errorf("offer %s appears twice", o.ShopSKU)
		}
		st.addOffer(o)
	}
	if st.cycles, err = decodeEach(doc.BillingCycles, "billing cycle", func(b []byte) (mirakl.BillingCycle, error) {
		cs, _, err := mirakl.DecodeBillingCycles(wrapList("data", b))
		return one(cs, err)
	}); err != nil {
		return nil, err
	}
	if st.txns, err = decodeEach(doc.Transactions, "transaction", func(b []byte) (mirakl.TransactionLine, error) {
		ls, _, err := mirakl.DecodeTransactionLines(wrapList("data", b))
		return one(ls, err)
	}); err != nil {
		return nil, err
	}
	if st.docs, err = decodeEach(doc.AccountingDocuments, "accounting document", func(b []byte) (mirakl.AccountingDocument, error) {
		ds, _, err := mirakl.DecodeInvoices(wrapList("invoices", b))
		return one(ds, err)
	}); err != nil {
		return nil, err
	}
	if st.returns, err = decodeEach(doc.Returns, "return", func(b []byte) (mirakl.Return, error) {
		rs, _, err := mirakl.DecodeReturns(wrapList("data", b))
		return one(rs, err)
	}); err != nil {
		return nil, err
	}
	if st.shipments, err = decodeEach(doc.Shipments, "shipment", func(b []byte) (mirakl.Shipment, error) {
		ok, _, err := mirakl.DecodeShipmentsCreated(wrapList("shipment_success", b))
		return one(ok, err)
	}); err != nil {
		return nil, err
	}

	if doc.Sim != nil {
		for k, v := range doc.Sim.Counters {
			st.counters[k] = v
		}
		st.clockOffset = time.Duration(doc.Sim.ClockOffsetMS) * time.Millisecond
		st.balance = doc.Sim.Balance
		for _, im := range doc.Sim.StockImports {
			if im == nil || im.ID == "" {
				return nil, fmt.Errorf("sim.stock_imports: import without id")
			}
			st.stockImports = append(st.stockImports, im)
		}
		for _, im := range doc.Sim.OfferImports {
			if im == nil || im.ID == 0 {
				return nil, fmt.Errorf("sim.offer_imports: import without id")
			}
			st.offerImports = append(st.offerImports, im)
		}
	} else {
		st.deriveCounters()
	}
	return st, nil
}

// deriveCounters starts numeric id counters past the ids a hand-written
// scenario already uses, and takes the balance from its newest line.
func (st *state) deriveCounters() {
	bump := func(name string, id string, base int64) {
		if n, err := strconv.ParseInt(id, 10, 64); err == nil && n-base > st.counters[name] {
			st.counters[name] = n - base
		}
	}
	for _, o := range st.orders {
		for _, l := range o.Lines {
			for _, r := range l.Refunds {
				bump("refund", r.ID, refundIDBase)
			}
			for _, c := range l.Cancelations {
				bump("cancelation", c.ID, cancelIDBase)
			}
		}
	}
	for _, d := range st.docs {
		bump("invoice", strconv.FormatInt(d.InvoiceID, 10), 0)
	}
	var newest *mirakl.TransactionLine
	for _, t := range st.txns {
		if newest == nil || t.DateCreated.After(newest.DateCreated) {
			newest = t
		}
	}
	if newest != nil {
		st.balance = newest.Balance
	}
}

// State dumps the simulator in the scenario shape plus "observed". Loading
// it restores the simulator exactly (observations excepted).
func (s *Server) State() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	st := s.st
	var doc scenarioDoc
	var err error
	if doc.Orders, err = emitAll(st.orders, func(o *mirakl.Order) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Offers, err = emitAll(st.offers, func(o *mirakl.Offer) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.BillingCycles, err = emitAll(st.cycles, func(o *mirakl.BillingCycle) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Transactions, err = emitAll(st.txns, func(o *mirakl.TransactionLine) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.AccountingDocuments, err = emitAll(st.docs, func(o *mirakl.AccountingDocument) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Returns, err = emitAll(st.returns, func(o *mirakl.Return) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Shipments, err = emitAll(st.shipments, func(o *mirakl.Shipment) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Reasons, err = emitAll(st.reasons, func(o *mirakl.Reason) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	if doc.Carriers, err = emitAll(st.carriers, func(o *mirakl.Carrier) json.RawMessage { return o.Raw }); err != nil {
		return nil, err
	}
	doc.Account = st.account
	doc.PlatformConfiguration = st.platform
	doc.Sim = &simSection{
		Counters:      st.counters,
		ClockOffsetMS: st.clockOffset.Milliseconds(),
		Balance:       st.balance,
		StockImports:  st.stockImports,
		OfferImports:  st.offerImports,
	}
	obs := observedDoc{Calls: s.obs.calls, Throttled: s.obs.throttled, MaxInFlight: s.maxInFlight.Load(), StockImports: []observedStockImport{}}
	for _, im := range st.stockImports {
		oi := observedStockImport{ImportID: im.ID, Lines: []observedStockLine{}}
		for _, l := range im.Lines {
			oi.Lines = append(oi.Lines, observedStockLine{OfferSKU: l.OfferSKU, Quantity: l.Quantity, WarehouseCode: l.WarehouseCode, Error: l.Error})
		}
		obs.StockImports = append(obs.StockImports, oi)
	}
	if doc.Observed, err = json.Marshal(obs); err != nil {
		return nil, err
	}
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	return canonicalJSON(b)
}

// canonicalJSON re-encodes a document with sorted keys and its number
// literals intact, so a dump does not depend on whether an object came from
// a loaded payload or was built by the simulator.
func canonicalJSON(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return json.MarshalIndent(v, "", "  ")
}

func emitAll[T any](items []*T, raw func(*T) json.RawMessage) ([]json.RawMessage, error) {
	return emitEach(items, func(it *T) (json.RawMessage, error) { return emit(it, raw(it)) })
}

// emitEach renders every item with render, stopping at the first failure.
func emitEach[T any](items []*T, render func(*T) (json.RawMessage, error)) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(items))
	for _, it := range items {
		b, err := render(it)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func decodeEach[T any](items []json.RawMessage, what string, dec func([]byte) (T, error)) ([]*T, error) {
	out := make([]*T, 0, len(items))
	for i, it := range items {
		v, err := dec(it)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, i, err)
		}
		out = append(out, &v)
	}
	return out, nil
}

// wrapList puts one object in the envelope its decoder expects.
func wrapList(key string, item []byte) []byte {
	kb, _ := json.Marshal(key)
	return append(append(append(append([]byte("{"), kb...), []byte(":[")...), item...), []byte("]}")...)
}

func isNullJSON(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), []byte("null")) }

// one returns the single element a one-item envelope decoded to.
func one[T any](xs []T, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	if len(xs) != 1 {
		return zero, fmt.Errorf("expected one object, got %d", len(xs))
	}
	return xs[0], nil
}
