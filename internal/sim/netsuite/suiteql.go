package netsuitesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
)

// serveSuiteQL answers POST /services/rest/query/v1/suiteql: {"q", "params"}
// with Prefer: transient, paged by limit/offset, values as strings, NULL
// columns left out of each row.
func (s *Server) serveSuiteQL(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		writeAPIError(w, errf(http.StatusMethodNotAllowed, "INVALID_REQUEST", "", "SuiteQL queries are sent with POST."))
		return
	}
	if !strings.Contains(strings.ToLower(r.Header.Get("Prefer")), "transient") {
		writeAPIError(w, errf(http.StatusBadRequest, "INVALID_REQUEST", "", "The request header 'Prefer: transient' is required for SuiteQL queries."))
		return
	}
	limit, offset, perr := paging(r, 1000)
	if perr != nil {
		writeAPIError(w, perr)
		return
	}
	var req struct {
		Q      string            `json:"q"`
		Params []json.RawMessage `json:"params"`
	}
	body, err := readAll(r)
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil || strings.TrimSpace(req.Q) == "" {
		writeAPIError(w, invalidRequest("The request body must be {\"q\": \"<SuiteQL>\", \"params\": [...]}."))
		return
	}
	params, perr := bindParams(req.Params)
	if perr != nil {
		writeAPIError(w, perr)
		return
	}
	s.mu.Lock()
	cols, rows, qerr := s.runQuery(req.Q, params)
	s.mu.Unlock()
	if qerr != nil {
		writeAPIError(w, searchError(qerr))
		return
	}
	end := min(offset+limit, len(rows))
	items := make([]any, 0, max(0, end-offset))
	for _, row := range rows[min(offset, len(rows)):end] {
		item := map[string]any{"links": []any{}}
		for i, v := range row.out {
			if !v.isNull() {
				item[cols[i]] = v.text()
			}
		}
		items = append(items, item)
	}
	self := baseURL(r) + "/query/v1/suiteql"
	writeJSON(w, http.StatusOK, map[string]any{
		"links": pageLinks(self, limit, offset, len(rows)), "count": len(items), "hasMore": end < len(rows),
		"offset": offset, "totalResults": len(rows), "items": items,
	})
}

func readAll(r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(http.MaxBytesReader(nil, r.Body, maxBody))
	return b.Bytes(), err
}

// bindParams accepts strings, numbers, booleans and null as bound values.
func bindParams(raw []json.RawMessage) ([]value, *apiError) {
	out := make([]value, len(raw))
	for i, p := range raw {
		d := json.NewDecoder(bytes.NewReader(p))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, invalidRequest("Parameter %d is not valid JSON.", i+1)
		}
		switch x := v.(type) {
		case string:
			out[i] = strVal(x)
		case json.Number:
			r, ok := parseRat(x.String())
			if !ok {
				return nil, invalidRequest("Parameter %d is not a number SuiteQL accepts.", i+1)
			}
			out[i] = numVal(r)
		case bool:
			out[i] = flagVal(x)
		case nil:
			out[i] = value{}
		default:
			return nil, invalidRequest("Parameter %d must be a string, number or boolean.", i+1)
		}
	}
	return out, nil
}

// runQuery parses and runs a statement; s.mu is held.
func (s *Server) runQuery(q string, params []value) ([]string, []resultRow, error) {
	st, err := parseSQL(q)
	if err != nil {
		return nil, nil, err
	}
	cq, err := compile(st, params, s.st.table)
	if err != nil {
		return nil, nil, err
	}
	rows, err := cq.run()
	if err != nil {
		return nil, nil, err
	}
	return cq.out, rows, nil
}

func searchError(err error) *apiError {
	var se *sqlError
	msg := err.Error()
	if errors.As(err, &se) {
		msg = se.msg
	}
	return errf(http.StatusBadRequest, "USER_ERROR", "", "Invalid search query. Detailed unprocessed description follows. Search error occurred: %s", msg)
}

// Query runs SuiteQL directly (tests and tools) and returns rows as
// SuiteQL would print them, NULL columns omitted.
func (s *Server) Query(q string, params ...string) ([]map[string]string, error) {
	vals := make([]value, len(params))
	for i, p := range params {
		vals[i] = strVal(p)
	}
	s.mu.Lock()
	cols, rows, err := s.runQuery(q, vals)
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	out := make([]map[string]string, len(rows))
	for i, row := range rows {
		m := map[string]string{}
		for j, v := range row.out {
			if !v.isNull() {
				m[cols[j]] = v.text()
			}
		}
		out[i] = m
	}
	return out, nil
}
