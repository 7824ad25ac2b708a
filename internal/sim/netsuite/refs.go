package netsuitesim

import (
	"encoding/json"
	"strings"
)

// Reference fields by name and the id space they point into. Spaces in
// alwaysChecked are validated on every write (the errors jlsync must
// handle); the others are validated only once the simulator holds records
// of that kind, so bare fixtures need not define subsidiaries or currencies.
var refSpace = map[string]string{
	"entity":      spaceEntity,
	"customer":    spaceEntity,
	"item":        spaceItem,
	"location":    "location",
	"account":     "account",
	"createdFrom": spaceTransaction,
	"doc":         spaceTransaction,
	"shipMethod":  spaceItem,
	"subsidiary":  "subsidiary",
	"currency":    "currency",
	"department":  "department",
	"class":       "classification",
}

var alwaysChecked = map[string]bool{spaceEntity: true, spaceItem: true, "location": true, "account": true, spaceTransaction: true}

// fieldLabel is the field name NetSuite prints in "Invalid Field Value"
// messages.
func fieldLabel(name string) string { return strings.ToLower(name) }

// isSublistValue reports {"items": ...} objects.
func isSublistValue(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, has := m["items"]
	return has
}

// isRefValue reports objects that name another record or an enum value:
// only id, externalId, refName (and links) as members. Records, lines and
// subrecords always carry other fields.
func isRefValue(v any) bool {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return false
	}
	named := false
	for k := range m {
		switch k {
		case "id", "externalId", "refName":
			named = true
		case "links":
		default:
			return false
		}
	}
	return named
}

// normalize cleans a request body in place: read-only "links" go, reference
// ids become strings, and nested subrecords and sublist lines get the same.
func normalize(v any) any {
	switch x := v.(type) {
	case map[string]any:
		delete(x, "links")
		if isRefValue(x) {
			if id, ok := x["id"]; ok {
				switch n := id.(type) {
				case json.Number:
					x["id"] = n.String()
				case string:
				default:
					// Left as is; the reference check reports it.
				}
			}
			return x
		}
		for k, val := range x {
			x[k] = normalize(val)
		}
		return x
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
		return x
	}
	return v
}

// checkRefs resolves and validates the references of a record: known
// fields must point at existing records of the right kind; externalId
// references are turned into ids.
func (s *store) checkRefs(v any, path string) *apiError {
	m, ok := v.(map[string]any)
	if !ok {
		if arr, ok := v.([]any); ok {
			for i, x := range arr {
				if err := s.checkRefs(x, path+"["+itoa(i)+"]"); err != nil {
					return err
				}
			}
		}
		return nil
	}
	for k, val := range m {
		p := joinPath(path, k)
		if isSublistValue(val) {
			items, _ := val.(map[string]any)["items"].([]any)
			if err := s.checkRefs(items, p+".items"); err != nil {
				return err
			}
			continue
		}
		space, isRefField := refSpace[k]
		if !isRefValue(val) || !isRefField {
			if _, sub := val.(map[string]any); sub && !isRefValue(val) {
				if err := s.checkRefs(val, p); err != nil {
					return err
				}
			}
			continue
		}
		if err := s.resolveRef(val.(map[string]any), k, space, p); err != nil {
			return err
		}
	}
	return nil
}

func (s *store) resolveRef(ref map[string]any, field, space, path string) *apiError {
	checked := alwaysChecked[space] || s.spaceHasRecords(space)
	id, hasID := ref["id"]
	idStr, isStr := id.(string)
	if hasID && !isStr {
		return invalidValue(path, fieldLabel(field), id)
	}
	if !hasID {
		eid, _ := ref["externalId"].(string)
		if eid == "" {
			if checked {
				return invalidValue(path, fieldLabel(field), ref["refName"])
			}
			return nil
		}
		idStr = s.findEIDInSpace(space, eid)
		if idStr == "" {
			if checked {
				return invalidValue(path, fieldLabel(field), eid)
			}
			return nil
		}
		ref["id"] = idStr
		delete(ref, "externalId")
	}
	if !checked {
		return nil
	}
	if t, _ := s.findInSpace(space, idStr); t == nil {
		return invalidValue(path, fieldLabel(field), idStr)
	}
	// The name is recomputed on every read; a stale copy would lie.
	delete(ref, "refName")
	delete(ref, "externalId")
	return nil
}

func (s *store) spaceHasRecords(space string) bool {
	for i := range types {
		if types[i].space == space && len(s.recs[types[i].name]) > 0 {
			return true
		}
	}
	return false
}

func joinPath(base, k string) string {
	if base == "" {
		return k
	}
	return base + "." + k
}
