package netsuitesim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
)

const maxBody = 10 << 20

// serveRecord handles /services/rest/record/v1/<type>[/<id>[/...]].
func (s *Server) serveRecord(w http.ResponseWriter, r *http.Request, rest string) {
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	t := lookupType(segs[0])
	if t == nil {
		writeAPIError(w, errf(http.StatusNotFound, "INVALID_REQUEST", "", "Record type '%s' does not exist.", segs[0]))
		return
	}
	base := baseURL(r)
	var err *apiError
	switch {
	case len(segs) == 1 && r.Method == http.MethodGet:
		err = s.list(w, r, base, t)
	case len(segs) == 1 && r.Method == http.MethodPost:
		err = s.httpCreate(w, r, base, t)
	case len(segs) == 2 && r.Method == http.MethodGet:
		err = s.httpGet(w, r, base, t, segs[1])
	case len(segs) == 2 && (r.Method == http.MethodPatch || r.Method == http.MethodPut):
		err = s.httpUpdate(w, r, base, t, segs[1])
	case len(segs) == 2 && r.Method == http.MethodDelete:
		err = s.httpDelete(w, t, segs[1])
	case len(segs) == 3 && r.Method == http.MethodGet:
		err = s.httpSublist(w, base, t, segs[1], segs[2])
	case len(segs) == 4 && segs[2] == "!transform" && r.Method == http.MethodPost:
		err = s.httpTransform(w, r, base, t, segs[1], segs[3])
	default:
		err = errf(http.StatusMethodNotAllowed, "INVALID_REQUEST", "", "%s is not supported on this path.", r.Method)
	}
	if err != nil {
		writeAPIError(w, err)
	}
}

func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + restPrefix
}

// readBody decodes a JSON object body with exact numbers.
func readBody(r *http.Request) (rec, *apiError) {
	b, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, invalidRequest("Cannot read the request body.")
	}
	if len(b) > maxBody {
		return nil, errf(http.StatusRequestEntityTooLarge, "INVALID_REQUEST", "", "The request body is too large.")
	}
	return decodeRecord(b)
}

func decodeRecord(b []byte) (rec, *apiError) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, invalidRequest("Invalid JSON in the request body: %s", shortErr(err))
	}
	if _, err := d.Token(); !errors.Is(err, io.EOF) {
		return nil, invalidRequest("Invalid JSON in the request body: trailing data")
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, invalidRequest("The request body must be a JSON object.")
	}
	return normalize(m).(map[string]any), nil
}

func shortErr(err error) string {
	s := err.Error()
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// resolveID turns "123" or "eid:ABC" into an internal id ("" if unknown).
func (s *Server) resolveID(t *typeInfo, key string) string {
	if e, ok := strings.CutPrefix(key, "eid:"); ok {
		return s.st.idForEID(t.name, e)
	}
	if s.st.get(t.name, key) == nil {
		return ""
	}
	return key
}

func (s *Server) httpGet(w http.ResponseWriter, r *http.Request, base string, t *typeInfo, key string) *apiError {
	expand := strings.EqualFold(r.URL.Query().Get("expandSubResources"), "true")
	s.mu.Lock()
	id := s.resolveID(t, key)
	if id == "" {
		s.mu.Unlock()
		return notFound()
	}
	out := s.render(base, t, s.st.get(t.name, id), expand)
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) httpSublist(w http.ResponseWriter, base string, t *typeInfo, key, sub string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.resolveID(t, key)
	if id == "" {
		return notFound()
	}
	rd := s.st.get(t.name, id)
	if _, ok := rd[sub]; !ok && !t.hasSublist(sub) {
		return invalidRequest("Invalid sublist '%s'.", sub)
	}
	href := base + "/record/v1/" + t.name + "/" + id + "/" + sub
	writeJSON(w, http.StatusOK, s.renderSublist(base, href, t, lines(rd, sub)))
	return nil
}

// list answers a collection GET with ids and links only, as NetSuite does.
func (s *Server) list(w http.ResponseWriter, r *http.Request, base string, t *typeInfo) *apiError {
	if r.URL.Query().Get("q") != "" {
		return invalidRequest("The simulator does not support collection filters (q); use SuiteQL.")
	}
	limit, offset, err := paging(r, 1000)
	if err != nil {
		return err
	}
	s.mu.Lock()
	ids := s.st.ids(t.name)
	s.mu.Unlock()
	end := min(offset+limit, len(ids))
	items := []any{}
	for _, id := range ids[min(offset, len(ids)):end] {
		items = append(items, map[string]any{"links": []any{link("self", base+"/record/v1/"+t.name+"/"+id)}, "id": id})
	}
	self := base + "/record/v1/" + t.name
	writeJSON(w, http.StatusOK, map[string]any{
		"links": pageLinks(self, limit, offset, len(ids)), "count": len(items),
		"hasMore": end < len(ids), "offset": offset, "totalResults": len(ids), "items": items,
	})
	return nil
}

// paging reads limit/offset; NetSuite requires offset to be a multiple of
// limit.
func paging(r *http.Request, max int) (int, int, *apiError) {
	q := r.URL.Query()
	limit, offset := max, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > max {
			return 0, 0, errf(http.StatusBadRequest, "INVALID_PARAMETER", "", "The limit query parameter must be between 1 and %d.", max)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, errf(http.StatusBadRequest, "INVALID_PARAMETER", "", "The offset query parameter must be a non-negative number.")
		}
		offset = n
	}
	if offset%limit != 0 {
		return 0, 0, errf(http.StatusBadRequest, "INVALID_PARAMETER", "", "The offset must be a multiple of the limit.")
	}
	return limit, offset, nil
}

