package netsuite

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// maxSuiteQLRows is NetSuite's ceiling for one query through REST; past it
// the query must be narrowed (or moved to SuiteAnalytics Connect).
const maxSuiteQLRows = 100_000

// Row is one SuiteQL result row. SuiteQL returns every value as a string
// and leaves NULL columns out, so a missing key means NULL. Keys are the
// lower-cased column names or aliases.
type Row map[string]string

// Get returns the column's text ("" for NULL).
func (r Row) Get(col string) string { return r[strings.ToLower(col)] }

// Has reports whether the column is non-NULL.
func (r Row) Has(col string) bool { _, ok := r[strings.ToLower(col)]; return ok }

// Int reads a whole number; NULL reads as 0. Quantities can come back as
// "3.0", which is accepted; a real fraction is an error.
func (r Row) Int(col string) (int64, error) {
	s, ok := r[strings.ToLower(col)]
	if !ok || s == "" {
		return 0, nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	whole, frac, found := strings.Cut(s, ".")
	if found && strings.Trim(frac, "0") == "" {
		if n, err := strconv.ParseInt(whole, 10, 64); err == nil {
			return n, nil
		}
	}
	return 0, fmt.Errorf("netsuite: column %s: %q is not a whole number", col, s)
}

// Quantity reads a count that may be fractional (units of measure) and
// rounds it towards zero: never promise stock that is only partly there.
func (r Row) Quantity(col string) (int, error) {
	s, ok := r[strings.ToLower(col)]
	if !ok || s == "" {
		return 0, nil
	}
	neg := strings.HasPrefix(s, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(s, "-"), ".")
	if whole == "" {
		whole = "0"
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("netsuite: column %s: %q is not a quantity", col, s)
			}
		}
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || n > math.MaxInt32 {
		return 0, fmt.Errorf("netsuite: column %s: %q is out of range", col, s)
	}
	if neg {
		n = -n
	}
	return int(n), nil
}

// Amount reads a money column exactly.
func (r Row) Amount(col string) (money.Amount, error) {
	s, ok := r[strings.ToLower(col)]
	if !ok || s == "" {
		return 0, nil
	}
	a, err := money.Parse(s)
	if err != nil {
		return 0, fmt.Errorf("netsuite: column %s: %w", col, err)
	}
	return a, nil
}

// Bool reads SuiteQL's "T"/"F".
func (r Row) Bool(col string) bool {
	switch r[strings.ToLower(col)] {
	case "T", "t", "true", "TRUE", "Y", "1":
		return true
	}
	return false
}

// SuiteQLTimeFormat is the Oracle format model the client's queries use
// with TO_CHAR and TO_TIMESTAMP, so answers do not depend on the user's
// date-format preference (which SuiteQL applies to bare date columns).
const SuiteQLTimeFormat = "YYYY-MM-DD HH24:MI:SS"

const (
	suiteQLTimeFormat = SuiteQLTimeFormat
	suiteQLTimeLayout = "2006-01-02 15:04:05"
)

// RowTime reads a column printed with TO_CHAR(col, SuiteQLTimeFormat), in
// the client's time zone, as UTC; NULL is the zero time. Time parameters
// passed to SuiteQL are formatted the same way.
func (c *Client) RowTime(r Row, col string) (time.Time, error) { return c.rowTime(r, col) }

func (c *Client) rowTime(r Row, col string) (time.Time, error) {
	s := r.Get(col)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(suiteQLTimeLayout, s, c.tz)
	if err != nil {
		return time.Time{}, fmt.Errorf("netsuite: column %s: %q is not a %s timestamp", col, s, suiteQLTimeFormat)
	}
	return t.UTC(), nil
}

// sqlTime formats a bound timestamp for TO_TIMESTAMP(?, suiteQLTimeFormat).
func (c *Client) sqlTime(t time.Time) string { return t.In(c.tz).Format(suiteQLTimeLayout) }

