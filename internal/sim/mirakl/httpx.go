package miraklsim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// apiError is an answer the handlers turn into Mirakl's error body.
type apiError struct {
	status int
	code   string
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func badRequest(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, msg: fmt.Sprintf(format, args...)}
}

func notFound(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, code: code, msg: fmt.Sprintf(format, args...)}
}

func writeError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, mirakl.ErrorBody{Status: status, Message: msg, Code: code})
}

func writeAPIError(w http.ResponseWriter, err error) {
	if ae, ok := err.(*apiError); ok {
		writeError(w, ae.status, ae.code, ae.msg)
		return
	}
	writeError(w, http.StatusInternalServerError, "", err.Error())
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		b, _ = json.Marshal(mirakl.ErrorBody{Status: status, Message: err.Error()})
	}
	writeRawJSON(w, status, b)
}

func writeRawJSON(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// listJSON builds {"<key>":[items...], extra...} without re-encoding items,
// so each keeps its merged raw form.
func listJSON(key string, items []json.RawMessage, extra map[string]any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`{`)
	kb, _ := json.Marshal(key)
	b.Write(kb)
	b.WriteString(`:[`)
	for i, it := range items {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteString(`]`)
	keys := make([]string, 0, len(extra))
	for k := range extra {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		vb, err := json.Marshal(extra[k])
		if err != nil {
			return nil, err
		}
		kb, _ := json.Marshal(k)
		b.WriteByte(',')
		b.Write(kb)
		b.WriteByte(':')
		b.Write(vb)
	}
	b.WriteString(`}`)
	return b.Bytes(), nil
}

// writeList writes listJSON(key, items, extra). beforeWrite, when set, runs
// once the body is built, so an error answer carries none of its headers.
func writeList(w http.ResponseWriter, key string, items []json.RawMessage, extra map[string]any, beforeWrite func()) {
	b, err := listJSON(key, items, extra)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	if beforeWrite != nil {
		beforeWrite()
	}
	writeRawJSON(w, http.StatusOK, b)
}

// decodeBody reads a JSON request body into v, refusing trailing data.
func decodeBody(r *http.Request, v any) *apiError {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 32<<20))
	if err := dec.Decode(v); err != nil {
		return badRequest("VALIDATION_ERROR", "Invalid JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("VALIDATION_ERROR", "Invalid JSON body: trailing data")
	}
	return nil
}

// query helpers -------------------------------------------------------------

// listParam reads a parameter that may be repeated and/or comma-separated.
func listParam(q url.Values, key string) []string {
	var out []string
	for _, v := range q[key] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func timeParam(q url.Values, key string) (time.Time, *apiError) {
	v := strings.TrimSpace(q.Get(key))
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, badRequest("VALIDATION_ERROR", "Invalid date format for the parameter : %s", key)
}

// timeParams reads each of keys with timeParam, in order.
func timeParams(q url.Values, keys ...string) ([]time.Time, *apiError) {
	out := make([]time.Time, len(keys))
	for i, k := range keys {
		t, aerr := timeParam(q, k)
		if aerr != nil {
			return nil, aerr
		}
		out[i] = t
	}
	return out, nil
}

func boolParam(q url.Values, key string) (*bool, *apiError) {
	v := strings.TrimSpace(q.Get(key))
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, badRequest("VALIDATION_ERROR", "Invalid boolean for the parameter : %s", key)
	}
	return &b, nil
}

func intParam(q url.Values, key string, def, min, max int) (int, *apiError) {
	v := strings.TrimSpace(q.Get(key))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < min {
		return 0, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : %s", key)
	}
	if max > 0 && n > max {
		return 0, badRequest("VALIDATION_ERROR", "The maximum value of %d is exceeded for the parameter : %s", max, key)
	}
	return n, nil
}

func capIDs(key string, ids []string) *apiError {
	if len(ids) > mirakl.MaxIDsPerFilter {
		return badRequest("VALIDATION_ERROR", "The limit of %d is exceeded for the parameter : %s", mirakl.MaxIDsPerFilter, key)
	}
	return nil
}

func oneOf(v string, allowed ...string) bool {
	for _, a := range allowed {
		if v == a {
			return true
		}
	}
	return false
}

func inSet(set []string, v string) bool {
	if len(set) == 0 {
		return true
	}
	return oneOf(v, set...)
}
