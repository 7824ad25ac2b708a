package orders

import (
	"strings"

	"github.com/jlsync/jlsync/tui/components"
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.search.Width = max(10, w-10)
	components.SizeTable(&m.table, columns, w, max(3, h-3)) // search line, summary, blank
	m.vp.Width, m.vp.Height = w, max(1, h-2)
}

// View implements tea.Model.
func (m *Model) View() string {
	if m.detail {
		return components.Fit(m.detailView(), m.width, m.height)
	}
	s := m.c.Styles
	var b strings.Builder
	b.WriteString(m.search.View(s.Cursor, s.Muted) + "\n")
	switch {
	case m.err != nil:
		b.WriteString(s.Error.Render("Search failed: " + m.err.Error()))
	case !m.loaded:
		b.WriteString(s.Muted.Render("Loading orders…"))
	case len(m.results) == 0 && m.query != "":
		b.WriteString(s.Muted.Render("No order matches “" + m.query + "”. Try the marketplace order id, the commercial id or the NetSuite sales order id."))
	case len(m.results) == 0:
		b.WriteString(s.Muted.Render("The agent has not seen any order yet."))
	default:
		b.WriteString(s.Title.Render(Summary(m.query, len(m.results), m.total)) + "\n\n")
		b.WriteString(m.table.View())
	}
	return components.Fit(b.String(), m.width, m.height)
}

func (m *Model) detailView() string {
	s := m.c.Styles
	switch {
	case m.detailErr != nil:
		return s.Error.Render("Could not load order "+m.orderID+": "+m.detailErr.Error()) + "\n\n" + s.Muted.Render("esc to go back")
	case m.order.OrderID == "":
		return s.Muted.Render("Loading order " + m.orderID + "…")
	}
	return s.Title.Render(Heading(m.order)) + "\n\n" + m.vp.View()
}
