package workqueue

import (
	"sync"
	"time"
)

// Clock is the queue's view of time, replaceable so tests of delays need
// no sleeping.
type Clock interface {
	Now() time.Time
	NewTimer(d time.Duration) Timer
}

// Timer is the part of *time.Timer the queue uses.
type Timer interface {
	C() <-chan time.Time
	Stop() bool
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) NewTimer(d time.Duration) Timer { return realTimer{time.NewTimer(d)} }

type realTimer struct{ t *time.Timer }

func (r realTimer) C() <-chan time.Time { return r.t.C }
func (r realTimer) Stop() bool          { return r.t.Stop() }

// FakeClock only moves when Step or SetTime is called; its timers fire then.
type FakeClock struct {
	mu     sync.Mutex
	now    time.Time
	timers []*fakeTimer
}

// NewFakeClock starts a fake clock at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{now: t} }

func (f *FakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *FakeClock) NewTimer(d time.Duration) Timer { return f.timerAt(f.Now().Add(d)) }

// timerAt takes an absolute deadline. The queue prefers it when available:
// with a relative duration, a Step landing between the queue reading Now and
// creating its timer would push the deadline later than the item's.
func (f *FakeClock) timerAt(deadline time.Time) Timer {
	f.mu.Lock()
	defer f.mu.Unlock()
	t := &fakeTimer{clock: f, deadline: deadline, c: make(chan time.Time, 1)}
	if !deadline.After(f.now) {
		t.c <- f.now
		return t
	}
	f.timers = append(f.timers, t)
	return t
}

// Step moves the clock forward and fires every timer that is now due.
func (f *FakeClock) Step(d time.Duration) { f.SetTime(f.Now().Add(d)) }

// SetTime moves the clock to t and fires every timer that is now due.
func (f *FakeClock) SetTime(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
	kept := f.timers[:0]
	for _, ft := range f.timers {
		if ft.deadline.After(t) {
			kept = append(kept, ft)
			continue
		}
		ft.c <- t
	}
	clear(f.timers[len(kept):])
	f.timers = kept
}

// Waiters is the number of timers not yet fired or stopped.
func (f *FakeClock) Waiters() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.timers)
}

type fakeTimer struct {
	clock    *FakeClock
	deadline time.Time
	c        chan time.Time
}

func (t *fakeTimer) C() <-chan time.Time { return t.c }

func (t *fakeTimer) Stop() bool {
	f := t.clock
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, ft := range f.timers {
		if ft == t {
			f.timers = append(f.timers[:i], f.timers[i+1:]...)
			return true
		}
	}
	return false
}
