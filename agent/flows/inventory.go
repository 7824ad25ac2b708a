package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/engine"
	"github.com/jlsync/jlsync/internal/config"
	"github.com/jlsync/jlsync/internal/mirakl"
	"github.com/jlsync/jlsync/internal/netsuite"
	"github.com/jlsync/jlsync/store"
)

// StockReader reads stock per item per location from NetSuite.
type StockReader interface {
	StockSince(ctx context.Context, locations []string, since time.Time) ([]netsuite.StockRow, error)
}

// StockPublisher sends stock to the marketplace (STO01) and follows the
// import to its end (STO02, STO03).
type StockPublisher interface {
	ImportStock(ctx context.Context, lines []mirakl.StockLine) (string, error)
	WaitStockImport(ctx context.Context, importID string) (mirakl.StockImport, error)
	StockImportErrors(ctx context.Context, importID string) ([]mirakl.StockImportError, error)
}

// InventoryDeps wires the inventory flow.
type InventoryDeps struct {
	DB        *store.DB
	Reader    StockReader
	Publisher StockPublisher
	SKU       *SKUResolver
	Config    config.Config
	Logger    *slog.Logger
}

// Inventory publishes NetSuite stock to the marketplace: available-to-sell
// per SKU, less buffers and promised units, only for SKUs that changed, in
// one stock import per interval.
type Inventory struct {
	d         InventoryDeps
	flow      *engine.Flow
	log       *slog.Logger
	forceFull atomic.Bool
	// recomputedAll is set once a poll has recomputed every SKU since start.
	recomputedAll atomic.Bool
}

const (
	pushKey      = "push"
	resendPrefix = "resend:"
	// stockOverlap re-reads changes from just before the watermark: NetSuite
	// timestamps are coarse, and a re-read row with the same time is ignored.
	stockOverlap = time.Minute
)

// NewInventory builds the inventory flow.
func NewInventory(d InventoryDeps) *Inventory {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	c := d.Config
	inv := &Inventory{d: d, log: d.Logger.With("flow", apitype.FlowInventory)}
	inv.flow = newFlow(d.DB, c, d.Logger, flowSpec{
		name: apitype.FlowInventory, interval: c.Inventory.Interval,
		workers: 1, // one stock import at a time: the marketplace allows one a minute
		backoff: 5 * time.Second, poll: inv.poll, reconcile: inv.reconcile, subject: "stock",
	})
	return inv
}

// Flow is the running loop.
func (inv *Inventory) Flow() *engine.Flow { return inv.flow }

// Available implements StockChecker for order acceptance: the figure jlsync
// publishes for the SKU, when it has one.
func (inv *Inventory) Available(ctx context.Context, sku string) (int, bool) {
	st, err := inv.stock(ctx, sku)
	if err != nil {
		return 0, false
	}
	return st.Computed, true
}

func (inv *Inventory) stock(ctx context.Context, sku string) (store.Stock, error) {
	var st store.Stock
	err := inv.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		st, err = tx.Stock().Get(sku)
		return err
	})
	return st, err
}

