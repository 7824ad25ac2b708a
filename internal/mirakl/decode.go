package mirakl

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// rawHolder is implemented by every decoded object that keeps its own JSON.
type rawHolder[T any] interface {
	*T
	setRaw(json.RawMessage)
}

// decodeItems decodes each element of a JSON array of objects into T and
// keeps the element's exact bytes as its Raw.
func decodeItems[T any, PT rawHolder[T]](items []json.RawMessage, what string) ([]T, error) {
	out := make([]T, 0, len(items))
	for i, it := range items {
		v, err := decodeObject[T, PT](it)
		if err != nil {
			return nil, fmt.Errorf("%s %d: %w", what, i, err)
		}
		out = append(out, v)
	}
	return out, nil
}

// decodeObject decodes one JSON object into T and sets its Raw.
func decodeObject[T any, PT rawHolder[T]](raw []byte) (T, error) {
	var v T
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return v, errors.New("not a JSON object")
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return v, err
	}
	PT(&v).setRaw(append(json.RawMessage(nil), raw...))
	return v, nil
}

// offsetEnvelope reads an offset-paged answer: {"<key>":[...],"total_count":n}.
func offsetEnvelope(body []byte, key string) (items []json.RawMessage, total int, hasTotal bool, err error) {
	var env map[string]json.RawMessage
	if err := unmarshalObject(body, &env); err != nil {
		return nil, 0, false, err
	}
	list, ok := env[key]
	if !ok {
		return nil, 0, false, fmt.Errorf("answer has no %q", key)
	}
	if err := unmarshalArray(list, &items); err != nil {
		return nil, 0, false, fmt.Errorf("%s: %w", key, err)
	}
	if tc, ok := env["total_count"]; ok && !isNull(tc) {
		if err := json.Unmarshal(tc, &total); err != nil {
			return nil, 0, false, fmt.Errorf("total_count: %w", err)
		}
		hasTotal = true
	}
	return items, total, hasTotal, nil
}

// seekEnvelope reads a seek-paged answer: {"data":[...],"next_page_token":..}.
func seekEnvelope(body []byte) (items []json.RawMessage, next string, err error) {
	var env struct {
		Data json.RawMessage `json:"data"`
		Next *string         `json:"next_page_token"`
	}
	if err := unmarshalObject(body, &env); err != nil {
		return nil, "", err
	}
	if env.Data == nil {
		return nil, "", errors.New(`answer has no "data"`)
	}
	if err := unmarshalArray(env.Data, &items); err != nil {
		return nil, "", fmt.Errorf("data: %w", err)
	}
	if env.Next != nil {
		next = *env.Next
	}
	return items, next, nil
}

func unmarshalObject(b []byte, v any) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		return errors.New("answer is not a JSON object")
	}
	return json.Unmarshal(b, v)
}

func unmarshalArray(b []byte, v *[]json.RawMessage) error {
	b = bytes.TrimSpace(b)
	if isNull(b) {
		*v = nil
		return nil
	}
	if len(b) == 0 || b[0] != '[' {
		return errors.New("not a JSON array")
	}
	return json.Unmarshal(b, v)
}

func isNull(b []byte) bool { return bytes.Equal(bytes.TrimSpace(b), []byte("null")) }

func decodeErr(op string, err error) error {
	return fmt.Errorf("mirakl %s: decoding answer: %w", op, err)
}

// decodeOffsetPage reads an offset-paged answer into T and its total_count.
func decodeOffsetPage[T any, PT rawHolder[T]](body []byte, key, what string) ([]T, int, error) {
	items, total, _, err := offsetEnvelope(body, key)
	if err != nil {
		return nil, 0, err
	}
	out, err := decodeItems[T, PT](items, what)
	return out, total, err
}

// decodeSeekPage reads a seek-paged answer into T and its next token.
func decodeSeekPage[T any, PT rawHolder[T]](body []byte, what string) ([]T, string, error) {
	items, next, err := seekEnvelope(body)
	if err != nil {
		return nil, "", err
	}
	out, err := decodeItems[T, PT](items, what)
	return out, next, err
}
