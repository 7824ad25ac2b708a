// Package orders is the console's third tab: find an order by marketplace
// order id, commercial id or NetSuite sales order id, and see its lines and
// what jlsync did with it.
package orders

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/table"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

// resultLimit bounds a search; an id search matches a handful of orders.
const resultLimit = 100

// Model is the Orders tab.
type Model struct {
	c *common.Common

	search  components.Input
	query   string // the search the results are for
	results []apitype.OrderSummary
	total   int
	loaded  bool
	err     error
	table   table.Model

	detail    bool
	order     apitype.Order
	orderID   string // asked for; order may still be loading
	detailErr error
	vp        viewport.Model

	width, height int
}

// New returns the Orders tab.
func New(c *common.Common) *Model {
	return &Model{
		c:      c,
		search: components.NewInput("Search: ", "order id, commercial id or sales order id (press /)"),
		table:  components.NewTable(c, columns),
		vp:     components.NewViewport(c),
	}
}

type resultsMsg struct {
	query string
	list  apitype.OrderList
	err   error
}

type orderMsg struct {
	id    string
	order apitype.Order
	err   error
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "Orders" }

// Capturing implements common.Page.
func (m *Model) Capturing() bool { return m.search.Focused() }

// OnNotify implements common.Page. A snapshot runs the current search again
// (the agent may have restarted); an order event updates its row and, if it
// is open, the detail.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if n.Health != nil {
		return m.find(m.query)
	}
	if o := n.Order; o != nil {
		known := false
		for i := range m.results {
			if m.results[i].OrderID == o.OrderID {
				m.results[i] = *o
				known = true
				m.refreshRows()
			}
		}
		if m.detail && (m.order.OrderID == o.OrderID || m.orderID == o.OrderID) {
			return m.fetch(o.OrderID)
		}
		// A new order belongs in the list when it matches what is shown:
		// every order while browsing, or the current search.
		q := strings.ToLower(m.query)
		if !known && !m.detail && (q == "" || strings.Contains(strings.ToLower(o.OrderID+" "+o.CommercialID+" "+o.SalesOrderID), q)) {
			return m.find(m.query)
		}
	}
	return nil
}

func (m *Model) find(q string) tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		l, err := api.Orders(ctx, q, resultLimit)
		return resultsMsg{query: q, list: l, err: err}
	})
}

func (m *Model) fetch(id string) tea.Cmd {
	return m.c.Do(func(ctx context.Context, api common.API) tea.Msg {
		o, err := api.Order(ctx, id)
		return orderMsg{id: id, order: o, err: err}
	})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case resultsMsg:
		if msg.query != m.query {
			return m, nil // an older search finished late
		}
		m.err = msg.err
		if msg.err == nil {
			m.results, m.total, m.loaded = msg.list.Items, max(msg.list.Total, len(msg.list.Items)), true
			m.refreshRows()
		}
	case orderMsg:
		if msg.id == m.orderID {
			m.detailErr = msg.err
			if msg.err == nil {
				m.order = msg.order
				m.vp.SetContent(DetailText(m.c.Now(), m.order))
			}
		}
	case common.TickMsg:
		m.refreshRows()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.c.Keys
	if m.detail {
		if key.Matches(msg, k.Back) {
			m.detail = false
			return nil
		}
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	}
	if m.search.Focused() {
		switch {
		case key.Matches(msg, k.Confirm):
			m.search.Blur()
			m.query = strings.TrimSpace(m.search.Value())
			m.table.SetCursor(0)
			return m.find(m.query)
		case key.Matches(msg, k.Cancel):
			m.search.Blur()
		default:
			m.search.Update(msg)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		m.search.Focus()
		return nil
	case key.Matches(msg, k.Open):
		o, ok := components.Selected(&m.table, m.results)
		if !ok {
			return nil
		}
		return m.open(o.OrderID)
	}
	var cmd tea.Cmd
	m.table, cmd = m.table.Update(msg)
	return cmd
}

func (m *Model) open(id string) tea.Cmd {
	m.detail, m.orderID, m.detailErr = true, id, nil
	m.order = apitype.Order{}
	m.vp.SetContent("")
	m.vp.GotoTop()
	return m.fetch(id)
}

func (m *Model) refreshRows() {
	now := m.c.Now()
	components.FillRows(&m.table, now, m.results, Row)
	if m.detail && m.order.OrderID != "" {
		m.vp.SetContent(DetailText(now, m.order))
	}
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.c.Keys
	switch {
	case m.detail:
		return []key.Binding{k.Back, k.Up, k.Down}
	case m.search.Focused():
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "search")), k.Cancel}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search")), k.Open, k.Up, k.Down}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.c.Keys
	return [][]key.Binding{m.ShortHelp(), {k.PageUp, k.PageDown, k.Top, k.Bottom}}
}
