// Package storetest opens throwaway in-memory stores for tests.
package storetest

import (
	"testing"

	"github.com/jlsync/jlsync/store"
)

// New opens an in-memory store closed at the end of the test.
func New(tb testing.TB) *store.DB {
	tb.Helper()
	db, err := store.Open(store.Options{InMemory: true})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}
