// Package health is the console's first tab: every flow's state and
// counters, NetSuite governance and the open exception total, live from the
// agent's event stream.
package health

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

// Model is the Health tab.
type Model struct {
	c      *common.Common
	health apitype.Health
	have   bool // a snapshot has arrived
	table  table.Model
	width  int
	height int
}

// New returns the Health tab.
func New(c *common.Common) *Model {
	return &Model{c: c, table: components.NewTable(c, columns)}
}

type syncedMsg struct {
	flow string
	err  error
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "Health" }

// Capturing implements common.Page: this tab has no text fields.
func (m *Model) Capturing() bool { return false }

// Health returns what the tab currently shows.
func (m *Model) Health() apitype.Health { return m.health }

// OnNotify implements common.Page.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if h, changed := common.ApplyNotify(m.health, n); changed {
		m.health, m.have = h, true
		m.refresh()
	}
	return nil
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.TickMsg:
		m.refresh() // "12s ago" moves on even when the agent is quiet
	case syncedMsg:
		if msg.err != nil {
			return m, common.FlashError("sync "+msg.flow, msg.err)
		}
		return m, common.Flash("sync of " + msg.flow + " requested")
	case tea.KeyMsg:
		if key.Matches(msg, m.c.Keys.Sync) {
			return m, m.sync()
		}
		var cmd tea.Cmd
		m.table, cmd = m.table.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) sync() tea.Cmd {
	f, ok := m.selected()
	if !ok {
		return nil
	}
	name := f.Name
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		return syncedMsg{flow: name, err: api.SyncFlow(ctx, name)}
	})
}

func (m *Model) selected() (apitype.FlowHealth, bool) {
	return components.Selected(&m.table, m.health.Flows)
}

func (m *Model) refresh() {
	components.FillRows(&m.table, m.c.Now(), m.health.Flows, FlowRow)
	m.fitTable()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{m.c.Keys.Up, m.c.Keys.Down, m.c.Keys.Sync}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.Sync}}
}
