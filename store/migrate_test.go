package store

import (
	"context"
	"testing"

	"github.com/jlsync/jlsync/agent/apitype"
)

// A store written by schema 1 has no per-flow exception index; opening it
// with this build adds the index, so health counts stay right.
func TestMigrationAddsFlowIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(ctx, func(tx *Tx) error {
		e, _, err := tx.Exceptions().Raise(Exception{Exception: apitype.Exception{Type: "unmapped_sku", Flow: "orders"}, SubjectKey: "order:1"})
		if err != nil {
			return err
		}
		if err := tx.del(key(pIdxExcFlow, e.Flow, e.ID)); err != nil {
			return err
		}
		return tx.put([]byte(kSchema), schemaDoc{Version: 1})
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(ctx, func(tx *Tx) error {
		n, byFlow, err := tx.Exceptions().CountOpen()
		if err != nil || n != 1 || byFlow["orders"] != 1 {
			t.Errorf("after migration: %d %v %v", n, byFlow, err)
		}
		var sd schemaDoc
		_, _ = tx.get([]byte(kSchema), &sd)
		if sd.Version != SchemaVersion {
			t.Errorf("schema %d, want %d", sd.Version, SchemaVersion)
		}
		return nil
	})
}
