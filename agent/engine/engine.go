// Package engine runs one sync flow: a poll loop that records what changed in
// the store and plans work, and workers that drain a deduplicating queue of
// keys through the flow's reconciler. The pending work itself lives in the
// store, so the queue can be rebuilt from it after any restart.
package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/internal/workqueue"
	"github.com/jlsync/jlsync/store"
	"github.com/sourcegraph/conc/panics"
	"github.com/sourcegraph/conc/pool"
)

// PollFunc reads the source since the flow's cursor, records what it found in
// the store and returns the keys to work on and how many records it saw.
type PollFunc func(ctx context.Context) (keys []string, seen int, err error)

// ReconcileFunc brings one key to its desired state. It returns nil when done
// (having removed the work item in the transaction that recorded the result),
// Blocked(err) when it raised an exception, or a transient error to retry.
type ReconcileFunc func(ctx context.Context, key string) error

// Options configures a Flow.
type Options struct {
	Name        string
	DB          *store.DB
	Interval    time.Duration // between polls
	Workers     int           // default 2
	MaxAttempts int           // transient failures before an exception; default 8
	BaseBackoff time.Duration // first retry delay; default 1s
	MaxBackoff  time.Duration // default 5m
	Poll        PollFunc
	Reconcile   ReconcileFunc
	Owner       string // team that owns exceptions raised by the engine
	Logger      *slog.Logger
	// Describe renders a key for an exception subject ("order 123-A").
	Describe func(key string) string
}

// Flow is one running sync loop.
type Flow struct {
	o     Options
	queue workqueue.Interface[string]
	log   *slog.Logger

	trigger chan struct{}

	mu        sync.Mutex
	health    apitype.FlowHealth
	dirty     bool
	active    int32 // reconciles in progress
	polled    atomic.Int64
	quietPoll atomic.Bool // the last poll found nothing new and succeeded
	// quietStart is when the last quiet poll began, workEnd when the last
	// reconcile finished: a quiet poll only proves the source has nothing
	// new if it began after the work that could have changed the source.
	quietStart atomic.Int64
	workEnd    atomic.Int64
}

// New builds a flow; Run starts it.
func New(o Options) *Flow {
	if o.Workers <= 0 {
		o.Workers = 2
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.BaseBackoff <= 0 {
		o.BaseBackoff = time.Second
	}
	if o.MaxBackoff <= 0 {
		o.MaxBackoff = 5 * time.Minute
	}
	if o.Interval <= 0 {
		o.Interval = time.Minute
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Describe == nil {
		o.Describe = func(k string) string { return k }
	}
	// The queue's own limiter only spaces out a storm of retries; the durable
	// backoff per item is computed here from the attempts kept in the store.
	rl := workqueue.NewItemExponentialFailureRateLimiter[string](5*time.Millisecond, time.Second)
	return &Flow{
		o:       o,
		queue:   workqueue.New[string](rl),
		log:     o.Logger.With("flow", o.Name),
		trigger: make(chan struct{}, 1),
		health:  apitype.FlowHealth{Name: o.Name, State: apitype.FlowIdle},
	}
}

// Name returns the flow's name.
func (f *Flow) Name() string { return f.o.Name }

// Enqueue asks for key to be reconciled now. The caller has already recorded
// the work item in the store.
func (f *Flow) Enqueue(key string) { f.queue.Add(key) }

// Trigger asks for a poll now instead of at the next interval.
func (f *Flow) Trigger() {
	f.quietPoll.Store(false)
	select {
	case f.trigger <- struct{}{}:
	default:
	}
}

// Polls is how many polls have completed (successfully or not).
func (f *Flow) Polls() int64 { return f.polled.Load() }

// Run polls and works until ctx ends, then drains in-flight work.
func (f *Flow) Run(ctx context.Context) error {
	if err := f.loadHealth(ctx); err != nil {
		return err
	}
	if err := f.resync(ctx); err != nil {
		return fmt.Errorf("%s: resync: %w", f.o.Name, err)
	}
	p := pool.New().WithContext(ctx)
	for i := 0; i < f.o.Workers; i++ {
		p.Go(func(ctx context.Context) error {
			for f.work(ctx) {
			}
			return nil
		})
	}
	p.Go(func(ctx context.Context) error {
		f.pollLoop(ctx)
		f.queue.ShutDown()
		return nil
	})
	p.Go(func(ctx context.Context) error {
		f.flushLoop(ctx)
		return nil
	})
	err := p.Wait()
	f.setState(apitype.FlowStopped, "")
	f.flush(context.Background())
	return err
}

// resync enqueues every pending, unblocked work item the store holds: this is
// what makes a restart (even kill -9) lose nothing.
func (f *Flow) resync(ctx context.Context) error {
	var items []store.Work
	err := f.o.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		items, err = tx.Work().List(f.o.Name)
		return err
	})
	if err != nil {
		return err
	}
	now := f.o.DB.Now()
	for _, w := range items {
		if w.Blocked {
			continue
		}
		if d := w.NextAttempt.Sub(now); d > 0 {
			f.queue.AddAfter(w.Key, d)
		} else {
			f.queue.Add(w.Key)
		}
	}
	if len(items) > 0 {
		f.log.Info("resumed pending work", "items", len(items))
	}
	return nil
}

