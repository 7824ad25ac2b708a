// Package flows holds jlsync's sync flows, one per file. Each depends on small
// port interfaces rather than on the concrete API clients, so tests can drive
// it with fakes and a second marketplace adapter can slot in later.
package flows

import (
	"context"
	"log/slog"
	"time"

	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
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
	UpsertCreditMemo(ctx context.Context, externalID string, cm netsuite.CreditMemo) (string, error)
	// SalesOrder reads a Sales Order with its item lines.
	SalesOrder(ctx context.Context, id string) (netsuite.SalesOrder, error)
	ListItems(ctx context.Context) ([]ERPItem, error)
}

// flowSpec is what differs between the flows' engines; the rest (time
// scaling, attempts, owner) comes from the configuration the same way for all.
type flowSpec struct {
	name      string
	interval  time.Duration // unscaled, as configured
	workers   int
	backoff   time.Duration // first retry delay, unscaled
	poll      engine.PollFunc
	reconcile engine.ReconcileFunc
	subject   string // "order", "stock": how a key reads in an exception
}

func newFlow(db *store.DB, c config.Config, log *slog.Logger, s flowSpec) *engine.Flow {
	return engine.New(engine.Options{
		Name:        s.name,
		DB:          db,
		Interval:    c.Scaled(s.interval),
		Workers:     s.workers,
		MaxAttempts: c.Orders.MaxAttempts,
		BaseBackoff: max(c.Scaled(s.backoff), 10*time.Millisecond),
		MaxBackoff:  max(c.Scaled(10*time.Minute), time.Second),
		Poll:        s.poll,
		Reconcile:   s.reconcile,
		Owner:       c.Owner(s.name),
		Logger:      log,
		Describe:    func(k string) string { return s.subject + " " + k },
	})
}
