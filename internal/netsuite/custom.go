package netsuite

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Custom fields (custbody_* on the header, custcol_* on lines) are plain
// members of the record JSON, but their names differ per account, so the
// record structs keep them in maps and these helpers merge them in and out.
//
// CustomFields hold text-like values (free-form text, numbers, dates) and
// are sent as JSON strings; CustomRefs hold list/record fields and are sent
// as {"id": ...}. On read, objects land in CustomRefs, scalars in
// CustomFields (numbers and booleans as their literal text).

func marshalCustom(std []byte, fields map[string]string, refs map[string]*Ref, prefixes ...string) ([]byte, error) {
	if len(fields) == 0 && len(refs) == 0 {
		return std, nil
	}
	extra := make(map[string]json.RawMessage, len(fields)+len(refs))
	for k, v := range fields {
		if err := checkCustomName(k, prefixes); err != nil {
			return nil, err
		}
		b, _ := json.Marshal(v)
		extra[k] = b
	}
	for k, v := range refs {
		if err := checkCustomName(k, prefixes); err != nil {
			return nil, err
		}
		if _, dup := extra[k]; dup {
			return nil, fmt.Errorf("netsuite: custom field %q is set both as text and as a reference", k)
		}
		if v == nil {
			extra[k] = json.RawMessage("null")
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		extra[k] = b
	}
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	std = bytes.TrimSpace(std)
	if len(std) < 2 || std[0] != '{' || std[len(std)-1] != '}' {
		return nil, fmt.Errorf("netsuite: record did not encode as a JSON object")
	}
	var b bytes.Buffer
	b.Write(std[:len(std)-1])
	first := len(bytes.TrimSpace(std[1:len(std)-1])) == 0
	for _, k := range keys {
		if !first {
			b.WriteByte(',')
		}
		first = false
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		b.Write(extra[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func checkCustomName(k string, prefixes []string) error {
	ok := false
	for _, p := range prefixes {
		if strings.HasPrefix(k, p) && len(k) > len(p) {
			ok = true
		}
	}
	if !ok {
		return fmt.Errorf("netsuite: custom field %q must start with %s", k, strings.Join(prefixes, " or "))
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("netsuite: custom field name %q has a character other than letters, digits and '_'", k)
		}
	}
	return nil
}

// unmarshalCustom extracts custom members from a record's JSON.
func unmarshalCustom(b []byte, prefixes ...string) (map[string]string, map[string]*Ref, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, nil, err
	}
	var fields map[string]string
	var refs map[string]*Ref
	for k, v := range m {
		if checkCustomName(k, prefixes) != nil {
			continue
		}
		v = bytes.TrimSpace(v)
		if len(v) > 0 && v[0] == '{' {
			var r Ref
			if err := json.Unmarshal(v, &r); err != nil {
				return nil, nil, fmt.Errorf("custom field %s: %w", k, err)
			}
			if refs == nil {
				refs = map[string]*Ref{}
			}
			refs[k] = &r
			continue
		}
		s, ok, err := scalarText(v)
		if err != nil {
			return nil, nil, fmt.Errorf("custom field %s: %w", k, err)
		}
		if !ok {
			continue
		}
		if len(v) > 0 && (v[0] == 't' || v[0] == 'f') {
			s = string(v) // keep true/false, not SuiteQL's T/F
		}
		if fields == nil {
			fields = map[string]string{}
		}
		fields[k] = s
	}
	return fields, refs, nil
}

const (
	bodyPrefix = "custbody"
	linePrefix = "custcol"
)

// Record types marshal through a method-free copy of themselves (W below),
// so encoding/json does not recurse into their MarshalJSON, and then merge
// custom fields. Go generics cannot reach struct fields, hence custom().
type customRecord[W any] interface {
	*W
	custom() (*map[string]string, *map[string]*Ref)
}

func marshalRecord[W any, P customRecord[W]](w W, prefix string) ([]byte, error) {
	b, err := json.Marshal(w)
	if err != nil {
		return nil, err
	}
	f, r := P(&w).custom()
	return marshalCustom(b, *f, *r, prefix)
}

// unmarshalRecord decodes into a fresh value and only then replaces *dst,
// so fields absent from b do not keep stale values and a failed decode
// leaves *dst alone.
func unmarshalRecord[W any, P customRecord[W]](b []byte, dst P, prefix string) error {
	var w W
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if err := readCustom(b, P(&w), prefix); err != nil {
		return err
	}
	*dst = w
	return nil
}

func readCustom[W any, P customRecord[W]](b []byte, w P, prefix string) error {
	f, r, err := unmarshalCustom(b, prefix)
	if err != nil {
		return err
	}
	cf, cr := w.custom()
	*cf, *cr = f, r
	return nil
}

type salesOrderJSON SalesOrder

func (w *salesOrderJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the record with custom fields merged in.
func (s SalesOrder) MarshalJSON() ([]byte, error) {
	return marshalRecord(salesOrderJSON(s), bodyPrefix)
}

// UnmarshalJSON reads the record and its custbody_* fields.
func (s *SalesOrder) UnmarshalJSON(b []byte) error {
	return unmarshalRecord(b, (*salesOrderJSON)(s), bodyPrefix)
}

type salesOrderItemJSON SalesOrderItem

func (w *salesOrderItemJSON) custom() (*map[string]string, *map[string]*Ref) {
	return &w.CustomFields, &w.CustomRefs
}

// MarshalJSON writes the line with custom column fields merged in.
func (s SalesOrderItem) MarshalJSON() ([]byte, error) {
	return marshalRecord(salesOrderItemJSON(s), linePrefix)
}

// UnmarshalJSON reads the line and its custcol_* fields. Quantities are
// read leniently because NetSuite may print them as 2.0.
func (s *SalesOrderItem) UnmarshalJSON(b []byte) error {
	var w struct {
		salesOrderItemJSON
		Quantity          Quantity `json:"quantity"`
		QuantityFulfilled Quantity `json:"quantityFulfilled"`
		QuantityBilled    Quantity `json:"quantityBilled"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	v := w.salesOrderItemJSON
	v.Quantity, v.QuantityFulfilled, v.QuantityBilled = int(w.Quantity), int(w.QuantityFulfilled), int(w.QuantityBilled)
	if err := readCustom(b, &v, linePrefix); err != nil {
		return err
	}
	*s = SalesOrderItem(v)
	return nil
}