func (f *Flow) pollLoop(ctx context.Context) {
	for {
		f.pollOnce(ctx)
		next := time.Now().Add(f.o.Interval)
		f.mu.Lock()
		f.health.NextRunAt = &next
		f.dirty = true
		f.mu.Unlock()
		t := time.NewTimer(f.o.Interval)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-f.trigger:
			t.Stop()
		case <-t.C:
		}
	}
}

func (f *Flow) pollOnce(ctx context.Context) {
	began := time.Now()
	if f.o.Poll == nil {
		f.quietStart.Store(began.UnixNano())
		f.quietPoll.Store(true)
		f.polled.Add(1)
		return
	}
	f.setState(apitype.FlowRunning, "")
	start := f.o.DB.Now()
	var keys []string
	var seen int
	var err error
	r := panics.Try(func() { keys, seen, err = f.o.Poll(ctx) })
	if r != nil {
		err = fmt.Errorf("poll panicked: %v", r.Value)
		f.log.Error("poll panicked", "panic", r.String())
	}
	for _, k := range keys {
		f.queue.Add(k)
	}
	f.mu.Lock()
	f.health.LastRunAt = &start
	f.health.Seen += int64(seen)
	if err != nil && ctx.Err() == nil {
		f.health.LastError = err.Error()
		f.health.State = apitype.FlowBackoff
		f.log.Warn("poll failed", "err", err)
	} else if err == nil {
		f.health.LastSuccessAt = &start
		f.health.LastError = ""
	}
	f.dirty = true
	f.mu.Unlock()
	quiet := err == nil && len(keys) == 0
	if quiet {
		f.quietStart.Store(began.UnixNano())
	}
	f.quietPoll.Store(quiet)
	f.polled.Add(1)
	f.refreshState()
}

// work takes one key off the queue and reconciles it. It returns false when
// the queue has shut down.
func (f *Flow) work(ctx context.Context) bool {
	key, shutdown := f.queue.Get()
	if shutdown {
		return false
	}
	defer f.queue.Done(key)
	atomic.AddInt32(&f.active, 1)
	defer func() {
		f.workEnd.Store(time.Now().UnixNano())
		atomic.AddInt32(&f.active, -1)
		f.refreshState() // after the count drops, so the last item can mark the flow idle
	}()
	f.setState(apitype.FlowRunning, "")

	var err error
	if r := panics.Try(func() { err = f.o.Reconcile(ctx, key) }); r != nil {
		f.log.Error("reconcile panicked", "key", key, "panic", r.String())
		err = fmt.Errorf("internal error while processing %s: %v", key, r.Value)
	}
	switch {
	case err == nil:
		f.queue.Forget(key)
		f.count(func(h *apitype.FlowHealth) { h.Done++ })
		f.closeExhausted(ctx, key)
	case IsBlocked(err):
		f.queue.Forget(key)
		f.count(func(h *apitype.FlowHealth) { h.Failed++ })
	case ctx.Err() != nil:
		// Shutting down: the work item stays in the store for the next start.
	default:
		f.count(func(h *apitype.FlowHealth) { h.Failed++; h.LastError = err.Error() })
		f.retry(ctx, key, err)
	}
	return true
}

