package miraklsim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/mirakl"
)

// stockImport is one STO01 file and its progress. It is saved in the state's
// "sim" section so a pending import survives a dump and reload.
type stockImport struct {
	ID        string      `json:"import_id"`
	Created   time.Time   `json:"date_created"`
	Header    []string    `json:"header"`
	Lines     []stockLine `json:"lines"`
	Failed    string      `json:"failed,omitempty"` // why the whole file was refused
	Applied   bool        `json:"applied"`
	Delimiter string      `json:"delimiter"`
}

// stockLine is one data row; Error is set when it is applied and refused.
type stockLine struct {
	Line          int      `json:"line"` // 1-based, the header being line 1
	Cells         []string `json:"cells"`
	OfferSKU      string   `json:"offer_sku"`
	Quantity      int      `json:"quantity"`
	QuantityText  string   `json:"quantity_text"`
	WarehouseCode string   `json:"warehouse_code"`
	UpdateDelete  string   `json:"update_delete"`
	Error         string   `json:"error,omitempty"`
}

func (im *stockImport) doneAt(s *Server) time.Time { return im.Created.Add(s.scaled(importRunning)) }

func (im *stockImport) status(s *Server, now time.Time) string {
	switch {
	case now.Before(im.Created.Add(s.scaled(importWaiting))):
		return mirakl.ImportWaiting
	case now.Before(im.doneAt(s)):
		return mirakl.ImportRunning
	case im.Failed != "":
		return mirakl.ImportFailed
	}
	return mirakl.ImportComplete
}

func (im *stockImport) counts() (ok, bad int) {
	for _, l := range im.Lines {
		if l.Error != "" {
			bad++
		} else {
			ok++
		}
	}
	return ok, bad
}

// importStock serves STO01: the file is parsed now, applied when the import
// completes (see advance).
func (s *Server) importStock(w http.ResponseWriter, r *http.Request, _ []string) {
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "A multipart body with a file part is required"))
		return
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "The file part is required"))
		return
	}
	data, err := io.ReadAll(io.LimitReader(f, 32<<20))
	f.Close()
	if err != nil {
		writeAPIError(w, badRequest("VALIDATION_ERROR", "Unreadable file"))
		return
	}
	now := s.now()
	im := parseStockFile(data)
	im.ID = s.st.newUUID("stock-import")
	im.Created = now
	s.st.stockImports = append(s.st.stockImports, im)
	w.Header().Set("Location", "/api/offers/stock/imports/"+url.PathEscape(im.ID)+"/status")
	writeJSON(w, http.StatusCreated, map[string]string{"import_id": im.ID})
}

// parseStockFile reads an STO01 CSV. Column order follows the header; the
// separator is ';' or ',' (whichever the header uses).
func parseStockFile(data []byte) *stockImport {
	im := &stockImport{Delimiter: ";"}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(",")) > bytes.Count(first, []byte(";")) {
		im.Delimiter = ","
	}
	rd := csv.NewReader(bytes.NewReader(data))
	rd.Comma = rune(im.Delimiter[0])
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	rows, err := rd.ReadAll()
	if err != nil {
		im.Failed = "The file is not a valid CSV file: " + err.Error()
		return im
	}
	if len(rows) == 0 {
		im.Failed = "The file is empty"
		return im
	}
	im.Header = rows[0]
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(h))] = i
	}
	skuCol, okSKU := col["offer-sku"]
	qtyCol, okQty := col["quantity"]
	if !okSKU || !okQty {
		im.Failed = "The header must contain the columns offer-sku and quantity"
		return im
	}
	cell := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	for i, row := range rows[1:] {
		if len(row) == 1 && strings.TrimSpace(row[0]) == "" {
			continue
		}
		l := stockLine{Line: i + 2, Cells: row}
		if skuCol < len(row) {
			l.OfferSKU = strings.TrimSpace(row[skuCol])
		}
		if qtyCol < len(row) {
			l.QuantityText = strings.TrimSpace(row[qtyCol])
		}
		l.Quantity, _ = strconv.Atoi(l.QuantityText)
		l.WarehouseCode = cell(row, "warehouse-code")
		l.UpdateDelete = strings.ToLower(cell(row, "update-delete"))
		im.Lines = append(im.Lines, l)
	}
	if len(im.Lines) == 0 {
		im.Failed = "The file has no data line"
	}
	return im
}

// applyStockImport updates offer quantities line by line, recording the
// reason for each refused line (unknown SKU, bad quantity ...).
func (s *Server) applyStockImport(im *stockImport) {
	im.Applied = true
	if im.Failed != "" {
		return
	}
	seen := map[[2]string]bool{}
	for i := range im.Lines {
		l := &im.Lines[i]
		if err := s.applyStockLine(l, seen); err != nil {
			l.Error = err.Error()
		}
	}
}

