// Package workqueue is a typed, deduplicating, rate-limited queue of keys
// with the semantics of client-go's workqueue, without its dependencies:
//
//   - fair: items are handed out in the order they became ready;
//   - stingy: an item added many times before a worker takes it is handed
//     out once, and never to two workers at once. An item re-added while
//     being processed is handed out again after Done;
//   - delayed: AddAfter holds an item until its time, in a heap served by
//     one timer goroutine;
//   - rate-limited: AddRateLimited delays by the RateLimiter's backoff.
//
// The queue holds keys only and nothing survives a restart: the durable
// record of pending work lives in the store, which is rescanned at start.
package workqueue

import (
	"container/heap"
	"sync"
	"time"
)

// Interface is the queue. Workers loop on Get, process the item, then call
// Done; on success they also call Forget so its backoff resets.
type Interface[T comparable] interface {
	// Add makes item ready now (even if it was waiting from AddAfter).
	Add(item T)
	// AddAfter makes item ready after d. If it is already ready or due
	// sooner, the earlier time stands.
	AddAfter(item T, d time.Duration)
	// AddRateLimited is AddAfter with the rate limiter's delay.
	AddRateLimited(item T)
	// Get blocks until an item is ready or the queue is shut down and
	// empty; shutdown is true then.
	Get() (item T, shutdown bool)
	// Done marks the end of processing an item handed out by Get.
	Done(item T)
	// Forget resets the item's rate-limiter history.
	Forget(item T)
	// NumRequeues is the item's rate-limited retries since it was forgotten.
	NumRequeues(item T) int
	// Len is the number of items ready to be handed out (not the waiting ones).
	Len() int
	// ShutDown stops accepting items and wakes every Get. As in client-go,
	// items already ready are still handed out; delayed ones are dropped.
	ShutDown()
	// ShutDownWithDrain is ShutDown, then waits until every item handed
	// out has been marked Done.
	ShutDownWithDrain()
	ShuttingDown() bool
}

// Option configures New.
type Option func(*options)

type options struct{ clock Clock }

// WithClock replaces the wall clock, for tests.
func WithClock(c Clock) Option { return func(o *options) { o.clock = c } }

type queue[T comparable] struct {
	mu   sync.Mutex
	cond *sync.Cond // signalled when ready grows, processing empties or on shutdown

	ready      []T            // FIFO of items to hand out
	dirty      map[T]struct{} // items that must be processed (again)
	processing map[T]struct{} // items handed out and not yet Done
	waiting    waitHeap[T]    // delayed items, soonest first
	waitIndex  map[T]*waitEntry[T]
	seq        uint64 // tie-break so equal deadlines keep insertion order

	shuttingDown bool
	drain        bool

	rl      RateLimiter[T]
	clock   Clock
	wake    chan struct{} // the heap's head changed
	stopped chan struct{} // closed on shutdown; ends the timer goroutine
}

// New starts a queue and its timer goroutine; ShutDown stops the goroutine.
func New[T comparable](rl RateLimiter[T], opts ...Option) Interface[T] {
	o := options{clock: RealClock{}}
	for _, opt := range opts {
		opt(&o)
	}
	q := &queue[T]{
		dirty:      map[T]struct{}{},
		processing: map[T]struct{}{},
		waitIndex:  map[T]*waitEntry[T]{},
		rl:         rl,
		clock:      o.clock,
		wake:       make(chan struct{}, 1),
		stopped:    make(chan struct{}),
	}
	q.cond = sync.NewCond(&q.mu)
	go q.waitLoop()
	return q
}

func (q *queue[T]) Add(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shuttingDown {
		return
	}
	if e, ok := q.waitIndex[item]; ok {
		heap.Remove(&q.waiting, e.index)
		delete(q.waitIndex, item)
	}
	q.addLocked(item)
}

// addLocked marks item dirty and queues it unless a worker holds it; Done
// queues it then, which is what keeps one item off two workers.
func (q *queue[T]) addLocked(item T) {
	if _, ok := q.dirty[item]; ok {
		return
	}
	q.dirty[item] = struct{}{}
	if _, ok := q.processing[item]; ok {
		return
	}
	q.ready = append(q.ready, item)
	q.cond.Signal()
}

