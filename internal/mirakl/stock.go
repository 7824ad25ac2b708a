package mirakl

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Stock import statuses (STO02).
const (
	ImportWaiting  = "WAITING"
	ImportRunning  = "RUNNING"
	ImportComplete = "COMPLETE"
	ImportFailed   = "FAILED"
)

// StockLine is one row of an STO01 file. An empty WarehouseCode sets the
// offer's global quantity. Delete removes the warehouse quantity.
type StockLine struct {
	OfferSKU      string
	Quantity      int
	WarehouseCode string
	Delete        bool
}

// ImportStock calls STO01 with a CSV built from lines and returns the import
// id to follow with StockImportStatus. Unlike OF24 it touches nothing but
// quantities.
func (c *Client) ImportStock(ctx context.Context, lines []StockLine) (string, error) {
	file, err := StockCSV(lines, c.delim)
	if err != nil {
		return "", fmt.Errorf("mirakl STO01: %w", err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename="stock.csv"`)
	h.Set("Content-Type", "text/csv")
	part, err := mw.CreatePart(h)
	if err != nil {
		return "", err
	}
	if _, err := part.Write(file); err != nil {
		return "", err
	}
	if err := mw.Close(); err != nil {
		return "", err
	}
	// Quantities are absolute, so sending the same file twice ends in the
	// same stock: safe to retry.
	return call(ctx, c, &request{op: OpSTO01, method: http.MethodPost, path: "/api/offers/stock/imports",
		body: body.Bytes(), contentType: mw.FormDataContentType(), idempotent: true}, DecodeImportID)
}

// StockCSV renders lines as an STO01 file: header, then one quoted row per line.
func StockCSV(lines []StockLine, delim rune) ([]byte, error) {
	if len(lines) == 0 {
		return nil, errors.New("no stock lines")
	}
	if delim == 0 {
		delim = StockCSVDelimiter
	}
	var b bytes.Buffer
	writeRow := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteRune(delim)
			}
			b.WriteByte('"')
			b.WriteString(strings.ReplaceAll(c, `"`, `""`))
			b.WriteByte('"')
		}
		b.WriteString("\n")
	}
	writeRow(StockCSVHeader)
	seen := map[[2]string]bool{}
	for i, l := range lines {
		if strings.TrimSpace(l.OfferSKU) == "" {
			return nil, fmt.Errorf("line %d: empty offer SKU", i)
		}
		if strings.ContainsAny(l.OfferSKU+l.WarehouseCode, "\r\n") {
			return nil, fmt.Errorf("line %d: line break in SKU or warehouse", i)
		}
		if l.Quantity < 0 || l.Quantity > MaxStockQuantity {
			return nil, fmt.Errorf("line %d (%s): quantity %d outside 0..%d", i, l.OfferSKU, l.Quantity, MaxStockQuantity)
		}
		key := [2]string{l.OfferSKU, l.WarehouseCode}
		if seen[key] {
			return nil, fmt.Errorf("line %d: %s/%s appears twice", i, l.OfferSKU, l.WarehouseCode)
		}
		seen[key] = true
		ud := "update"
		if l.Delete {
			ud = "delete"
		}
		writeRow([]string{l.OfferSKU, strconv.Itoa(l.Quantity), l.WarehouseCode, ud})
	}
	return b.Bytes(), nil
}

// DecodeImportID reads {"import_id": ...}; STO01 sends a string, OF24 a
// number, and either is accepted.
func DecodeImportID(b []byte) (string, error) {
	var env struct {
		ImportID json.RawMessage `json:"import_id"`
	}
	if err := unmarshalObject(b, &env); err != nil {
		return "", err
	}
	id := rawString(env.ImportID)
	if id == "" {
		return "", errors.New("answer has no import_id")
	}
	return id, nil
}

// StockImport is the STO02 status of a stock import.
type StockImport struct {
	ImportID       string    `json:"import_id"`
	ShopID         int64     `json:"shop_id"`
	Status         string    `json:"status"`
	DateCreated    time.Time `json:"date_created"`
	HasErrorReport bool      `json:"has_error_report"`
	LinesInSuccess int       `json:"lines_in_success"`
	LinesInError   int       `json:"lines_in_error"`

	Raw json.RawMessage `json:"-"`
}

func (s *StockImport) setRaw(b json.RawMessage) { s.Raw = b }

// Done reports whether the import has finished, well or not.
func (s StockImport) Done() bool { return s.Status == ImportComplete || s.Status == ImportFailed }

// StockImportStatus calls STO02 (published ceiling: once every 15 s).
func (c *Client) StockImportStatus(ctx context.Context, importID string) (StockImport, error) {
	if importID == "" {
		return StockImport{}, errors.New("mirakl STO02: empty import id")
	}
	return call(ctx, c, &request{op: OpSTO02, method: http.MethodGet,
		path: "/api/offers/stock/imports/" + url.PathEscape(importID) + "/status", idempotent: true}, DecodeStockImport)
}

// DecodeStockImport reads an STO02 answer.
func DecodeStockImport(b []byte) (StockImport, error) { return decodeObject[StockImport](b) }

// WaitStockImport polls STO02 (within its ceiling) until the import is done.
func (c *Client) WaitStockImport(ctx context.Context, importID string) (StockImport, error) {
	for {
		s, err := c.StockImportStatus(ctx, importID)
		if err != nil {
			return s, err
		}
		if s.Done() {
			return s, nil
		}
	}
}

// StockImportError is one failed row of a stock import (STO03).
type StockImportError struct {
	Line          int    // line number in the submitted file
	Message       string // Mirakl's reason
	OfferSKU      string
	Quantity      string // as submitted; it may be what was wrong
	WarehouseCode string
	Row           []string // the submitted cells, in StockCSVHeader order
}

// StockImportErrors calls STO03. It returns nothing when the import has no
// error report (404).
func (c *Client) StockImportErrors(ctx context.Context, importID string) ([]StockImportError, error) {
	if importID == "" {
		return nil, errors.New("mirakl STO03: empty import id")
	}
	out, err := call(ctx, c, &request{op: OpSTO03, method: http.MethodGet,
		path: "/api/offers/stock/imports/" + url.PathEscape(importID) + "/error_report", accept: "text/csv", idempotent: true},
		DecodeStockErrorReport)
	if StatusOf(err) == http.StatusNotFound {
		return nil, nil
	}
	return out, err
}

// DecodeStockErrorReport reads an STO03 CSV: line number, reason, then the
// submitted row. The separator is detected; a header row is skipped.
func DecodeStockErrorReport(b []byte) ([]StockImportError, error) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, nil
	}
	firstLine, _, _ := bytes.Cut(b, []byte("\n"))
	delim := ';'
	if bytes.Count(firstLine, []byte(",")) > bytes.Count(firstLine, []byte(";")) {
		delim = ','
	}
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	var out []StockImportError
	for i, row := range rows {
		if len(row) == 0 || (len(row) == 1 && strings.TrimSpace(row[0]) == "") {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(row[0]))
		if err != nil {
			if i == 0 {
				continue // header
			}
			return nil, fmt.Errorf("row %d: line number %q", i+1, row[0])
		}
		e := StockImportError{Line: n}
		if len(row) > 1 {
			e.Message = row[1]
		}
		if len(row) > 2 {
			e.Row = append([]string(nil), row[2:]...)
		}
		cell := func(j int) string {
			if j < len(e.Row) {
				return e.Row[j]
			}
			return ""
		}
		e.OfferSKU, e.Quantity, e.WarehouseCode = cell(0), cell(1), cell(2)
		out = append(out, e)
	}
	return out, nil
}
