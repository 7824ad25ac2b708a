// Package store is jlsync's local-first record: every order, exception, SKU
// mapping, cursor and pending job lives here before and after it reaches
// either API. It is the only package that imports Badger.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	badger "github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/jlsync/jlsync/agent/apitype"
)

// SchemaVersion is the document schema this build writes. Open runs the
// migrations that take an older database up to it.
const SchemaVersion = 3

// ErrNotFound is returned by getters when a document does not exist.
var ErrNotFound = errors.New("store: not found")

// Options configures Open.
type Options struct {
	Dir      string       // data directory; ignored when InMemory
	InMemory bool         // tests and throwaway demos
	Logger   *slog.Logger // Badger's own log is routed here
	// Now is the clock used for timestamps written by repositories.
	Now func() time.Time
}

// DB is an open store.
type DB struct {
	bdb    *badger.DB
	log    *slog.Logger
	now    func() time.Time
	mu     sync.Mutex
	seqs   map[string]*badger.Sequence
	closed chan struct{}
	wg     sync.WaitGroup
}

// Open opens (or creates) the store and brings its schema up to date.
func Open(o Options) (*DB, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	bo := badger.DefaultOptions(o.Dir).
		WithLogger(badgerLogger{log.With("component", "badger")}).
		// A jlsync store holds thousands to low millions of small documents;
		// Badger's server-sized defaults would reserve hundreds of MiB.
		WithMemTableSize(16 << 20).
		WithNumMemtables(2).
		WithBlockCacheSize(16 << 20).
		WithIndexCacheSize(8 << 20).
		WithValueLogFileSize(64 << 20).
		WithNumCompactors(2)
	if o.InMemory {
		bo = bo.WithInMemory(true).WithDir("").WithValueDir("").
			WithMemTableSize(8 << 20).WithValueThreshold(256 << 10).WithBlockCacheSize(0).WithIndexCacheSize(0).
			WithCompression(options.None)
	}
	bdb, err := badger.Open(bo)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", o.Dir, err)
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	db := &DB{bdb: bdb, log: log, now: now, seqs: map[string]*badger.Sequence{}, closed: make(chan struct{})}
	if err := db.migrate(); err != nil {
		bdb.Close()
		return nil, err
	}
	if !o.InMemory {
		db.wg.Add(1)
		go db.gcLoop()
	}
	return db, nil
}

// Close releases sequences and closes Badger.
func (db *DB) Close() error {
	select {
	case <-db.closed:
		return nil
	default:
	}
	close(db.closed)
	db.wg.Wait()
	db.mu.Lock()
	for _, s := range db.seqs {
		_ = s.Release()
	}
	db.seqs = nil
	db.mu.Unlock()
	return db.bdb.Close()
}

// Now is the store's clock.
func (db *DB) Now() time.Time { return db.now() }

// gcLoop reclaims value-log space, as Badger's docs advise, on a slow timer.
func (db *DB) gcLoop() {
	defer db.wg.Done()
	t := time.NewTicker(5 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-db.closed:
			return
		case <-t.C:
			for db.bdb.RunValueLogGC(0.5) == nil {
			}
		}
	}
}

// Update runs fn in a read-write transaction and commits it. A conflict with a
// concurrent transaction re-runs fn, so fn must only touch the store.
func (db *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	const attempts = 8
	for i := 0; ; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		txn := db.bdb.NewTransaction(true)
		tx := &Tx{db: db, txn: txn, write: true}
		err := fn(tx)
		if err == nil {
			err = txn.Commit()
		}
		txn.Discard()
		if errors.Is(err, badger.ErrConflict) && i < attempts-1 {
			time.Sleep(time.Duration(1+rand.IntN(5*(i+1))) * time.Millisecond)
			continue
		}
		if errors.Is(err, badger.ErrConflict) {
			return fmt.Errorf("store: gave up after %d conflicting attempts: %w", attempts, err)
		}
		return err
	}
}

