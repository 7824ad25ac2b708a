package netsuite

import (
	"context"
	"testing"
	"time"
)

func TestLimiterShrinksAndRecovers(t *testing.T) {
	l := newLimiter(8)
	ctx := context.Background()
	gens := make([]uint64, 8)
	for i := range gens {
		g, err := l.acquire(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gens[i] = g
	}
	// A burst of 429s from one generation halves the limit once.
	for _, g := range gens[:4] {
		l.release(g, true)
	}
	if s := l.stats(); s.Limit != 4 || s.Throttled != 4 || s.InFlight != 4 {
		t.Fatalf("after burst: %+v", s)
	}
	for _, g := range gens[4:] {
		l.release(g, false)
	}
	// A full round of successes earns one slot back.
	for range 4 {
		g, _ := l.acquire(ctx)
		l.release(g, false)
	}
	if s := l.stats(); s.Limit != 5 {
		t.Fatalf("after a good round: %+v", s)
	}
	for range 100 {
		g, _ := l.acquire(ctx)
		l.release(g, false)
	}
	if s := l.stats(); s.Limit != 8 || s.Ceiling != 8 {
		t.Fatalf("never exceeds the ceiling: %+v", s)
	}
}

func TestLimiterWaitsAndHonoursContext(t *testing.T) {
	l := newLimiter(1)
	g, _ := l.acquire(context.Background())
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := l.acquire(ctx); err == nil {
		t.Fatal("acquired a slot that was taken")
	}
	done := make(chan struct{})
	go func() {
		g2, err := l.acquire(context.Background())
		if err == nil {
			l.release(g2, false)
		}
		close(done)
	}()
	time.Sleep(10 * time.Millisecond)
	l.release(g, false)
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("waiter not woken")
	}
	if s := l.stats(); s.Waited != 2 || s.InFlight != 0 {
		t.Fatalf("%+v", s)
	}
}

func TestLimitFromGovernance(t *testing.T) {
	tests := []struct {
		cfg  int
		g    GovernanceLimits
		want int
	}{
		{0, GovernanceLimits{AccountConcurrencyLimit: 5, AccountUnallocatedConcurrencyLimit: 5, IntegrationLimitType: "accountLimit"}, 2},
		{0, GovernanceLimits{AccountConcurrencyLimit: 5, AccountUnallocatedConcurrencyLimit: 1, IntegrationLimitType: "accountLimit"}, 1},
		{4, GovernanceLimits{AccountConcurrencyLimit: 15, AccountUnallocatedConcurrencyLimit: 10, IntegrationLimitType: "accountLimit"}, 4},
		{0, GovernanceLimits{AccountConcurrencyLimit: 15, IntegrationConcurrencyLimit: 6, IntegrationLimitType: "integrationSpecific"}, 6},
		{3, GovernanceLimits{AccountConcurrencyLimit: 15, IntegrationConcurrencyLimit: 6, IntegrationLimitType: "integrationSpecific"}, 3},
		{0, GovernanceLimits{}, 2},
	}
	for _, tt := range tests {
		c := &Client{cfg: Config{Concurrency: tt.cfg}}
		if got := c.limitFromGovernance(tt.g); got != tt.want {
			t.Errorf("cfg %d %+v: %d, want %d", tt.cfg, tt.g, got, tt.want)
		}
	}
}

func TestBackoff(t *testing.T) {
	c := &Client{cfg: Config{RetryBase: 100 * time.Millisecond, RetryMax: time.Second}}
	for n := 1; n < 30; n++ {
		d := c.backoff(n, nil)
		want := min(100*time.Millisecond<<min(n-1, 20), time.Second)
		if d < want/2 || d > want {
			t.Errorf("retry %d: %v outside [%v, %v]", n, d, want/2, want)
		}
	}
	r := &response{header: map[string][]string{"Retry-After": {"3"}}}
	if d := c.backoff(1, r); d != time.Second {
		t.Errorf("Retry-After beyond RetryMax: %v", d)
	}
}
