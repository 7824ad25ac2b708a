package netsuitesim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Scenario is the netsuite.json shape: records in REST shape keyed by
// record type, stock per item and location, and (in state dumps) what the
// simulator observed. Loading ignores "observed".
type scenario struct {
	Records   map[string][]json.RawMessage `json:"records"`
	Inventory []inventoryJSON              `json:"inventory"`
	Observed  json.RawMessage              `json:"observed,omitempty"`
}

type inventoryJSON struct {
	Item                        json.RawMessage `json:"item"`
	Location                    json.RawMessage `json:"location"`
	QuantityAvailable           json.Number     `json:"quantityAvailable"`
	QuantityOnHand              json.Number     `json:"quantityOnHand"`
	QuantityCommitted           *json.Number    `json:"quantityCommitted,omitempty"`
	LastQuantityAvailableChange string          `json:"lastQuantityAvailableChange,omitempty"`
}

// Observed is what the simulator saw since it started or last loaded.
type Observed struct {
	Calls       map[string]int64 `json:"calls"`
	Throttled   int64            `json:"throttled"`
	MaxInFlight int              `json:"max_in_flight"`
}

// Load replaces the account's content with a scenario. Records get what
// the API would have given them (line numbers, totals, status, dates), so
// SuiteQL and later writes treat them like API-created ones; references
// are checked once everything is in. The observed counters restart.
func (s *Server) Load(scenarioJSON []byte) error {
	var sc scenario
	d := json.NewDecoder(bytes.NewReader(scenarioJSON))
	d.UseNumber()
	if err := d.Decode(&sc); err != nil {
		return fmt.Errorf("netsuitesim: scenario is not valid JSON: %w", err)
	}
	now := s.now()
	st := newStore()
	var loaded []struct {
		t *typeInfo
		r rec
	}
	typeNames := make([]string, 0, len(sc.Records))
	for k := range sc.Records {
		typeNames = append(typeNames, k)
	}
	sort.Strings(typeNames)
	for _, name := range typeNames {
		t := lookupType(name)
		if t == nil {
			return fmt.Errorf("netsuitesim: unknown record type %q in scenario", name)
		}
		for i, raw := range sc.Records[name] {
			r, aerr := decodeRecord(raw)
			if aerr != nil {
				return fmt.Errorf("netsuitesim: %s[%d]: %s", name, i, aerr.detail)
			}
			id := str(r["id"])
			if _, isNum := r["id"].(json.Number); !isNum && r["id"] != nil && id == "" {
				return fmt.Errorf("netsuitesim: %s[%d]: id must be a string or number", name, i)
			}
			if id != "" {
				r["id"] = id
				if _, other := st.findInSpace(t.space, id); other != nil {
					return fmt.Errorf("netsuitesim: %s[%d]: id %s is used twice in its id space", name, i, id)
				}
			}
			if e := str(r["externalId"]); e != "" && !externalIDRe.MatchString(e) {
				return fmt.Errorf("netsuitesim: %s[%d]: externalId %q has characters NetSuite refuses", name, i, e)
			}
			if id != "" {
				if err := st.putUnique(t, r); err != nil {
					return fmt.Errorf("netsuitesim: %s[%d]: %w", name, i, err)
				}
			}
			loaded = append(loaded, struct {
				t *typeInfo
				r rec
			}{t, r})
		}
	}
	// Records without an id are numbered after every fixed id is known.
	for _, l := range loaded {
		if str(l.r["id"]) == "" {
			l.r["id"] = st.nextID(l.t.space)
			if err := st.putUnique(l.t, l.r); err != nil {
				return fmt.Errorf("netsuitesim: %s: %w", l.t.name, err)
			}
		}
	}
	for _, l := range loaded {
		st.noteTranID(l.t, str(l.r["tranId"]))
	}
	for _, l := range loaded {
		if err := st.complete(l.t, l.r, now); err != nil {
			return fmt.Errorf("netsuitesim: %s %s: %s", l.t.name, str(l.r["id"]), err.detail)
		}
	}
	for _, l := range loaded {
		if err := st.checkRefs(l.r, ""); err != nil {
			return fmt.Errorf("netsuitesim: %s %s: %s (at %s)", l.t.name, str(l.r["id"]), err.detail, err.path)
		}
	}
	for i, inv := range sc.Inventory {
		if err := st.loadStock(inv, now); err != nil {
			return fmt.Errorf("netsuitesim: inventory[%d]: %w", i, err)
		}
	}
	s.mu.Lock()
	s.st = st
	s.calls = map[string]int64{}
	s.throttled = 0
	s.maxInFlight = s.inFlight
	s.mu.Unlock()
	return nil
}

// putUnique stores a loaded record, refusing a repeated externalId.
func (st *store) putUnique(t *typeInfo, r rec) error {
	if e := str(r["externalId"]); e != "" && st.idForEID(t.name, e) != "" {
		return fmt.Errorf("externalId %q is used twice", e)
	}
	st.put(t, r)
	return nil
}

// noteTranID keeps generated tranIds clear of loaded ones.
func (st *store) noteTranID(t *typeInfo, tranID string) {
	if t.tranIDPfx == "" || !strings.HasPrefix(tranID, t.tranIDPfx) {
		return
	}
	if n, err := strconv.ParseInt(tranID[len(t.tranIDPfx):], 10, 64); err == nil && n-1000 > st.tranSeq[t.name] {
		st.tranSeq[t.name] = n - 1000
	}
}