// Resync forgets what was pushed and forces a full read: the next poll
// recomputes and publishes every SKU once.
func (inv *Inventory) Resync(ctx context.Context) (int, error) {
	n := 0
	err := inv.d.DB.Update(ctx, func(tx *store.Tx) error {
		n = 0
		var all []store.Stock
		if err := tx.Stock().Each(func(s store.Stock) error { all = append(all, s); return nil }); err != nil {
			return err
		}
		for _, s := range all {
			s.Pushed = -1
			if err := tx.Stock().Put(s); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	inv.forceFull.Store(true)
	inv.flow.Trigger()
	return n, err
}

type stockCursor struct {
	LastFull time.Time `json:"last_full"`
}

func (inv *Inventory) poll(ctx context.Context) ([]string, int, error) {
	cfg := inv.d.Config.Inventory
	cur, err := readCursor(ctx, inv.d.DB, apitype.FlowInventory)
	if err != nil {
		return nil, 0, err
	}
	var sc stockCursor
	_ = json.Unmarshal([]byte(cur.Value), &sc)
	now := time.Now()
	full := cur.Time.IsZero() || inv.forceFull.Swap(false) ||
		now.Sub(sc.LastFull) >= inv.d.Config.Scaled(cfg.FullEvery)
	since := time.Time{}
	if !full {
		since = cur.Time.Add(-stockOverlap)
	}
	rows, err := inv.d.Reader.StockSince(ctx, cfg.Locations, since)
	if err != nil {
		return nil, 0, fmt.Errorf("reading NetSuite stock (SuiteQL): %w", err)
	}
	skus, err := inv.skusByItem(ctx, rows)
	if err != nil {
		return nil, len(rows), err
	}
	watermark := cur.Time
	byItem := map[string][]netsuite.StockRow{}
	for _, r := range rows {
		byItem[r.ItemID] = append(byItem[r.ItemID], r)
		if r.LastChange.After(watermark) {
			watermark = r.LastChange
		}
	}
	// Promised units are read apart from the update: read inside it, every
	// order written meanwhile would conflict with (and restart) the whole
	// stock transaction. A figure a moment old is corrected next poll.
	var pending map[string]pendingSKU
	if err := inv.d.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		pending, err = pendingUnits(tx)
		return err
	}); err != nil {
		return nil, len(rows), err
	}
	dirty := false
	err = inv.d.DB.Update(ctx, func(tx *store.Tx) error {
		dirty = false
		seen := map[string]bool{}
		for item, rs := range byItem {
			for _, sku := range skus[item] {
				seen[sku] = true
				st, err := tx.Stock().Get(sku)
				if errors.Is(err, store.ErrNotFound) {
					st = store.Stock{SKU: sku, Pushed: -1, Locations: map[string]store.LocationStock{}}
				} else if err != nil {
					return err
				}
				st.ItemID = item
				if st.Locations == nil {
					st.Locations = map[string]store.LocationStock{}
				}
				for _, r := range rs {
					old, ok := st.Locations[r.Location]
					// A figure older than the one held is stale: drop it
					// rather than publish it over the newer value.
					if ok && !r.LastChange.IsZero() && r.LastChange.Before(old.LastChange) {
						continue
					}
					st.Locations[r.Location] = store.LocationStock{Available: r.Available, OnHand: r.OnHand, LastChange: r.LastChange, ReadAt: tx.Now()}
				}
				if err := inv.recompute(tx, &st, pending); err != nil {
					return err
				}
				dirty = dirty || st.Dirty()
			}
		}
		// Promised units move without any NetSuite change (an order was
		// accepted, or reached NetSuite): recompute the SKUs whose promised
		// units changed, and every SKU once after a start (the buffers in
		// the configuration may have changed).
		all := !inv.recomputedAll.Load()
		var others []store.Stock
		if err := tx.Stock().Each(func(s store.Stock) error {
			if seen[s.SKU] {
				return nil
			}
			if p := pending[s.SKU]; all || p.units != s.Explain.Pending || !slices.Equal(p.orders, s.Explain.PendingOrders) {
				others = append(others, s)
			} else {
				dirty = dirty || s.Dirty()
			}
			return nil
		}); err != nil {
			return err
		}
		for _, st := range others {
			if err := inv.recompute(tx, &st, pending); err != nil {
				return err
			}
			dirty = dirty || st.Dirty()
		}
		if dirty {
			if _, err := tx.Work().Ensure(apitype.FlowInventory, pushKey); err != nil {
				return err
			}
		}
		next := store.Cursor{Time: watermark, Value: cur.Value}
		if full {
			b, _ := json.Marshal(stockCursor{LastFull: now})
			next.Value = string(b)
		}
		return tx.Cursors().Set(apitype.FlowInventory, next)
	})
	if err == nil {
		inv.recomputedAll.Store(true)
	}
	if err != nil || !dirty {
		return nil, len(rows), err
	}
	return []string{pushKey}, len(rows), nil
}

// recompute refreshes a SKU's available-to-sell and writes it when it moved.
func (inv *Inventory) recompute(tx *store.Tx, st *store.Stock, pending map[string]pendingSKU) error {
	class := ""
	if it, err := tx.Items().Get(st.ItemID); err == nil {
		class = it.Class
	}
	p := pending[st.SKU]
	ats, bd := AvailableToSell(inv.d.Config.Inventory, st.SKU, class, st.Locations, p.units)
	bd.PendingOrders = p.orders
	if ats == st.Computed && st.Version > 0 && breakdownEqual(bd, st.Explain) {
		return nil
	}
	wasClean := !st.Dirty()
	st.Computed, st.Explain = ats, bd
	st.Version++
	st.ComputedAt = tx.Now()
	if wasClean && st.Dirty() || st.ChangedAt.IsZero() {
		st.ChangedAt = tx.Now()
	}
	return tx.Stock().Put(*st)
}

func breakdownEqual(a, b store.Breakdown) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

type pendingSKU struct {
	units  int
	orders []string
}

// pendingUnits counts, per SKU, units in orders jlsync accepted that have no
// Sales Order yet: NetSuite's stock does not know them.
func pendingUnits(tx *store.Tx) (map[string]pendingSKU, error) {
	out := map[string]pendingSKU{}
	err := tx.Orders().EachPromised(func(o store.Order) error {
		var mo mirakl.Order
		if json.Unmarshal(o.Source, &mo) != nil {
			return nil
		}
		for _, l := range effectiveLines(mo) {
			p := out[l.OfferSKU]
			p.units += l.qty
			p.orders = append(p.orders, o.OrderID)
			out[l.OfferSKU] = p
		}
		return nil
	})
	return out, err
}

// skusByItem finds the offer SKUs each NetSuite item sells as: the explicit
// maps pointing at it, else the match rule's field of the cached item.
func (inv *Inventory) skusByItem(ctx context.Context, rows []netsuite.StockRow) (map[string][]string, error) {
	out := map[string][]string{}
	explicit := map[string][]string{}
	for sku, item := range inv.d.Config.SKUMap.Explicit {
		explicit[item] = append(explicit[item], sku)
	}
	missing := false
	err := inv.d.DB.View(ctx, func(tx *store.Tx) error {
		ms, err := tx.SKUMap().List("", 0)
		if err != nil {
			return err
		}
		for _, m := range ms {
			explicit[m.ItemID] = append(explicit[m.ItemID], m.OfferSKU)
		}
		n, err := tx.Items().Count()
		missing = n == 0 && len(rows) > 0
		return err
	})
	if err != nil {
		return nil, err
	}
	if missing && inv.d.SKU != nil {
		if err := inv.d.SKU.Refresh(ctx); err != nil {
			return nil, err
		}
	}
	match := inv.d.Config.SKUMap.Match
	err = inv.d.DB.View(ctx, func(tx *store.Tx) error {
		for _, r := range rows {
			if _, done := out[r.ItemID]; done {
				continue
			}
			skus := append([]string(nil), explicit[r.ItemID]...)
			if len(skus) == 0 {
				sku := r.ItemName
				if it, err := tx.Items().Get(r.ItemID); err == nil {
					switch match {
					case store.MatchUPC:
						sku = it.UPC
					case store.MatchExternalID:
						sku = it.ExternalID
					default:
						sku = it.ItemID
					}
				}
				if sku != "" {
					skus = []string{sku}
				}
			}
			sort.Strings(skus)
			out[r.ItemID] = skus
		}
		return nil
	})
	return out, err
}

func (inv *Inventory) reconcile(ctx context.Context, key string) error {
	if sku, ok := strings.CutPrefix(key, resendPrefix); ok {
		return inv.resend(ctx, sku)
	}
	if key != pushKey {
		return inv.d.DB.Update(ctx, func(tx *store.Tx) error { return tx.Work().Done(apitype.FlowInventory, key) })
	}
	return inv.push(ctx)
}

func (inv *Inventory) resend(ctx context.Context, sku string) error {
	err := inv.d.DB.Update(ctx, func(tx *store.Tx) error {
		if st, err := tx.Stock().Get(sku); err == nil {
			st.Pushed, st.Rejected = -1, ""
			if err := tx.Stock().Put(st); err != nil {
				return err
			}
		}
		if err := tx.Work().Done(apitype.FlowInventory, resendPrefix+sku); err != nil {
			return err
		}
		_, err := tx.Work().Ensure(apitype.FlowInventory, pushKey)
		return err
	})
	if err == nil {
		inv.flow.Enqueue(pushKey)
	}
	return err
}

type sentLine struct {
	sku     string
	qty     int
	version int64
}

// push sends every SKU whose published figure differs from its computed one
// in a single stock import, follows it to the end, and records the outcome
// line by line. The batch is rebuilt from the store on every attempt, so a
// retry never sends a figure that a newer NetSuite change has replaced.
func (inv *Inventory) push(ctx context.Context) error {
	wh := inv.d.Config.Inventory.Warehouses
	var sent []sentLine
	var lines []mirakl.StockLine
	err := inv.d.DB.View(ctx, func(tx *store.Tx) error {
		return tx.Stock().Each(func(s store.Stock) error {
			if !s.Dirty() {
				return nil
			}
			sent = append(sent, sentLine{s.SKU, s.Computed, s.Version})
			lines = append(lines, stockLines(s, wh)...)
			return nil
		})
	})
	if err != nil {
		return err
	}
	if len(lines) == 0 {
		return inv.finishPush(ctx, nil, nil, "")
	}
	id, err := inv.d.Publisher.ImportStock(ctx, lines)
	if err != nil {
		return inv.marketFailed(ctx, "stock import (STO01)", err)
	}
	imp, err := inv.d.Publisher.WaitStockImport(ctx, id)
	if err != nil {
		return inv.marketFailed(ctx, "stock import status (STO02) of "+id, err)
	}
	var rejects []mirakl.StockImportError
	if imp.HasErrorReport || imp.LinesInError > 0 || imp.Status == mirakl.ImportFailed {
		if rejects, err = inv.d.Publisher.StockImportErrors(ctx, id); err != nil {
			return inv.marketFailed(ctx, "stock import error report (STO03) of "+id, err)
		}
		if imp.Status == mirakl.ImportFailed && len(rejects) == 0 {
			return fmt.Errorf("stock import %s failed without an error report", id)
		}
	}
	inv.log.Info("stock import done", "import", id, "skus", len(sent), "lines", len(lines), "rejected", len(rejects))
	return inv.finishPush(ctx, sent, rejects, id)
}

// stockLines renders one SKU for STO01: one global line, or one line per
// warehouse sharing the figure in proportion to each location's stock.
func stockLines(s store.Stock, warehouses map[string]string) []mirakl.StockLine {
	if len(warehouses) == 0 {
		return []mirakl.StockLine{{OfferSKU: s.SKU, Quantity: s.Computed}}
	}
	var locs []string
	for loc := range warehouses {
		locs = append(locs, loc)
	}
	sort.Strings(locs)
	weights := make([]int, len(locs))
	for i, loc := range locs {
		weights[i] = s.Locations[loc].Available
	}
	shares := splitAcross(s.Computed, weights)
	out := make([]mirakl.StockLine, len(locs))
	for i, loc := range locs {
		out[i] = mirakl.StockLine{OfferSKU: s.SKU, Quantity: shares[i], WarehouseCode: warehouses[loc]}
	}
	return out
}

func (inv *Inventory) marketFailed(ctx context.Context, what string, err error) error {
	if mirakl.IsRetryable(err) || ctx.Err() != nil {
		var me *mirakl.Error
		if errors.As(err, &me) && me.RetryAfter > 0 {
			return engine.RetryAfter(err, me.RetryAfter)
		}
		return err
	}
	return fmt.Errorf("%s: %w", what, err)
}

func (inv *Inventory) finishPush(ctx context.Context, sent []sentLine, rejects []mirakl.StockImportError, importID string) error {
	bySKU := map[string]string{}
	for _, r := range rejects {
		if _, dup := bySKU[r.OfferSKU]; !dup {
			bySKU[r.OfferSKU] = r.Message
		} else {
			bySKU[r.OfferSKU] += "; " + r.Message
		}
	}
	allClean := true
	err := inv.d.DB.Update(ctx, func(tx *store.Tx) error {
		allClean = true
		now := tx.Now()
		for _, l := range sent {
			st, err := tx.Stock().Get(l.sku)
			if err != nil {
				return err
			}
			// What the marketplace shows now is what was sent, whether or not
			// a newer figure was computed meanwhile (that one goes next).
			st.Pushed, st.PushedVersion, st.PushedAt, st.PushedImport = l.qty, l.version, now, importID
			if msg, bad := bySKU[l.sku]; bad {
				st.Rejected = msg
				if _, _, err := tx.Exceptions().Raise(store.Exception{
					Exception: apitype.Exception{
						Type: apitype.ExcStockRejected, Flow: apitype.FlowInventory, Severity: "error",
						Owner:   inv.d.Config.Owner(apitype.FlowInventory + "." + apitype.ExcStockRejected),
						Subject: "stock of SKU " + l.sku,
						Reason:  fmt.Sprintf("the marketplace refused quantity %d for offer %q in stock import %s: %s", l.qty, l.sku, importID, msg),
						Field:   "offer-sku",
						Fix:     "Check that the offer exists on the marketplace with this SKU (or fix the SKU map), then retry to send it again.",
						Blocks:  []string{apitype.FlowInventory + "/" + resendPrefix + l.sku},
						Details: map[string]string{"sku": l.sku, "quantity": fmt.Sprint(l.qty), "import": importID},
					},
					SubjectKey: "stock:" + l.sku,
					Causes:     []string{"sku:" + l.sku},
				}); err != nil {
					return err
				}
			} else {
				st.Rejected = ""
				open, err := tx.Exceptions().OpenFor("stock:" + l.sku)
				if err != nil {
					return err
				}
				for _, e := range open {
					if _, err := tx.Exceptions().Close(e.ID, apitype.ExceptionResolved, "jlsync", "accepted in stock import "+importID); err != nil {
						return err
					}
				}
			}
			if err := tx.Stock().Put(st); err != nil {
				return err
			}
		}
		if err := tx.Stock().Each(func(s store.Stock) error {
			if s.Dirty() {
				allClean = false
			}
			return nil
		}); err != nil {
			return err
		}
		return tx.Work().Done(apitype.FlowInventory, pushKey)
	})
	if err != nil {
		return err
	}
	if allClean {
		inv.flow.SetLastComplete(time.Now())
	} else {
		inv.flow.Trigger() // a newer figure arrived during the import
	}
	return nil
}

// View explains one SKU's published quantity.
func (inv *Inventory) View(ctx context.Context, sku string) (apitype.StockView, error) {
	st, err := inv.stock(ctx, sku)
	if err != nil {
		return apitype.StockView{}, err
	}
	v := apitype.StockView{
		SKU: st.SKU, ItemID: st.ItemID, Total: st.Explain.Total,
		BufferSource: st.Explain.BufferSource, BufferUnits: st.Explain.BufferUnits, BufferPercent: st.Explain.BufferPercent,
		BufferHeld: st.Explain.BufferHeld, Pending: st.Explain.Pending, PendingOrders: st.Explain.PendingOrders,
		Floor: st.Explain.Floor, FloorApplied: st.Explain.FloorApplied, Available: st.Computed, ComputedAt: st.ComputedAt,
		Pushed: st.Pushed, PushedImport: st.PushedImport, Rejected: st.Rejected, InSync: !st.Dirty(),
	}
	if !st.PushedAt.IsZero() {
		t := st.PushedAt
		v.PushedAt = &t
	}
	counted := map[string]bool{}
	for _, l := range inv.d.Config.Inventory.Locations {
		counted[l] = true
	}
	for loc, ls := range st.Locations {
		v.Locations = append(v.Locations, apitype.StockLocation{Location: loc, Available: ls.Available, OnHand: ls.OnHand,
			LastChange: ls.LastChange, Counted: len(counted) == 0 || counted[loc]})
	}
	sort.Slice(v.Locations, func(i, j int) bool { return v.Locations[i].Location < v.Locations[j].Location })
	return v, nil
}
