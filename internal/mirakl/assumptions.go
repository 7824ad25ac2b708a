package mirakl

import "time"

// This file is the one place for facts the reference marks UNCERTAIN. The
// client and the simulator both read these names, so correcting a fact after
// testing against a live shop is a one-line change here (plus docs/mirakl.md).

const (
	// MaxOffsetPageSize is the largest `max` accepted by offset-paged calls
	// (OR11, OF21, IV01). UNCERTAIN: client code everywhere uses 100 and the
	// simulator refuses more with a 400.
	MaxOffsetPageSize = 100

	// UpdateDateSafetyDelta is how far back OR11 moves start_update_date. The
	// spec only says "a time delta"; one minute is a guess. The simulator
	// applies it; the client never relies on it (see ClientUpdateOverlap).
	UpdateDateSafetyDelta = time.Minute

	// ClientUpdateOverlap is subtracted by the client itself from
	// OrdersQuery.UpdatedSince, so clock skew between jlsync and Mirakl
	// cannot lose an update. Re-delivered orders are expected: dedupe on
	// order_id + last_updated_date.
	ClientUpdateOverlap = 2 * time.Minute

	// SeekResendsFilters says whether a follow-up seek page (page_token) is
	// requested with the original filters. UNCERTAIN: the official PHP SDK
	// sends only the token, so the client does the same and the simulator
	// encodes the filters inside its tokens.
	SeekResendsFilters = false

	// FollowUpPagesExempt: the published ceilings (OR11 once a minute, IV01 and
	// SBC11 once a day, ...) count listings, not their extra pages. Mirakl says
	// so explicitly for IV01 and SBC11 ("and as many times as there are pages");
	// extending it to every paged call is UNCERTAIN.
	FollowUpPagesExempt = true

	// StockCSVDelimiter separates STO01 columns. Mirakl's examples use ';';
	// PC01 features.operator_csv_delimiter may say COMMA on some instances
	// (Config.CSVDelimiter overrides).
	StockCSVDelimiter = ';'

	// MaxStockQuantity is the largest quantity a stock line may carry
	// (operators document 0..1e9; UNCERTAIN for John Lewis).
	MaxStockQuantity = 1_000_000_000

	// UnknownShopStatus is the status for a valid key used with a shop_id it
	// cannot access. UNCERTAIN (401 or 403); 403 chosen.
	UnknownShopStatus = 403

	// MaxIDsPerFilter caps id-list filters (order_ids ...): CONFIRMED 100.
	MaxIDsPerFilter = 100

	// DefaultSeekLimit is the page size the client asks for on seek-paged
	// calls whose maximum is not published (RT11). UNCERTAIN.
	DefaultSeekLimit = 100
)

// StockCSVHeader is the STO01 file header. CONFIRMED column names; whether
// Mirakl requires every value quoted is UNCERTAIN, so the client quotes all
// of them (as Mirakl's own CSV examples do) and the simulator accepts both.
var StockCSVHeader = []string{"offer-sku", "quantity", "warehouse-code", "update-delete"}

// StockErrorReportLeading names the two columns STO03 puts before the
// original row: the reference says "first column line number, second column
// error reason"; the header names are UNCERTAIN and copied from the OF03
// example ("error-line", "error-message"). The client reads the report by
// position, not by these names.
var StockErrorReportLeading = []string{"error-line", "error-message"}

// ErrorBody is the JSON shape of an error answer. UNCERTAIN: the spec
// declares none; `{"status":..,"message":..}` is what integrators observe,
// and `code` carries the machine codes OR21 documents. The client parser
// accepts several other shapes too (see parseErrorBody).
type ErrorBody struct {
	Status  int    `json:"status"`
	Message string `json:"message"`
	Code    string `json:"code,omitempty"`
}
