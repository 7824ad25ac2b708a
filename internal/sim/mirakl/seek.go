package miraklsim

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// seekToken is the opaque page_token of seek-paged listings. It carries the
// listing's filters (clients send only the token on later pages) and the
// sort key of the item it continues from, so items added meanwhile do not
// shift the pages.
type seekToken struct {
	Query  string    `json:"q"`
	Time   time.Time `json:"t"`
	ID     string    `json:"id"`
	Before bool      `json:"b,omitempty"`
}

func (t seekToken) encode() string {
	b, _ := json.Marshal(t)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeToken(s string) (seekToken, *apiError) {
	var t seekToken
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &t) != nil {
		return t, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : page_token")
	}
	return t, nil
}

// seekRequest is a parsed seek-paged request: the effective filters (from
// the token when there is one), the limit and the position.
type seekRequest struct {
	q     url.Values
	limit int
	tok   *seekToken
}

func parseSeek(r *http.Request, defLimit, maxLimit int) (seekRequest, *apiError) {
	raw := r.URL.Query()
	sr := seekRequest{q: raw}
	var aerr *apiError
	if sr.limit, aerr = intParam(raw, "limit", defLimit, 1, maxLimit); aerr != nil {
		return sr, aerr
	}
	if pt := raw.Get("page_token"); pt != "" {
		t, aerr := decodeToken(pt)
		if aerr != nil {
			return sr, aerr
		}
		q, err := url.ParseQuery(t.Query)
		if err != nil {
			return sr, badRequest("VALIDATION_ERROR", "Invalid value for the parameter : page_token")
		}
		// A sort sent along with the token (as Mirakl's SDK does) is kept.
		if s := raw.Get("sort"); s != "" {
			q.Set("sort", s)
		}
		sr.q, sr.tok = q, &t
	}
	return sr, nil
}

// filterQuery is the part of a query a token must remember.
func filterQuery(q url.Values) string {
	c := url.Values{}
	for k, v := range q {
		if k != "limit" && k != "page_token" && k != "shop_id" {
			c[k] = v
		}
	}
	return c.Encode()
}

// seekPage sorts items by (time, id) in the listing's direction and returns
// the page the request designates with the tokens around it.
func seekPage[T any](items []T, key func(T) (time.Time, string), desc bool, sr seekRequest) (page []T, next, prev string) {
	less := func(a, b T) bool {
		ta, ia := key(a)
		tb, ib := key(b)
		if !ta.Equal(tb) {
			return ta.Before(tb) != desc
		}
		if ia == ib {
			return false
		}
		return (ia < ib) != desc
	}
	sort.SliceStable(items, func(i, j int) bool { return less(items[i], items[j]) })
	after := func(it T, t seekToken) bool { // it comes strictly after the token's item
		ti, ii := key(it)
		if !ti.Equal(t.Time) {
			return ti.After(t.Time) != desc
		}
		if ii == t.ID {
			return false
		}
		return (ii > t.ID) != desc
	}
	start := 0
	if t := sr.tok; t != nil {
		if t.Before {
			// The page ends just before the token's item.
			end := sort.Search(len(items), func(i int) bool {
				ti, ii := key(items[i])
				return after(items[i], *t) || (ti.Equal(t.Time) && ii == t.ID)
			})
			start = max(0, end-sr.limit)
		} else {
			start = sort.Search(len(items), func(i int) bool { return after(items[i], *t) })
		}
	}
	end := min(start+sr.limit, len(items))
	page = items[start:end]
	fq := filterQuery(sr.q)
	if end < len(items) && len(page) > 0 {
		t, id := key(page[len(page)-1])
		next = seekToken{Query: fq, Time: t, ID: id}.encode()
	}
	if start > 0 && len(page) > 0 {
		t, id := key(page[0])
		prev = seekToken{Query: fq, Time: t, ID: id, Before: true}.encode()
	}
	return page, next, prev
}

// writeSeek writes {"data":[...], "next_page_token", "previous_page_token"}.
func writeSeek(w http.ResponseWriter, items []json.RawMessage, next, prev string) {
	extra := map[string]any{}
	if next != "" {
		extra["next_page_token"] = next
	}
	if prev != "" {
		extra["previous_page_token"] = prev
	}
	writeList(w, "data", items, extra, nil)
}

// writeSeekPage writes the page of match that sr designates, ordered by key.
func writeSeekPage[T any](w http.ResponseWriter, match []*T, key func(*T) (time.Time, string), raw func(*T) json.RawMessage, desc bool, sr seekRequest) {
	page, next, prev := seekPage(match, key, desc, sr)
	items, err := emitAll(page, raw)
	if err != nil {
		writeAPIError(w, err)
		return
	}
	writeSeek(w, items, next, prev)
}

// sortParam reads "field", "field,ASC|DESC" or field plus order=asc|desc.
func sortParam(q url.Values, allowed []string, def string, defDesc bool) (string, bool, *apiError) {
	v := q.Get("sort")
	if v == "" {
		v = def
	}
	field, dir, hasDir := strings.Cut(v, ",")
	if !oneOf(field, allowed...) {
		return "", false, badRequest("VALIDATION_ERROR", "Invalid sort field : %s", field)
	}
	desc := defDesc
	if !hasDir {
		dir = q.Get("order")
	}
	switch strings.ToUpper(dir) {
	case "":
	case "ASC":
		desc = false
	case "DESC":
		desc = true
	default:
		return "", false, badRequest("VALIDATION_ERROR", "Invalid sort direction : %s", dir)
	}
	return field, desc, nil
}
