package miraklsim

import (
	"bytes"
	"encoding/json"
)

// emit renders v as JSON on top of raw, the form the object arrived in:
// fields v knows replace raw's, fields only raw has (anything Mirakl sent
// that jlsync does not model) stay, so a loaded payload round-trips.
func emit(v any, raw json.RawMessage) (json.RawMessage, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return b, nil
	}
	return mergeJSON(raw, b)
}

// mergeJSON overlays top on base: objects merge key by key, arrays element
// by element (an order's lines keep their index), anything else is replaced.
func mergeJSON(base, top []byte) ([]byte, error) {
	base, top = bytes.TrimSpace(base), bytes.TrimSpace(top)
	switch {
	case len(top) > 0 && top[0] == '{' && len(base) > 0 && base[0] == '{':
		var bm, tm map[string]json.RawMessage
		if err := json.Unmarshal(base, &bm); err != nil {
			return top, nil
		}
		if err := json.Unmarshal(top, &tm); err != nil {
			return nil, err
		}
		for k, tv := range tm {
			if bv, ok := bm[k]; ok {
				mv, err := mergeJSON(bv, tv)
				if err != nil {
					return nil, err
				}
				bm[k] = mv
			} else {
				bm[k] = tv
			}
		}
		return json.Marshal(bm)
	case len(top) > 0 && top[0] == '[' && len(base) > 0 && base[0] == '[':
		var ba, ta []json.RawMessage
		if err := json.Unmarshal(base, &ba); err != nil {
			return top, nil
		}
		if err := json.Unmarshal(top, &ta); err != nil {
			return nil, err
		}
		out := make([]json.RawMessage, len(ta))
		for i, tv := range ta {
			if i < len(ba) {
				mv, err := mergeJSON(ba[i], tv)
				if err != nil {
					return nil, err
				}
				out[i] = mv
			} else {
				out[i] = tv
			}
		}
		return json.Marshal(out)
	default:
		return top, nil
	}
}
