package mirakl

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	"github.com/jlsync/jlsync/internal/money"
)

// Seek-paging maxima published for the payment listings.
const (
	MaxBillingCyclesLimit    = 1000
	MaxTransactionLinesLimit = 2000
)

// BillingCycle is one SBC11 seller billing cycle: a payout period.
type BillingCycle struct {
	ID                          string         `json:"id"`
	DateCreated                 time.Time      `json:"date_created"`
	Currency                    string         `json:"currency_iso_code"`
	PaymentVoucherNumber        string         `json:"payment_voucher_number,omitempty"`
	AmountTransferredToSeller   money.Amount   `json:"amount_transferred_to_seller"`
	AmountTransferredToOperator money.Amount   `json:"amount_transferred_to_operator"`
	PayOut                      PayOut         `json:"pay_out"`
	PayOutPSPCode               string         `json:"pay_out_psp_code,omitempty"`
	Shop                        *BillingShop   `json:"shop,omitempty"`
	Summary                     BillingSummary `json:"summary"`

	Raw json.RawMessage `json:"-"`
}

func (b *BillingCycle) setRaw(r json.RawMessage) { b.Raw = r }

// PayOut is the payout of a cycle: TO_PAY, PAID (with the bank reference) or FAILED.
type PayOut struct {
	State           string     `json:"state"`
	Reference       string     `json:"reference,omitempty"`
	TransactionDate *time.Time `json:"transaction_date,omitempty"`
	FailureReason   string     `json:"failure_reason,omitempty"`
}

// BillingShop identifies the shop a cycle belongs to.
type BillingShop struct {
	ShopID                 int64  `json:"shop_id"`
	ShopName               string `json:"shop_name,omitempty"`
	ShopCorporateName      string `json:"shop_corporate_name,omitempty"`
	ShopModel              string `json:"shop_model,omitempty"`
	ShopOperatorInternalID string `json:"shop_operator_internal_id,omitempty"`
}

// BillingCyclesQuery filters SBC11.
type BillingCyclesQuery struct {
	Start, End   time.Time // creation date bounds, inclusive
	IDs          []string
	PayOutStates []string // TO_PAY, PAID, FAILED
	Limit        int      // page size, at most MaxBillingCyclesLimit
}

// ListBillingCycles calls SBC11 and walks every page (published ceiling:
// once a day, extra pages free).
func (c *Client) ListBillingCycles(ctx context.Context, q BillingCyclesQuery) ([]BillingCycle, error) {
	v := url.Values{}
	setTime(v, "start_date", q.Start)
	setTime(v, "end_date", q.End)
	for _, id := range q.IDs {
		v.Add("id", id)
	}
	for _, s := range q.PayOutStates {
		v.Add("pay_out_state", s)
	}
	limit := clampLimit(q.Limit, MaxBillingCyclesLimit)
	var out []BillingCycle
	err := c.listSeek(ctx, OpSBC11, "/api/seller-billing-cycles", v, limit, collect(OpSBC11, "billing cycle", &out))
	return out, err
}

// DecodeBillingCycles reads one SBC11 page and its next token.
func DecodeBillingCycles(b []byte) ([]BillingCycle, string, error) {
	return decodeSeekPage[BillingCycle](b, "billing cycle")
}

