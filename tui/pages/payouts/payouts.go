// Package payouts is the console's fifth tab. The agent does not report
// payout journal previews yet, so the tab shows what it does report: the
// payouts flow's health, and where its exceptions are.
package payouts

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/tui/common"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// Model is the Payouts tab.
type Model struct {
	c             *common.Common
	health        apitype.Health
	have          bool
	width, height int
}

// New returns the Payouts tab.
func New(c *common.Common) *Model { return &Model{c: c} }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Title implements common.Page.
func (m *Model) Title() string { return "Payouts" }

// Capturing implements common.Page.
func (m *Model) Capturing() bool { return false }

// SetSize implements common.Page.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// OnNotify implements common.Page.
func (m *Model) OnNotify(n apitype.Notify) tea.Cmd {
	if h, changed := common.ApplyNotify(m.health, n); changed {
		m.health, m.have = h, true
	}
	return nil
}

// Update implements tea.Model. The view reads the clock itself, and the
// root's tick re-renders it, so there is nothing to update.
func (m *Model) Update(tea.Msg) (tea.Model, tea.Cmd) { return m, nil }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding { return nil }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return nil }

// View implements tea.Model.
func (m *Model) View() string {
	s := m.c.Styles
	if !m.have {
		return s.Muted.Render("Waiting for the agent's first snapshot…")
	}
	f, ok := common.FindFlow(m.health, apitype.FlowPayouts)
	var b strings.Builder
	b.WriteString(s.Title.Render("Payouts flow") + "\n\n")
	if !ok {
		b.WriteString("The agent reports no payouts flow: this version of jlsync syncs orders and stock; payout journals come with the payouts flow.\n")
	} else {
		b.WriteString(components.RenderKV(s.Label, FlowFacts(m.c.Now(), f)) + "\n")
	}
	b.WriteString("\n" + s.Muted.Render(NoJournals) + "\n")
	return components.Fit(b.String(), m.width, m.height)
}

// NoJournals explains what the tab cannot show yet.
const NoJournals = "No payout journal previews exist yet: this version of the agent does not report them.\n" +
	"Payout problems appear on the Exceptions tab (press 2) with flow \"payouts\"."

// FlowFacts is the payouts flow as label/value pairs.
func FlowFacts(now time.Time, f apitype.FlowHealth) []components.KV {
	return []components.KV{
		{Label: "State", Value: format.Or(f.State, "unknown")},
		{Label: "Last run", Value: format.Ago(now, f.LastRunAt)},
		{Label: "Last success", Value: format.Ago(now, f.LastSuccessAt)},
		{Label: "Next run", Value: format.Until(now, f.NextRunAt)},
		{Label: "Payouts seen", Value: format.Count(f.Seen)},
		{Label: "Posted", Value: format.Count(f.Done)},
		{Label: "Pending", Value: format.Count(f.Pending)},
		{Label: "Failed attempts", Value: format.Count(f.Failed)},
		{Label: "Open exceptions", Value: format.Count(f.Exceptions)},
		{Label: "Cursor", Value: f.Cursor},
		{Label: "Last error", Value: strings.TrimSpace(f.LastError)},
	}
}