// retry records a transient failure in the store and schedules the next
// attempt, or raises a retries_exhausted exception once attempts run out.
func (f *Flow) retry(ctx context.Context, key string, cause error) {
	var delay time.Duration
	var exhausted bool
	err := f.o.DB.Update(ctx, func(tx *store.Tx) error {
		w, err := tx.Work().Get(f.o.Name, key)
		if errors.Is(err, store.ErrNotFound) {
			// The reconciler finished the item another way; nothing to retry.
			delay = -1
			return nil
		}
		if err != nil {
			return err
		}
		w.Attempts++
		w.LastError = cause.Error()
		delay = f.backoff(w.Attempts)
		if d, ok := retryDelay(cause); ok && d > delay {
			delay = d
		}
		w.NextAttempt = tx.Now().Add(delay)
		if w.Attempts >= f.o.MaxAttempts {
			exhausted = true
			w.Blocked = true
			_, _, err := tx.Exceptions().Raise(store.Exception{
				Exception: apitype.Exception{
					Type:     apitype.ExcRetriesExhausted,
					Flow:     f.o.Name,
					Severity: "error",
					Owner:    f.o.Owner,
					Subject:  f.o.Describe(key),
					Reason:   fmt.Sprintf("gave up after %d attempts; last error: %v", w.Attempts, cause),
					Fix:      "Check that both systems are reachable and the credentials are valid, then press retry.",
					Blocks:   []string{f.o.Name + "/" + key},
					Attempts: w.Attempts,
				},
				SubjectKey: f.subjectKey(key),
			})
			if err != nil {
				return err
			}
		}
		return tx.Work().Put(w)
	})
	if err != nil {
		if ctx.Err() == nil {
			f.log.Error("could not record retry", "key", key, "err", err)
			f.queue.AddAfter(key, f.o.BaseBackoff)
		}
		return
	}
	if exhausted {
		f.queue.Forget(key)
		f.log.Warn("retries exhausted", "key", key, "err", cause)
		return
	}
	if delay >= 0 {
		f.log.Debug("retrying later", "key", key, "in", delay, "err", cause)
		f.queue.AddAfter(key, delay)
	}
}

func (f *Flow) subjectKey(key string) string { return f.o.Name + ":" + key }

