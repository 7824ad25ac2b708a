package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/store"
	"github.com/jlsync/jlsync/store/storetest"
)

var ctx = context.Background()

func TestOrdersIndexes(t *testing.T) {
	db := storetest.New(t)
	err := db.Update(ctx, func(tx *store.Tx) error {
		for i, id := range []string{"A-1", "B/2", "C-3"} {
			o := store.Order{OrderID: id, CommercialID: fmt.Sprintf("CID-%d", i), Sync: store.SyncPending}
			if err := tx.Orders().Put(o); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Link a Sales Order, then move it: the old SO index must go.
	for _, so := range []string{"101", "202"} {
		err = db.Update(ctx, func(tx *store.Tx) error {
			o, err := tx.Orders().Get("B/2")
			if err != nil {
				return err
			}
			o.SalesOrderID = so
			return tx.Orders().Put(o)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		find string
		want string
		err  error
	}{
		{"A-1", "A-1", nil},
		{"CID-1", "B/2", nil},
		{"202", "B/2", nil},
		{"101", "", store.ErrNotFound},
		{"JL-C-3", "C-3", nil},
		{"nope", "", store.ErrNotFound},
	}
	for _, tt := range tests {
		_ = db.View(ctx, func(tx *store.Tx) error {
			o, err := tx.Orders().Find(tt.find)
			if !errors.Is(err, tt.err) || o.OrderID != tt.want {
				t.Errorf("Find(%q) = %q, %v; want %q, %v", tt.find, o.OrderID, err, tt.want, tt.err)
			}
			return nil
		})
	}
	_ = db.View(ctx, func(tx *store.Tx) error {
		all, total, err := tx.Orders().List("", 2)
		if err != nil || total != 3 || len(all) != 2 || all[0].OrderID != "B/2" {
			t.Errorf("List = %d items, total %d, first %v, %v", len(all), total, all, err)
		}
		hits, total, _ := tx.Orders().List("cid-2", 0)
		if total != 1 || hits[0].OrderID != "C-3" {
			t.Errorf("List(q) = %v", hits)
		}
		return nil
	})
}

func TestExceptionsRaiseDedupeAndClose(t *testing.T) {
	db := storetest.New(t)
	raise := func(reason string) store.Exception {
		var e store.Exception
		err := db.Update(ctx, func(tx *store.Tx) error {
			var err error
			e, _, err = tx.Exceptions().Raise(store.Exception{
				Exception:  apitype.Exception{Type: apitype.ExcUnmappedSKU, Flow: "orders", Reason: reason},
				SubjectKey: "order:1", Causes: []string{"sku:X"},
			})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	a := raise("first")
	b := raise("second")
	if a.ID != b.ID || b.Reason != "second" {
		t.Fatalf("same subject+type should update one exception: %s %s", a.ID, b.ID)
	}
	_ = db.View(ctx, func(tx *store.Tx) error {
		es, _ := tx.Exceptions().OpenByCause("sku:X")
		if len(es) != 1 {
			t.Errorf("OpenByCause = %d", len(es))
		}
		n, byFlow, _ := tx.Exceptions().CountOpen()
		if n != 1 || byFlow["orders"] != 1 {
			t.Errorf("CountOpen = %d %v", n, byFlow)
		}
		return nil
	})
	err := db.Update(ctx, func(tx *store.Tx) error {
		_, err := tx.Exceptions().Close(a.ID, apitype.ExceptionResolved, "alice", "mapped")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = db.View(ctx, func(tx *store.Tx) error {
		if es, _ := tx.Exceptions().OpenByCause("sku:X"); len(es) != 0 {
			t.Errorf("closed exception still indexed as open")
		}
		list, total, _ := tx.Exceptions().List(store.Filter{Status: "all"})
		if total != 1 || list[0].Status != apitype.ExceptionResolved || list[0].ClosedBy != "alice" {
			t.Errorf("List all = %+v", list)
		}
		return nil
	})
	// A new fault after closing opens a new exception.
	if c := raise("third"); c.ID == a.ID {
		t.Errorf("raise after close reused %s", c.ID)
	}
}

func TestWorkAndCursorsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	db, err := store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	err = db.Update(ctx, func(tx *store.Tx) error {
		if _, err := tx.Work().Ensure("orders", "O-1"); err != nil {
			return err
		}
		return tx.Cursors().Set("orders", store.Cursor{Time: at})
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db, err = store.Open(store.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(ctx, func(tx *store.Tx) error {
		ws, _ := tx.Work().List("orders")
		c, _ := tx.Cursors().Get("orders")
		if len(ws) != 1 || ws[0].Key != "O-1" || !c.Time.Equal(at) {
			t.Errorf("after reopen: work %v cursor %v", ws, c)
		}
		return nil
	})
}

func TestConflictRetry(t *testing.T) {
	db := storetest.New(t)
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := db.Update(ctx, func(tx *store.Tx) error {
				fh, err := tx.Flows().Get("orders")
				if err != nil {
					return err
				}
				fh.Done++
				return tx.Flows().Put(fh)
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	_ = db.View(ctx, func(tx *store.Tx) error {
		fh, _ := tx.Flows().Get("orders")
		if fh.Done != 20 {
			t.Errorf("lost updates: Done = %d, want 20", fh.Done)
		}
		return nil
	})
}

func TestWatch(t *testing.T) {
	db := storetest.New(t)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan struct{})
	got := make(chan store.Change, 16)
	go db.Watch(cctx, ready, func(cs []store.Change) {
		for _, c := range cs {
			got <- c
		}
	})
	select {
	case <-ready:
	case <-time.After(5 * time.Second):
		t.Fatal("watch never became ready")
	}
	_ = db.Update(ctx, func(tx *store.Tx) error {
		return tx.SKUMap().Put(apitype.SKUMapping{OfferSKU: "S1", ItemID: "7"})
	})
	_ = db.Update(ctx, func(tx *store.Tx) error { return tx.SKUMap().Delete("S1") })
	want := []bool{false, true}
	for i, del := range want {
		select {
		case c := <-got:
			kind, id := store.KeyKind(c.Key)
			if kind != "skumap" || id != "S1" || c.Deleted != del {
				t.Errorf("change %d = %s %s deleted=%v", i, kind, id, c.Deleted)
			}
			if !del {
				var m apitype.SKUMapping
				if err := store.Decode(c.Value, &m); err != nil || m.ItemID != "7" {
					t.Errorf("decode = %+v %v", m, err)
				}
			}
		case <-time.After(5 * time.Second):
			t.Fatal("no change delivered")
		}
	}
}

func TestItemsLookup(t *testing.T) {
	db := storetest.New(t)
	_ = db.Update(ctx, func(tx *store.Tx) error {
		_ = tx.Items().Put(store.Item{ID: "1", ItemID: "JLM-HOME-1", UPC: "5000"})
		return tx.Items().Put(store.Item{ID: "1", ItemID: "JLM-HOME-1B", UPC: "5000"})
	})
	_ = db.View(ctx, func(tx *store.Tx) error {
		if its, _ := tx.Items().Lookup(store.MatchItemID, "jlm-home-1"); len(its) != 0 {
			t.Errorf("stale index after rename: %v", its)
		}
		if its, _ := tx.Items().Lookup(store.MatchItemID, "JLM-HOME-1B"); len(its) != 1 {
			t.Errorf("lookup by itemId failed")
		}
		if its, _ := tx.Items().Lookup(store.MatchUPC, "5000"); len(its) != 1 {
			t.Errorf("lookup by upc failed")
		}
		return nil
	})
}

func TestAuditNewestFirstAndBackup(t *testing.T) {
	db := storetest.New(t)
	for i := 0; i < 3; i++ {
		_ = db.Update(ctx, func(tx *store.Tx) error {
			return tx.Audit().Record(store.AuditEntry{At: time.Unix(int64(100+i), 0), Actor: "bob", Action: fmt.Sprint("a", i)})
		})
	}
	_ = db.View(ctx, func(tx *store.Tx) error {
		es, _ := tx.Audit().List(2)
		if len(es) != 2 || es[0].Action != "a2" {
			t.Errorf("audit = %+v", es)
		}
		return nil
	})
	var buf bytes.Buffer
	if err := db.Backup(&buf); err != nil {
		t.Fatal(err)
	}
	db2 := storetest.New(t)
	if err := db2.Restore(&buf); err != nil {
		t.Fatal(err)
	}
	_ = db2.View(ctx, func(tx *store.Tx) error {
		es, _ := tx.Audit().List(0)
		if len(es) != 3 {
			t.Errorf("restored audit has %d entries", len(es))
		}
		return nil
	})
}

func TestHoldsData(t *testing.T) {
	db := storetest.New(t)
	if full, err := db.HoldsData(ctx); err != nil || full {
		t.Fatalf("a new store holds data: %v %v", full, err)
	}
	_ = db.Update(ctx, func(tx *store.Tx) error { return tx.Cursors().Set("orders", store.Cursor{Value: "x"}) })
	if full, _ := db.HoldsData(ctx); !full {
		t.Fatal("a store with a cursor reports empty")
	}
}

func TestPromisedOrdersIndex(t *testing.T) {
	db := storetest.New(t)
	put := func(o store.Order) {
		if err := db.Update(ctx, func(tx *store.Tx) error { return tx.Orders().Put(o) }); err != nil {
			t.Fatal(err)
		}
	}
	promised := func() []string {
		var ids []string
		_ = db.View(ctx, func(tx *store.Tx) error {
			return tx.Orders().EachPromised(func(o store.Order) error { ids = append(ids, o.OrderID); return nil })
		})
		return ids
	}
	put(store.Order{OrderID: "A", Accepted: true, Sync: store.SyncWaiting})
	put(store.Order{OrderID: "B", Sync: store.SyncWaiting})
	if got := promised(); len(got) != 1 || got[0] != "A" {
		t.Fatalf("promised = %v, want [A]", got)
	}
	put(store.Order{OrderID: "A", Accepted: true, SalesOrderID: "9", Sync: store.SyncSynced})
	if got := promised(); len(got) != 0 {
		t.Fatalf("an order in NetSuite is still promised: %v", got)
	}
}