// TransactionLine is one TL02 ledger line. Amount = AmountCredited -
// AmountDebited: positive lines pay the seller, negative ones charge it.
type TransactionLine struct {
	ID                             string              `json:"id"`
	Type                           string              `json:"type"`
	Amount                         money.Amount        `json:"amount"`
	AmountCredited                 money.Amount        `json:"amount_credited"`
	AmountDebited                  money.Amount        `json:"amount_debited"`
	Balance                        money.Amount        `json:"balance"`
	PSPBalance                     *money.Amount       `json:"psp_balance,omitempty"`
	Currency                       string              `json:"currency_iso_code"`
	PaymentState                   string              `json:"payment_state"` // PENDING, PAYABLE, PAID, NOT_APPLICABLE, RESERVE
	DateCreated                    time.Time           `json:"date_created"`
	LastUpdated                    time.Time           `json:"last_updated"`
	AccountingDocumentNumber       string              `json:"accounting_document_number,omitempty"`
	AccountingDocumentID           string              `json:"accounting_document_id,omitempty"`
	AccountingDocumentCreationDate *time.Time          `json:"accounting_document_creation_date,omitempty"`
	SellerBillingCycleID           string              `json:"seller_billing_cycle_id,omitempty"`
	PayOutPSPCode                  string              `json:"pay_out_psp_code,omitempty"`
	Entities                       TransactionEntities `json:"entities"`

	Raw json.RawMessage `json:"-"`
}

func (t *TransactionLine) setRaw(r json.RawMessage) { t.Raw = r }

// TransactionEntities link a line to the objects it comes from.
type TransactionEntities struct {
	Order                    *TransactionOrder `json:"order,omitempty"`
	OrderLine                *IDRef            `json:"order_line,omitempty"`
	Refund                   *IDRef            `json:"refund,omitempty"`
	Shipment                 *IDRef            `json:"shipment,omitempty"`
	Debit                    *IDRef            `json:"debit,omitempty"`
	Channel                  *CodeRef          `json:"channel,omitempty"`
	Domain                   string            `json:"domain,omitempty"`
	OrderTax                 *TaxRef           `json:"order_tax,omitempty"`
	ShopTax                  *TaxRef           `json:"shop_tax,omitempty"`
	OrderFee                 *CodeRef          `json:"order_fee,omitempty"`
	Fee                      *TransactionFee   `json:"fee,omitempty"`
	ManualAccountingDocument *ManualDocument   `json:"manual_accounting_document,omitempty"`
	// OneOffItem stays raw: its operation_date is a date, not a date-time.
	OneOffItem      json.RawMessage  `json:"one_off_item,omitempty"`
	TransactionInfo *TransactionInfo `json:"transaction_info,omitempty"`
}

// TransactionOrder is the order a transaction line belongs to.
type TransactionOrder struct {
	ID           string                  `json:"id"`
	CommercialID string                  `json:"commercial_id,omitempty"`
	CreationDate *time.Time              `json:"creation_date,omitempty"`
	References   *References             `json:"references,omitempty"`
	PaymentInfo  *TransactionPaymentInfo `json:"payment_info,omitempty"`
}

// TransactionPaymentInfo is how the customer paid.
type TransactionPaymentInfo struct {
	ImprintNumber string `json:"imprint_number,omitempty"`
	PaymentType   string `json:"payment_type,omitempty"`
}

// IDRef points to an object by id.
type IDRef struct {
	ID string `json:"id"`
}

// CodeRef points to an object by code.
type CodeRef struct {
	Code string `json:"code"`
}

// TaxRef is a tax code and rate.
type TaxRef struct {
	Code string      `json:"code"`
	Rate *money.Rate `json:"rate,omitempty"`
}

// TransactionFee is the fee a line charges, with what it refunds or cancels.
type TransactionFee struct {
	Code         string  `json:"code"`
	Refunds      []IDRef `json:"refunds,omitempty"`
	Cancelations []IDRef `json:"cancelations,omitempty"`
}

// ManualDocument is a manual invoice or credit note a line belongs to.
type ManualDocument struct {
	Number       string     `json:"number,omitempty"`
	EmissionDate *time.Time `json:"emission_date,omitempty"`
}

// TransactionInfo is the PSP transaction behind a line.
type TransactionInfo struct {
	Date   *time.Time `json:"date,omitempty"`
	Number string     `json:"number,omitempty"`
}

