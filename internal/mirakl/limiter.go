package mirakl

import (
	"sync"
	"time"
)

// WindowLimiter enforces one or more sliding-window ceilings ("N calls in any
// span of D"). A token bucket would let through up to twice the published
// number in a window, so the client and the simulator share this exact form:
// whatever the client allows, the simulator accepts.
type WindowLimiter struct {
	mu      sync.Mutex
	windows []Window
	// calls[i] holds the times of the most recent calls counted by windows[i],
	// oldest first, at most windows[i].Calls of them.
	calls [][]time.Time
}

// NewWindowLimiter returns a limiter for ws; with no windows it never waits.
func NewWindowLimiter(ws []Window) *WindowLimiter {
	l := &WindowLimiter{}
	for _, w := range ws {
		if w.Calls > 0 && w.Per > 0 {
			l.windows = append(l.windows, w)
			l.calls = append(l.calls, nil)
		}
	}
	return l
}

// Reserve records a call at now and returns 0 when every window allows it;
// otherwise it records nothing and returns how long until one would be
// allowed.
func (l *WindowLimiter) Reserve(now time.Time) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	var wait time.Duration
	for i, w := range l.windows {
		log := l.calls[i]
		if len(log) < w.Calls {
			continue
		}
		// The oldest of the last Calls calls must have left the window.
		if free := log[0].Add(w.Per); free.After(now) {
			if d := free.Sub(now); d > wait {
				wait = d
			}
		}
	}
	if wait > 0 {
		return wait
	}
	for i, w := range l.windows {
		log := append(l.calls[i], now)
		if len(log) > w.Calls {
			log = log[len(log)-w.Calls:]
		}
		l.calls[i] = log
	}
	return 0
}

// Reset forgets every recorded call.
func (l *WindowLimiter) Reset() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.calls {
		l.calls[i] = nil
	}
}
