package tui

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/keys"
	"github.com/jlsync/jlsync/tui/pages/exceptions"
	"github.com/jlsync/jlsync/tui/pages/health"
	"github.com/jlsync/jlsync/tui/pages/orders"
	"github.com/jlsync/jlsync/tui/pages/payouts"
	"github.com/jlsync/jlsync/tui/pages/skumap"
	"github.com/jlsync/jlsync/tui/styles"
)

// Tab positions; the number keys follow this order.
const (
	tabHealth = iota
	tabExceptions
	tabOrders
	tabSKUMap
	tabPayouts
)

// flashFor is how long a status-bar message stays.
const flashFor = 6 * time.Second

// Model is the root of the console.
type Model struct {
	c      *common.Common
	socket string

	pages  []common.Page
	active int
	help   help.Model

	width, height int
	pageHeight    int // last height given to the pages

	health apitype.Health // for the status bar and the Exceptions badge
	conn   conn
	flash  flash

	// backoff is the wait before reconnect attempt n (n >= 1). Tests
	// replace it so no retry fires while they look at the screen.
	backoff func(attempt int) time.Duration
}

type flash struct {
	text string
	err  bool
	id   int
}

type flashExpiredMsg struct{ id int }

type clockMsg struct{}

// NewModel builds the console's root model. ctx bounds every request and the
// event stream; cancel it to stop them.
func NewModel(ctx context.Context, api API, opts Options) *Model {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	c := &common.Common{Ctx: ctx, API: api, Styles: styles.Default(), Keys: keys.Default(), Now: now}
	m := &Model{
		c:       c,
		socket:  opts.Socket,
		help:    help.New(),
		backoff: Backoff,
	}
	m.pages = []common.Page{
		tabHealth:     health.New(c),
		tabExceptions: exceptions.New(c),
		tabOrders:     orders.New(c),
		tabSKUMap:     skumap.New(c),
		tabPayouts:    payouts.New(c),
	}
	return m
}

// Init implements tea.Model: connect, and start the clock that keeps
// relative times fresh.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.connect(), tickClock())
}

func tickClock() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return clockMsg{} })
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := m.update(msg)
	m.syncSize()
	return m, cmd
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.pageHeight = -1 // force SetSize on every page
		return nil
	case tea.KeyMsg:
		return m.handleKey(msg)
	case watchOpenMsg:
		return m.onWatchOpen(msg)
	case notifyMsg:
		return m.onNotify(msg)
	case watchEndMsg:
		return m.onWatchEnd(msg)
	case retryMsg:
		if msg.gen == m.conn.gen {
			return m.connect()
		}
		return nil
	case clockMsg:
		return tea.Batch(m.broadcast(common.TickMsg{}), tickClock())
	case common.FlashMsg:
		m.flash = flash{text: msg.Text, err: msg.Err, id: m.flash.id + 1}
		id := m.flash.id
		return tea.Tick(flashFor, func(time.Time) tea.Msg { return flashExpiredMsg{id: id} })
	case flashExpiredMsg:
		if msg.id == m.flash.id {
			m.flash = flash{id: m.flash.id}
		}
		return nil
	case common.OpenSKUMsg:
		return tea.Batch(m.activate(tabSKUMap), m.broadcast(msg))
	}
	// Everything else belongs to a page: results of the requests it made,
	// the clock, cross-page requests. Pages ignore what is not theirs.
	return m.broadcast(msg)
}

func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(m.pages))
	for i, p := range m.pages {
		np, cmd := p.Update(msg)
		m.pages[i] = np.(common.Page)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if key.Matches(msg, k.ForceQuit) {
		return m.quit()
	}
	if m.conn.state == stateDown {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Reconnect):
			return m.connect()
		}
		return nil
	}
	page := m.pages[m.active]
	if !page.Capturing() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.NextTab):
			return m.activate((m.active + 1) % len(m.pages))
		case key.Matches(msg, k.PrevTab):
			return m.activate((m.active + len(m.pages) - 1) % len(m.pages))
		case key.Matches(msg, k.GoTab):
			if i := int(msg.String()[0] - '1'); i >= 0 && i < len(m.pages) {
				return m.activate(i)
			}
			return nil
		case key.Matches(msg, k.Help):
			m.help.ShowAll = !m.help.ShowAll
			return nil
		}
	}
	np, cmd := page.Update(msg)
	m.pages[m.active] = np.(common.Page)
	return cmd
}

// activate makes tab i the active one and tells it so, if it asked to know
// (common.Activator). Pressing the active tab's digit again is no change.
func (m *Model) activate(i int) tea.Cmd {
	if i == m.active {
		return nil
	}
	m.active = i
	if a, ok := m.pages[i].(common.Activator); ok {
		return a.Activated()
	}
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.conn.close()
	m.conn.gen++ // the read that closing interrupts reports nothing now
	return tea.Quit
}

// syncSize gives the pages the height left by the chrome. The help block
// changes height with the active page and the ? toggle, so this runs after
// every update rather than only on resize.
func (m *Model) syncSize() {
	if m.width == 0 {
		return
	}
	h := max(1, m.height-chromeLines-lipgloss.Height(m.helpView()))
	if h == m.pageHeight {
		return
	}
	m.pageHeight = h
	m.help.Width = m.width
	for _, p := range m.pages {
		p.SetSize(m.width, h)
	}
}

// keyMap is what the help line shows: the active page's keys, then the
// global ones (unless a text field has the keyboard).
type keyMap struct{ m *Model }

func (km keyMap) ShortHelp() []key.Binding {
	k, p := km.m.c.Keys, km.m.pages[km.m.active]
	b := p.ShortHelp()
	if !p.Capturing() {
		b = append(b, k.NextTab, k.Help, k.Quit)
	}
	return b
}

func (km keyMap) FullHelp() [][]key.Binding {
	k, p := km.m.c.Keys, km.m.pages[km.m.active]
	b := p.FullHelp()
	if !p.Capturing() {
		less := k.Help
		less.SetHelp("?", "fewer keys")
		b = append(b, []key.Binding{k.NextTab, k.PrevTab, k.GoTab, less, k.Quit})
	}
	return b
}