// TransactionsQuery filters TL02.
type TransactionsQuery struct {
	BillingCycleIDs          []string
	Types                    []string // transaction_type
	PaymentStates            []string
	OrderIDs                 []string
	OrderLineIDs             []string
	AccountingDocumentNumber string
	DateCreatedFrom          time.Time
	DateCreatedTo            time.Time
	LastUpdatedFrom          time.Time
	// Sort is "dateCreated" (Mirakl's default) or "lastUpdated" (recommended
	// for incremental reads); Descending flips the order.
	Sort       string
	Descending bool
	Limit      int // page size, at most MaxTransactionLinesLimit (the default)
}

// ListTransactionLines calls TL02 and walks every page (published ceiling:
// 20 a minute and 60 an hour, extra pages free).
func (c *Client) ListTransactionLines(ctx context.Context, q TransactionsQuery) ([]TransactionLine, error) {
	v := url.Values{}
	if len(q.BillingCycleIDs) > 0 {
		v.Set("seller_billing_cycle_id", strings.Join(q.BillingCycleIDs, ","))
	}
	for _, t := range q.Types {
		v.Add("transaction_type", t)
	}
	for _, s := range q.PaymentStates {
		v.Add("payment_state", s)
	}
	for _, id := range q.OrderIDs {
		v.Add("order_id", id)
	}
	for _, id := range q.OrderLineIDs {
		v.Add("order_line_id", id)
	}
	if q.AccountingDocumentNumber != "" {
		v.Set("accounting_document_number", q.AccountingDocumentNumber)
	}
	setTime(v, "date_created_from", q.DateCreatedFrom)
	setTime(v, "date_created_to", q.DateCreatedTo)
	setTime(v, "last_updated_from", q.LastUpdatedFrom)
	if q.Sort != "" {
		dir := "ASC"
		if q.Descending {
			dir = "DESC"
		}
		v.Set("sort", q.Sort+","+dir)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = MaxTransactionLinesLimit
	}
	limit = clampLimit(limit, MaxTransactionLinesLimit)
	var out []TransactionLine
	err := c.listSeek(ctx, OpTL02, "/api/sellerpayment/transactions_logs", v, limit, collect(OpTL02, "transaction line", &out))
	return out, err
}

// DecodeTransactionLines reads one TL02 page and its next token.
func DecodeTransactionLines(b []byte) ([]TransactionLine, string, error) {
	return decodeSeekPage[TransactionLine](b, "transaction line")
}

// AccountingDocument is an IV01 invoice or credit note from the operator.
type AccountingDocument struct {
	InvoiceID              int64            `json:"invoice_id,omitempty"`
	ID                     string           `json:"id,omitempty"`
	Type                   string           `json:"type"` // AUTO_INVOICE, MANUAL_INVOICE, MANUAL_CREDIT
	State                  string           `json:"state,omitempty"`
	DateCreated            time.Time        `json:"date_created"`
	IssueDate              *time.Time       `json:"issue_date,omitempty"`
	DueDate                *time.Time       `json:"due_date,omitempty"`
	Currency               string           `json:"currency_iso_code"`
	TotalAmountExclTaxes   money.Amount     `json:"total_amount_excl_taxes"`
	TotalAmountInclTaxes   money.Amount     `json:"total_amount_incl_taxes"`
	TotalChargedAmount     *money.Amount    `json:"total_charged_amount,omitempty"`
	TotalTaxes             []TaxAmount      `json:"total_taxes"`
	Details                []DocumentDetail `json:"details"`
	Payment                *DocumentPayment `json:"payment,omitempty"`
	IssuingUser            *IssuingUser     `json:"issuing_user,omitempty"`
	PayOutPSPCode          string           `json:"pay_out_psp_code,omitempty"`
	ShopID                 int64            `json:"shop_id,omitempty"`
	ShopName               string           `json:"shop_name,omitempty"`
	ShopCorporateName      string           `json:"shop_corporate_name,omitempty"`
	ShopTaxNumber          string           `json:"shop_tax_number,omitempty"`
	ShopModel              string           `json:"shop_model,omitempty"`
	ShopOperatorInternalID string           `json:"shop_operator_internal_id,omitempty"`
	SellerBillingCycleID   string           `json:"seller_billing_cycle_id,omitempty"`
	StartTime              *time.Time       `json:"start_time,omitempty"`
	EndTime                *time.Time       `json:"end_time,omitempty"`
	PaymentVoucherNumber   string           `json:"payment_voucher_number,omitempty"`
	Summary                *InvoiceSummary  `json:"summary,omitempty"`

	Raw json.RawMessage `json:"-"`
}