// SuiteQL runs a query with bound parameters ("?") and returns every row,
// following pages to the end. Parameters may be strings, integers, bools,
// money.Amount or time.Time (sent as 'YYYY-MM-DD HH24:MI:SS' in the
// client's time zone).
func (c *Client) SuiteQL(ctx context.Context, query string, params ...any) ([]Row, error) {
	ps := make([]string, len(params))
	for i, p := range params {
		s, err := c.sqlParam(p)
		if err != nil {
			return nil, fmt.Errorf("netsuite: SuiteQL parameter %d: %w", i+1, err)
		}
		ps[i] = s
	}
	req := struct {
		Q      string   `json:"q"`
		Params []string `json:"params,omitempty"`
	}{query, ps}
	body, err := json.Marshal(req)
	if err != nil {
		return nil, err
	}
	limit := c.cfg.SuiteQLPageSize
	var rows []Row
	for offset := 0; ; {
		cl := call{
			method: http.MethodPost, path: "/query/v1/suiteql", body: body, op: "POST suiteql",
			query:      [][2]string{{"limit", strconv.Itoa(limit)}, {"offset", strconv.Itoa(offset)}},
			header:     map[string]string{"Prefer": "transient"},
			idempotent: true, // a query changes nothing
		}
		resp, err := c.send(ctx, cl)
		if err != nil {
			return nil, err
		}
		page, err := decodeSuiteQLPage(resp.body)
		if err != nil {
			return nil, &Error{Op: cl.op, Status: resp.status, Detail: "cannot decode SuiteQL page", Err: err}
		}
		rows = append(rows, page.Items...)
		if !page.HasMore {
			return rows, nil
		}
		if len(page.Items) == 0 {
			return nil, &Error{Op: cl.op, Status: resp.status, Detail: "SuiteQL says hasMore but sent an empty page"}
		}
		offset += limit
		if offset >= maxSuiteQLRows {
			return nil, &Error{Op: cl.op, Status: resp.status, Detail: "query returns more than 100000 rows; narrow it"}
		}
	}
}

func (c *Client) sqlParam(p any) (string, error) {
	switch v := p.(type) {
	case string:
		return v, nil
	case int:
		return strconv.Itoa(v), nil
	case int32:
		return strconv.FormatInt(int64(v), 10), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case uint:
		return strconv.FormatUint(uint64(v), 10), nil
	case uint64:
		return strconv.FormatUint(v, 10), nil
	case bool:
		if v {
			return "T", nil
		}
		return "F", nil
	case money.Amount:
		return v.String(), nil
	case time.Time:
		return c.sqlTime(v), nil
	case fmt.Stringer:
		return v.String(), nil
	}
	return "", fmt.Errorf("unsupported type %T", p)
}

type suiteQLPage struct {
	Count        int
	HasMore      bool
	Offset       int
	TotalResults int
	Items        []Row
}

// decodeSuiteQLPage reads one page. Values are expected as strings; numbers
// and booleans are kept as their literal text so an odd column does not
// fail the whole sync; objects and arrays (the per-row "links") are skipped.
func decodeSuiteQLPage(b []byte) (suiteQLPage, error) {
	var raw struct {
		Count        int                          `json:"count"`
		HasMore      bool                         `json:"hasMore"`
		Offset       int                          `json:"offset"`
		TotalResults int                          `json:"totalResults"`
		Items        []map[string]json.RawMessage `json:"items"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&raw); err != nil {
		return suiteQLPage{}, err
	}
	if raw.Items == nil && !bytes.Contains(b, []byte(`"items"`)) {
		return suiteQLPage{}, errors.New(`no "items" in SuiteQL response`)
	}
	p := suiteQLPage{Count: raw.Count, HasMore: raw.HasMore, Offset: raw.Offset, TotalResults: raw.TotalResults}
	p.Items = make([]Row, 0, len(raw.Items))
	for _, item := range raw.Items {
		row := make(Row, len(item))
		for k, v := range item {
			s, ok, err := scalarText(v)
			if err != nil {
				return suiteQLPage{}, fmt.Errorf("column %q: %w", k, err)
			}
			if ok {
				row[strings.ToLower(k)] = s
			}
		}
		p.Items = append(p.Items, row)
	}
	return p, nil
}

// scalarText returns a JSON scalar as text; ok is false for null, objects
// and arrays.
func scalarText(v json.RawMessage) (string, bool, error) {
	v = bytes.TrimSpace(v)
	if len(v) == 0 {
		return "", false, nil
	}
	switch v[0] {
	case '"':
		var s string
		if err := json.Unmarshal(v, &s); err != nil {
			return "", false, err
		}
		return s, true, nil
	case 't':
		return "T", true, nil
	case 'f':
		return "F", true, nil
	case 'n', '{', '[':
		return "", false, nil
	}
	return string(v), true, nil
}