// complete fills the fields NetSuite would have computed for a loaded
// record, leaving every field the fixture gave alone.
func (st *store) complete(t *typeInfo, r rec, now time.Time) *apiError {
	ts := now.UTC().Format(time.RFC3339)
	setDefault(r, "createdDate", ts)
	setDefault(r, "lastModifiedDate", ts)
	if !t.isTransaction() {
		if t.isItem() || t.name == "customer" || t.name == "location" || t.name == "account" {
			setDefault(r, "isInactive", false)
		}
		return nil
	}
	setDefault(r, "tranDate", now.UTC().Format("2006-01-02"))
	if str(r["tranId"]) == "" {
		r["tranId"] = st.nextTranID(t)
	}
	sub := "item"
	if t.name == "journalEntry" {
		sub = "line"
	}
	next := int64(0)
	for _, raw := range lines(r, sub) {
		if l, ok := raw.(map[string]any); ok {
			if n, ok := wholeNumber(l["line"]); ok && n > next {
				next = n
			}
		}
	}
	for _, raw := range lines(r, sub) {
		if l, ok := raw.(map[string]any); ok {
			if _, ok := wholeNumber(l["line"]); !ok {
				next++
				l["line"] = intNumber(next)
			}
		}
	}
	switch t.name {
	case "salesOrder", "invoice", "creditMemo", "returnAuthorization":
		if _, ok := r["total"]; !ok {
			for i, raw := range lines(r, "item") {
				if l, ok := raw.(map[string]any); ok {
					if err := st.priceLine(l, "item.items["+itoa(i)+"]"); err != nil {
						return err
					}
				}
			}
			st.totals(r)
		}
		if _, ok := r["status"]; !ok && (t.name == "salesOrder" || t.name == "returnAuthorization") {
			st.orderStatus(r)
		}
	case "itemFulfillment":
		setDefault(r, "shipStatus", map[string]any{"id": "C"})
	}
	return nil
}

func (st *store) loadStock(inv inventoryJSON, now time.Time) error {
	item, loc := rawID(inv.Item), rawID(inv.Location)
	if t, _ := st.findInSpace(spaceItem, item); t == nil {
		return fmt.Errorf("unknown item %q", item)
	}
	if st.get("location", loc) == nil {
		return fmt.Errorf("unknown location %q", loc)
	}
	avail, ok1 := wholeNumber(inv.QuantityAvailable)
	onHand, ok2 := wholeNumber(inv.QuantityOnHand)
	if inv.QuantityOnHand == "" {
		onHand, ok2 = avail, ok1
	}
	if !ok1 || !ok2 {
		return fmt.Errorf("quantities must be whole numbers")
	}
	lv := st.level(stockKey{item, loc})
	lv.onHand = onHand
	lv.committed = max(0, onHand-avail)
	if inv.QuantityCommitted != nil {
		c, ok := wholeNumber(*inv.QuantityCommitted)
		if !ok || c < 0 {
			return fmt.Errorf("quantityCommitted must be a whole number")
		}
		lv.committed = c
	}
	lv.lastChange = now
	if inv.LastQuantityAvailableChange != "" {
		t, err := time.Parse(time.RFC3339, inv.LastQuantityAvailableChange)
		if err != nil {
			return fmt.Errorf("lastQuantityAvailableChange: %w", err)
		}
		lv.lastChange = t
	}
	return nil
}

// rawID reads an id given as a string, a number or {"id": ...}.
func rawID(raw json.RawMessage) string {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return ""
	}
	if m, ok := v.(map[string]any); ok {
		return str(m["id"])
	}
	return str(v)
}

// State dumps the account in the scenario shape plus "observed"; loading
// it restores the records and stock exactly.
func (s *Server) State() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{}
	records := map[string]any{}
	for i := range types {
		t := &types[i]
		ids := s.st.ids(t.name)
		if len(ids) == 0 {
			continue
		}
		list := make([]any, 0, len(ids))
		for _, id := range ids {
			list = append(list, s.st.get(t.name, id))
		}
		records[t.name] = list
	}
	out["records"] = records
	inv := []any{}
	for _, k := range s.st.stockKeys() {
		lv := s.st.stock[k]
		e := map[string]any{
			"item": k.item, "location": k.location, "quantityAvailable": lv.available(),
			"quantityOnHand": lv.onHand, "quantityCommitted": lv.committed,
		}
		if !lv.lastChange.IsZero() {
			e["lastQuantityAvailableChange"] = lv.lastChange.UTC().Format(time.RFC3339Nano)
		}
		inv = append(inv, e)
	}
	out["inventory"] = inv
	out["observed"] = s.observedLocked()
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("netsuitesim: encoding state: %w", err)
	}
	return b, nil
}

// Observed returns the call counters.
func (s *Server) Observed() Observed {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.observedLocked()
}

func (s *Server) observedLocked() Observed {
	calls := make(map[string]int64, len(s.calls))
	for k, v := range s.calls {
		calls[k] = v
	}
	return Observed{Calls: calls, Throttled: s.throttled, MaxInFlight: s.maxInFlight}
}

// Records returns copies of a type's records in stored form, by id.
func (s *Server) Records(recordType string) []map[string]any {
	t := lookupType(recordType)
	if t == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, id := range s.st.ids(t.name) {
		out = append(out, copyRec(s.st.get(t.name, id)))
	}
	return out
}