func pageLinks(self string, limit, offset, total int) []any {
	q := func(o int) string { return self + "?limit=" + strconv.Itoa(limit) + "&offset=" + strconv.Itoa(o) }
	out := []any{link("self", q(offset)), link("first", q(0))}
	if offset > 0 {
		out = append(out, link("prev", q(max(0, offset-limit))))
	}
	if offset+limit < total {
		out = append(out, link("next", q(offset+limit)))
	}
	last := 0
	if total > 0 {
		last = (total - 1) / limit * limit
	}
	return append(out, link("last", q(last)))
}

// writeLocation answers a create, upsert or transform as NetSuite does: an
// empty 204 whose Location header is the only place the new id is given.
func writeLocation(w http.ResponseWriter, base, typeName, id string) {
	w.Header().Set("Location", base+"/record/v1/"+typeName+"/"+id)
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) httpCreate(w http.ResponseWriter, r *http.Request, base string, t *typeInfo) *apiError {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	if t.name == "itemFulfillment" {
		return invalidRequest("An item fulfillment is created by transforming its sales order (POST salesOrder/{id}/!transform/itemFulfillment).")
	}
	s.mu.Lock()
	id, err := s.createLocked(t, body)
	s.mu.Unlock()
	if err != nil {
		return err
	}
	writeLocation(w, base, t.name, id)
	return nil
}

func (s *Server) httpUpdate(w http.ResponseWriter, r *http.Request, base string, t *typeInfo, key string) *apiError {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	replace := map[string]bool{}
	for _, v := range strings.Split(r.URL.Query().Get("replace"), ",") {
		if v = strings.TrimSpace(v); v != "" {
			replace[v] = true
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.resolveID(t, key)
	if r.Method == http.MethodPut {
		eid, ok := strings.CutPrefix(key, "eid:")
		if !ok {
			return invalidRequest("PUT is only supported with an external ID: use %s/eid:<externalId>.", t.name)
		}
		if !externalIDRe.MatchString(eid) {
			return invalidValue("externalId", "externalid", eid)
		}
		if be, has := body["externalId"]; has && be != eid {
			return invalidValue("externalId", "externalid", be)
		}
		body["externalId"] = eid
		if id == "" {
			if t.name == "itemFulfillment" {
				return invalidRequest("An item fulfillment is created by transforming its sales order.")
			}
			nid, err := s.createLocked(t, body)
			if err != nil {
				return err
			}
			id = nid
		} else if err := s.updateLocked(t, id, body, modePut, replace); err != nil {
			return err
		}
	} else {
		if id == "" {
			return notFound()
		}
		if err := s.updateLocked(t, id, body, modePatch, replace); err != nil {
			return err
		}
	}
	writeLocation(w, base, t.name, id)
	return nil
}

func (s *Server) httpDelete(w http.ResponseWriter, t *typeInfo, key string) *apiError {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.resolveID(t, key)
	if id == "" {
		return notFound()
	}
	if err := s.deleteLocked(t, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) httpTransform(w http.ResponseWriter, r *http.Request, base string, src *typeInfo, key, target string) *apiError {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	dst := lookupType(target)
	if dst == nil {
		return errf(http.StatusNotFound, "INVALID_REQUEST", "", "Record type '%s' does not exist.", target)
	}
	s.mu.Lock()
	id := s.resolveID(src, key)
	var nid string
	if id == "" {
		err = notFound()
	} else {
		nid, err = s.transformLocked(src, id, dst, body)
	}
	s.mu.Unlock()
	if err != nil {
		return err
	}
	writeLocation(w, base, dst.name, nid)
	return nil
}

// createLocked validates and stores a new record; s.mu is held.
func (s *Server) createLocked(t *typeInfo, body rec) (string, *apiError) {
	r, err := merge(t, nil, body, modeCreate, nil)
	if err != nil {
		return "", err
	}
	r["id"] = strconv.FormatInt(s.st.seq[t.space]+1, 10)
	if err := s.st.finish(t, r, nil, s.now()); err != nil {
		return "", err
	}
	s.commitLocked(t, nil, r)
	return str(r["id"]), nil
}

func (s *Server) updateLocked(t *typeInfo, id string, body rec, mode writeMode, replace map[string]bool) *apiError {
	old := s.st.get(t.name, id)
	r, err := merge(t, old, body, mode, replace)
	if err != nil {
		return err
	}
	r["id"] = id
	if err := s.st.finish(t, r, old, s.now()); err != nil {
		return err
	}
	s.commitLocked(t, old, r)
	return nil
}

func (s *Server) deleteLocked(t *typeInfo, id string) *apiError {
	if t.isTransaction() && s.st.hasDependents(id) {
		return userError("", "This record cannot be deleted because it has dependent records.")
	}
	old := s.st.get(t.name, id)
	s.st.applyStock(t, old, nil, s.now())
	s.st.remove(t, id)
	if t.name == "itemFulfillment" {
		s.syncFulfilledLocked(refID(old["createdFrom"]))
	}
	return nil
}

// commitLocked stores a validated record and keeps what depends on it in
// step: stock levels, and the source order of a fulfilment.
func (s *Server) commitLocked(t *typeInfo, old, r rec) {
	s.st.applyStock(t, old, r, s.now())
	s.st.put(t, r)
	if t.name == "itemFulfillment" {
		s.syncFulfilledLocked(refID(r["createdFrom"]))
		if old != nil && refID(old["createdFrom"]) != refID(r["createdFrom"]) {
			s.syncFulfilledLocked(refID(old["createdFrom"]))
		}
	}
}
