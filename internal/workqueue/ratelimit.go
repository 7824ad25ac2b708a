package workqueue

import (
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// RateLimiter decides how long an item waits before it is retried.
type RateLimiter[T comparable] interface {
	// When returns how long to wait before the item's next attempt, and
	// counts that attempt.
	When(item T) time.Duration
	// Forget clears the item's history, normally after it succeeded.
	Forget(item T)
	// NumRequeues is how many retries the item has had since it was forgotten.
	NumRequeues(item T) int
}

// ExpoOption tunes NewItemExponentialFailureRateLimiter.
type ExpoOption func(*expoOptions)

type expoOptions struct {
	jitter float64
	rand   func() float64
}

// WithJitter shortens each delay by a random amount up to fraction of it
// (0.1 = up to 10% shorter), so items that failed together do not all retry
// at the same instant. The delay never exceeds the maximum.
func WithJitter(fraction float64) ExpoOption {
	return func(o *expoOptions) { o.jitter = min(max(fraction, 0), 1) }
}

// withRand replaces the random source; tests use it for exact delays.
func withRand(f func() float64) ExpoOption {
	return func(o *expoOptions) { o.rand = f }
}

type expoLimiter[T comparable] struct {
	mu       sync.Mutex
	failures map[T]int
	base     time.Duration
	max      time.Duration
	opts     expoOptions
}

// NewItemExponentialFailureRateLimiter waits base*2^n for an item's n-th
// retry, capped at max. Each item backs off on its own.
func NewItemExponentialFailureRateLimiter[T comparable](base, max time.Duration, opts ...ExpoOption) RateLimiter[T] {
	o := expoOptions{rand: rand.Float64}
	for _, opt := range opts {
		opt(&o)
	}
	return &expoLimiter[T]{failures: map[T]int{}, base: base, max: max, opts: o}
}

func (r *expoLimiter[T]) When(item T) time.Duration {
	r.mu.Lock()
	n := r.failures[item]
	r.failures[item] = n + 1
	r.mu.Unlock()

	// Work in float64: 2^n overflows int64 nanoseconds long before n does.
	d := float64(r.base) * math.Pow(2, float64(n))
	if d > float64(r.max) || math.IsInf(d, 0) {
		d = float64(r.max)
	}
	if r.opts.jitter > 0 {
		d -= d * r.opts.jitter * r.opts.rand()
	}
	return time.Duration(d)
}

func (r *expoLimiter[T]) Forget(item T) {
	r.mu.Lock()
	delete(r.failures, item)
	r.mu.Unlock()
}

func (r *expoLimiter[T]) NumRequeues(item T) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.failures[item]
}

type bucketLimiter[T comparable] struct{ l *rate.Limiter }

// NewBucketRateLimiter spaces out retries of all items together through one
// token bucket, so a burst of failures cannot turn into a burst of calls.
// It keeps no per-item history.
func NewBucketRateLimiter[T comparable](l *rate.Limiter) RateLimiter[T] {
	return bucketLimiter[T]{l: l}
}

func (b bucketLimiter[T]) When(T) time.Duration { return b.l.Reserve().Delay() }
func (b bucketLimiter[T]) Forget(T)             {}
func (b bucketLimiter[T]) NumRequeues(T) int    { return 0 }

type maxOfLimiter[T comparable] []RateLimiter[T]

// NewMaxOfRateLimiter waits as long as the slowest of ls. Every limiter
// sees every call, so each keeps its own count.
func NewMaxOfRateLimiter[T comparable](ls ...RateLimiter[T]) RateLimiter[T] {
	return maxOfLimiter[T](ls)
}

func (m maxOfLimiter[T]) When(item T) time.Duration {
	var d time.Duration
	for _, l := range m {
		d = max(d, l.When(item))
	}
	return d
}

func (m maxOfLimiter[T]) Forget(item T) {
	for _, l := range m {
		l.Forget(item)
	}
}

func (m maxOfLimiter[T]) NumRequeues(item T) int {
	n := 0
	for _, l := range m {
		n = max(n, l.NumRequeues(item))
	}
	return n
}

// DefaultRateLimiter is per-item backoff from 50ms to 10m with 10% jitter,
// bounded overall to 10 retries a second with bursts of 100. The floor is
// higher than client-go's 5ms: every retry here is a remote API call.
func DefaultRateLimiter[T comparable]() RateLimiter[T] {
	return NewMaxOfRateLimiter(
		NewItemExponentialFailureRateLimiter[T](50*time.Millisecond, 10*time.Minute, WithJitter(0.1)),
		NewBucketRateLimiter[T](rate.NewLimiter(rate.Limit(10), 100)),
	)
}
