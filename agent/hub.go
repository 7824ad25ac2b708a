package agent

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/store"
)

// watcherBuffer bounds each watcher: a console that stops reading is cut off
// (and reconnects for a fresh snapshot) rather than slowing the agent.
const watcherBuffer = 256

// Hub turns committed store changes into notifications and fans them out to
// every watcher. It holds the agent's single store subscription: Badger's
// publisher blocks when a subscriber is slow, so the callback only copies.
type Hub struct {
	db  *store.DB
	log *slog.Logger

	mu       sync.Mutex
	seq      uint64
	watchers map[*watcher]struct{}
	closed   bool
}

type watcher struct {
	ch   chan apitype.Notify
	dead bool
}

func newHub(db *store.DB, log *slog.Logger) *Hub {
	return &Hub{db: db, log: log, watchers: map[*watcher]struct{}{}}
}

// Run subscribes to the store until ctx ends; ready is closed once changes
// can no longer be missed.
func (h *Hub) Run(ctx context.Context, ready chan<- struct{}) error {
	err := h.db.Watch(ctx, ready, h.publish)
	h.mu.Lock()
	h.closed = true
	for w := range h.watchers {
		h.dropLocked(w)
	}
	h.mu.Unlock()
	return err
}

func (h *Hub) publish(changes []store.Change) {
	notes := make([]apitype.Notify, 0, len(changes))
	for _, c := range changes {
		if n, ok := toNotify(c); ok {
			notes = append(notes, n)
		}
	}
	if len(notes) == 0 {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, n := range notes {
		h.seq++
		n.Seq = h.seq
		for w := range h.watchers {
			select {
			case w.ch <- n:
			default:
				h.log.Warn("event watcher fell behind; disconnecting it")
				h.dropLocked(w)
			}
		}
	}
}

// dropLocked ends a watcher, leaving room for a last message that says why.
func (h *Hub) dropLocked(w *watcher) {
	if w.dead {
		return
	}
	w.dead = true
	delete(h.watchers, w)
	select {
	case <-w.ch: // make room for the farewell
	default:
	}
	select {
	case w.ch <- apitype.Notify{At: time.Now(), Err: "consumer fell behind or the agent is stopping; reconnect for a fresh snapshot"}:
	default:
	}
	close(w.ch)
}

// subscribe registers a watcher; cancel removes it.
func (h *Hub) subscribe() (<-chan apitype.Notify, func()) {
	w := &watcher{ch: make(chan apitype.Notify, watcherBuffer)}
	h.mu.Lock()
	if h.closed {
		close(w.ch)
		h.mu.Unlock()
		return w.ch, func() {}
	}
	h.watchers[w] = struct{}{}
	h.mu.Unlock()
	return w.ch, func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if !w.dead {
			w.dead = true
			delete(h.watchers, w)
			close(w.ch)
		}
	}
}

func toNotify(c store.Change) (apitype.Notify, bool) {
	kind, id := store.KeyKind(c.Key)
	n := apitype.Notify{At: time.Now()}
	switch kind {
	case "order":
		if c.Deleted {
			return n, false
		}
		var o store.Order
		if store.Decode(c.Value, &o) != nil {
			return n, false
		}
		s := orderSummary(o)
		n.Order = &s
	case "exc":
		if c.Deleted {
			return n, false
		}
		var e store.Exception
		if store.Decode(c.Value, &e) != nil {
			return n, false
		}
		n.Exception = &e.Exception
	case "skumap":
		m := apitype.SKUMapping{OfferSKU: id}
		if !c.Deleted && store.Decode(c.Value, &m) != nil {
			return n, false
		}
		n.SKU = &m // an empty ItemID means the mapping was deleted
	case "flow":
		if c.Deleted {
			return n, false
		}
		var fh apitype.FlowHealth
		if store.Decode(c.Value, &fh) != nil || fh.Name == "" {
			return n, false
		}
		n.Flow = &fh
	default:
		return n, false
	}
	return n, true
}
