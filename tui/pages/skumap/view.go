package skumap

import (
	"strings"

	"github.com/jlsync/jlsync/tui/components"
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.filter.Width = max(10, w-4)
	m.table.SetColumns(components.FitColumns(w, columns))
	m.table.SetWidth(w)
	m.table.SetHeight(max(3, h-3)) // summary, filter, blank
}

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	if m.form.active {
		return components.Fit(m.form.view(s, m.width), m.width, m.height)
	}
	var b strings.Builder
	switch {
	case m.err != nil:
		b.WriteString(s.Error.Render("Could not load the SKU map: "+m.err.Error()) + "\n")
	case !m.loaded:
		b.WriteString(s.Muted.Render("Loading the SKU map…") + "\n")
	default:
		b.WriteString(s.Title.Render(Summary(len(m.rows), m.filter.Value())) + "\n")
	}
	b.WriteString(m.filter.View(s.Cursor, s.Muted) + "\n\n")
	if m.loaded && len(m.rows) == 0 {
		b.WriteString(s.Muted.Render("No mappings. Press n to add one."))
	} else {
		b.WriteString(m.table.View())
	}
	v := b.String()
	if m.confirm.Active() {
		v = components.Place(v, m.confirm.View(s, m.width), m.height)
	}
	return components.Fit(v, m.width, m.height)
}