func (d *AccountingDocument) setRaw(r json.RawMessage) { d.Raw = r }

// DocumentDetail is one line of an accounting document.
type DocumentDetail struct {
	Description     string       `json:"description"`
	Quantity        int          `json:"quantity"`
	AmountExclTaxes money.Amount `json:"amount_excl_taxes"`
	Taxes           []TaxAmount  `json:"taxes"`
	OrderID         string       `json:"order_id,omitempty"`
	OperationDate   *time.Time   `json:"operation_date,omitempty"`
}

// DocumentPayment is the payment state of a document.
type DocumentPayment struct {
	State           string     `json:"state"` // PENDING, PAID, FAILED
	Reference       string     `json:"reference,omitempty"`
	TransactionDate *time.Time `json:"transaction_date,omitempty"`
	FailureReason   string     `json:"failure_reason,omitempty"`
}

// IssuingUser says who issued a document (OPERATOR, BATCH, PARTNER).
type IssuingUser struct {
	Type        string `json:"type"`
	Information string `json:"information,omitempty"`
}

// InvoiceSummary is the AUTO_INVOICE summary: the cycle's breakdown plus
// what was transferred.
type InvoiceSummary struct {
	AmountTransferred           money.Amount `json:"amount_transferred"`
	AmountTransferredToOperator money.Amount `json:"amount_transferred_to_operator"`
	BillingSummary
}

// Accounting document types (IV01 type filter also takes ALL).
const (
	DocAutoInvoice   = "AUTO_INVOICE"
	DocManualInvoice = "MANUAL_INVOICE"
	DocManualCredit  = "MANUAL_CREDIT"
	DocAll           = "ALL"
)

// InvoicesQuery filters IV01.
type InvoicesQuery struct {
	Start, End      time.Time
	Type            string // "" = Mirakl's default (AUTO_INVOICE only); DocAll for every type
	BillingCycleIDs []string
	PaymentStatus   string
	PageSize        int
}

// ListInvoices calls IV01 and walks every page (published ceiling: once a
// day, extra pages free).
func (c *Client) ListInvoices(ctx context.Context, q InvoicesQuery) ([]AccountingDocument, error) {
	v := url.Values{}
	setTime(v, "start_date", q.Start)
	setTime(v, "end_date", q.End)
	if q.Type != "" {
		v.Set("type", q.Type)
	}
	if len(q.BillingCycleIDs) > 0 {
		v.Set("seller_billing_cycle_id", strings.Join(q.BillingCycleIDs, ","))
	}
	if q.PaymentStatus != "" {
		v.Set("payment_status", q.PaymentStatus)
	}
	v.Set("sort", "dateCreated")
	v.Set("order", "asc")
	var out []AccountingDocument
	err := c.listOffset(ctx, OpIV01, "/api/invoices", v, q.PageSize, "invoices", collect(OpIV01, "accounting document", &out))
	return out, err
}

// DecodeInvoices reads an IV01 answer.
func DecodeInvoices(b []byte) ([]AccountingDocument, int, error) {
	return decodeOffsetPage[AccountingDocument](b, "invoices", "accounting document")
}

func setTime(v url.Values, key string, t time.Time) {
	if !t.IsZero() {
		v.Set(key, formatTime(t))
	}
}

func clampLimit(n, max int) int {
	if n <= 0 || n > max {
		return max
	}
	return n
}
