package engine

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/store"
	"github.com/jlsync/jlsync/store/storetest"
)

func run(t *testing.T, f *Flow) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = f.Run(ctx); close(done) }()
	return func() { cancel(); <-done }
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func ensure(t *testing.T, db *store.DB, keys ...string) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *store.Tx) error {
		for _, k := range keys {
			if _, err := tx.Work().Ensure("test", k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func done(db *store.DB, key string) error {
	return db.Update(context.Background(), func(tx *store.Tx) error { return tx.Work().Done("test", key) })
}

func TestTransientFailuresRetryThenRaiseException(t *testing.T) {
	db := storetest.New(t)
	var calls atomic.Int32
	f := New(Options{Name: "test", DB: db, Interval: time.Hour, MaxAttempts: 3, BaseBackoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond,
		Reconcile: func(ctx context.Context, key string) error {
			calls.Add(1)
			return errors.New("NetSuite said 503")
		}})
	ensure(t, db, "k1")
	defer run(t, f)()
	eventually(t, "an exception", func() bool {
		var n int
		_ = db.View(context.Background(), func(tx *store.Tx) error { n, _, _ = tx.Exceptions().CountOpen(); return nil })
		return n == 1
	})
	if c := calls.Load(); c != 3 {
		t.Errorf("reconciled %d times, want 3", c)
	}
	_ = db.View(context.Background(), func(tx *store.Tx) error {
		es, _, _ := tx.Exceptions().List(store.Filter{})
		e := es[0]
		if e.Type != apitype.ExcRetriesExhausted || !strings.Contains(e.Reason, "503") || e.Blocks[0] != "test/k1" {
			t.Errorf("exception = %+v", e)
		}
		w, _ := tx.Work().Get("test", "k1")
		if !w.Blocked || w.Attempts != 3 {
			t.Errorf("work item = %+v", w)
		}
		return nil
	})
	// Blocked work waits for a person: after a fresh poll the flow is idle.
	f.Trigger()
	eventually(t, "idle with only blocked work", func() bool { return f.Idle(context.Background()) })
}

func TestPanicIsRecoveredAndRetried(t *testing.T) {
	db := storetest.New(t)
	var n atomic.Int32
	f := New(Options{Name: "test", DB: db, Interval: time.Hour, BaseBackoff: time.Millisecond,
		Reconcile: func(ctx context.Context, key string) error {
			if n.Add(1) == 1 {
				panic("boom")
			}
			return done(db, key)
		}})
	ensure(t, db, "k1")
	defer run(t, f)()
	eventually(t, "the retry after a panic", func() bool { return f.Health().Done == 1 })
	if h := f.Health(); h.Failed != 1 || !strings.Contains(h.LastError, "boom") {
		t.Errorf("health = %+v", h)
	}
}

func TestRestartResumesPendingWorkOnly(t *testing.T) {
	db := storetest.New(t)
	var mu sync.Mutex
	seen := map[string]int{}
	rec := func(ctx context.Context, key string) error {
		mu.Lock()
		seen[key]++
		mu.Unlock()
		return done(db, key)
	}
	ensure(t, db, "a", "b")
	_ = db.Update(context.Background(), func(tx *store.Tx) error {
		w, _ := tx.Work().Get("test", "b")
		w.Blocked = true // waiting on an exception
		return tx.Work().Put(w)
	})
	f := New(Options{Name: "test", DB: db, Interval: time.Hour, Reconcile: rec})
	stop := run(t, f)
	eventually(t, "a done", func() bool { mu.Lock(); defer mu.Unlock(); return seen["a"] == 1 })
	stop()
	mu.Lock()
	if seen["b"] != 0 {
		t.Errorf("blocked item was processed")
	}
	mu.Unlock()
}

func TestPollKeysAreWorkedAndIdleAfterQuietPoll(t *testing.T) {
	db := storetest.New(t)
	var polls atomic.Int32
	f := New(Options{Name: "test", DB: db, Interval: 5 * time.Millisecond,
		Poll: func(ctx context.Context) ([]string, int, error) {
			if polls.Add(1) == 1 {
				ensure(t, db, "x")
				return []string{"x"}, 1, nil
			}
			return nil, 0, nil
		},
		Reconcile: func(ctx context.Context, key string) error { return done(db, key) }})
	defer run(t, f)()
	eventually(t, "idle", func() bool { return f.Idle(context.Background()) && f.Health().Done == 1 })
	eventually(t, "health flushed", func() bool {
		var h apitype.FlowHealth
		_ = db.View(context.Background(), func(tx *store.Tx) error { h, _ = tx.Flows().Get("test"); return nil })
		return h.Seen == 1 && h.Done == 1 && h.Pending == 0
	})
}
