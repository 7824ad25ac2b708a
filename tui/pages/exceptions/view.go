package exceptions

import (
	"strings"

	"github.com/jlsync/jlsync/tui/components"
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	components.SizeTable(&m.table, columns, w, max(3, h-3)) // summary, filter line, blank
	m.filter.Width = max(10, w-4)
	m.vp.Width, m.vp.Height = w, max(1, h-2) // heading, blank
	if m.mode == modeDetail {
		m.setDetail(m.detail)
	}
}

// View implements tea.Model.
func (m *Model) View() string {
	var v string
	if m.mode == modeDetail {
		v = m.detailView()
	} else {
		v = m.listView()
	}
	return components.Fit(m.confirm.Overlay(v, m.c.Styles, m.width, m.height), m.width, m.height)
}

func (m *Model) listView() string {
	s := m.c.Styles
	var b strings.Builder
	summary := Summary(len(m.shown), len(m.all), m.total, m.filter.Value())
	b.WriteString(components.ListStatus(s, "exceptions", m.err, m.loaded, summary) + "\n")
	b.WriteString(m.filter.View(s.Cursor, s.Muted) + "\n\n")
	if m.loaded && len(m.shown) == 0 {
		if len(m.all) == 0 {
			b.WriteString(s.OK.Render("No open exceptions. Everything is flowing."))
		} else {
			b.WriteString(s.Muted.Render("No exception matches the filter (esc clears it)."))
		}
		return b.String()
	}
	b.WriteString(m.table.View())
	return b.String()
}

func (m *Model) detailView() string {
	s := m.c.Styles
	return s.Title.Render(Heading(m.detail)) + "\n\n" + m.vp.View()
}
