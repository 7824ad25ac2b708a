package netsuitesim

// How a write combines with the stored record.
type writeMode int

const (
	modeCreate writeMode = iota
	modePatch            // PATCH: omitted fields stay; keyed lines merge, others append
	modePut              // PUT eid: on an existing record: sublists in the body replace
)

// Fields a client may send but NetSuite computes or owns.
var readOnly = map[string]bool{
	"id": true, "links": true, "createdDate": true, "lastModifiedDate": true,
	"total": true, "subtotal": true, "status": true,
}

var readOnlyLine = map[string]bool{"links": true, "quantityFulfilled": true, "quantityBilled": true}

// keyedSublists are matched line by line on "line"; other sublists append.
var keyedSublists = map[string]bool{"item": true, "line": true}

// merge builds the record to store from the stored one and the request.
// replace names sublists to replace wholesale (?replace=item).
func merge(t *typeInfo, old, body rec, mode writeMode, replace map[string]bool) (rec, *apiError) {
	for k := range body {
		if readOnly[k] {
			delete(body, k)
		}
	}
	stripLineReadOnly(body)
	if mode == modeCreate || old == nil {
		return body, nil
	}
	r := copyRec(old)
	for k, v := range body {
		switch {
		case v == nil:
			delete(r, k)
		case isSublistValue(v) || t.hasSublist(k):
			nl, err := mergeSublist(k, lines(old, k), v, mode, replace[k])
			if err != nil {
				return nil, err
			}
			if nl == nil {
				delete(r, k)
			} else {
				r[k] = map[string]any{"items": nl}
			}
		default:
			r[k] = v
		}
	}
	return r, nil
}

func stripLineReadOnly(body rec) {
	for _, v := range body {
		m, ok := v.(map[string]any)
		if !ok || !isSublistValue(v) {
			continue
		}
		items, _ := m["items"].([]any)
		for _, l := range items {
			if lm, ok := l.(map[string]any); ok {
				for k := range lm {
					if readOnlyLine[k] {
						delete(lm, k)
					}
				}
			}
		}
	}
}

// mergeSublist applies one sublist of a PATCH or PUT to the stored lines.
// A nil result clears the sublist.
func mergeSublist(name string, old []any, v any, mode writeMode, replace bool) ([]any, *apiError) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalidValue(name, name, v)
	}
	items, isList := m["items"].([]any)
	if m["items"] == nil {
		return nil, nil
	}
	if !isList {
		return nil, invalidValue(name+".items", name, m["items"])
	}
	byLine := map[int64]map[string]any{}
	for _, l := range old {
		if lm, ok := l.(map[string]any); ok {
			if n, ok := wholeNumber(lm["line"]); ok {
				byLine[n] = lm
			}
		}
	}
	if mode == modePut || replace {
		return replaceLines(name, old, items, byLine)
	}
	out := make([]any, 0, len(old)+len(items))
	for _, l := range old {
		out = append(out, deepCopy(l))
	}
	for i, l := range items {
		lm, ok := l.(map[string]any)
		if !ok {
			return nil, invalidValue(name+".items["+itoa(i)+"]", name, l)
		}
		n, hasLine := wholeNumber(lm["line"])
		if !keyedSublists[name] || !hasLine {
			out = append(out, lm)
			continue
		}
		if byLine[n] == nil {
			return nil, invalidValue(name+".items["+itoa(i)+"].line", "line", n)
		}
		for j, ol := range out {
			olm := ol.(map[string]any)
			if k, _ := wholeNumber(olm["line"]); k == n {
				for fk, fv := range lm {
					if fv == nil {
						delete(olm, fk)
					} else {
						olm[fk] = fv
					}
				}
				out[j] = olm
			}
		}
	}
	return out, nil
}

// replaceLines swaps the lines for the request's, keeping what NetSuite
// keeps: a line naming its "line" number, or sitting where a line for the
// same item sat, keeps that number and its fulfilled/billed quantities, so
// re-sending the same order does not renumber it. A fulfilled line cannot
// be dropped.
func replaceLines(name string, old, items []any, byLine map[int64]map[string]any) ([]any, *apiError) {
	kept := map[int64]bool{}
	out := make([]any, 0, len(items))
	for i, l := range items {
		lm, ok := l.(map[string]any)
		if !ok {
			return nil, invalidValue(name+".items["+itoa(i)+"]", name, l)
		}
		n, hasLine := wholeNumber(lm["line"])
		if !hasLine && keyedSublists[name] && i < len(old) {
			if om, ok := old[i].(map[string]any); ok && refID(om["item"]) == refID(lm["item"]) {
				if on, ok := wholeNumber(om["line"]); ok && !kept[on] {
					n, hasLine = on, true
					lm["line"] = intNumber(on)
				}
			}
		}
		if hasLine && keyedSublists[name] {
			if ol := byLine[n]; ol != nil && !kept[n] {
				kept[n] = true
				for _, k := range []string{"quantityFulfilled", "quantityBilled"} {
					if v, ok := ol[k]; ok {
						lm[k] = v
					}
				}
			} else if ol == nil {
				return nil, invalidValue(name+".items["+itoa(i)+"].line", "line", n)
			}
		}
		out = append(out, lm)
	}
	for n, ol := range byLine {
		if f, _ := wholeNumber(ol["quantityFulfilled"]); f > 0 && !kept[n] {
			return nil, userError(name, "Line %d has been fulfilled and cannot be removed.", n)
		}
	}
	return out, nil
}
