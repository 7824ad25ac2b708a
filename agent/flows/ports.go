// Package flows holds jlsync's sync flows, one per file. Each depends on small
// port interfaces rather than on the concrete API clients, so tests can drive
// it with fakes and a second marketplace adapter can slot in later.
package flows

import (
	"context"

	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
)

// Marketplace is what the flows need from the marketplace (Mirakl today).
type Marketplace interface {
	ListOrders(ctx context.Context, q mirakl.OrdersQuery) ([]mirakl.Order, error)
	AcceptOrder(ctx context.Context, orderID string, lines []mirakl.LineAcceptance) error
}

// ERPItem is the part of a NetSuite item the SKU mapping looks at.
type ERPItem struct {
	ID         string
	ItemID     string
	UPC        string
	ExternalID string
	Name       string
	Class      string
	Inactive   bool
}

// ERP is what the flows need from NetSuite.
type ERP interface {
	UpsertCustomer(ctx context.Context, externalID string, c netsuite.Customer) (string, error)
	UpsertSalesOrder(ctx context.Context, externalID string, so netsuite.SalesOrder) (string, error)
	// SalesOrder reads a Sales Order with its item lines.
	SalesOrder(ctx context.Context, id string) (netsuite.SalesOrder, error)
	ListItems(ctx context.Context) ([]ERPItem, error)
}