func (s *Server) applyStockLine(l *stockLine, seen map[[2]string]bool) error {
	if l.OfferSKU == "" {
		return errors.New("The offer SKU is missing")
	}
	q, err := strconv.Atoi(l.QuantityText)
	if err != nil || q < 0 || q > mirakl.MaxStockQuantity {
		return errors.New("The quantity is invalid: it must be an integer between 0 and 1000000000")
	}
	if !oneOf(l.UpdateDelete, "", "update", "delete") {
		return errors.New("The update-delete value is invalid: use update or delete")
	}
	key := [2]string{l.OfferSKU, l.WarehouseCode}
	if seen[key] {
		return errors.New("The offer appears more than once in the file")
	}
	seen[key] = true
	o := s.st.offerIdx[l.OfferSKU]
	if o == nil {
		return errors.New("The offer does not exist")
	}
	if l.WarehouseCode == "" {
		if l.UpdateDelete == "delete" {
			q = 0
		}
		o.Quantity = q
		o.Warehouses = nil
	} else {
		idx := -1
		for i, wh := range o.Warehouses {
			if wh.Code == l.WarehouseCode {
				idx = i
			}
		}
		switch {
		case l.UpdateDelete == "delete" && idx >= 0:
			o.Warehouses = append(o.Warehouses[:idx], o.Warehouses[idx+1:]...)
		case l.UpdateDelete == "delete":
		case idx >= 0:
			o.Warehouses[idx].Quantity = q
		default:
			o.Warehouses = append(o.Warehouses, mirakl.OfferWarehouse{Code: l.WarehouseCode, Quantity: q})
		}
		total := 0
		for _, wh := range o.Warehouses {
			total += wh.Quantity
		}
		o.Quantity = total
	}
	setActive(o)
	return nil
}

// setActive mirrors Mirakl deactivating offers without stock. The fields it
// may clear are dropped from the loaded raw copy, which would otherwise
// bring the old values back when the offer is served.
func setActive(o *mirakl.Offer) {
	o.Raw = stripKeys(o.Raw, []string{"inactivity_reasons", "warehouses"})
	o.Active = o.Quantity > 0
	o.InactivityReasons = nil
	if !o.Active {
		o.InactivityReasons = []string{"ZERO_QUANTITY"}
	}
}

func (s *Server) stockImport(id string) *stockImport {
	for _, im := range s.st.stockImports {
		if im.ID == id {
			return im
		}
	}
	return nil
}

// stockImportStatus serves STO02.
func (s *Server) stockImportStatus(w http.ResponseWriter, _ *http.Request, p []string) {
	im := s.stockImport(p[0])
	if im == nil {
		writeAPIError(w, notFound("IMPORT_NOT_FOUND", "Stock import '%s' not found", p[0]))
		return
	}
	st := im.status(s, s.now())
	ok, bad := 0, 0
	if st == mirakl.ImportComplete {
		ok, bad = im.counts()
	}
	writeJSON(w, http.StatusOK, mirakl.StockImport{
		ImportID: im.ID, ShopID: s.shopN, Status: st, DateCreated: im.Created,
		HasErrorReport: bad > 0, LinesInSuccess: ok, LinesInError: bad,
	})
}

// stockErrorReport serves STO03: error-line;error-message then the row.
func (s *Server) stockErrorReport(w http.ResponseWriter, _ *http.Request, p []string) {
	im := s.stockImport(p[0])
	if im == nil {
		writeAPIError(w, notFound("IMPORT_NOT_FOUND", "Stock import '%s' not found", p[0]))
		return
	}
	_, bad := im.counts()
	if im.status(s, s.now()) != mirakl.ImportComplete || bad == 0 {
		writeAPIError(w, notFound("ERROR_REPORT_NOT_FOUND", "Stock import '%s' has no error report", p[0]))
		return
	}
	var b bytes.Buffer
	sep := im.Delimiter
	row := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(`"` + strings.ReplaceAll(c, `"`, `""`) + `"`)
		}
		b.WriteString("\n")
	}
	row(append(append([]string{}, mirakl.StockErrorReportLeading...), im.Header...))
	for _, l := range im.Lines {
		if l.Error != "" {
			row(append([]string{strconv.Itoa(l.Line), l.Error}, l.Cells...))
		}
	}
	w.Header().Set("Content-Type", "text/csv;charset=UTF-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b.Bytes())
}
