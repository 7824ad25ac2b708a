package workqueue

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// eventually polls cond; the queue's timer goroutine moves items
// asynchronously, so tests wait for the effect instead of sleeping a guess.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// waitingLen is the number of delayed items still in the heap.
func waitingLen(q Interface[string]) int {
	qq := q.(*queue[string])
	qq.mu.Lock()
	defer qq.mu.Unlock()
	return len(qq.waiting)
}

func newFake(t *testing.T) (Interface[string], *FakeClock) {
	clock := NewFakeClock(time.Unix(1_700_000_000, 0))
	q := New(NewItemExponentialFailureRateLimiter[string](10*time.Millisecond, time.Second), WithClock(clock))
	t.Cleanup(q.ShutDown)
	return q, clock
}

func getN(t *testing.T, q Interface[string], n int) []string {
	t.Helper()
	var out []string
	for range n {
		item, shutdown := q.Get()
		if shutdown {
			t.Fatal("unexpected shutdown")
		}
		out = append(out, item)
		q.Done(item)
	}
	return out
}

func TestDedupAndFIFO(t *testing.T) {
	q, _ := newFake(t)
	for _, s := range []string{"a", "b", "a", "c", "b", "a"} {
		q.Add(s)
	}
	if q.Len() != 3 {
		t.Fatalf("Len = %d, want 3", q.Len())
	}
	if got := getN(t, q, 3); !slices.Equal(got, []string{"a", "b", "c"}) {
		t.Errorf("order %v", got)
	}
	if q.Len() != 0 {
		t.Errorf("Len after processing = %d", q.Len())
	}
}

func TestReAddWhileProcessing(t *testing.T) {
	q, _ := newFake(t)
	q.Add("a")
	item, _ := q.Get()
	q.Add("a")
	q.Add("a")
	if q.Len() != 0 {
		t.Fatalf("an item being processed must not be ready again, Len = %d", q.Len())
	}
	q.Done(item)
	if q.Len() != 1 {
		t.Fatalf("after Done the re-added item must be ready once, Len = %d", q.Len())
	}
	getN(t, q, 1)
	if q.Len() != 0 {
		t.Errorf("Len = %d", q.Len())
	}
}

// TestConcurrentWorkers is client-go's TestBasic plus a check that no key is
// ever held by two workers at once.
func TestConcurrentWorkers(t *testing.T) {
	q := New(DefaultRateLimiter[int]())
	const producers, workers, items, keys = 4, 6, 400, 10

	var inFlight [keys]atomic.Int32
	var processed atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				k, shutdown := q.Get()
				if shutdown {
					return
				}
				if inFlight[k].Add(1) != 1 {
					t.Errorf("key %d processed by two workers at once", k)
				}
				time.Sleep(10 * time.Microsecond)
				inFlight[k].Add(-1)
				processed.Add(1)
				q.Done(k)
			}
		})
	}
	var prod sync.WaitGroup
	for p := range producers {
		prod.Go(func() {
			for i := range items {
				q.Add((p + i) % keys)
			}
		})
	}
	prod.Wait()
	q.ShutDownWithDrain()
	wg.Wait()
	if n := processed.Load(); n < keys || n > producers*items {
		t.Errorf("processed %d times", n)
	}
	if q.Len() != 0 {
		t.Errorf("items left: %d", q.Len())
	}
}

func TestAddAfterOrdering(t *testing.T) {
	q, clock := newFake(t)
	q.AddAfter("c", 30*time.Millisecond)
	q.AddAfter("a", 10*time.Millisecond)
	q.AddAfter("b", 20*time.Millisecond)
	q.AddAfter("d", 20*time.Millisecond) // same time as b: insertion order
	if q.Len() != 0 {
		t.Fatal("delayed items must not be ready yet")
	}
	clock.Step(10 * time.Millisecond)
	eventually(t, "a ready", func() bool { return q.Len() == 1 })
	clock.Step(20 * time.Millisecond)
	eventually(t, "b, d, c ready", func() bool { return q.Len() == 4 })
	if got := getN(t, q, 4); !slices.Equal(got, []string{"a", "b", "d", "c"}) {
		t.Errorf("order %v", got)
	}
}

func TestAddAfterEarlierWins(t *testing.T) {
	q, clock := newFake(t)
	q.AddAfter("x", time.Hour)
	q.AddAfter("x", time.Minute) // earlier: moves x forward
	q.AddAfter("y", time.Minute)
	q.AddAfter("y", time.Hour) // later: ignored
	clock.Step(time.Minute)
	eventually(t, "x and y ready", func() bool { return q.Len() == 2 })
	if n := waitingLen(q); n != 0 {
		t.Errorf("a superseded delay is still pending (%d)", n)
	}
}

