package store

import (
	"strings"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
)

// SKUMap holds the operator's explicit offer SKU -> NetSuite item mappings.
type SKUMap struct{ tx *Tx }

// SKUMap returns the SKU map repository of this transaction.
func (tx *Tx) SKUMap() SKUMap { return SKUMap{tx} }

// Get returns one mapping or ErrNotFound.
func (r SKUMap) Get(sku string) (apitype.SKUMapping, error) {
	return getDoc[apitype.SKUMapping](r.tx, key(pSKUMap, sku))
}

// Put writes a mapping.
func (r SKUMap) Put(m apitype.SKUMapping) error {
	if m.UpdatedAt.IsZero() {
		m.UpdatedAt = r.tx.Now()
	}
	return r.tx.put(key(pSKUMap, m.OfferSKU), m)
}

// Delete removes a mapping.
func (r SKUMap) Delete(sku string) error { return r.tx.del(key(pSKUMap, sku)) }

// List returns mappings in SKU order; q filters by SKU or item id substring.
func (r SKUMap) List(q string, limit int) ([]apitype.SKUMapping, error) {
	q = strings.ToLower(q)
	var out []apitype.SKUMapping
	err := scanDocs(r.tx, []byte(pSKUMap), false, func(m apitype.SKUMapping) error {
		if q != "" && !strings.Contains(strings.ToLower(m.OfferSKU+" "+m.ItemID), q) {
			return nil
		}
		out = append(out, m)
		if limit > 0 && len(out) >= limit {
			return errStop
		}
		return nil
	})
	return out, err
}

// Item is a cached NetSuite item: enough to resolve a marketplace SKU by the
// configured match rule without a NetSuite call per order line.
type Item struct {
	ID         string    `json:"id"`
	ItemID     string    `json:"item_id"` // NetSuite "itemId" (name/number)
	UPC        string    `json:"upc,omitempty"`
	ExternalID string    `json:"external_id,omitempty"`
	Name       string    `json:"name,omitempty"`
	Class      string    `json:"class,omitempty"` // NetSuite item class (name), for buffer rules
	Inactive   bool      `json:"inactive,omitempty"`
	SyncedAt   time.Time `json:"synced_at"`
}

// Match fields for item lookups.
const (
	MatchItemID     = "itemId"
	MatchUPC        = "upcCode"
	MatchExternalID = "externalId"
)

// Items is the NetSuite item cache.
type Items struct{ tx *Tx }

// Items returns the item cache repository of this transaction.
func (tx *Tx) Items() Items { return Items{tx} }

// Get returns a cached item by internal id.
func (r Items) Get(id string) (Item, error) {
	return getDoc[Item](r.tx, key(pItem, id))
}

func itemIndexKeys(it Item) [][]byte {
	var ks [][]byte
	add := func(m, v string) {
		if v != "" {
			ks = append(ks, key(pIdxItem, m, strings.ToLower(v), it.ID))
		}
	}
	add(MatchItemID, it.ItemID)
	add(MatchUPC, it.UPC)
	add(MatchExternalID, it.ExternalID)
	return ks
}

// Put caches an item and its lookup keys.
func (r Items) Put(it Item) error {
	if old, err := r.Get(it.ID); err == nil {
		for _, k := range itemIndexKeys(old) {
			if err := r.tx.del(k); err != nil {
				return err
			}
		}
	} else if err != ErrNotFound {
		return err
	}
	for _, k := range itemIndexKeys(it) {
		if err := r.tx.mark(k); err != nil {
			return err
		}
	}
	return r.tx.put(key(pItem, it.ID), it)
}

// Lookup finds items whose match field equals value (case-insensitive).
func (r Items) Lookup(match, value string) ([]Item, error) {
	if value == "" {
		return nil, nil
	}
	var ids []string
	err := r.tx.scan(key(pIdxItem, match, strings.ToLower(value), ""), false, false, func(k, _ []byte) error {
		ids = append(ids, lastPart(k))
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(ids))
	for _, id := range ids {
		it, err := r.Get(id)
		if err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, nil
}

// Count returns how many items are cached.
func (r Items) Count() (int, error) {
	n := 0
	err := r.tx.scan([]byte(pItem), false, false, func(_, _ []byte) error { n++; return nil })
	return n, err
}
