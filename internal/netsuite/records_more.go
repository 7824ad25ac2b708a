package netsuite

import (
	"encoding/json"

	"github.com/jlsync/jlsync/internal/money"
)

// Ship status letters of an item fulfilment.
const (
	ShipStatusPicked  = "A"
	ShipStatusPacked  = "B"
	ShipStatusShipped = "C"
)

// ItemFulfillment is a shipment against a sales order, made by transforming
// the order.
type ItemFulfillment struct {
	ID               string                   `json:"id,omitempty"`
	ExternalID       string                   `json:"externalId,omitempty"`
	TranID           string                   `json:"tranId,omitempty"`
	TranDate         string                   `json:"tranDate,omitempty"`
	CreatedFrom      *Ref                     `json:"createdFrom,omitempty"`
	Entity           *Ref                     `json:"entity,omitempty"`
	ShipStatus       *Ref                     `json:"shipStatus,omitempty"` // A picked, B packed, C shipped
	Status           *Ref                     `json:"status,omitempty"`
	ShipMethod       *Ref                     `json:"shipMethod,omitempty"`
	ShipCarrier      *Ref                     `json:"shipCarrier,omitempty"`
	ShippedDate      string                   `json:"shippedDate,omitempty"`
	Memo             string                   `json:"memo,omitempty"`
	ShippingAddress  *Address                 `json:"shippingAddress,omitempty"`
	LastModifiedDate string                   `json:"lastModifiedDate,omitempty"`
	Item             *ItemFulfillmentItems    `json:"item,omitempty"`
	Package          *ItemFulfillmentPackages `json:"package,omitempty"`
	CustomFields     map[string]string        `json:"-"`
	CustomRefs       map[string]*Ref          `json:"-"`
}

// ItemFulfillmentItems is the item sublist of a fulfilment.
type ItemFulfillmentItems struct {
	Items []ItemFulfillmentItem `json:"items"`
}

// ItemFulfillmentItem is one fulfilment line. OrderLine is the sales
// order's line number; lines not to ship go with ItemReceive false.
type ItemFulfillmentItem struct {
	Line        int      `json:"line,omitempty"`
	OrderLine   int      `json:"orderLine,omitempty"`
	Item        *Ref     `json:"item,omitempty"`
	ItemReceive *bool    `json:"itemReceive,omitempty"`
	Quantity    Quantity `json:"quantity,omitempty"`
	Location    *Ref     `json:"location,omitempty"`
}

// ItemFulfillmentPackages is the package sublist (carrier-neutral variant).
type ItemFulfillmentPackages struct {
	Items []ItemFulfillmentPackage `json:"items"`
}

// ItemFulfillmentPackage is one parcel. Weight is a decimal in the
// account's weight unit, kept as the number NetSuite sent.
type ItemFulfillmentPackage struct {
	PackageTrackingNumber string      `json:"packageTrackingNumber,omitempty"`
	PackageDescr          string      `json:"packageDescr,omitempty"`
	PackageWeight         json.Number `json:"packageWeight,omitempty"`
	PackageCartonNumber   string      `json:"packageCartonNumber,omitempty"`
}

// TransactionItems is the item sublist of credit memos and return
// authorisations.
type TransactionItems struct {
	Items []TransactionItem `json:"items"`
}

// TransactionItem is an item line of a credit memo or return
// authorisation. Set Rate/Amount explicitly to credit what the customer
// actually paid rather than the item's list price.
type TransactionItem struct {
	Line         int               `json:"line,omitempty"`
	OrderLine    int               `json:"orderLine,omitempty"` // source line when made by a transform
	Item         *Ref              `json:"item,omitempty"`
	Description  string            `json:"description,omitempty"`
	Quantity     Quantity          `json:"quantity,omitempty"`
	Rate         *money.Amount     `json:"rate,omitempty"`
	Amount       *money.Amount     `json:"amount,omitempty"`
	TaxAmount    *money.Amount     `json:"taxAmount,omitempty"`
	Price        *Ref              `json:"price,omitempty"`
	TaxCode      *Ref              `json:"taxCode,omitempty"`
	Location     *Ref              `json:"location,omitempty"`
	CustomFields map[string]string `json:"-"`
	CustomRefs   map[string]*Ref   `json:"-"`
}

// CreditMemo records money owed back to a customer.
type CreditMemo struct {
	ID           string            `json:"id,omitempty"`
	ExternalID   string            `json:"externalId,omitempty"`
	TranID       string            `json:"tranId,omitempty"`
	TranDate     string            `json:"tranDate,omitempty"`
	Entity       *Ref              `json:"entity,omitempty"`
	CreatedFrom  *Ref              `json:"createdFrom,omitempty"`
	Subsidiary   *Ref              `json:"subsidiary,omitempty"`
	Currency     *Ref              `json:"currency,omitempty"`
	Location     *Ref              `json:"location,omitempty"`
	Account      *Ref              `json:"account,omitempty"` // A/R account
	OtherRefNum  string            `json:"otherRefNum,omitempty"`
	Memo         string            `json:"memo,omitempty"`
	ShippingCost *money.Amount     `json:"shippingCost,omitempty"`
	Total        *money.Amount     `json:"total,omitempty"`    // read only
	Subtotal     *money.Amount     `json:"subtotal,omitempty"` // read only
	Item         *TransactionItems `json:"item,omitempty"`
	Apply        *CreditMemoApply  `json:"apply,omitempty"`
	CustomFields map[string]string `json:"-"`
	CustomRefs   map[string]*Ref   `json:"-"`
}

