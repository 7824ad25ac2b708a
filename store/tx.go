package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	badger "github.com/dgraph-io/badger/v4"
)

// Tx is one transaction. Repositories hang off it so a record, its indexes,
// its pending work and its exception commit together or not at all.
type Tx struct {
	db    *DB
	txn   *badger.Txn
	write bool
}

func (tx *Tx) get(k []byte, v any) (bool, error) {
	item, err := tx.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	err = item.Value(func(val []byte) error {
		var env envelope
		if err := json.Unmarshal(val, &env); err != nil {
			return fmt.Errorf("store: %s: %w", k, err)
		}
		if env.V > SchemaVersion {
			return fmt.Errorf("store: %s written by a newer schema (%d)", k, env.V)
		}
		return json.Unmarshal(env.Doc, v)
	})
	return err == nil, err
}

func (tx *Tx) put(k []byte, v any) error {
	doc, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("store: encode %s: %w", k, err)
	}
	val, err := json.Marshal(envelope{V: SchemaVersion, Doc: doc})
	if err != nil {
		return err
	}
	return tx.txn.Set(k, val)
}

// getDoc reads one document, ErrNotFound when it is absent.
func getDoc[T any](tx *Tx, k []byte) (T, error) {
	var v T
	ok, err := tx.get(k, &v)
	if err == nil && !ok {
		err = ErrNotFound
	}
	return v, err
}

// mark writes an index key. Index values are empty: they are never watched.
func (tx *Tx) mark(k []byte) error { return tx.txn.Set(k, nil) }

func (tx *Tx) del(k []byte) error { return tx.txn.Delete(k) }

func (tx *Tx) has(k []byte) (bool, error) {
	_, err := tx.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// scan calls fn for each key under prefix in key order (or reverse), with the
// raw document when values is true. Returning errStop ends the scan quietly.
func (tx *Tx) scan(prefix []byte, reverse, values bool, fn func(k, raw []byte) error) error {
	seek := prefix
	if reverse {
		seek = append(append([]byte{}, prefix...), 0xFF)
	}
	return tx.iterate(prefix, seek, reverse, values, fn)
}

// iterate walks the keys under prefix from seek onwards.
func (tx *Tx) iterate(prefix, seek []byte, reverse, values bool, fn func(k, raw []byte) error) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = prefix
	opts.PrefetchValues = values
	opts.Reverse = reverse
	it := tx.txn.NewIterator(opts)
	defer it.Close()
	for it.Seek(seek); it.ValidForPrefix(prefix); it.Next() {
		item := it.Item()
		k := item.KeyCopy(nil)
		var raw []byte
		if values {
			var err error
			raw, err = item.ValueCopy(nil)
			if err != nil {
				return err
			}
		}
		if err := fn(k, raw); err != nil {
			if errors.Is(err, errStop) {
				return nil
			}
			return err
		}
	}
	return nil
}

var errStop = errors.New("stop")

// scanFrom visits the keys under prefix from start onwards, in key order.
func (tx *Tx) scanFrom(prefix, start []byte, fn func(k []byte) error) error {
	return tx.iterate(prefix, start, false, false, func(k, _ []byte) error { return fn(k) })
}

// scanDocs decodes each document under prefix into a fresh T.
func scanDocs[T any](tx *Tx, prefix []byte, reverse bool, fn func(T) error) error {
	return tx.scan(prefix, reverse, true, func(k, raw []byte) error {
		var v T
		if err := Decode(raw, &v); err != nil {
			return fmt.Errorf("store: %s: %w", k, err)
		}
		return fn(v)
	})
}

// Now is the store clock, for repositories stamping documents.
func (tx *Tx) Now() time.Time { return tx.db.now() }
