// Package exceptions is the console's second tab: the open exceptions, a
// detail view with the exact reason and how to fix it, and the retry,
// resolve and ignore actions.
package exceptions

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

// listLimit is how many open exceptions the tab loads. Filtering happens
// here, over what is loaded; the count shown is the agent's total.
const listLimit = 500

// noStyle is used where presentation functions must stay colour-free.
var noStyle = lipgloss.NewStyle()

type mode int

const (
	modeList mode = iota
	modeDetail
)

// Model is the Exceptions tab.
type Model struct {
	c *common.Common

	all    []apitype.Exception // as loaded, newest first
	total  int
	shown  []apitype.Exception // all, filtered; rows of the table
	loaded bool
	err    error
	loader components.Reloader

	filter components.Filter
	table  table.Model

	mode    mode
	detail  apitype.Exception
	vp      viewport.Model
	confirm components.Confirm
	pending pendingAction

	width, height int
}

// New returns the Exceptions tab.
func New(c *common.Common) *Model {
	return &Model{
		c:      c,
		table:  components.NewTable(c, columns),
		filter: components.NewFilter("press / to filter"),
		vp:     components.NewViewport(c),
	}
}

type loadedMsg struct {
	list apitype.ExceptionList
	err  error
}

type detailMsg struct {
	x   apitype.Exception
	err error
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "Exceptions" }

// Capturing implements common.Page.
func (m *Model) Capturing() bool { return m.filter.Focused() || m.confirm.Active() }

// OnNotify implements common.Page. A snapshot (a new connection) or any
// exception change reloads the list; reloads are coalesced.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if n.Exception != nil && m.mode == modeDetail && n.Exception.ID == m.detail.ID {
		m.setDetail(*n.Exception)
	}
	if n.Health != nil || n.Exception != nil {
		return m.reload()
	}
	return nil
}

func (m *Model) reload() tea.Cmd { return m.loader.Request(m.load) }

func (m *Model) load() tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		l, err := api.Exceptions(ctx, client.ExceptionQuery{Status: apitype.ExceptionOpen, Limit: listLimit})
		return loadedMsg{list: l, err: err}
	})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.all, m.total, m.loaded = msg.list.Items, msg.list.Total, true
			if m.total < len(m.all) {
				m.total = len(m.all)
			}
			m.applyFilter()
		}
		return m, m.loader.Finish(m.load)
	case detailMsg:
		if msg.err == nil && msg.x.ID == m.detail.ID {
			m.setDetail(msg.x)
		}
	case actedMsg:
		return m, m.acted(msg)
	case common.TickMsg:
		m.refreshRows()
	case tea.KeyMsg:
		if m.mode == modeDetail {
			return m, m.detailKey(msg)
		}
		return m, m.listKey(msg)
	}
	return m, nil
}

func (m *Model) listKey(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.confirm.Active() {
		return m.confirmKey(msg)
	}
	if handled, changed := m.filter.HandleKey(msg, k); handled {
		if changed {
			m.applyFilter()
		}
		return nil
	}
	x, ok := m.selected()
	switch {
	case !ok:
		// Nothing selected: only movement is left.
	case key.Matches(msg, k.Open):
		return m.open(x)
	case key.Matches(msg, k.Retry):
		return m.ask(actRetry, x)
	case key.Matches(msg, k.Resolve):
		return m.ask(actResolve, x)
	case key.Matches(msg, k.Ignore):
		return m.ask(actIgnore, x)
	case key.Matches(msg, k.MapSKU):
		return mapSKU(x)
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return cmd
}

func (m *Model) selected() (apitype.Exception, bool) {
	return components.Selected(&m.table, m.shown)
}

func (m *Model) applyFilter() {
	q := m.filter.Value()
	m.shown = m.shown[:0]
	for _, x := range m.all {
		if Matches(x, q) {
			m.shown = append(m.shown, x)
		}
	}
	m.refreshRows()
}

func (m *Model) refreshRows() {
	components.FillRows(&m.table, m.c.Now(), m.shown, Row)
	if m.mode == modeDetail {
		m.setDetail(m.detail) // relative times in the detail, too
	}
}

// mapSKU jumps to the SKU map with the exception's SKU, when it has one.
func mapSKU(x apitype.Exception) tea.Cmd {
	sku, ok := MappableSKU(x)
	if !ok {
		return common.Flash("only unmapped_sku exceptions with a SKU can be mapped from here")
	}
	return func() tea.Msg { return common.OpenSKUMsg{SKU: sku} }
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.confirm.Active():
		return m.confirm.Help(k)
	case m.filter.Focused():
		return m.filter.Help(k)
	case m.mode == modeDetail:
		return append([]key.Binding{k.Back}, m.actionKeys(m.detail)...)
	}
	x, _ := m.selected()
	return append([]key.Binding{k.Open, k.Filter}, m.actionKeys(x)...)
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	if m.mode == modeDetail {
		return [][]key.Binding{{k.Back, k.Up, k.Down, k.PageUp, k.PageDown}, m.actionKeys(m.detail)}
	}
	x, _ := m.selected()
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Open, k.Filter, k.Back}, m.actionKeys(x)}
}

func (m *Model) actionKeys(x apitype.Exception) []key.Binding {
	k := m.c.Keys
	b := []key.Binding{k.Retry, k.Resolve, k.Ignore}
	if _, ok := MappableSKU(x); ok {
		b = append(b, k.MapSKU)
	}
	return b
}