// CreditMemoApply is the apply sublist: which invoices the credit settles.
type CreditMemoApply struct {
	Items []CreditMemoApplyLine `json:"items"`
}

// CreditMemoApplyLine applies part of the credit to one document.
type CreditMemoApplyLine struct {
	Doc    *Ref          `json:"doc,omitempty"`
	Line   int           `json:"line,omitempty"`
	Apply  *bool         `json:"apply,omitempty"`
	Amount *money.Amount `json:"amount,omitempty"`
}

// ReturnAuthorization is an authorised return; it transforms into an item
// receipt and a credit memo.
type ReturnAuthorization struct {
	ID           string            `json:"id,omitempty"`
	ExternalID   string            `json:"externalId,omitempty"`
	TranID       string            `json:"tranId,omitempty"`
	TranDate     string            `json:"tranDate,omitempty"`
	Entity       *Ref              `json:"entity,omitempty"`
	CreatedFrom  *Ref              `json:"createdFrom,omitempty"`
	Subsidiary   *Ref              `json:"subsidiary,omitempty"`
	Currency     *Ref              `json:"currency,omitempty"`
	Location     *Ref              `json:"location,omitempty"`
	OrderStatus  *Ref              `json:"orderStatus,omitempty"`
	Status       *Ref              `json:"status,omitempty"`
	Memo         string            `json:"memo,omitempty"`
	Total        *money.Amount     `json:"total,omitempty"` // read only
	Item         *TransactionItems `json:"item,omitempty"`
	CustomFields map[string]string `json:"-"`
	CustomRefs   map[string]*Ref   `json:"-"`
}

// JournalEntry is a general-ledger posting; debits must equal credits.
type JournalEntry struct {
	ID           string             `json:"id,omitempty"`
	ExternalID   string             `json:"externalId,omitempty"`
	TranID       string             `json:"tranId,omitempty"`
	TranDate     string             `json:"tranDate,omitempty"`
	Subsidiary   *Ref               `json:"subsidiary,omitempty"`
	Currency     *Ref               `json:"currency,omitempty"`
	Memo         string             `json:"memo,omitempty"`
	Approved     *bool              `json:"approved,omitempty"`
	ReversalDate string             `json:"reversalDate,omitempty"`
	Line         *JournalEntryLines `json:"line,omitempty"`
	CustomFields map[string]string  `json:"-"`
	CustomRefs   map[string]*Ref    `json:"-"`
}

// JournalEntryLines is the line sublist.
type JournalEntryLines struct {
	Items []JournalEntryLine `json:"items"`
}

// JournalEntryLine posts one amount to one account: exactly one of Debit
// and Credit is set.
type JournalEntryLine struct {
	Line         int               `json:"line,omitempty"`
	Account      *Ref              `json:"account,omitempty"`
	Debit        *money.Amount     `json:"debit,omitempty"`
	Credit       *money.Amount     `json:"credit,omitempty"`
	Memo         string            `json:"memo,omitempty"`
	Entity       *Ref              `json:"entity,omitempty"`
	Department   *Ref              `json:"department,omitempty"`
	Class        *Ref              `json:"class,omitempty"`
	Location     *Ref              `json:"location,omitempty"`
	CustomFields map[string]string `json:"-"`
	CustomRefs   map[string]*Ref   `json:"-"`
}

// InventoryItem is a stocked item. ItemID is its name/SKU in NetSuite.
type InventoryItem struct {
	ID               string `json:"id,omitempty"`
	ExternalID       string `json:"externalId,omitempty"`
	ItemID           string `json:"itemId,omitempty"`
	DisplayName      string `json:"displayName,omitempty"`
	UPCCode          string `json:"upcCode,omitempty"`
	Description      string `json:"salesDescription,omitempty"`
	IsInactive       *bool  `json:"isInactive,omitempty"`
	LastModifiedDate string `json:"lastModifiedDate,omitempty"`
}

// Location is a warehouse or store holding stock.
type Location struct {
	ID         string `json:"id,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
	Name       string `json:"name,omitempty"`
	Subsidiary *Ref   `json:"subsidiary,omitempty"`
	IsInactive *bool  `json:"isInactive,omitempty"`
}

// Account is a general-ledger account.
type Account struct {
	ID         string `json:"id,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
	AcctNumber string `json:"acctNumber,omitempty"`
	AcctName   string `json:"acctName,omitempty"`
	AcctType   *Ref   `json:"acctType,omitempty"` // enum, e.g. Bank, OthCurrAsset, Income
	IsInactive *bool  `json:"isInactive,omitempty"`
}
