package store

import (
	"context"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
)

// Change is one committed write to a watched document. Deleted is true when the
// key was removed (Badger reports a delete as an empty value, which is why no
// watched document is ever stored empty).
type Change struct {
	Key     []byte
	Value   []byte
	Version uint64
	Deleted bool
}

// sentinelKey is written once per Watch call so the caller can learn when the
// subscription is live: Badger gives no "registered" signal of its own.
var sentinelKey = []byte("meta/watch-sentinel")

// Watch calls fn with each batch of changes under the watched prefixes until
// ctx ends. fn runs on Badger's publisher goroutine and must return quickly:
// hand the changes to a buffered consumer. ready, if not nil, is closed once
// the subscription is live, so no write after that can be missed.
func (db *DB) Watch(ctx context.Context, ready chan<- struct{}, fn func([]Change)) error {
	matches := []pb.Match{{Prefix: sentinelKey}}
	for _, p := range WatchPrefixes {
		matches = append(matches, pb.Match{Prefix: []byte(p)})
	}
	seen := make(chan struct{})
	var once sync.Once
	cb := func(kvs *badger.KVList) error {
		out := make([]Change, 0, len(kvs.Kv))
		for _, kv := range kvs.Kv {
			if string(kv.Key) == string(sentinelKey) {
				once.Do(func() { close(seen) })
				continue
			}
			out = append(out, Change{Key: kv.Key, Value: kv.Value, Version: kv.Version, Deleted: len(kv.Value) == 0})
		}
		if len(out) > 0 {
			fn(out)
		}
		return nil
	}
	errc := make(chan error, 1)
	go func() { errc <- db.bdb.Subscribe(ctx, cb, matches) }()
	if ready != nil {
		go func() {
			for {
				_ = db.bdb.Update(func(txn *badger.Txn) error { return txn.Set(sentinelKey, []byte("1")) })
				select {
				case <-seen:
					close(ready)
					return
				case <-ctx.Done():
					return
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
	}
	err := <-errc
	if ctx.Err() != nil {
		return nil
	}
	return err
}
