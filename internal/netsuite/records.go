package netsuite

import (
	"github.com/jlsync/jlsync/internal/money"
)

// Record type names as they appear in REST paths.
const (
	TypeCustomer            = "customer"
	TypeSalesOrder          = "salesOrder"
	TypeItemFulfillment     = "itemFulfillment"
	TypeCreditMemo          = "creditMemo"
	TypeReturnAuthorization = "returnAuthorization"
	TypeJournalEntry        = "journalEntry"
	TypeInventoryItem       = "inventoryItem"
	TypeLocation            = "location"
	TypeAccount             = "account"
)

// Ref is a reference (select) field. Writes send ID or ExternalID; reads also
// carry RefName.
type Ref struct {
	ID         string `json:"id,omitempty"`
	ExternalID string `json:"externalId,omitempty"`
	RefName    string `json:"refName,omitempty"`
}

// NewRef returns a reference to an internal id, or nil for an empty id so the
// field is left out of the request.
func NewRef(id string) *Ref {
	if id == "" {
		return nil
	}
	return &Ref{ID: id}
}

// Address is the address subrecord (shippingAddress, billingAddress,
// addressbookAddress). Country is NetSuite's country enum id ("GB").
type Address struct {
	Addressee string `json:"addressee,omitempty"`
	Attention string `json:"attention,omitempty"`
	Addr1     string `json:"addr1,omitempty"`
	Addr2     string `json:"addr2,omitempty"`
	Addr3     string `json:"addr3,omitempty"`
	City      string `json:"city,omitempty"`
	State     string `json:"state,omitempty"`
	Zip       string `json:"zip,omitempty"`
	Country   *Ref   `json:"country,omitempty"`
	AddrPhone string `json:"addrPhone,omitempty"`
	Override  *bool  `json:"override,omitempty"`
}

// Customer is the customer record as jlsync writes it.
type Customer struct {
	ID          string              `json:"id,omitempty"`
	ExternalID  string              `json:"externalId,omitempty"`
	IsPerson    *bool               `json:"isPerson,omitempty"`
	FirstName   string              `json:"firstName,omitempty"`
	LastName    string              `json:"lastName,omitempty"`
	CompanyName string              `json:"companyName,omitempty"`
	Email       string              `json:"email,omitempty"`
	Phone       string              `json:"phone,omitempty"`
	Subsidiary  *Ref                `json:"subsidiary,omitempty"`
	Currency    *Ref                `json:"currency,omitempty"`
	Addressbook *AddressbookSublist `json:"addressbook,omitempty"`
}

// AddressbookSublist is the customer's address book.
type AddressbookSublist struct {
	Items []AddressbookEntry `json:"items"`
}

// AddressbookEntry is one address-book line.
type AddressbookEntry struct {
	Label              string   `json:"label,omitempty"`
	DefaultShipping    *bool    `json:"defaultShipping,omitempty"`
	DefaultBilling     *bool    `json:"defaultBilling,omitempty"`
	AddressbookAddress *Address `json:"addressbookAddress,omitempty"`
}

// SalesOrder is the salesOrder record as jlsync writes and reads it.
type SalesOrder struct {
	ID              string            `json:"id,omitempty"`
	ExternalID      string            `json:"externalId,omitempty"`
	TranID          string            `json:"tranId,omitempty"`
	TranDate        string            `json:"tranDate,omitempty"` // YYYY-MM-DD
	Entity          *Ref              `json:"entity,omitempty"`
	OtherRefNum     string            `json:"otherRefNum,omitempty"`
	Memo            string            `json:"memo,omitempty"`
	Subsidiary      *Ref              `json:"subsidiary,omitempty"`
	Currency        *Ref              `json:"currency,omitempty"`
	Location        *Ref              `json:"location,omitempty"`
	Department      *Ref              `json:"department,omitempty"`
	Class           *Ref              `json:"class,omitempty"`
	ShipMethod      *Ref              `json:"shipMethod,omitempty"`
	ShippingCost    *money.Amount     `json:"shippingCost,omitempty"`
	ShippingAddress *Address          `json:"shippingAddress,omitempty"`
	BillingAddress  *Address          `json:"billingAddress,omitempty"`
	Status          *Ref              `json:"status,omitempty"` // enum {id, refName} on read
	Total           *money.Amount     `json:"total,omitempty"`
	Subtotal        *money.Amount     `json:"subtotal,omitempty"`
	TaxTotal        *money.Amount     `json:"taxTotal,omitempty"`
	Item            *SalesOrderItems  `json:"item,omitempty"`
	CustomFields    map[string]string `json:"-"` // custbody_* fields, merged into the JSON by MarshalJSON

	OrderStatus      *Ref            `json:"orderStatus,omitempty"` // "B" (Pending Fulfillment) makes it shippable at once
	ShipDate         string          `json:"shipDate,omitempty"`
	Email            string          `json:"email,omitempty"`
	CreatedDate      string          `json:"createdDate,omitempty"`      // read only
	LastModifiedDate string          `json:"lastModifiedDate,omitempty"` // read only
	CustomRefs       map[string]*Ref `json:"-"`                          // custbody_* list/record fields
}

// SalesOrderItems is the item sublist.
type SalesOrderItems struct {
	Items []SalesOrderItem `json:"items"`
}

// SalesOrderItem is one item line. Amount is what the customer paid for the
// line; Rate is left empty when Amount/Quantity is not a whole penny, so
// NetSuite keeps the exact amount.
type SalesOrderItem struct {
	Line              int               `json:"line,omitempty"`
	Item              *Ref              `json:"item,omitempty"`
	Description       string            `json:"description,omitempty"`
	Quantity          int               `json:"quantity"`
	Rate              *money.Amount     `json:"rate,omitempty"`
	Amount            money.Amount      `json:"amount"`
	TaxCode           *Ref              `json:"taxCode,omitempty"`
	TaxAmount         *money.Amount     `json:"taxAmount,omitempty"`
	GrossAmt          *money.Amount     `json:"grossAmt,omitempty"`
	Price             *Ref              `json:"price,omitempty"` // price level; "-1" = custom
	Location          *Ref              `json:"location,omitempty"`
	IsClosed          *bool             `json:"isClosed,omitempty"`
	QuantityFulfilled int               `json:"quantityFulfilled,omitempty"`
	CustomFields      map[string]string `json:"-"`

	QuantityBilled int             `json:"quantityBilled,omitempty"` // read only
	CustomRefs     map[string]*Ref `json:"-"`                        // custcol_* list/record fields
}
