package workqueue

import (
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestExponentialBackoff(t *testing.T) {
	rl := NewItemExponentialFailureRateLimiter[string](time.Millisecond, time.Second)
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000, 1000}
	for i, w := range want {
		if got := rl.When("a"); got != w*time.Millisecond {
			t.Fatalf("retry %d: got %s, want %s", i, got, w*time.Millisecond)
		}
	}
	if n := rl.NumRequeues("a"); n != len(want) {
		t.Errorf("NumRequeues = %d, want %d", n, len(want))
	}
	if got := rl.When("b"); got != time.Millisecond {
		t.Errorf("items must back off independently, b got %s", got)
	}
	rl.Forget("a")
	if n := rl.NumRequeues("a"); n != 0 {
		t.Errorf("NumRequeues after Forget = %d", n)
	}
	if got := rl.When("a"); got != time.Millisecond {
		t.Errorf("after Forget got %s, want the base", got)
	}
}

func TestExponentialBackoffDoesNotOverflow(t *testing.T) {
	rl := NewItemExponentialFailureRateLimiter[int](time.Millisecond, 10*time.Minute)
	for range 2000 {
		rl.When(1)
	}
	if got := rl.When(1); got != 10*time.Minute {
		t.Errorf("after many failures got %s, want the cap", got)
	}
}

func TestJitter(t *testing.T) {
	tests := []struct {
		name string
		rnd  float64
		want time.Duration
	}{
		{"no draw", 0, 100 * time.Millisecond},
		{"full draw", 1, 80 * time.Millisecond},
		{"half draw", 0.5, 90 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rl := NewItemExponentialFailureRateLimiter[string](100*time.Millisecond, time.Second,
				WithJitter(0.2), withRand(func() float64 { return tc.rnd }))
			if got := rl.When("x"); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
	// With the real source the delay stays within [cap*(1-f), cap].
	rl := NewItemExponentialFailureRateLimiter[int](time.Second, time.Second, WithJitter(0.1))
	for i := range 200 {
		if d := rl.When(i); d < 900*time.Millisecond || d > time.Second {
			t.Fatalf("jittered delay %s out of range", d)
		}
	}
}

func TestBucketRateLimiter(t *testing.T) {
	rl := NewBucketRateLimiter[string](rate.NewLimiter(1, 2))
	if d := rl.When("a") + rl.When("b"); d != 0 {
		t.Errorf("burst should be free, got %s", d)
	}
	if d := rl.When("c"); d < 900*time.Millisecond {
		t.Errorf("third call should wait about 1s, got %s", d)
	}
	if rl.NumRequeues("c") != 0 {
		t.Error("the bucket keeps no per-item count")
	}
}

func TestMaxOfRateLimiter(t *testing.T) {
	fast := NewItemExponentialFailureRateLimiter[string](time.Millisecond, time.Second)
	slow := NewItemExponentialFailureRateLimiter[string](5*time.Millisecond, time.Second)
	rl := NewMaxOfRateLimiter(fast, slow)
	for _, want := range []time.Duration{5, 10, 20} {
		if got := rl.When("a"); got != want*time.Millisecond {
			t.Errorf("got %s, want %s", got, want*time.Millisecond)
		}
	}
	if rl.NumRequeues("a") != 3 {
		t.Errorf("NumRequeues = %d", rl.NumRequeues("a"))
	}
	rl.Forget("a")
	if fast.NumRequeues("a")+slow.NumRequeues("a") != 0 {
		t.Error("Forget must reach every limiter")
	}
}

func TestDefaultRateLimiter(t *testing.T) {
	rl := DefaultRateLimiter[string]()
	if d := rl.When("a"); d < 45*time.Millisecond || d > 50*time.Millisecond {
		t.Errorf("first retry %s, want 45-50ms", d)
	}
	for range 40 {
		rl.When("a")
	}
	if d := rl.When("a"); d < 9*time.Minute || d > 10*time.Minute {
		t.Errorf("capped retry %s, want 9-10m", d)
	}
	rl.Forget("a")
	if rl.NumRequeues("a") != 0 {
		t.Error("Forget did not reset")
	}
}