// View runs fn in a read-only transaction.
func (db *DB) View(ctx context.Context, fn func(*Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return db.bdb.View(func(txn *badger.Txn) error {
		return fn(&Tx{db: db, txn: txn})
	})
}

// nextSeq returns the next value of a named sequence, skipping 0 so that zero
// can mean "unset".
func (db *DB) nextSeq(name string) (uint64, error) {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.seqs == nil {
		return 0, errors.New("store: closed")
	}
	s, ok := db.seqs[name]
	if !ok {
		var err error
		s, err = db.bdb.GetSequence([]byte(name), 100)
		if err != nil {
			return 0, err
		}
		db.seqs[name] = s
	}
	for {
		n, err := s.Next()
		if err != nil || n != 0 {
			return n, err
		}
	}
}

// Backup writes a full backup stream to w.
func (db *DB) Backup(w io.Writer) error {
	_, err := db.bdb.Backup(w, 0)
	return err
}

// Restore loads a backup stream written by Backup into this (empty) store.
func (db *DB) Restore(r io.Reader) error {
	return db.bdb.Load(r, 256)
}

type schemaDoc struct {
	Version    int       `json:"version"`
	MigratedAt time.Time `json:"migrated_at"`
}

// migrations[i] takes the schema from version i to i+1. Version 0 is an empty
// database.
var migrations = []func(*Tx) error{
	func(*Tx) error { return nil },
	// 1 -> 2: open exceptions get the per-flow index that health counts use.
	func(tx *Tx) error {
		return scanDocs(tx, []byte(pExc), false, func(e Exception) error {
			if e.Status != apitype.ExceptionOpen {
				return nil
			}
			return tx.mark(key(pIdxExcFlow, e.Flow, e.ID))
		})
	},
	// 2 -> 3: accepted orders without a Sales Order get the promised index.
	func(tx *Tx) error {
		return scanDocs(tx, []byte(pOrder), false, func(o Order) error {
			if !o.Promised() {
				return nil
			}
			return tx.mark(key(pIdxPromised, o.OrderID))
		})
	},
}

func (db *DB) migrate() error {
	return db.Update(context.Background(), func(tx *Tx) error {
		var sd schemaDoc
		if _, err := tx.get([]byte(kSchema), &sd); err != nil {
			return err
		}
		if sd.Version > SchemaVersion {
			return fmt.Errorf("store: database schema %d is newer than this jlsync (%d); upgrade jlsync", sd.Version, SchemaVersion)
		}
		for v := sd.Version; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("store: migration %d->%d: %w", v, v+1, err)
			}
		}
		if sd.Version == SchemaVersion {
			return nil
		}
		return tx.put([]byte(kSchema), schemaDoc{Version: SchemaVersion, MigratedAt: db.now()})
	})
}

// envelope wraps every document with the schema version it was written with.
type envelope struct {
	V   int             `json:"v"`
	Doc json.RawMessage `json:"doc"`
}

// Decode reads a document value as delivered by Watch.
func Decode(raw []byte, v any) error {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return fmt.Errorf("store: bad document: %w", err)
	}
	return json.Unmarshal(env.Doc, v)
}

// badgerLogger routes Badger's printf-style log into slog.
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any)   { b.l.Error(trim(fmt.Sprintf(f, a...))) }
func (b badgerLogger) Warningf(f string, a ...any) { b.l.Warn(trim(fmt.Sprintf(f, a...))) }
func (b badgerLogger) Infof(f string, a ...any)    { b.l.Debug(trim(fmt.Sprintf(f, a...))) }
func (b badgerLogger) Debugf(f string, a ...any)   { b.l.Debug(trim(fmt.Sprintf(f, a...))) }

func trim(s string) string {
	for len(s) > 0 && (s[len(s)-1] == '\n' || s[len(s)-1] == ' ') {
		s = s[:len(s)-1]
	}
	return s
}

// HoldsData reports whether the store has any record besides its own
// bookkeeping (schema, sequences): restoring over one would mix two histories.
func (db *DB) HoldsData(ctx context.Context) (bool, error) {
	found := false
	err := db.View(ctx, func(tx *Tx) error {
		return tx.scan(nil, false, false, func(k, _ []byte) error {
			s := string(k)
			if strings.HasPrefix(s, "meta/") || strings.HasPrefix(s, pSeq) || strings.HasPrefix(s, "!badger!") {
				return nil
			}
			found = true
			return errStop
		})
	})
	return found, err
}
