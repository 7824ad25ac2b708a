package netsuitesim

import (
	"encoding/json"
	"iter"
	"sort"
	"strconv"
	"time"
)

// rec is a record as its JSON object, decoded with UseNumber. References
// are stored as {"id": "..."}; sublists as {"items": [...]}.
type rec = map[string]any

type stockKey struct{ item, location string }

// stockLevel is one item at one location. Available is derived: on hand
// minus what open sales orders have committed, never below zero.
type stockLevel struct {
	onHand     int64
	committed  int64
	lastChange time.Time
}

func (s *stockLevel) available() int64 { return max(0, s.onHand-s.committed) }

type store struct {
	recs    map[string]map[string]rec    // type -> id -> record
	eids    map[string]map[string]string // type -> externalId -> id
	seq     map[string]int64             // id space -> last id handed out
	tranSeq map[string]int64             // type -> last generated tranId number
	stock   map[stockKey]*stockLevel
}

func newStore() *store {
	return &store{
		recs:    map[string]map[string]rec{},
		eids:    map[string]map[string]string{},
		seq:     map[string]int64{},
		tranSeq: map[string]int64{},
		stock:   map[stockKey]*stockLevel{},
	}
}

func (s *store) get(typ, id string) rec { return s.recs[typ][id] }

func (s *store) idForEID(typ, eid string) string { return s.eids[typ][eid] }

// findInSpace looks an id up across every type of one id space; item and
// transaction references name the id, not the type.
func (s *store) findInSpace(space, id string) (*typeInfo, rec) {
	for i := range types {
		t := &types[i]
		if t.space != space {
			continue
		}
		if r := s.recs[t.name][id]; r != nil {
			return t, r
		}
	}
	return nil, nil
}

// findEIDInSpace resolves an {"externalId": ...} reference within a space.
func (s *store) findEIDInSpace(space, eid string) string {
	for i := range types {
		t := &types[i]
		if t.space == space {
			if id := s.eids[t.name][eid]; id != "" {
				return id
			}
		}
	}
	return ""
}

func (s *store) nextID(space string) string {
	s.seq[space]++
	return strconv.FormatInt(s.seq[space], 10)
}

// noteID keeps the sequence ahead of ids that arrived from fixtures.
func (s *store) noteID(space, id string) {
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > s.seq[space] {
		s.seq[space] = n
	}
}

func (s *store) nextTranID(t *typeInfo) string {
	s.tranSeq[t.name]++
	return t.tranIDPfx + strconv.FormatInt(1000+s.tranSeq[t.name], 10)
}

// put stores a record and keeps the externalId index in step.
func (s *store) put(t *typeInfo, r rec) {
	id := str(r["id"])
	m := s.recs[t.name]
	if m == nil {
		m = map[string]rec{}
		s.recs[t.name] = m
	}
	if old := m[id]; old != nil {
		if oe := str(old["externalId"]); oe != "" && s.eids[t.name][oe] == id {
			delete(s.eids[t.name], oe)
		}
	}
	m[id] = r
	if e := str(r["externalId"]); e != "" {
		if s.eids[t.name] == nil {
			s.eids[t.name] = map[string]string{}
		}
		s.eids[t.name][e] = id
	}
	s.noteID(t.space, id)
}

func (s *store) remove(t *typeInfo, id string) {
	r := s.recs[t.name][id]
	if r == nil {
		return
	}
	if e := str(r["externalId"]); e != "" {
		delete(s.eids[t.name], e)
	}
	delete(s.recs[t.name], id)
}

// ids returns a type's ids in numeric order, the order NetSuite lists them.
func (s *store) ids(typ string) []string {
	out := make([]string, 0, len(s.recs[typ]))
	for id := range s.recs[typ] {
		out = append(out, id)
	}
	sortIDs(out)
	return out
}

func sortIDs(ids []string) {
	sort.Slice(ids, func(i, j int) bool {
		a, ea := strconv.ParseInt(ids[i], 10, 64)
		b, eb := strconv.ParseInt(ids[j], 10, 64)
		if ea == nil && eb == nil {
			return a < b
		}
		if (ea == nil) != (eb == nil) {
			return ea == nil
		}
		return ids[i] < ids[j]
	})
}

// str reads a JSON string or number as text.
func str(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	}
	return ""
}

// refID reads the id of a stored reference ({"id": "..."}).
func refID(v any) string {
	if m, ok := v.(map[string]any); ok {
		return str(m["id"])
	}
	return ""
}

// lines returns the items of a sublist (nil when absent).
func lines(r rec, sublist string) []any {
	m, ok := r[sublist].(map[string]any)
	if !ok {
		return nil
	}
	items, _ := m["items"].([]any)
	return items
}

// shippedLines yields the object lines of a sublist with their position in
// it, leaving out those marked itemReceive false: a fulfilment can keep such
// lines, but they ship nothing.
func shippedLines(r rec, sublist string) iter.Seq2[int, map[string]any] {
	return func(yield func(int, map[string]any) bool) {
		for i, raw := range lines(r, sublist) {
			l, ok := raw.(map[string]any)
			if !ok {
				continue
			}
			if rc, ok := l["itemReceive"].(bool); ok && !rc {
				continue
			}
			if !yield(i, l) {
				return
			}
		}
	}
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, val := range x {
			m[k] = deepCopy(val)
		}
		return m
	case []any:
		s := make([]any, len(x))
		for i, val := range x {
			s[i] = deepCopy(val)
		}
		return s
	}
	return v
}

func copyRec(r rec) rec {
	if r == nil {
		return nil
	}
	return deepCopy(r).(map[string]any)
}

func sortSlice[T any](s []T, less func(a, b T) bool) {
	sort.Slice(s, func(i, j int) bool { return less(s[i], s[j]) })
}
