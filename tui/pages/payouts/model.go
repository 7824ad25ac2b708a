// Package payouts is the console's fifth tab: each billing cycle's payout,
// the Journal Entry jlsync built for it (a preview until posted), and the
// action that posts a balanced preview to NetSuite.
package payouts

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

type mode int

const (
	modeList mode = iota
	modeDetail
)

// Model is the Payouts tab.
type Model struct {
	c *common.Common

	// The payouts flow's health, folded from the event stream: the line
	// above the list.
	health apitype.Health
	have   bool

	all    []apitype.Payout // as loaded, newest first
	shown  []apitype.Payout // all, filtered; rows of the table
	loaded bool
	err    error
	loader components.Reloader
	filter components.Filter
	table  table.Model

	mode   mode
	detail apitype.Payout
	vp     viewport.Model

	confirm components.Confirm
	pending string // the payout the open confirmation would post
	posting string // the payout whose post is in flight; one at a time

	width, height int
}

// New returns the Payouts tab.
func New(c *common.Common) *Model {
	return &Model{
		c:      c,
		filter: components.NewFilter("press / to filter"),
		table:  components.NewTable(c, columns),
		vp:     components.NewViewport(c),
	}
}

type loadedMsg struct {
	list []apitype.Payout
	err  error
}

type detailMsg struct {
	p   apitype.Payout
	err error
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "Payouts" }

// Capturing implements common.Page.
func (m *Model) Capturing() bool { return m.filter.Focused() || m.confirm.Active() }

// OnNotify implements common.Page. The event stream carries no payouts, so
// the list reloads on what hints at a change: a new snapshot, any report of
// the payouts flow (it has just run) and any exception of that flow (a
// payout may have become blocked or free to post). Reloads are coalesced.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if h, changed := common.ApplyNotify(m.health, n); changed {
		m.health, m.have = h, true
	}
	if n.Health != nil ||
		(n.Flow != nil && n.Flow.Name == apitype.FlowPayouts) ||
		(n.Exception != nil && n.Exception.Flow == apitype.FlowPayouts) {
		return m.reload()
	}
	return nil
}

// Activated implements common.Activator: whatever the stream hinted, the
// operator sees fresh payouts when they open the tab.
func (m *Model) Activated() tea.Cmd { return m.reload() }

func (m *Model) reload() tea.Cmd { return m.loader.Request(m.load) }

func (m *Model) load() tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		l, err := api.Payouts(ctx)
		return loadedMsg{list: l, err: err}
	})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.all, m.loaded = msg.list, true
			m.applyFilter()
			if m.mode == modeDetail {
				if p, ok := find(m.all, m.detail.ID); ok {
					m.setDetail(p)
				}
			}
		}
		return m, m.loader.Finish(m.load)
	case detailMsg:
		// An error leaves the list's copy on screen, which is as fresh as
		// the last load; the next reload tries again.
		if msg.err == nil && m.mode == modeDetail && msg.p.ID == m.detail.ID {
			m.setDetail(msg.p)
		}
	case postedMsg:
		return m, m.posted(msg)
	case common.TickMsg:
		if m.mode == modeDetail {
			m.setDetail(m.detail) // "posted 3m ago"
		}
	case tea.KeyMsg:
		if m.confirm.Active() {
			return m, m.confirmKey(msg)
		}
		if m.mode == modeDetail {
			return m, m.detailKey(msg)
		}
		return m, m.listKey(msg)
	}
	return m, nil
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if handled, changed := m.filter.HandleKey(msg, k); handled {
		if changed {
			m.applyFilter()
		}
		return nil
	}
	p, ok := m.selected()
	switch {
	case !ok:
		// Nothing selected: only movement is left.
	case key.Matches(msg, k.Open):
		return m.open(p)
	case key.Matches(msg, k.Post):
		return m.ask(p)
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return cmd
}

func (m *Model) detailKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case key.Matches(msg, k.Back):
		m.mode = modeList
		return nil
	case key.Matches(msg, k.Post):
		return m.ask(m.detail)
	}
	var cmd tea.Cmd
	m.vp, cmd = m.vp.Update(msg)
	return cmd
}

// open shows the journal preview at once, from the list's copy, and fetches
// the payout again in case the list is stale.
func (m *Model) open(p apitype.Payout) tea.Cmd {
	m.mode = modeDetail
	m.detail = apitype.Payout{} // a new payout: no freshness to compare with
	m.setDetail(p)
	m.vp.GotoTop()
	id := p.ID
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		p, err := api.Payout(ctx, id)
		return detailMsg{p: p, err: err}
	})
}

// setDetail shows p, unless it would take the shown payout back from posted:
// a fetch or load started before a post can answer after it, and a posted
// Journal Entry never becomes a preview again.
func (m *Model) setDetail(p apitype.Payout) {
	if p.ID == m.detail.ID && m.detail.Status == apitype.PayoutPosted && p.Status != apitype.PayoutPosted {
		return
	}
	m.detail = p
	m.vp.SetContent(DetailText(m.c.Now(), p))
}

func (m *Model) selected() (apitype.Payout, bool) {
	return components.Selected(&m.table, m.shown)
}

func (m *Model) applyFilter() {
	q := m.filter.Value()
	m.shown = m.shown[:0]
	for _, p := range m.all {
		if Matches(p, q) {
			m.shown = append(m.shown, p)
		}
	}
	components.FillRows(&m.table, m.c.Now(), m.shown, Row)
}

func find(ps []apitype.Payout, id string) (apitype.Payout, bool) {
	for _, p := range ps {
		if p.ID == id {
			return p, true
		}
	}
	return apitype.Payout{}, false
}

// ShortHelp implements help.KeyMap. Post is offered only where it can
// succeed: on a preview.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.confirm.Active():
		return m.confirm.Help(k)
	case m.filter.Focused():
		return m.filter.Help(k)
	case m.mode == modeDetail:
		return append([]key.Binding{k.Back, k.Up, k.Down}, m.actionKeys(m.detail)...)
	}
	p, _ := m.selected()
	return append([]key.Binding{k.Open, k.Filter}, m.actionKeys(p)...)
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	if m.confirm.Active() || m.filter.Focused() {
		return [][]key.Binding{m.ShortHelp()}
	}
	if m.mode == modeDetail {
		return [][]key.Binding{{k.Back, k.Up, k.Down, k.PageUp, k.PageDown}, m.actionKeys(m.detail)}
	}
	p, _ := m.selected()
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Open, k.Filter, k.Back}, m.actionKeys(p)}
}

func (m *Model) actionKeys(p apitype.Payout) []key.Binding {
	if p.Status == apitype.PayoutPreview && m.posting == "" {
		return []key.Binding{m.c.Keys.Post}
	}
	return nil
}
