package tui

import (
	"context"
	"io"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/jlsync/jlsync/agent/apitype"
	"github.com/jlsync/jlsync/agent/client"
	"github.com/jlsync/jlsync/tui/internal/tuitest"
)

// TestLayoutFits drives the root model directly (no program) through every
// tab at several sizes, and checks the screen never grows past the window:
// a line too long would wrap and push the status bar off screen.
func TestLayoutFits(t *testing.T) {
	api := tuitest.Sample()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := NewModel(ctx, api, Options{Socket: sock, Now: tuitest.Clock})
	// Pretend a stream is open so the snapshot is taken as live.
	m.conn.w = client.NewWatcher(ctx, io.NopCloser(strings.NewReader("")))
	snap := api.Snapshot
	drain := func(cmd tea.Cmd) { tuitest.Drain(pagesOnly{m}, cmd) }
	drain(m.onNotify(notifyMsg{gen: m.conn.gen, n: apitype.Notify{Health: &snap}}))

	for _, size := range [][2]int{{100, 30}, {60, 12}, {30, 8}, {20, 5}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		for tab := range m.pages {
			m.active = tab
			m.syncSize()
			for _, showAll := range []bool{false, true} {
				m.help.ShowAll = showAll
				m.syncSize()
				v := m.View()
				if h := lipgloss.Height(v); h > size[1] {
					t.Errorf("%dx%d tab %d help %v: %d lines", size[0], size[1], tab, showAll, h)
				}
				if w := lipgloss.Width(v); w > size[0] {
					t.Errorf("%dx%d tab %d help %v: %d columns", size[0], size[1], tab, showAll, w)
				}
			}
		}
	}
}

// pagesOnly feeds drained messages to the pages the way the root would,
// without the root's ticks (which would block Drain).
type pagesOnly struct{ m *Model }

func (p pagesOnly) Init() tea.Cmd { return nil }
func (p pagesOnly) View() string  { return "" }
func (p pagesOnly) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(notifyMsg); ok {
		return p, nil // the test's stream is empty; do not re-arm
	}
	return p, p.m.broadcast(msg)
}
