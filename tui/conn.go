package tui

import (
	"context"
	"errors"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/common"
)

// connState is where the console stands with the agent.
type connState int

const (
	stateConnecting connState = iota // first attempt in progress
	stateLive                        // reading the event stream
	stateLost                        // the stream ended; reconnecting, pages keep their data
	stateDown                        // the agent cannot be reached: the whole screen says so
)

// conn is the root's view of the event stream. gen numbers each connection
// attempt: messages from an older attempt (a late Next, a retry timer that a
// manual retry overtook) carry an old gen and are dropped.
type conn struct {
	state   connState
	w       *client.Watcher
	gen     int
	attempt int // failed attempts in a row
	err     error
	retryIn time.Duration
	ever    bool // has been live at least once
}

func (c *conn) close() {
	if c.w != nil {
		c.w.Close()
		c.w = nil
	}
}

type watchOpenMsg struct {
	gen int
	w   *client.Watcher
	err error
}

type notifyMsg struct {
	gen int
	n   apitype.Notify
}

type watchEndMsg struct {
	gen int
	err error
}

type retryMsg struct{ gen int }

// Backoff is the wait before reconnect attempt n: 1s, 2s, 4s, 8s, then 10s.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	if attempt > 4 {
		return 10 * time.Second
	}
	return time.Second << (attempt - 1)
}

// connect starts a new attempt, superseding any earlier one.
func (m *Model) connect() tea.Cmd {
	m.conn.close()
	m.conn.gen++
	gen, api, ctx := m.conn.gen, m.c.API, m.c.Ctx
	return func() tea.Msg {
		w, err := api.Watch(ctx)
		return watchOpenMsg{gen: gen, w: w, err: err}
	}
}

// next reads one message from the stream. Update re-arms it after each one,
// so the stream is read without a goroutine of our own, and the program
// never has more than one read outstanding.
func next(gen int, w *client.Watcher) tea.Cmd {
	return func() tea.Msg {
		n, err := w.Next()
		if err != nil {
			return watchEndMsg{gen: gen, err: err}
		}
		return notifyMsg{gen: gen, n: n}
	}
}

func (m *Model) onWatchOpen(msg watchOpenMsg) tea.Cmd {
	if msg.gen != m.conn.gen {
		if msg.w != nil {
			msg.w.Close()
		}
		return nil
	}
	if msg.err != nil {
		return m.failed(msg.err)
	}
	m.conn.w = msg.w
	return next(msg.gen, msg.w)
}

func (m *Model) onNotify(msg notifyMsg) tea.Cmd {
	if msg.gen != m.conn.gen || m.conn.w == nil {
		return nil
	}
	m.conn.state, m.conn.ever, m.conn.attempt, m.conn.err = stateLive, true, 0, nil
	m.health, _ = common.ApplyNotify(m.health, msg.n)
	cmds := []tea.Cmd{next(msg.gen, m.conn.w)}
	for _, p := range m.pages {
		cmds = append(cmds, p.OnNotify(msg.n))
	}
	return tea.Batch(cmds...)
}

func (m *Model) onWatchEnd(msg watchEndMsg) tea.Cmd {
	if msg.gen != m.conn.gen {
		return nil
	}
	m.conn.close()
	if errors.Is(msg.err, context.Canceled) && m.c.Ctx.Err() != nil {
		return nil // the console is shutting down
	}
	return m.failed(msg.err)
}

// failed records why the stream is not available and schedules the next
// attempt. Before the first success, or when nothing answers on the socket,
// the whole screen says so: pages with no data or stale data would mislead.
func (m *Model) failed(err error) tea.Cmd {
	m.conn.err = err
	if client.IsUnreachable(err) || !m.conn.ever {
		m.conn.state = stateDown
	} else {
		m.conn.state = stateLost
	}
	m.conn.attempt++
	d := m.backoff(m.conn.attempt)
	m.conn.retryIn = d
	gen := m.conn.gen
	return tea.Tick(d, func(time.Time) tea.Msg { return retryMsg{gen: gen} })
}