func (q *queue[T]) AddAfter(item T, d time.Duration) {
	if d <= 0 {
		q.Add(item)
		return
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.shuttingDown {
		return
	}
	if _, ok := q.dirty[item]; ok {
		return // it will run before d anyway
	}
	at := q.clock.Now().Add(d)
	if e, ok := q.waitIndex[item]; ok {
		if at.Before(e.readyAt) {
			e.readyAt = at
			heap.Fix(&q.waiting, e.index)
			q.poke()
		}
		return
	}
	q.seq++
	e := &waitEntry[T]{item: item, readyAt: at, seq: q.seq}
	heap.Push(&q.waiting, e)
	q.waitIndex[item] = e
	q.poke()
}

// poke tells the timer goroutine to look at the heap again. The channel
// holds one token, so pokes never block and collapse into one.
func (q *queue[T]) poke() {
	select {
	case q.wake <- struct{}{}:
	default:
	}
}

func (q *queue[T]) AddRateLimited(item T) { q.AddAfter(item, q.rl.When(item)) }

func (q *queue[T]) Get() (T, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.ready) == 0 && !q.shuttingDown {
		q.cond.Wait()
	}
	if len(q.ready) == 0 {
		var zero T
		return zero, true
	}
	item := q.ready[0]
	var zero T
	q.ready[0] = zero // let the backing array release what the item references
	q.ready = q.ready[1:]
	q.processing[item] = struct{}{}
	delete(q.dirty, item)
	return item, false
}

func (q *queue[T]) Done(item T) {
	q.mu.Lock()
	defer q.mu.Unlock()
	delete(q.processing, item)
	if _, ok := q.dirty[item]; ok {
		q.ready = append(q.ready, item)
		q.cond.Signal()
	} else if len(q.processing) == 0 {
		q.cond.Broadcast() // a ShutDownWithDrain may be waiting for this
	}
}

func (q *queue[T]) Forget(item T)          { q.rl.Forget(item) }
func (q *queue[T]) NumRequeues(item T) int { return q.rl.NumRequeues(item) }

func (q *queue[T]) Len() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.ready)
}

func (q *queue[T]) ShutDown() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.drain = false // releases a ShutDownWithDrain still waiting
	q.shutDownLocked()
}

func (q *queue[T]) ShutDownWithDrain() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.drain = true
	q.shutDownLocked()
	for len(q.processing) != 0 && q.drain {
		q.cond.Wait()
	}
}

func (q *queue[T]) shutDownLocked() {
	if !q.shuttingDown {
		q.shuttingDown = true
		close(q.stopped)
		q.waiting = nil
		clear(q.waitIndex)
	}
	q.cond.Broadcast()
}

func (q *queue[T]) ShuttingDown() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.shuttingDown
}

// timerAtClock is implemented by FakeClock: an absolute deadline keeps tests
// exact even when the fake time moves while the loop is between steps.
type timerAtClock interface {
	timerAt(deadline time.Time) Timer
}

// waitLoop moves delayed items to the ready list when their time comes.
// One goroutine and one timer serve every delayed item.
func (q *queue[T]) waitLoop() {
	for {
		q.mu.Lock()
		if q.shuttingDown {
			q.mu.Unlock()
			return
		}
		now := q.clock.Now()
		for len(q.waiting) > 0 && !q.waiting[0].readyAt.After(now) {
			e := heap.Pop(&q.waiting).(*waitEntry[T])
			delete(q.waitIndex, e.item)
			q.addLocked(e.item)
		}
		var next time.Time
		if len(q.waiting) > 0 {
			next = q.waiting[0].readyAt
		}
		q.mu.Unlock()

		var timer Timer
		var fire <-chan time.Time
		if !next.IsZero() {
			if tc, ok := q.clock.(timerAtClock); ok {
				timer = tc.timerAt(next)
			} else {
				timer = q.clock.NewTimer(next.Sub(q.clock.Now()))
			}
			fire = timer.C()
		}
		select {
		case <-q.stopped:
		case <-q.wake:
		case <-fire:
		}
		if timer != nil {
			timer.Stop()
		}
	}
}

// RateLimiting and NewRateLimiting are the names used in the design notes
// (ANCHORS.md §9); they are the same queue.
type RateLimiting[T comparable] = Interface[T]

// NewRateLimiting is New without options.
func NewRateLimiting[T comparable](rl RateLimiter[T]) RateLimiting[T] { return New(rl) }
