package skumap

import (
	"strings"

	"github.com/jlsync/jlsync/tui/components"
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.Width = max(10, w-4)
	components.SizeTable(&m.table, columns, w, max(3, h-3)) // summary, filter, blank
}

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	if m.form.active {
		return components.Fit(m.form.view(s, m.width), m.width, m.height)
	}
	var b strings.Builder
	summary := Summary(len(m.rows), m.filter.Value())
	b.WriteString(components.ListStatus(s, "the SKU map", m.err, m.loaded, summary) + "\n")
	b.WriteString(m.filter.View(s.Cursor, s.Muted) + "\n\n")
	if m.loaded && len(m.rows) == 0 {
		b.WriteString(s.Muted.Render("No mappings. Press n to add one."))
	} else {
		b.WriteString(m.table.View())
	}
	return components.Fit(m.confirm.Overlay(b.String(), s, m.width, m.height), m.width, m.height)
}
