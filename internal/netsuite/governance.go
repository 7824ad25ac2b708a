package netsuite

import (
	"context"
	"net/http"
	"sync"
)

// GovernanceStats are the limiter's counters, for flow health.
type GovernanceStats struct {
	Limit     int   // slots currently allowed (shrinks on 429, grows back)
	Ceiling   int   // most slots ever allowed (config or governanceLimits)
	InFlight  int   // requests holding a slot now
	Waited    int64 // requests that had to queue for a slot
	Throttled int64 // 429 answers received
	Requests  int64 // requests sent, retries included
}

// limiter is one process-wide semaphore for every call to the account.
// NetSuite counts concurrency per account across all integrations, so the
// limit we may use is unknown and changes with other integrations' load:
// halve on 429 (once per burst), add one slot back after a full round of
// successes.
type limiter struct {
	mu        sync.Mutex
	ceiling   int
	limit     int
	inFlight  int
	gen       uint64 // bumped on every shrink; a 429 from an older generation is already accounted for
	okStreak  int
	wake      chan struct{}
	waited    int64
	throttled int64
	requests  int64
}

func newLimiter(n int) *limiter {
	n = max(n, 1)
	return &limiter{ceiling: n, limit: n, wake: make(chan struct{})}
}

// acquire blocks until a slot is free and returns the generation the caller
// must hand back to release.
func (l *limiter) acquire(ctx context.Context) (uint64, error) {
	counted := false
	for {
		l.mu.Lock()
		if l.inFlight < l.limit {
			l.inFlight++
			l.requests++
			g := l.gen
			l.mu.Unlock()
			return g, nil
		}
		if !counted {
			l.waited++
			counted = true
		}
		wake := l.wake
		l.mu.Unlock()
		select {
		case <-wake:
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// release frees the slot and adapts the limit to the outcome.
func (l *limiter) release(gen uint64, throttled bool) {
	l.mu.Lock()
	l.inFlight--
	if throttled {
		l.throttled++
		if gen == l.gen {
			l.limit = max(1, l.limit/2)
			l.gen++
			l.okStreak = 0
		}
	} else {
		l.okStreak++
		if l.okStreak >= l.limit && l.limit < l.ceiling {
			l.limit++
			l.okStreak = 0
		}
	}
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

// setCeiling applies a new maximum (from governanceLimits) immediately.
func (l *limiter) setCeiling(n int) {
	n = max(n, 1)
	l.mu.Lock()
	l.ceiling = n
	l.limit = n
	l.gen++
	l.okStreak = 0
	close(l.wake)
	l.wake = make(chan struct{})
	l.mu.Unlock()
}

func (l *limiter) stats() GovernanceStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return GovernanceStats{Limit: l.limit, Ceiling: l.ceiling, InFlight: l.inFlight, Waited: l.waited, Throttled: l.throttled, Requests: l.requests}
}

// GovernanceLimits is the answer of GET system/v1/governanceLimits.
type GovernanceLimits struct {
	AccountConcurrencyLimit            int    `json:"accountConcurrencyLimit"`
	AccountUnallocatedConcurrencyLimit int    `json:"accountUnallocatedConcurrencyLimit"`
	IntegrationConcurrencyLimit        int    `json:"integrationConcurrencyLimit,omitempty"`
	IntegrationLimitType               string `json:"integrationLimitType"` // integrationSpecific | accountLimit | internal
}

// GovernanceLimits reads the account's concurrency limits. Only
// administrator roles may read them; others get an error.
func (c *Client) GovernanceLimits(ctx context.Context) (GovernanceLimits, error) {
	var g GovernanceLimits
	err := c.do(ctx, call{method: http.MethodGet, path: "/system/v1/governanceLimits", op: "GET governanceLimits", idempotent: true}, &g)
	return g, err
}

// ApplyGovernanceLimits reads governanceLimits and sizes the limiter from
// them:
//   - an integration-specific allocation is the integration's own share, so
//     it is used as given (capped by Config.Concurrency when that was set);
//   - otherwise the slots are shared with every other integration, so the
//     configured (or default) concurrency stays and is only lowered when the
//     unallocated pool is smaller.
//
// When the role may not read the limits the error is returned and the
// configured limit stays in force.
func (c *Client) ApplyGovernanceLimits(ctx context.Context) (GovernanceLimits, error) {
	g, err := c.GovernanceLimits(ctx)
	if err != nil {
		return g, err
	}
	n := c.limitFromGovernance(g)
	c.lim.setCeiling(n)
	c.log.Info("netsuite concurrency from governanceLimits", "limit", n, "type", g.IntegrationLimitType)
	return g, nil
}

func (c *Client) limitFromGovernance(g GovernanceLimits) int {
	base := c.cfg.Concurrency
	if base <= 0 {
		base = defaultConcurrency
	}
	if g.IntegrationLimitType == "integrationSpecific" && g.IntegrationConcurrencyLimit > 0 {
		if c.cfg.Concurrency > 0 {
			return min(c.cfg.Concurrency, g.IntegrationConcurrencyLimit)
		}
		return g.IntegrationConcurrencyLimit
	}
	if g.AccountUnallocatedConcurrencyLimit > 0 {
		return min(base, g.AccountUnallocatedConcurrencyLimit)
	}
	if g.AccountConcurrencyLimit > 0 {
		return min(base, g.AccountConcurrencyLimit)
	}
	return base
}

// Stats returns the limiter's counters.
func (c *Client) Stats() GovernanceStats { return c.lim.stats() }