// closeExhausted closes the retries_exhausted exception the engine raised
// for key, once the key has gone through (after an operator's retry, say).
func (f *Flow) closeExhausted(ctx context.Context, key string) {
	var open []store.Exception
	_ = f.o.DB.View(ctx, func(tx *store.Tx) error {
		var err error
		open, err = tx.Exceptions().OpenFor(f.subjectKey(key))
		return err
	})
	if len(open) == 0 {
		return
	}
	err := f.o.DB.Update(ctx, func(tx *store.Tx) error {
		for _, e := range open {
			if e.Type != apitype.ExcRetriesExhausted {
				continue
			}
			if _, err := tx.Exceptions().Close(e.ID, apitype.ExceptionResolved, "jlsync", "went through on a later attempt"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && ctx.Err() == nil {
		f.log.Warn("could not close a resolved exception", "key", key, "err", err)
	}
	f.MarkDirty()
}

// backoff is exponential with full jitter between half and the whole step, so
// many items failing together do not retry together.
func (f *Flow) backoff(attempt int) time.Duration {
	d := f.o.BaseBackoff
	for i := 1; i < attempt && d < f.o.MaxBackoff; i++ {
		d *= 2
	}
	if d > f.o.MaxBackoff {
		d = f.o.MaxBackoff
	}
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// QuietSince is when the last poll that found nothing new began (zero when
// the last poll found something or failed).
func (f *Flow) QuietSince() time.Time {
	if !f.quietPoll.Load() {
		return time.Time{}
	}
	return time.Unix(0, f.quietStart.Load())
}

// LastWorkEnd is when the flow last finished reconciling an item.
func (f *Flow) LastWorkEnd() time.Time { return time.Unix(0, f.workEnd.Load()) }

// Idle reports that the flow has caught up: its last poll found nothing new,
// nothing is queued or running, and no work item is waiting for a retry
// (items blocked by an exception wait for a person, not for the flow).
func (f *Flow) Idle(ctx context.Context) bool {
	if !f.quietPoll.Load() || atomic.LoadInt32(&f.active) > 0 || f.queue.Len() > 0 ||
		f.quietStart.Load() <= f.workEnd.Load() {
		return false
	}
	busy := false
	_ = f.o.DB.View(ctx, func(tx *store.Tx) error {
		ws, err := tx.Work().List(f.o.Name)
		if err != nil {
			busy = true
			return err
		}
		for _, w := range ws {
			if !w.Blocked {
				busy = true
				break
			}
		}
		return nil
	})
	return !busy
}

func (f *Flow) count(fn func(*apitype.FlowHealth)) {
	f.mu.Lock()
	fn(&f.health)
	f.dirty = true
	f.mu.Unlock()
}

func (f *Flow) setState(state, lastErr string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.health.State == state && (lastErr == "" || f.health.LastError == lastErr) {
		return
	}
	f.health.State = state
	if lastErr != "" {
		f.health.LastError = lastErr
	}
	f.dirty = true
}

func (f *Flow) refreshState() {
	if atomic.LoadInt32(&f.active) > 0 || f.queue.Len() > 0 {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.health.State == apitype.FlowRunning {
		f.health.State = apitype.FlowIdle
		f.dirty = true
	}
}

func (f *Flow) loadHealth(ctx context.Context) error {
	return f.o.DB.View(ctx, func(tx *store.Tx) error {
		h, err := tx.Flows().Get(f.o.Name)
		if err != nil {
			return err
		}
		f.mu.Lock()
		f.health = h
		f.health.State = apitype.FlowIdle
		f.dirty = true
		f.mu.Unlock()
		return nil
	})
}

// flushLoop writes the health document at most a few times a second, so a
// burst of work costs one write, not one per item.
func (f *Flow) flushLoop(ctx context.Context) {
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.flush(ctx)
		}
	}
}

func (f *Flow) flush(ctx context.Context) {
	f.mu.Lock()
	if !f.dirty {
		f.mu.Unlock()
		return
	}
	h := f.health
	f.dirty = false
	f.mu.Unlock()
	err := f.o.DB.Update(ctx, func(tx *store.Tx) error {
		pending, oldest, err := tx.Work().Stats(f.o.Name)
		if err != nil {
			return err
		}
		h.Pending = int64(pending)
		h.Lag = ""
		if pending > 0 {
			h.Lag = tx.Now().Sub(oldest).Round(time.Second).String()
		}
		_, byFlow, err := tx.Exceptions().CountOpen()
		if err != nil {
			return err
		}
		h.Exceptions = int64(byFlow[f.o.Name])
		c, err := tx.Cursors().Get(f.o.Name)
		if err != nil {
			return err
		}
		if !c.Time.IsZero() {
			h.Cursor = c.Time.UTC().Format(time.RFC3339)
		} else {
			h.Cursor = c.Value
		}
		return tx.Flows().Put(h)
	})
	if err == nil {
		f.mu.Lock()
		f.health.Pending, f.health.Lag, f.health.Exceptions, f.health.Cursor = h.Pending, h.Lag, h.Exceptions, h.Cursor
		f.mu.Unlock()
	}
	if err != nil && ctx.Err() == nil {
		f.log.Warn("could not save flow health", "err", err)
		f.mu.Lock()
		f.dirty = true
		f.mu.Unlock()
	}
}

// Health returns the in-memory health (the store copy may be a moment older).
func (f *Flow) Health() apitype.FlowHealth {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.health
}

// SetLastComplete records when the flow last left its target up to date.
func (f *Flow) SetLastComplete(t time.Time) {
	f.mu.Lock()
	f.health.LastCompleteAt = &t
	f.dirty = true
	f.mu.Unlock()
}

// MarkDirty asks for the health document to be rewritten (e.g. after an
// exception for this flow was closed elsewhere).
func (f *Flow) MarkDirty() {
	f.mu.Lock()
	f.dirty = true
	f.mu.Unlock()
}
