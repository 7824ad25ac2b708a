package health

import (
	"strings"

	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// header and detail heights around the table.
const (
	headerLines = 3
	detailLines = 7
)

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.table.SetColumns(components.FitColumns(w, columns))
	m.table.SetWidth(w)
	m.fitTable()
}

// fitTable sizes the table to its rows (there are only a handful of flows)
// so the selected flow's detail sits right under it.
func (m *Model) fitTable() {
	avail := max(3, m.height-headerLines-detailLines)
	m.table.SetHeight(min(avail, len(m.health.Flows)+1))
}

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	if !m.have {
		return s.Muted.Render("Waiting for the agent's first snapshot…")
	}
	now := m.c.Now()
	var b strings.Builder
	b.WriteString(s.Title.Render(AgentLine(now, m.health)) + "\n")
	exc := "Open exceptions: " + format.Count(int64(m.health.OpenExceptions))
	if m.health.OpenExceptions > 0 {
		exc = s.Warning.Render(exc)
	}
	b.WriteString(exc + " · " + GovernanceText(m.health.Governance) + "\n\n")
	if len(m.health.Flows) == 0 {
		b.WriteString(s.Muted.Render("The agent reports no flows."))
		return b.String()
	}
	b.WriteString(m.table.View() + "\n\n")
	if f, ok := m.selected(); ok {
		b.WriteString(components.RenderKV(s.Label, FlowDetail(now, f)))
	}
	return components.Fit(b.String(), m.width, m.height)
}
