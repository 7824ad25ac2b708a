package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/components"
	"github.com/jlsync/jlsync/tui/format"
)

// chromeLines is the tab bar, the rule under it and the status bar; the
// help block comes on top.
const chromeLines = 3

// View implements tea.Model.
func (m *Model) View() string {
	if m.width == 0 {
		return "" // no size yet: the first WindowSizeMsg is on its way
	}
	if m.conn.state == stateDown {
		return components.Fit(DownScreen(m.socket, m.conn.err, m.conn.retryIn, m.conn.attempt), m.width, m.height)
	}
	s := m.c.Styles
	page := components.Fit(m.pages[m.active].View(), m.width, m.pageHeight)
	page = lipgloss.NewStyle().Height(m.pageHeight).Render(page) // keep the status bar at the bottom
	return lipgloss.JoinVertical(lipgloss.Left,
		m.tabBar(),
		s.Rule.Render(strings.Repeat("─", m.width)),
		page,
		m.statusBar(),
		m.helpView(),
	)
}

// helpView is the help block, cut to the window. The full help falls back
// to the one-line form when it would leave the page less than one line.
func (m *Model) helpView() string {
	km := keyMap{m}
	v := m.help.View(km)
	if m.help.ShowAll && lipgloss.Height(v) > m.height-chromeLines-1 {
		v = m.help.ShortHelpView(km.ShortHelp())
	}
	// bubbles/help keeps adding items past Width when even its ellipsis
	// does not fit, so cut here as well.
	return components.ClipWidth(v, m.width)
}

// tabBar brackets the active tab, so it stands out without colour too.
func (m *Model) tabBar() string {
	s := m.c.Styles
	parts := []string{s.Title.Render("jlsync")}
	for i, p := range m.pages {
		label := string(rune('1'+i)) + " " + p.Title()
		if i == tabExceptions && m.health.OpenExceptions > 0 {
			label += " (" + format.Count(int64(m.health.OpenExceptions)) + ")"
		}
		if i == m.active {
			parts = append(parts, s.TabActive.Render("["+label+"]"))
		} else {
			parts = append(parts, s.TabInactive.Render(" "+label+" "))
		}
	}
	return components.ClipWidth(strings.Join(parts, " "), m.width)
}

func (m *Model) statusBar() string {
	s := m.c.Styles
	left := statusText(m.conn.state, m.health.Version, m.conn.err, m.conn.retryIn)
	st := s.StatusOK
	if m.conn.state != stateLive {
		st = s.StatusBad
	}
	bar := st.Render(" " + left + " ")
	if m.flash.text != "" {
		fs := s.FlashOK
		if m.flash.err {
			fs = s.FlashErr
		}
		bar += s.StatusBar.Render("│ ") + fs.Render(format.OneLine(m.flash.text))
	}
	bar = components.ClipWidth(bar, m.width)
	if w := lipgloss.Width(bar); w < m.width {
		bar += s.StatusBar.Render(strings.Repeat(" ", m.width-w))
	}
	return bar
}

// statusText is the connection part of the status bar.
func statusText(state connState, version string, err error, retryIn time.Duration) string {
	switch state {
	case stateConnecting:
		return "○ connecting to the agent…"
	case stateLive:
		return "● live · agent " + format.Or(version, "(unknown version)")
	default:
		s := "○ disconnected"
		if err != nil {
			s += ": " + format.OneLine(errorText(err))
		}
		return s + " · reconnecting in " + format.Short(retryIn)
	}
}

// errorText is what the operator needs from an error: for an unreachable
// agent, the reason without the advice (the screen gives it in full).
func errorText(err error) string {
	var ue *client.UnreachableError
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err.Error()
	}
	return err.Error()
}

// DownScreen is the whole screen shown while the agent cannot be reached:
// what was tried, what failed, and how to start an agent. It never shows a
// stack trace, only the error's message.
func DownScreen(socket string, err error, retryIn time.Duration, attempt int) string {
	var b strings.Builder
	title := "Cannot reach the jlsync agent."
	if err != nil && !client.IsUnreachable(err) {
		title = "The jlsync agent did not accept the console."
	}
	b.WriteString("jlsync console\n\n" + title + "\n\n")
	b.WriteString(components.RenderKV(lipgloss.NewStyle(), []components.KV{
		{Label: "  Socket tried", Value: format.Or(socket, "(default path)")},
		{Label: "  Error", Value: errText(err)},
	}))
	b.WriteString("\n\nThe console shows what a running agent reports, over this socket.\n")
	b.WriteString("Start one in another terminal; this screen connects by itself when it is up:\n\n")
	b.WriteString(components.TextTable([]string{"  jlsync agent --config FILE", "run the agent with your configuration"},
		[][]string{{"  jlsync demo", "or run the seeded demo (simulators, agent and console together)"}}))
	b.WriteString("\n\nIf an agent is already running, give the console its socket:\n" +
		"  jlsync console --socket PATH   (or the same --config FILE as the agent)\n\n")
	b.WriteString("Next attempt in " + format.Short(retryIn))
	if attempt > 1 {
		b.WriteString(" (" + format.Plural(attempt, "attempt", "attempts") + " so far)")
	}
	b.WriteString(" · r retry now · q quit")
	return b.String()
}

func errText(err error) string {
	if err == nil {
		return "none yet"
	}
	return format.OneLine(errorText(err))
}
