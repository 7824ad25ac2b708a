package flows

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/jlsync/jlsync/store"
)

// SKUResolver maps offer SKUs to NetSuite items: the operator's map first,
// then the config's explicit map, then the configured rule over a local cache
// of NetSuite items (so an order does not cost one NetSuite call per line).
type SKUResolver struct {
	DB       *store.DB
	ERP      ERP
	Match    string            // itemId | upcCode | externalId
	Explicit map[string]string // from config
	// MinRefresh is the shortest gap between two item-cache refreshes caused
	// by a miss, so a flood of unmapped SKUs does not hammer NetSuite.
	MinRefresh time.Duration
	Logger     *slog.Logger

	mu          sync.Mutex
	refreshedAt time.Time
}

// Resolve maps each SKU. A miss refreshes the item cache once (at most every
// MinRefresh) before it is reported as unmapped.
func (r *SKUResolver) Resolve(ctx context.Context, skus []string) (map[string]Resolution, error) {
	res, misses, err := r.lookup(ctx, skus)
	if err != nil || misses == 0 {
		return res, err
	}
	if _, err := r.refreshIfDue(ctx, false); err != nil {
		return nil, err
	}
	// Look again even when this call did not refresh: another flow may have
	// refreshed the cache while this one waited for the lock.
	res, _, err = r.lookup(ctx, skus)
	return res, err
}

// Lookup maps SKUs from what jlsync already knows, without asking NetSuite.
func (r *SKUResolver) Lookup(ctx context.Context, skus []string) (map[string]Resolution, error) {
	res, _, err := r.lookup(ctx, skus)
	return res, err
}

// ForceRefreshNext lets the next miss refresh the cache at once (an operator
// pressed retry after fixing an item in NetSuite).
func (r *SKUResolver) ForceRefreshNext() {
	r.mu.Lock()
	r.refreshedAt = time.Time{}
	r.mu.Unlock()
}

func (r *SKUResolver) refreshIfDue(ctx context.Context, force bool) (bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !force && !r.refreshedAt.IsZero() && time.Since(r.refreshedAt) < r.MinRefresh {
		return false, nil
	}
	if err := r.refreshLocked(ctx); err != nil {
		return false, err
	}
	return true, nil
}

// Refresh reloads the item cache from NetSuite.
func (r *SKUResolver) Refresh(ctx context.Context) error {
	_, err := r.refreshIfDue(ctx, true)
	return err
}

func (r *SKUResolver) refreshLocked(ctx context.Context) error {
	items, err := r.ERP.ListItems(ctx)
	if err != nil {
		return fmt.Errorf("reading NetSuite items: %w", err)
	}
	now := time.Now()
	const batch = 500
	for i := 0; i < len(items); i += batch {
		chunk := items[i:min(i+batch, len(items))]
		err := r.DB.Update(ctx, func(tx *store.Tx) error {
			for _, it := range chunk {
				if err := tx.Items().Put(store.Item{ID: it.ID, ItemID: it.ItemID, UPC: it.UPC,
					ExternalID: it.ExternalID, Name: it.Name, Class: it.Class, Inactive: it.Inactive, SyncedAt: now}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	r.refreshedAt = now
	if r.Logger != nil {
		r.Logger.Info("NetSuite item cache refreshed", "items", len(items))
	}
	return nil
}

func (r *SKUResolver) lookup(ctx context.Context, skus []string) (map[string]Resolution, int, error) {
	res := make(map[string]Resolution, len(skus))
	misses := 0
	match := r.Match
	if match == "" {
		match = store.MatchItemID
	}
	err := r.DB.View(ctx, func(tx *store.Tx) error {
		for _, sku := range skus {
			var rs Resolution
			if m, err := tx.SKUMap().Get(sku); err == nil {
				rs = Resolution{ItemID: m.ItemID, Source: "operator"}
			} else if err != store.ErrNotFound {
				return err
			} else if id, ok := r.Explicit[sku]; ok && id != "" {
				rs = Resolution{ItemID: id, Source: "config"}
			} else {
				its, err := tx.Items().Lookup(match, sku)
				if err != nil {
					return err
				}
				if len(its) == 1 {
					rs = Resolution{ItemID: its[0].ID, ItemName: its[0].ItemID, Inactive: its[0].Inactive, Source: "rule"}
				} else if len(its) > 1 {
					rs.Suggestion = fmt.Sprintf("%d items share %s %q; map the SKU explicitly", len(its), match, sku)
				}
			}
			if rs.ItemID != "" && rs.Source != "rule" {
				if it, err := tx.Items().Get(rs.ItemID); err == nil {
					rs.ItemName, rs.Inactive = it.ItemID, it.Inactive
				}
			}
			if rs.ItemID == "" && rs.Suggestion == "" {
				rs.Suggestion = suggest(tx, match, sku)
			}
			if rs.ItemID == "" || rs.Inactive {
				misses++
			}
			res[sku] = rs
		}
		return nil
	})
	return res, misses, err
}

// suggest looks for the SKU under the other match fields: a seller who keys
// SKUs by barcode but left the rule on itemId gets pointed at the right item.
func suggest(tx *store.Tx, match, sku string) string {
	for _, other := range []string{store.MatchItemID, store.MatchUPC, store.MatchExternalID} {
		if other == match {
			continue
		}
		if its, err := tx.Items().Lookup(other, sku); err == nil && len(its) == 1 {
			return fmt.Sprintf("item %s (%s %s = %s)", its[0].ID, its[0].ItemID, other, sku)
		}
	}
	return ""
}
