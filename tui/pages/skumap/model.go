// Package skumap is the console's fourth tab: the mapping from marketplace
// offer SKUs to NetSuite items. Adding a mapping is the usual fix for an
// unmapped_sku exception, so the Exceptions tab can jump here with the SKU
// filled in.
package skumap

import (
	"context"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

// listLimit bounds one load; the filter is sent to the agent, so any
// mapping is reachable however large the map is.
const listLimit = 500

// Model is the SKU map tab.
type Model struct {
	c *common.Common

	rows   []apitype.SKUMapping
	loaded bool
	err    error
	loader components.Reloader
	filter components.Filter
	table  table.Model

	form    form
	confirm components.Confirm
	delSKU  string // what the open confirmation would delete

	width, height int
}

// New returns the SKU map tab.
func New(c *common.Common) *Model {
	return &Model{
		c:      c,
		filter: components.NewFilter("press / to filter by SKU or item id"),
		table:  components.NewTable(c, columns),
	}
}

type loadedMsg struct {
	rows []apitype.SKUMapping
	err  error
}

type savedMsg struct {
	m   apitype.SKUMapping
	err error
}

type deletedMsg struct {
	sku string
	err error
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "SKU map" }

// Capturing implements common.Page.
func (m *Model) Capturing() bool {
	return m.form.active || m.filter.Focused() || m.confirm.Active()
}

// OnNotify implements common.Page.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if n.Health != nil || n.SKU != nil {
		return m.reload()
	}
	return nil
}

func (m *Model) reload() tea.Cmd { return m.loader.Request(m.load) }

// load reads the filter now, so a follow-up load after fast typing uses the
// latest text.
func (m *Model) load() tea.Cmd {
	q := m.filter.Value()
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		rows, err := api.SKUMap(ctx, q, listLimit)
		return loadedMsg{rows: rows, err: err}
	})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		m.err = msg.err
		if msg.err == nil {
			m.rows, m.loaded = msg.rows, true
			m.refreshRows()
		}
		return m, m.loader.Finish(m.load)
	case savedMsg:
		if msg.err != nil {
			m.form.err = msg.err.Error()
			m.form.saving = false
			return m, nil
		}
		m.form.close()
		return m, tea.Batch(common.Flash(Saved(msg.m)), m.reload())
	case deletedMsg:
		if msg.err != nil {
			return m, common.FlashError("delete "+msg.sku, msg.err)
		}
		return m, tea.Batch(common.Flash("mapping for SKU "+msg.sku+" deleted"), m.reload())
	case common.OpenSKUMsg:
		m.filter.Blur()
		m.confirm = components.Confirm{}
		m.form.openNew(msg.SKU)
	case common.TickMsg:
		m.refreshRows()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	switch {
	case m.form.active:
		return m.formKey(msg)
	case m.confirm.Active():
		if m.confirm.HandleKey(msg, k) == components.Confirmed {
			return m.delete(m.delSKU)
		}
		return nil
	}
	if handled, changed := m.filter.HandleKey(msg, k); handled {
		if changed {
			return m.reload()
		}
		return nil
	}

	sel, ok := m.selected()
	switch {
	case key.Matches(msg, k.New):
		m.form.openNew("")
		return nil
	case !ok:
	case key.Matches(msg, k.Edit):
		m.form.openEdit(sel)
		return nil
	case key.Matches(msg, k.Delete):
		m.delSKU = sel.OfferSKU
		m.confirm.Open("Delete the mapping of SKU "+sel.OfferSKU+" (NetSuite item "+sel.ItemID+")?", false)
		return nil
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return cmd
}

func (m *Model) selected() (apitype.SKUMapping, bool) {
	return components.Selected(&m.table, m.rows)
}

func (m *Model) refreshRows() { components.FillRows(&m.table, m.c.Now(), m.rows, Row) }

func (m *Model) save(sku, item string) tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		r, err := api.PutSKU(ctx, sku, item)
		if err == nil && r.OfferSKU == "" {
			r = apitype.SKUMapping{OfferSKU: sku, ItemID: item}
		}
		return savedMsg{m: r, err: err}
	})
}

func (m *Model) delete(sku string) tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		_, err := api.DeleteSKU(ctx, sku)
		return deletedMsg{sku: sku, err: err}
	})
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.form.active:
		b := []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")), k.Cancel}
		if !m.form.editing {
			b = append(b, k.NextField)
		}
		return b
	case m.confirm.Active():
		return m.confirm.Help(k)
	case m.filter.Focused():
		return m.filter.Help(k)
	}
	return []key.Binding{k.New, k.Edit, k.Delete, k.Filter}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	if m.Capturing() {
		return [][]key.Binding{m.ShortHelp()}
	}
	return [][]key.Binding{{k.Up, k.Down, k.Top, k.Bottom}, {k.New, k.Edit, k.Delete}, {k.Filter, k.Back}}
}
