package payouts

import (
	"strings"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	components.SizeTable(&m.table, columns, w, max(3, h-4)) // flow line, summary, filter line, blank
	m.filter.Width = max(10, w-4)
	m.vp.Width, m.vp.Height = w, max(1, h-2) // heading, blank
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
	if m.have {
		f, ok := common.FindFlow(m.health, apitype.FlowPayouts)
		line := s.Muted.Render(FlowLine(m.c.Now(), f, ok))
		if ok && f.LastError != "" {
			line = s.Warning.Render(FlowLine(m.c.Now(), f, ok))
		}
		b.WriteString(line + "\n")
	} else {
		b.WriteString(s.Muted.Render("Waiting for the agent's first snapshot…") + "\n")
	}
	b.WriteString(components.ListStatus(s, "payouts", m.err, m.loaded, Summary(m.all, len(m.shown), m.filter.Value())) + "\n")
	b.WriteString(m.filter.View(s.Cursor, s.Muted) + "\n\n")
	if m.loaded && len(m.shown) == 0 {
		if len(m.all) == 0 {
			b.WriteString(s.Muted.Render(Empty))
		} else {
			b.WriteString(s.Muted.Render("No payout matches the filter (esc clears it)."))
		}
		return b.String()
	}
	b.WriteString(m.table.View())
	return b.String()
}

func (m *Model) detailView() string {
	return m.c.Styles.Title.Render(Heading(m.detail)) + "\n\n" + m.vp.View()
}