func TestAddMakesWaitingItemReadyNow(t *testing.T) {
	q, _ := newFake(t)
	q.AddAfter("x", time.Hour)
	q.Add("x")
	if q.Len() != 1 {
		t.Fatalf("Len = %d, want 1", q.Len())
	}
	if n := waitingLen(q); n != 0 {
		t.Errorf("the old delay is still pending (%d)", n)
	}
}

func TestAddAfterOfReadyItemIsIgnored(t *testing.T) {
	q, _ := newFake(t)
	q.Add("x")
	q.AddAfter("x", time.Minute)
	if n := waitingLen(q); n != 0 || q.Len() != 1 {
		t.Errorf("waiting %d, Len %d; want 0, 1", n, q.Len())
	}
}

func TestAddAfterWhileProcessing(t *testing.T) {
	q, clock := newFake(t)
	q.Add("x")
	item, _ := q.Get()
	q.AddAfter(item, time.Second) // e.g. reconcile asked for RequeueAfter
	clock.Step(time.Second)
	eventually(t, "delay consumed", func() bool { return waitingLen(q) == 0 })
	if q.Len() != 0 {
		t.Fatal("must not be ready while a worker holds it")
	}
	q.Done(item)
	if q.Len() != 1 {
		t.Errorf("after Done Len = %d, want 1", q.Len())
	}
}

func TestAddRateLimited(t *testing.T) {
	q, clock := newFake(t) // backoff 10ms doubling
	q.AddRateLimited("x")
	if q.NumRequeues("x") != 1 || q.Len() != 0 {
		t.Fatalf("NumRequeues %d Len %d", q.NumRequeues("x"), q.Len())
	}
	clock.Step(10 * time.Millisecond)
	eventually(t, "first retry", func() bool { return q.Len() == 1 })
	getN(t, q, 1)

	q.AddRateLimited("x") // second failure: 20ms
	clock.Step(10 * time.Millisecond)
	if waitingLen(q) != 1 || q.Len() != 0 {
		t.Fatal("second retry came too early")
	}
	clock.Step(10 * time.Millisecond)
	eventually(t, "second retry", func() bool { return q.Len() == 1 })
	if q.NumRequeues("x") != 2 {
		t.Errorf("NumRequeues = %d", q.NumRequeues("x"))
	}
	q.Forget("x")
	if q.NumRequeues("x") != 0 {
		t.Errorf("NumRequeues after Forget = %d", q.NumRequeues("x"))
	}
}

func TestShutDown(t *testing.T) {
	q, clock := newFake(t)
	got := make(chan bool)
	go func() {
		_, shutdown := q.Get()
		got <- shutdown
	}()
	q.AddAfter("later", time.Minute)
	q.ShutDown()
	if !<-got {
		t.Fatal("a blocked Get must return shutdown")
	}
	q.Add("x")
	q.AddAfter("y", time.Millisecond)
	clock.Step(time.Hour)
	if q.Len() != 0 || !q.ShuttingDown() {
		t.Errorf("items accepted after shutdown, Len = %d", q.Len())
	}
	eventually(t, "timer goroutine stopped", func() bool { return clock.Waiters() == 0 })
}

func TestShutDownHandsOutReadyItems(t *testing.T) {
	q, _ := newFake(t)
	q.Add("a")
	q.Add("b")
	q.ShutDown()
	if got := getN(t, q, 2); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("got %v", got)
	}
	if _, shutdown := q.Get(); !shutdown {
		t.Error("an empty, shut down queue must report shutdown")
	}
}

func TestShutDownWithDrain(t *testing.T) {
	tests := []struct {
		name    string
		release func(q Interface[string], item string)
	}{
		{"waits for Done", func(q Interface[string], item string) { q.Done(item) }},
		{"ShutDown stops the wait", func(q Interface[string], _ string) { q.ShutDown() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q, _ := newFake(t)
			q.Add("a")
			item, _ := q.Get()
			returned := make(chan struct{})
			go func() {
				q.ShutDownWithDrain()
				close(returned)
			}()
			eventually(t, "shutting down", q.ShuttingDown)
			select {
			case <-returned:
				t.Fatal("returned while an item was in flight")
			case <-time.After(20 * time.Millisecond):
			}
			tc.release(q, item)
			select {
			case <-returned:
			case <-time.After(5 * time.Second):
				t.Fatal("drain never returned")
			}
		})
	}
}

func TestShutDownWithDrainIdle(t *testing.T) {
	q, _ := newFake(t)
	q.ShutDownWithDrain() // nothing in flight: returns at once
	if !q.ShuttingDown() {
		t.Error("not shut down")
	}
}

func TestRealClockDelay(t *testing.T) {
	q := New(DefaultRateLimiter[string]())
	defer q.ShutDown()
	start := time.Now()
	q.AddAfter("x", 5*time.Millisecond)
	item, _ := q.Get()
	if item != "x" || time.Since(start) < 5*time.Millisecond {
		t.Errorf("got %q after %s", item, time.Since(start))
	}
}
