package mirakl

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxPages stops a listing whose server keeps answering "more" forever.
const maxPages = 100_000

// listOffset walks an offset-paged listing (max/offset) to its end, handing
// each page's raw items to each. It follows the Link rel="next" header when
// Mirakl sends one on the same host, else advances the offset while
// total_count says more remain.
func (c *Client) listOffset(ctx context.Context, op, path string, q url.Values, pageSize int, key string, each func([]json.RawMessage) error) error {
	if pageSize <= 0 || pageSize > MaxOffsetPageSize {
		pageSize = MaxOffsetPageSize
	}
	q = cloneValues(q)
	q.Set("max", strconv.Itoa(pageSize))
	offset := 0
	var next *url.URL
	for page := 0; page < maxPages; page++ {
		r := &request{op: op, method: http.MethodGet, path: path, idempotent: true, followUp: page > 0}
		if next != nil {
			r.nextURL = next
		} else {
			q.Set("offset", strconv.Itoa(offset))
			r.query = q
		}
		resp, err := c.do(ctx, r)
		if err != nil {
			return err
		}
		items, total, hasTotal, err := offsetEnvelope(resp.body, key)
		if err != nil {
			return decodeErr(op, err)
		}
		if err := each(items); err != nil {
			return err
		}
		if len(items) == 0 {
			return nil
		}
		offset = pageOffset(resp.url, offset) + len(items)
		next = c.sameHostNext(resp)
		if next != nil {
			continue
		}
		switch {
		case hasTotal && offset < total:
		case !hasTotal && len(items) >= pageSize:
		default:
			return nil
		}
	}
	return fmt.Errorf("mirakl %s: more than %d pages", op, maxPages)
}

// pageOffset reads the offset a page was asked for (a Link URL carries its own).
func pageOffset(u *url.URL, fallback int) int {
	if u == nil {
		return fallback
	}
	if n, err := strconv.Atoi(u.Query().Get("offset")); err == nil && n >= 0 {
		return n
	}
	return fallback
}

// sameHostNext returns the rel="next" link when it points at the configured
// instance; a link elsewhere is ignored so the API key never leaves it.
func (c *Client) sameHostNext(resp *response) *url.URL {
	link := resp.header.Values("Link")
	if len(link) == 0 {
		return nil
	}
	raw := linkNext(strings.Join(link, ","))
	if raw == "" {
		return nil
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return nil
	}
	u := resp.url.ResolveReference(ref)
	if u.Scheme != c.base.Scheme || u.Host != c.base.Host || !strings.HasPrefix(u.Path, c.base.Path+"/api/") {
		return nil
	}
	if u.String() == resp.url.String() {
		return nil
	}
	return u
}

// linkNext extracts the target of rel="next" from an RFC 8288 Link value.
func linkNext(h string) string {
	for len(h) > 0 {
		h = strings.TrimLeft(h, " ,")
		if !strings.HasPrefix(h, "<") {
			return ""
		}
		end := strings.IndexByte(h, '>')
		if end < 0 {
			return ""
		}
		target := h[1:end]
		rest := h[end+1:]
		// Parameters run until the next link (a comma outside quotes).
		cut := len(rest)
		inQuote := false
		for i := 0; i < len(rest); i++ {
			switch rest[i] {
			case '"':
				inQuote = !inQuote
			case ',':
				if !inQuote {
					cut = i
					i = len(rest)
				}
			}
		}
		params := rest[:cut]
		h = rest[cut:]
		for _, p := range strings.Split(params, ";") {
			k, v, ok := strings.Cut(strings.TrimSpace(p), "=")
			if !ok || !strings.EqualFold(strings.TrimSpace(k), "rel") {
				continue
			}
			for _, rel := range strings.Fields(strings.Trim(strings.TrimSpace(v), `"`)) {
				if strings.EqualFold(rel, "next") {
					return target
				}
			}
		}
	}
	return ""
}

// listSeek walks a seek-paged listing (limit/page_token) to its end. Per
// SeekResendsFilters, follow-up pages carry only the token and the limit.
func (c *Client) listSeek(ctx context.Context, op, path string, q url.Values, limit int, each func([]json.RawMessage) error) error {
	q = cloneValues(q)
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	seen := map[string]bool{}
	for page := 0; page < maxPages; page++ {
		resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, path: path, query: q, idempotent: true, followUp: page > 0})
		if err != nil {
			return err
		}
		items, next, err := seekEnvelope(resp.body)
		if err != nil {
			return decodeErr(op, err)
		}
		if err := each(items); err != nil {
			return err
		}
		if next == "" {
			return nil
		}
		if seen[next] {
			return fmt.Errorf("mirakl %s: page token repeated", op)
		}
		seen[next] = true
		if !SeekResendsFilters {
			nq := url.Values{}
			if limit > 0 {
				nq.Set("limit", strconv.Itoa(limit))
			}
			q = nq
		}
		q.Set("page_token", next)
	}
	return fmt.Errorf("mirakl %s: more than %d pages", op, maxPages)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// collect returns a page handler for listOffset/listSeek that decodes each
// item into T and appends it to out.
func collect[T any, PT rawHolder[T]](op, what string, out *[]T) func([]json.RawMessage) error {
	return func(items []json.RawMessage) error {
		vs, err := decodeItems[T, PT](items, what)
		if err != nil {
			return decodeErr(op, err)
		}
		*out = append(*out, vs...)
		return nil
	}
}
