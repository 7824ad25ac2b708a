package daemon

import (
	"context"

	"github.com/jlsync/jlsync/agent/flows"
	"github.com/jlsync/jlsync/internal/netsuite"
)

// NetSuiteERP adapts the NetSuite client to the flows' ERP port.
type NetSuiteERP struct{ C *netsuite.Client }

// UpsertCustomer writes a customer by externalId.
func (e NetSuiteERP) UpsertCustomer(ctx context.Context, externalID string, c netsuite.Customer) (string, error) {
	return e.C.Upsert(ctx, netsuite.TypeCustomer, externalID, c)
}

// UpsertSalesOrder writes a Sales Order by externalId.
func (e NetSuiteERP) UpsertSalesOrder(ctx context.Context, externalID string, so netsuite.SalesOrder) (string, error) {
	return e.C.Upsert(ctx, netsuite.TypeSalesOrder, externalID, so)
}

// UpsertCreditMemo writes a Credit Memo by externalId.
func (e NetSuiteERP) UpsertCreditMemo(ctx context.Context, externalID string, cm netsuite.CreditMemo) (string, error) {
	return e.C.Upsert(ctx, netsuite.TypeCreditMemo, externalID, cm)
}

// UpsertJournalEntry writes a Journal Entry by externalId.
func (e NetSuiteERP) UpsertJournalEntry(ctx context.Context, externalID string, je netsuite.JournalEntry) (string, error) {
	return e.C.Upsert(ctx, netsuite.TypeJournalEntry, externalID, je)
}

// SalesOrder reads a Sales Order with its item lines expanded.
func (e NetSuiteERP) SalesOrder(ctx context.Context, id string) (netsuite.SalesOrder, error) {
	var so netsuite.SalesOrder
	err := e.C.Get(ctx, netsuite.TypeSalesOrder, id, &so, true)
	return so, err
}

// ListItems reads every item jlsync may map SKUs to.
func (e NetSuiteERP) ListItems(ctx context.Context) ([]flows.ERPItem, error) {
	// Inactive items are read too, so an order for one says "inactive"
	// rather than "unmapped".
	items, err := e.C.Items(ctx, netsuite.ItemFilter{IncludeInactive: true})
	if err != nil {
		return nil, err
	}
	out := make([]flows.ERPItem, 0, len(items))
	for _, it := range items {
		out = append(out, flows.ERPItem{ID: it.ID, ItemID: it.ItemID, UPC: it.UPCCode, ExternalID: it.ExternalID, Name: it.DisplayName, Class: it.Class, Inactive: it.IsInactive})
	}
	return out, nil
}
